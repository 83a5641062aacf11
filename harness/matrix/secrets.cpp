#include "matrix/secrets.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <unordered_set>

namespace mxc::matrix {

bool is_secret_key(std::string_view key) {
    return std::find(secret_keys.begin(), secret_keys.end(), key) != secret_keys.end();
}

util::redaction_policy redaction_policy() {
    util::redaction_policy p;
    p.json_keys.assign(secret_keys.begin(), secret_keys.end());
    p.query_params = {std::string(access_token_param)};
    p.token_prefixes = {"Bearer "};
    p.secret_headers = {"authorization", "proxy-authorization", "cookie", "set-cookie"};
    p.kept_header_values = {"X-Matrix "};
    return p;
}

namespace {

// Opened once, on first use; cases run in parallel, hence the lock.
struct ledger {
    std::mutex lock;
    std::ofstream out;
    std::unordered_set<std::string> seen;
    bool enabled = false;

    ledger() {
        const char* path = std::getenv(secret_ledger_env);
        if (!path || !*path) return;
        out.open(path, std::ios::app);
        enabled = out.is_open();
    }
};

}  // namespace

void note_secret(std::string_view kind, std::string_view value) {
    static ledger l;
    if (!l.enabled || value.empty()) return;
    std::lock_guard guard(l.lock);
    if (!l.seen.emplace(value).second) return;
    // Flushed at once: a run that ends abruptly still names what it used.
    l.out << kind << '\t' << value << '\n' << std::flush;
}

}  // namespace mxc::matrix
