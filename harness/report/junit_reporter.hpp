// junit.xml for CI systems. Cumulative and stateless: written at run_finished.
//
// Mapping (also in reports/README.md):
//   one <testsuite> per case_def::suite, one <testcase classname=suite name=id time=seconds>;
//   fail, unexpected-pass      -> <failure>
//   non-strict                 -> <failure> under --strict, else a pass
//   error                      -> <error>
//   skipped, unsupported,
//   expected-fail              -> <skipped> (nothing was judged against the server, or the
//                                 failure is known and accepted)
//   pass, observed             -> a pass (observed records a spec gap; it is not a failure)
// Every testcase carries <properties> verdict and level (and transcript), so a CI system that
// shows properties can tell an observed pass from a real one; a probe adds its question and
// observation. A setup error adds a testsuite
// "mxconform.setup" with one erroring testcase "setup", so CI does not read an empty run as green.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "util/redaction_policy.hpp"

namespace mxc::report {

class junit_reporter : public core::listener {
  public:
    // strict: non-strict verdicts are failures (--strict); also honoured when summary.strict.
    junit_reporter(std::filesystem::path dir, bool strict, util::redaction_policy policy);

    void run_finished(const core::run_summary& summary) override;  // throws util::write_error

    static std::string junit_xml(const core::run_summary& sanitized_summary, bool strict);

  private:
    std::filesystem::path dir_;
    bool strict_;
    util::redaction_policy policy_;
};

}  // namespace mxc::report
