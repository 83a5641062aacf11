// The YAML case loader (steps/suite_loader): the input as a suite file, and as the suites'
// spec_docs.yaml. Bad input must end in one error naming file:line:column, nothing else.
#include "steps/suite_loader.hpp"
#include "core/registry.hpp"
#include "fuzz_support.hpp"
#include "refserver/faults.hpp"
#include "steps/load_error.hpp"

using namespace mxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const steps::fault_names faults = [] {
        steps::fault_names out;
        for (const auto& f : refserver::all_faults()) out.emplace(f.name);
        return out;
    }();
    const auto file = fuzz::write_file("suite.yaml", fuzz::text(data, size));
    try {
        core::registry cases;
        steps::load_suite_file(file, cases, faults);
    } catch (const std::runtime_error& e) {
        // A load_error, or the registry's for an id defined twice: both name file:line:column.
        fuzz::require(std::string_view(e.what()).starts_with(file.string() + ":"),
                      "a load error starts with file:line:column");
    }
    try {
        steps::load_spec_docs(file);
    } catch (const steps::load_error&) {
    }
    return 0;
}
