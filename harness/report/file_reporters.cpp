#include "report/file_reporters.hpp"

#include "report/html_reporter.hpp"
#include "report/json_reporter.hpp"
#include "report/junit_reporter.hpp"
#include "report/markdown_reporter.hpp"

namespace mxc::report {

std::vector<std::unique_ptr<core::listener>> make_file_reporters(
    const std::filesystem::path& dir, bool strict, const util::redaction_policy& policy) {
    std::vector<std::unique_ptr<core::listener>> out;
    out.push_back(std::make_unique<json_reporter>(dir, policy));
    out.push_back(std::make_unique<junit_reporter>(dir, strict, policy));
    out.push_back(std::make_unique<html_reporter>(dir, policy));
    out.push_back(std::make_unique<markdown_reporter>(dir, policy));
    return out;
}

}  // namespace mxc::report
