// The spec catalogue: every operation of a spec directory, found by request and used to
// check what the harness sends and what servers answer (DESIGN.md, "Specs").
//
//   auto cat = catalogue::load(MXC_SOURCE_DIR "/specs", "v3");
//   if (auto r = cat.find("GET", "/_matrix/client/v3/sync?timeout=0")) {
//       auto findings = cat.check_response(*r, 200, &body);
//   }
//
// A catalogue is read-only once loaded and may be shared by threads.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/finding.hpp"
#include "spec/operation.hpp"

namespace mxc::spec {

class catalogue {
  public:
    // Loads every *.yaml under `dir`, a directory laid out as specs/ is (an upstream
    // checkout goes through load_catalogue, spec/upstream.hpp); `client_major_version`
    // ("r0" or "v3") replaces %CLIENT_MAJOR_VERSION%. Throws spec_error
    // ("file:line:column: ...").
    static catalogue load(const std::filesystem::path& dir, std::string_view client_major_version);
    // Operations read elsewhere; of two with the same id the first is kept and noted.
    static catalogue from_operations(std::vector<operation> ops);

    catalogue(catalogue&&) = default;
    catalogue& operator=(catalogue&&) = default;
    catalogue(const catalogue&) = delete;  // routes point into it
    catalogue& operator=(const catalogue&) = delete;

    // The operation a request goes to. `target` is the request target as sent
    // ("/path?query", percent-encoded); segments are decoded one by one, so an encoded
    // '/' stays inside its path parameter. When several templates match, the one with
    // more literal segments wins. nullopt when nothing documents the request.
    std::optional<route> find(std::string_view method, std::string_view target) const;

    // By id ("PUT /_matrix/client/v3/sendToDevice/{eventType}/{txnId}") or operationId.
    const operation* by_id(std::string_view id) const;
    const std::vector<operation>& operations() const { return operations_; }
    // What the loader tolerated but a spec author should fix (an operation defined twice).
    const std::vector<std::string>& notes() const { return notes_; }

    // The request's path and query parameters against their types, and `body` (nullptr:
    // none, or not JSON) against the body schema. Unknown query parameters are allowed.
    std::vector<finding> check_request(const route& r, const nlohmann::json* body) const;

    // `body` (nullptr: none, or not JSON) against the schema of `status`, or `default`.
    // A status the operation does not document is itself a finding.
    std::vector<finding> check_response(const route& r, unsigned status,
                                        const nlohmann::json* body) const;

  private:
    catalogue() = default;

    std::vector<operation> operations_;  // sorted by id
    std::map<std::string, std::vector<std::size_t>, std::less<>> by_method_;
    std::vector<std::string> notes_;
};

}  // namespace mxc::spec
