// The spec loader (harness/spec): the input as the one definitions file of a spec directory,
// loaded into a catalogue, whose every operation then judges an empty request and response.
// Bad input must end in one spec_error, nothing else.
#include <filesystem>

#include "fuzz_support.hpp"
#include "spec/catalogue.hpp"
#include "spec/spec_error.hpp"

using namespace mxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto dir = fuzz::scratch_dir() / "specs";
    std::filesystem::create_directories(dir);
    fuzz::write_file("specs/definitions.yaml", fuzz::text(data, size));
    try {
        const auto cat = spec::catalogue::load(dir, "v3");
        static const nlohmann::json empty = nlohmann::json::object();
        for (const auto& op : cat.operations()) {
            const spec::route r{&op, {}, {}};
            cat.check_request(r, &empty);
            cat.check_response(r, 200, &empty);
            cat.check_response(r, 400, nullptr);
        }
    } catch (const spec::spec_error&) {
    }
    return 0;
}
