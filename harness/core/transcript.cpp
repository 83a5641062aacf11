#include "core/transcript.hpp"

namespace mxc::core {

transcript::transcript(std::size_t body_limit)
    : start_(std::chrono::steady_clock::now()), body_limit_(body_limit) {}

double transcript::now_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_)
        .count();
}

void transcript::add(exchange_record e) {
    std::lock_guard lock(mutex_);
    entries_.emplace_back(std::move(e));
}

void transcript::add(wait_record w) {
    std::lock_guard lock(mutex_);
    entries_.emplace_back(std::move(w));
}

void transcript::note(std::string text) {
    note_record n{now_ms(), std::move(text)};
    std::lock_guard lock(mutex_);
    entries_.emplace_back(std::move(n));
}

std::vector<transcript_entry> transcript::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

std::string transcript::truncate(const std::string& body) const {
    if (body.size() <= body_limit_) return body;
    // Cut on a UTF-8 character boundary so the report stays valid text.
    std::size_t cut = body_limit_;
    while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
    return body.substr(0, cut) + "…[" + std::to_string(body.size() - cut) + " more bytes]";
}

}  // namespace mxc::core
