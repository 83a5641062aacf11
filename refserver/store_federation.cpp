// The store's federation tables: inbound transaction and message_id deduplication, the
// outbox read per destination, and the meta settings. Statements are prepared per call: none
// of this is on a hot path.
#include <chrono>
#include <set>

#include "refserver/store.hpp"
#include "util/clock.hpp"

namespace mxc::refserver {

std::optional<std::string> store::meta(const std::string& key) {
    auto s = db_.prepare("SELECT value FROM meta WHERE key = ?1");
    s.bind(1, key);
    if (s.step()) return s.text(0);
    return std::nullopt;
}

void store::set_meta(const std::string& key, const std::string& value) {
    commit_batch();
    auto s = db_.prepare("INSERT OR REPLACE INTO meta VALUES (?1, ?2)");
    s.bind(1, key).bind(2, value);
    s.run();
}

std::optional<std::string> store::find_federation_txn(const std::string& origin,
                                                      const std::string& txn_id) {
    auto s = db_.prepare("SELECT body FROM federation_txns WHERE origin = ?1 AND txn_id = ?2");
    s.bind(1, origin).bind(2, txn_id);
    if (s.step()) return s.text(0);
    return std::nullopt;
}

std::vector<std::int64_t> store::record_inbound(const std::string& origin,
                                                const std::string& txn_id,
                                                const std::string& response,
                                                const std::vector<inbound_message>& messages,
                                                bool dedup) {
    commit_batch();
    std::set<std::int64_t> rows;
    try {
        sqlite::transaction tx(db_);
        auto seen = db_.prepare("INSERT OR IGNORE INTO federation_message_ids VALUES (?1, ?2, ?3)");
        auto insert = db_.prepare("INSERT INTO device_inbox VALUES (?1, ?2, ?3, ?4, ?5)");
        const auto now = util::unix_ms();
        for (const auto& m : messages) {
            if (dedup) {
                // The row is the message_id's first sighting; a later one changes nothing.
                seen.bind(1, origin).bind(2, m.message_id).bind(3, now);
                seen.run();
                if (db_.changes() == 0) continue;
            }
            for (const auto& d : m.deliveries) {
                insert.bind(1, next_stream_id()).bind(2, d.device_row).bind(3, m.sender);
                insert.bind(4, m.type).bind(5, d.content);
                insert.run();
                rows.insert(d.device_row);
            }
        }
        if (dedup) {
            auto txn =
                db_.prepare("INSERT OR REPLACE INTO federation_txns VALUES (?1, ?2, ?3, ?4)");
            txn.bind(1, origin).bind(2, txn_id).bind(3, response).bind(4, now);
            txn.run();
        }
        tx.commit();
    } catch (...) {
        end_stream_ids(false);
        throw;
    }
    end_stream_ids(true);
    return {rows.begin(), rows.end()};
}

std::vector<std::string> store::outbox_destinations() {
    commit_batch();
    auto s = db_.prepare("SELECT DISTINCT destination FROM federation_outbox ORDER BY destination");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::vector<queued_edu> store::outbox_batch(const std::string& destination, std::size_t limit) {
    commit_batch();
    auto s = db_.prepare(
        "SELECT id, edu FROM federation_outbox WHERE destination = ?1 ORDER BY id LIMIT ?2");
    s.bind(1, destination).bind(2, static_cast<std::int64_t>(limit));
    std::vector<queued_edu> out;
    while (s.step()) out.push_back(queued_edu{s.int64(0), s.text(1)});
    return out;
}

void store::delete_outbox(const std::vector<std::int64_t>& ids) {
    commit_batch();
    sqlite::transaction tx(db_);
    auto s = db_.prepare("DELETE FROM federation_outbox WHERE id = ?1");
    for (auto id : ids) {
        s.bind(1, id);
        s.run();
    }
    tx.commit();
}

void store::clear_outbox() {
    commit_batch();
    db_.prepare("DELETE FROM federation_outbox").run();
}

void store::forget_inbound() {
    commit_batch();
    sqlite::transaction tx(db_);
    db_.prepare("DELETE FROM federation_txns").run();
    db_.prepare("DELETE FROM federation_message_ids").run();
    tx.commit();
}

}  // namespace mxc::refserver
