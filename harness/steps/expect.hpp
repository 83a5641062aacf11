// The `expect:` block of a step: what the server's answer must show. Checked for known keys
// when the suite loads; applied, after substitution, to each answer.
#pragma once

#include <optional>
#include <string>

#include "match/matchers.hpp"
#include "matrix/client.hpp"
#include "steps/step.hpp"

namespace mxc::steps {

// Throws a load error (file:line:column) for an unknown key or a value of the wrong shape.
void validate_expect(const json& expect, const core::source_mark& where);

// The first matcher of `expect` that the answer fails, with its name, or nothing.
struct expect_failure {
    std::string matcher;
    match::mismatch m;
};
std::optional<expect_failure> first_failure(const json& expect, unsigned status, const json& body);

// Records one check per matcher of `expect` and ends the case on the first failure.
void require_expect(world& w, const step_call& c, const json& expect, const matrix::reply& r);

// Expect block a step uses when the case gives none (a plain success).
json default_expect();

}  // namespace mxc::steps
