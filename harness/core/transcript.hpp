// Everything a case did on the wire, and every wait, in order, with the time since the case
// started: the evidence behind a verdict. Appended from several threads (a long-poll runs
// beside a send), read once the case is over.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace mxc::core {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct exchange_record {
    double t_ms = 0;  // when the request was sent, since the case started
    std::string actor;
    std::string method;
    std::string target;  // path and query, secrets redacted
    header_list request_headers;
    std::string request_body;  // truncated
    unsigned status = 0;       // 0: no response (see error)
    header_list response_headers;
    std::string response_body;  // truncated
    double elapsed_ms = 0;
    std::string error;  // transport failure
};

struct wait_record {
    double t_ms = 0;
    std::string what;  // "bob's /sync shows {seq: 1}"
    double bound_ms = 0;
    double waited_ms = 0;
    bool satisfied = false;
    std::string detail;  // on expiry: what was seen instead
};

struct note_record {
    double t_ms = 0;
    std::string text;
};

using transcript_entry = std::variant<exchange_record, wait_record, note_record>;

class transcript {
  public:
    explicit transcript(std::size_t body_limit = 4096);

    double now_ms() const;  // since the case started
    void add(exchange_record e);
    void add(wait_record w);
    void note(std::string text);

    std::vector<transcript_entry> entries() const;
    std::size_t body_limit() const { return body_limit_; }
    // Cuts a body to the limit, saying how much was cut.
    std::string truncate(const std::string& body) const;

  private:
    std::chrono::steady_clock::time_point start_;
    std::size_t body_limit_;
    mutable std::mutex mutex_;
    std::vector<transcript_entry> entries_;
};

}  // namespace mxc::core
