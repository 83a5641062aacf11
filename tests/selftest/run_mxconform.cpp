#include "selftest/run_mxconform.hpp"

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace mxc::test {

namespace {

// Under the 120 s TIMEOUT that tests/CMakeLists.txt gives every test: a run that hangs is
// killed here and fails its test with the output so far, before ctest kills the test silently.
constexpr std::chrono::seconds deadline{110};

}  // namespace

run_outcome run_command(const std::vector<std::string>& args) {
    const auto p = run_cli(args, deadline);
    run_outcome r{p.exit_code, nullptr, p.output};
    if (p.timed_out)
        r.output += "\n(killed: mxconform did not finish within " +
                    std::to_string(deadline.count()) + " s)";
    return r;
}

run_outcome run_mxconform(const std::vector<std::string>& args) {
    temp_dir dir;
    // A CA of the run's own: nothing outside the scratch dir is read or written.
    std::vector<std::string> all{"run",          "--no-color",
                                 "--report-dir", (dir.path() / "report").string(),
                                 "--ca-dir",     (dir.path() / "ca").string()};
    all.insert(all.end(), args.begin(), args.end());
    auto r = run_command(all);
    r.index = read_json(dir.path() / "report" / "index.json");
    return r;
}

}  // namespace mxc::test
