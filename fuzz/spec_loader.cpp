// The spec loader (harness/spec): the input as an API definitions file of a spec directory that
// also holds our shared definitions (specs/client-server/definitions/, which files $ref), loaded
// into a catalogue whose every operation then judges an empty request and response. Bad input
// must end in one spec_error, nothing else.
#include <filesystem>

#include "fuzz_support.hpp"
#include "spec/catalogue.hpp"
#include "spec/spec_error.hpp"

using namespace mxc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto dir = [] {
        auto d = fuzz::scratch_dir() / "specs";
        std::filesystem::create_directories(d);
        std::filesystem::copy(MXC_SOURCE_DIR "/specs/client-server/definitions", d / "definitions",
                              std::filesystem::copy_options::recursive |
                                  std::filesystem::copy_options::overwrite_existing);
        return d;
    }();
    fuzz::write_file("specs/api.yaml", fuzz::text(data, size));
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
