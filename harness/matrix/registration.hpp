// How accounts are made on a target (`--register`): Synapse's shared-secret admin API, open
// registration through user-interactive auth, or accounts the user made (a tokens file).
// Parsed once from its text form; everything after that reads the typed value.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace mxc::matrix {

struct registration {
    enum class method { shared_secret, open, tokens };

    method how = method::shared_secret;
    std::string shared_secret;          // with method::shared_secret
    std::filesystem::path tokens_file;  // with method::tokens

    // "shared-secret:SECRET" | "open" | "tokens:FILE". Throws std::invalid_argument with one
    // line saying what is accepted.
    static registration parse(std::string_view text);

    // The text form again, with the secret shown as <redacted> (for --print-config).
    std::string describe() const;
};

}  // namespace mxc::matrix
