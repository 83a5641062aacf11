// The store's client filters. Statements are prepared per call: a client stores a filter once
// and reads it back rarely.
#include <charconv>

#include "refserver/store.hpp"

namespace mxc::refserver {

std::string store::add_filter(const std::string& user_id, const std::string& content) {
    commit_batch();
    auto s = db_.prepare("INSERT INTO filters(user_id, content) VALUES (?1, ?2)");
    s.bind(1, user_id).bind(2, content);
    s.run();
    return std::to_string(db_.last_insert_rowid());
}

std::optional<std::string> store::find_filter(const std::string& user_id,
                                              const std::string& filter_id) {
    std::int64_t id = 0;
    const auto* end = filter_id.data() + filter_id.size();
    auto [p, ec] = std::from_chars(filter_id.data(), end, id);
    if (filter_id.empty() || ec != std::errc{} || p != end) return std::nullopt;
    auto s = db_.prepare("SELECT content FROM filters WHERE filter_id = ?1 AND user_id = ?2");
    s.bind(1, id).bind(2, user_id);
    if (s.step()) return s.text(0);
    return std::nullopt;
}

}  // namespace mxc::refserver
