// The Matrix error body {"errcode", "error"} and the exception that carries it to a response.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace mxc::matrix {

class api_error : public std::runtime_error {
  public:
    api_error(unsigned status, std::string errcode, const std::string& message,
              nlohmann::json extra = {})
        : std::runtime_error(message),
          status_(status),
          errcode_(std::move(errcode)),
          extra_(std::move(extra)) {}

    unsigned status() const { return status_; }
    const std::string& errcode() const { return errcode_; }
    nlohmann::json body() const {
        nlohmann::json b = extra_.is_object() ? extra_ : nlohmann::json::object();
        // An empty errcode is the first step of user-interactive auth, which carries none.
        if (!errcode_.empty()) {
            b["errcode"] = errcode_;
            b["error"] = what();
        }
        return b;
    }

  private:
    unsigned status_;
    std::string errcode_;
    nlohmann::json extra_;
};

}  // namespace mxc::matrix
