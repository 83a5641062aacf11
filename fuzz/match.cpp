// The JSON matchers (match/matchers): the input is JSON; an array [expected, actual, pointer,
// values] gives each matcher its arguments, anything else is matched against itself. Nothing
// throws, and a value always matches itself.
#include "fuzz_support.hpp"
#include "match/matchers.hpp"
#include "matrix/json_limits.hpp"

using namespace mxc;
using match::json;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = matrix::parse_bounded(fuzz::text(data, size));
    if (!input) return 0;
    const bool parts = input->is_array() && input->size() >= 2;
    const json& expected = parts ? (*input)[0] : *input;
    const json& actual = parts ? (*input)[1] : *input;

    match::brief(actual);
    match::brief(actual, size % 16);
    match::subset(expected, actual);
    match::exact(expected, actual);
    fuzz::require(!match::subset(actual, actual), "a value is a subset of itself");
    fuzz::require(!match::exact(actual, actual), "a value matches itself exactly");

    const json events = match::to_device_events(actual);
    match::any_event(expected, events);
    match::no_event(expected, events);
    match::events_exactly(expected, events);
    fuzz::require(!match::events_exactly(events, events), "events match themselves");
    match::event_count(size % 4, events);
    match::event_count_at_most(size % 4, events);
    // The loader takes any pointer that starts with '/' (steps/expect.cpp).
    if (parts && input->size() >= 4 && (*input)[2].is_string() &&
        (*input)[2].get<std::string>().starts_with("/"))
        match::event_values((*input)[2].get<std::string>(), (*input)[3], events);
    return 0;
}
