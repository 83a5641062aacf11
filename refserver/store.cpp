#include "refserver/store.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "matrix/digest.hpp"
#include "util/clock.hpp"

namespace mxc::refserver {

namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS users(
    user_id TEXT PRIMARY KEY, password_hash TEXT, admin INTEGER NOT NULL, created_ts INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices(
    row_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, device_id TEXT NOT NULL,
    display_name TEXT NOT NULL, hidden INTEGER NOT NULL DEFAULT 0, UNIQUE(user_id, device_id));
CREATE TABLE IF NOT EXISTS access_tokens(
    token_hash TEXT PRIMARY KEY, device_row INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS access_tokens_device ON access_tokens(device_row);
CREATE TABLE IF NOT EXISTS device_inbox(
    stream_id INTEGER PRIMARY KEY, device_row INTEGER NOT NULL,
    sender TEXT NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS device_inbox_device ON device_inbox(device_row, stream_id);
CREATE TABLE IF NOT EXISTS acked_inbox(
    stream_id INTEGER PRIMARY KEY, device_row INTEGER NOT NULL,
    sender TEXT NOT NULL, type TEXT NOT NULL, content TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS acked_inbox_device ON acked_inbox(device_row, stream_id);
CREATE TABLE IF NOT EXISTS txns(
    device_row INTEGER NOT NULL, path TEXT NOT NULL, txn_id TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, created_ts INTEGER NOT NULL,
    PRIMARY KEY(device_row, path, txn_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS federation_outbox(
    id INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, edu TEXT NOT NULL,
    created_ts INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS federation_outbox_destination ON federation_outbox(destination, id);
CREATE TABLE IF NOT EXISTS federation_txns(
    origin TEXT NOT NULL, txn_id TEXT NOT NULL, body TEXT NOT NULL, created_ts INTEGER NOT NULL,
    PRIMARY KEY(origin, txn_id));
CREATE TABLE IF NOT EXISTS federation_message_ids(
    origin TEXT NOT NULL, message_id TEXT NOT NULL, created_ts INTEGER NOT NULL,
    PRIMARY KEY(origin, message_id));
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS filters(
    filter_id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, content TEXT NOT NULL);
)sql";

// Stream ids are set aside this many at a time (store::next_stream_id).
constexpr std::int64_t stream_id_block = 4096;
constexpr const char* stream_ids_reserved = "stream_ids_reserved";

std::string token_hash(const std::string& token) {
    return matrix::hex(matrix::sha256(token));
}

device_record read_device(sqlite::statement& s) {
    return device_record{s.int64(0), s.text(1), s.text(2), s.text(3)};
}

}  // namespace

// Prepared once: the hot paths (send, sync) then cost a bind and a step.
struct store::statements {
    sqlite::statement insert_user, find_user, insert_device, find_device, find_hidden_device,
        unhide_device, devices_of, delete_device, hide_device, delete_device_tokens,
        delete_device_inbox, delete_device_acked, insert_token, device_for_token, delete_token,
        find_txn, insert_txn, insert_message, insert_outbound, pending, has_pending_after,
        delete_up_to, keep_up_to, pending_and_acked, delete_id, outbox, reserve_stream_ids,
        savepoint, release, rollback_to;

    explicit statements(sqlite::database& db)
        : insert_user(db.prepare("INSERT OR IGNORE INTO users VALUES (?1, ?2, ?3, ?4)")),
          find_user(db.prepare("SELECT password_hash FROM users WHERE user_id = ?1")),
          insert_device(db.prepare(
              "INSERT INTO devices(user_id, device_id, display_name) VALUES (?1, ?2, ?3)")),
          find_device(db.prepare("SELECT row_id, user_id, device_id, display_name FROM devices "
                                 "WHERE user_id = ?1 AND device_id = ?2 AND hidden = 0")),
          find_hidden_device(
              db.prepare("SELECT row_id FROM devices WHERE user_id = ?1 AND device_id = ?2")),
          unhide_device(
              db.prepare("UPDATE devices SET hidden = 0, display_name = ?2 WHERE row_id = ?1")),
          devices_of(db.prepare("SELECT row_id, user_id, device_id, display_name FROM devices "
                                "WHERE user_id = ?1 AND hidden = 0 ORDER BY row_id")),
          delete_device(db.prepare("DELETE FROM devices WHERE row_id = ?1")),
          hide_device(db.prepare("UPDATE devices SET hidden = 1 WHERE row_id = ?1")),
          delete_device_tokens(db.prepare("DELETE FROM access_tokens WHERE device_row = ?1")),
          delete_device_inbox(db.prepare("DELETE FROM device_inbox WHERE device_row = ?1")),
          delete_device_acked(db.prepare("DELETE FROM acked_inbox WHERE device_row = ?1")),
          insert_token(db.prepare("INSERT INTO access_tokens VALUES (?1, ?2)")),
          device_for_token(
              db.prepare("SELECT d.row_id, d.user_id, d.device_id, d.display_name "
                         "FROM access_tokens t JOIN devices d ON d.row_id = t.device_row "
                         "WHERE t.token_hash = ?1 AND d.hidden = 0")),
          delete_token(db.prepare("DELETE FROM access_tokens WHERE token_hash = ?1")),
          find_txn(db.prepare(
              "SELECT status, body FROM txns WHERE device_row = ?1 AND path = ?2 AND txn_id = ?3")),
          insert_txn(db.prepare("INSERT OR REPLACE INTO txns VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
          insert_message(db.prepare("INSERT INTO device_inbox VALUES (?1, ?2, ?3, ?4, ?5)")),
          insert_outbound(db.prepare(
              "INSERT INTO federation_outbox(destination, edu, created_ts) VALUES (?1, ?2, ?3)")),
          pending(db.prepare("SELECT stream_id, sender, type, content FROM device_inbox "
                             "WHERE device_row = ?1 ORDER BY stream_id LIMIT ?2")),
          has_pending_after(db.prepare(
              "SELECT 1 FROM device_inbox WHERE device_row = ?1 AND stream_id > ?2 LIMIT 1")),
          delete_up_to(
              db.prepare("DELETE FROM device_inbox WHERE device_row = ?1 AND stream_id <= ?2")),
          keep_up_to(db.prepare("INSERT INTO acked_inbox SELECT stream_id, device_row, sender, "
                                "type, content FROM device_inbox "
                                "WHERE device_row = ?1 AND stream_id <= ?2")),
          pending_and_acked(db.prepare(
              "SELECT stream_id, sender, type, content FROM device_inbox WHERE device_row = ?1 "
              "UNION ALL SELECT stream_id, sender, type, content FROM acked_inbox "
              "WHERE device_row = ?1 ORDER BY stream_id LIMIT ?2")),
          delete_id(
              db.prepare("DELETE FROM device_inbox WHERE device_row = ?1 AND stream_id = ?2")),
          outbox(db.prepare("SELECT destination, edu FROM federation_outbox ORDER BY id")),
          reserve_stream_ids(db.prepare("INSERT OR REPLACE INTO meta VALUES (?1, ?2)")),
          savepoint(db.prepare("SAVEPOINT send")),
          release(db.prepare("RELEASE send")),
          rollback_to(db.prepare("ROLLBACK TO send")) {}
};

store::store(const std::string& path) : db_(path) {
    if (path != ":memory:") {
        // WAL with synchronous=NORMAL: a commit is durable against a process crash (kill -9);
        // only an operating-system crash could lose the last commits, which tests do not do.
        db_.exec("PRAGMA journal_mode=WAL");
        db_.exec("PRAGMA synchronous=NORMAL");
        db_.exec("PRAGMA wal_autocheckpoint=0");
    }
    db_.exec(schema);
    q_ = std::make_unique<statements>(db_);
    // Every id handed out so far is at most the reservation; a database made before ids were
    // reserved (device_inbox was AUTOINCREMENT then) has the highest in sqlite_sequence.
    auto reserved = db_.prepare(
        "SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1), 0), "
        "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'device_inbox'), 0))");
    reserved.bind(1, stream_ids_reserved);
    reserved.step();
    max_stream_id_ = staged_stream_id_ = reserved_ = staged_reserved_ = reserved.int64(0);
    if (path != ":memory:") {
        checkpointer_ = std::jthread([path](std::stop_token stop) {
            sqlite::database cp(path);
            std::mutex m;
            std::condition_variable_any tick;
            while (!stop.stop_requested()) {
                std::unique_lock lock(m);
                // A period, not a synchronisation: nothing waits for these checkpoints.
                tick.wait_for(lock, stop, std::chrono::milliseconds(50), [] { return false; });
                sqlite3_wal_checkpoint_v2(cp.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                          nullptr);
            }
            sqlite3_wal_checkpoint_v2(cp.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                      nullptr);
        });
    }
}

// Sends staged but not answered yet: committing them at a clean stop is what a client that
// retries expects least to lose.
store::~store() {
    batch_ended = nullptr;
    try {
        commit_batch();
    } catch (const std::exception&) {  // rolled back: those senders never got an answer
    }
}

void store::commit_batch() {
    if (!batch_) return;
    try {
        batch_->commit();
    } catch (...) {
        end_batch(std::current_exception());
        throw;
    }
    end_batch(nullptr);
}

void store::end_batch(std::exception_ptr failure) {
    batch_.reset();  // rolls back unless committed
    end_stream_ids(!failure);
    if (batch_ended) batch_ended(failure);
}

void store::end_stream_ids(bool committed) {
    if (committed) {
        max_stream_id_ = staged_stream_id_;
        reserved_ = staged_reserved_;
    } else {
        staged_stream_id_ = max_stream_id_;
        staged_reserved_ = reserved_;
    }
}

std::int64_t store::next_stream_id() {
    const std::int64_t id = ++staged_stream_id_;
    if (id > staged_reserved_) {
        // In the transaction that stores the id: a restart can never hand it out again, also
        // after every message was deleted, so no acknowledgement a client holds covers a new
        // message. One page per block of ids, not per commit (sqlite_sequence's cost).
        staged_reserved_ = id + stream_id_block - 1;
        auto& s = q_->reserve_stream_ids;
        s.bind(1, stream_ids_reserved).bind(2, std::to_string(staged_reserved_));
        s.run();
    }
    return id;
}

void store::begin_send() {
    if (!batch_) batch_.emplace(db_);
}

bool store::create_user(const std::string& user_id, const std::string& password_hash, bool admin) {
    commit_batch();
    auto& s = q_->insert_user;
    s.bind(1, user_id).bind(2, password_hash).bind(3, std::int64_t{admin}).bind(4, util::unix_ms());
    s.run();
    return db_.changes() == 1;
}

bool store::user_exists(const std::string& user_id) {
    return password_hash(user_id).has_value();
}

std::optional<std::string> store::password_hash(const std::string& user_id) {
    auto& s = q_->find_user;
    s.bind(1, user_id);
    std::optional<std::string> out;
    if (s.step()) out = s.text(0);
    s.reset();
    return out;
}

device_record store::create_device(const std::string& user_id, const std::string& device_id,
                                   const std::string& display_name) {
    commit_batch();
    if (auto live = find_device(user_id, device_id)) return *live;
    auto& hidden = q_->find_hidden_device;
    hidden.bind(1, user_id).bind(2, device_id);
    std::optional<std::int64_t> row;
    if (hidden.step()) row = hidden.int64(0);
    hidden.reset();
    if (row) {
        q_->unhide_device.bind(1, *row).bind(2, display_name);
        q_->unhide_device.run();
        return device_record{*row, user_id, device_id, display_name};
    }
    q_->insert_device.bind(1, user_id).bind(2, device_id).bind(3, display_name);
    q_->insert_device.run();
    return device_record{db_.last_insert_rowid(), user_id, device_id, display_name};
}

std::optional<device_record> store::find_device(const std::string& user_id,
                                                const std::string& device_id) {
    auto& s = q_->find_device;
    s.bind(1, user_id).bind(2, device_id);
    std::optional<device_record> out;
    if (s.step()) out = read_device(s);
    s.reset();
    return out;
}

std::vector<device_record> store::devices_of(const std::string& user_id) {
    auto& s = q_->devices_of;
    s.bind(1, user_id);
    std::vector<device_record> out;
    while (s.step()) out.push_back(read_device(s));
    s.reset();
    return out;
}

void store::delete_device(std::int64_t row, bool keep_queue) {
    commit_batch();
    std::erase_if(token_cache_, [row](const auto& entry) { return entry.second.row == row; });
    sqlite::transaction tx(db_);
    q_->delete_device_tokens.bind(1, row);
    q_->delete_device_tokens.run();
    if (keep_queue) {
        q_->hide_device.bind(1, row);
        q_->hide_device.run();
    } else {
        q_->delete_device_inbox.bind(1, row);
        q_->delete_device_inbox.run();
        q_->delete_device_acked.bind(1, row);
        q_->delete_device_acked.run();
        q_->delete_device.bind(1, row);
        q_->delete_device.run();
    }
    tx.commit();
}

void store::add_token(const std::string& token, std::int64_t device_row) {
    commit_batch();
    q_->insert_token.bind(1, token_hash(token)).bind(2, device_row);
    q_->insert_token.run();
}

std::optional<device_record> store::device_for_token(const std::string& token) {
    if (auto it = token_cache_.find(token); it != token_cache_.end()) return it->second;
    auto& s = q_->device_for_token;
    s.bind(1, token_hash(token));
    std::optional<device_record> out;
    if (s.step()) out = read_device(s);
    s.reset();
    // Bounded: a client that logs in for every request must not grow it without end.
    constexpr std::size_t cache_limit = 100'000;
    if (token_cache_.size() >= cache_limit) token_cache_.clear();
    if (out) token_cache_.emplace(token, *out);
    return out;
}

void store::delete_token(const std::string& token) {
    commit_batch();
    token_cache_.erase(token);
    q_->delete_token.bind(1, token_hash(token));
    q_->delete_token.run();
}

std::optional<stored_response> store::find_txn(const txn_key& key) {
    auto& s = q_->find_txn;
    s.bind(1, key.device_row).bind(2, key.path).bind(3, key.txn_id);
    std::optional<stored_response> out;
    if (s.step()) out = stored_response{static_cast<unsigned>(s.int64(0)), s.text(1)};
    s.reset();
    return out;
}

std::int64_t store::record_send(const std::string& sender, const std::string& type,
                                const std::vector<delivery>& local,
                                const std::vector<outbound_edu>& remote,
                                const std::optional<txn_key>& key,
                                const stored_response& response) {
    begin_send();
    // A savepoint keeps the send atomic inside the batch: a failure takes back its rows only.
    q_->savepoint.run();
    const std::int64_t id_before = staged_stream_id_, reserved_before = staged_reserved_;
    try {
        auto& ins = q_->insert_message;
        for (const auto& d : local) {
            ins.bind(1, next_stream_id()).bind(2, d.device_row).bind(3, sender).bind(4, type);
            ins.bind(5, d.content);
            ins.run();
        }
        const auto now = util::unix_ms();
        for (const auto& edu : remote) {
            q_->insert_outbound.bind(1, edu.destination).bind(2, edu.content).bind(3, now);
            q_->insert_outbound.run();
        }
        if (key) {
            q_->insert_txn.bind(1, key->device_row).bind(2, key->path).bind(3, key->txn_id);
            q_->insert_txn.bind(4, std::int64_t{response.status})
                .bind(5, response.body)
                .bind(6, now);
            q_->insert_txn.run();
        }
        q_->release.run();
    } catch (...) {
        q_->rollback_to.run();
        q_->release.run();
        staged_stream_id_ = id_before;
        staged_reserved_ = reserved_before;
        throw;
    }
    return staged_stream_id_;
}

std::vector<pending_message> store::pending(std::int64_t device_row, std::size_t limit) {
    commit_batch();
    auto& s = q_->pending;
    s.bind(1, device_row).bind(2, static_cast<std::int64_t>(limit));
    std::vector<pending_message> out;
    while (s.step()) out.push_back(pending_message{s.int64(0), s.text(1), s.text(2), s.text(3)});
    s.reset();
    return out;
}

bool store::has_pending_after(std::int64_t device_row, std::int64_t stream_id) {
    commit_batch();
    auto& s = q_->has_pending_after;
    s.bind(1, device_row).bind(2, stream_id);
    const bool found = s.step();
    s.reset();
    return found;
}

void store::delete_up_to(std::int64_t device_row, std::int64_t stream_id, bool keep) {
    commit_batch();
    if (!keep) {
        q_->delete_up_to.bind(1, device_row).bind(2, stream_id);
        q_->delete_up_to.run();
        return;
    }
    sqlite::transaction tx(db_);
    q_->keep_up_to.bind(1, device_row).bind(2, stream_id);
    q_->keep_up_to.run();
    q_->delete_up_to.bind(1, device_row).bind(2, stream_id);
    q_->delete_up_to.run();
    tx.commit();
}

std::vector<pending_message> store::pending_and_acked(std::int64_t device_row, std::size_t limit) {
    commit_batch();
    auto& s = q_->pending_and_acked;
    s.bind(1, device_row).bind(2, static_cast<std::int64_t>(limit));
    std::vector<pending_message> out;
    while (s.step()) out.push_back(pending_message{s.int64(0), s.text(1), s.text(2), s.text(3)});
    s.reset();
    return out;
}

void store::delete_ids(std::int64_t device_row, const std::vector<std::int64_t>& ids) {
    commit_batch();
    sqlite::transaction tx(db_);
    for (auto id : ids) {
        q_->delete_id.bind(1, device_row).bind(2, id);
        q_->delete_id.run();
    }
    tx.commit();
}

std::vector<outbound_edu> store::outbox() {
    commit_batch();
    auto& s = q_->outbox;
    std::vector<outbound_edu> out;
    while (s.step()) out.push_back(outbound_edu{s.text(0), s.text(1)});
    s.reset();
    return out;
}

}  // namespace mxc::refserver
