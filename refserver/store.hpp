// The reference server's durable state in SQLite (WAL): users, devices, access tokens, the
// per-device to-device inbox (and acknowledged messages a fault keeps), transaction ids, the
// federation outbox and client filters. Single-threaded: the server calls it from its one
// io_context thread only.
//
// Sends are committed in groups (issue 12, "Under load"): record_send stages a send in a
// transaction left open, the batch, and commit_batch makes every staged send durable with one
// commit. Until then nothing outside the send path sees a staged send: every method that reads
// the inbox or the outbox, or writes anything, commits the batch first. A send is answered only
// once its batch has committed (group_commit.hpp).
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "refserver/sqlite.hpp"

namespace mxc::refserver {

struct device_record {
    std::int64_t row = 0;  // never reused, so a re-created device id is a new device
    std::string user_id;
    std::string device_id;
    std::string display_name;
};

struct pending_message {
    std::int64_t stream_id = 0;
    std::string sender;
    std::string type;
    std::string content;  // JSON text
};

struct delivery {
    std::int64_t device_row = 0;
    std::string content;  // JSON text
};

struct txn_key {
    std::int64_t device_row = 0;
    std::string path;
    std::string txn_id;
};

struct stored_response {
    unsigned status = 200;
    std::string body;
};

struct outbound_edu {
    std::string destination;
    std::string content;  // the m.direct_to_device EDU content, JSON text
};

// One m.direct_to_device EDU received over federation, resolved to this server's devices.
struct inbound_message {
    std::string message_id;
    std::string sender;
    std::string type;
    std::vector<delivery> deliveries;
};

// An outbox row: one EDU content for a destination, in the order the requests were answered.
struct queued_edu {
    std::int64_t id = 0;
    std::string content;  // JSON text
};

class store {
  public:
    // path ":memory:" keeps everything in memory (the lose-on-restart fault).
    explicit store(const std::string& path);
    ~store();

    // Users.
    bool create_user(const std::string& user_id, const std::string& password_hash, bool admin);
    bool user_exists(const std::string& user_id);
    std::optional<std::string> password_hash(const std::string& user_id);

    // Devices. create_device reuses a live device of that id (a second login with a device id).
    device_record create_device(const std::string& user_id, const std::string& device_id,
                                const std::string& display_name);
    std::optional<device_record> find_device(const std::string& user_id,
                                             const std::string& device_id);
    std::vector<device_record> devices_of(const std::string& user_id);
    // Removes the device, its tokens and (unless keep_queue) its inbox. keep_queue leaves a hidden
    // row that a re-created device of the same id takes over (the device-delete-keeps-queue fault).
    void delete_device(std::int64_t row, bool keep_queue);

    // Access tokens, stored as SHA-256 so the database never holds a usable token.
    void add_token(const std::string& token, std::int64_t device_row);
    std::optional<device_record> device_for_token(const std::string& token);
    void delete_token(const std::string& token);

    // Transaction ids.
    std::optional<stored_response> find_txn(const txn_key& key);

    // Stages one sendToDevice request in the batch, atomically: its local deliveries, its remote
    // EDUs, and (when key is set) the response to replay for its txnId. Returns the last stream
    // id used. Durable only once commit_batch has returned.
    std::int64_t record_send(const std::string& sender, const std::string& type,
                             const std::vector<delivery>& local,
                             const std::vector<outbound_edu>& remote,
                             const std::optional<txn_key>& key, const stored_response& response);

    // The batch: whether one is open, and commits it (nothing when none is). A failed commit
    // rolls the batch back and rethrows. batch_ended, when set, is called after every commit or
    // rollback of a batch with its failure (null when committed).
    bool batch_open() const { return batch_.has_value(); }
    // Opens the batch, if none is, before a send's reads (find_txn, find_device, user_exists,
    // devices_of): inside its transaction they take none of SQLite's read locks, four fcntl
    // calls each otherwise (bench/README.md). A batch opened for a send that is then refused
    // stays open, empty, until the next commit; record_send opens it too.
    void begin_send();
    void commit_batch();
    std::function<void(std::exception_ptr)> batch_ended;

    // Inbox. Positions are stream ids; the highest ever committed survives deletes and restarts.
    std::int64_t max_stream_id() const { return max_stream_id_; }
    std::vector<pending_message> pending(std::int64_t device_row, std::size_t limit);
    bool has_pending_after(std::int64_t device_row, std::int64_t stream_id);
    // Acknowledges the device's messages up to stream_id: they leave the inbox. keep moves
    // them to a table of acknowledged messages instead (the initial-sync-relists-acked fault).
    void delete_up_to(std::int64_t device_row, std::int64_t stream_id, bool keep);
    // The device's pending and kept acknowledged messages together, oldest first.
    std::vector<pending_message> pending_and_acked(std::int64_t device_row, std::size_t limit);
    void delete_ids(std::int64_t device_row, const std::vector<std::int64_t>& ids);

    std::vector<outbound_edu> outbox();

    // What follows lives in store_federation.cpp.
    // Settings that must survive a restart, such as the federation signing key.
    std::optional<std::string> meta(const std::string& key);
    void set_meta(const std::string& key, const std::string& value);

    // Inbound transactions: the stored answer to (origin, txnId), if it was seen.
    std::optional<std::string> find_federation_txn(const std::string& origin,
                                                   const std::string& txn_id);
    // One inbound transaction, atomically. With dedup, a message whose (origin, message_id) was
    // seen before is skipped and the answer is stored for the txnId; without, everything is
    // delivered. Returns the device rows that got a message.
    std::vector<std::int64_t> record_inbound(const std::string& origin, const std::string& txn_id,
                                             const std::string& response,
                                             const std::vector<inbound_message>& messages,
                                             bool dedup);

    // Outbound EDUs, per destination, oldest first.
    std::vector<std::string> outbox_destinations();
    std::vector<queued_edu> outbox_batch(const std::string& destination, std::size_t limit);
    void delete_outbox(const std::vector<std::int64_t>& ids);
    // For the faults that keep these in memory only (faults.hpp): what a restart would lose.
    void clear_outbox();
    void forget_inbound();

    // What follows lives in store_filters.cpp.
    // Client filters (POST /user/{userId}/filter): the id is the row's, never reused; a filter
    // is found only under the user who stored it.
    std::string add_filter(const std::string& user_id, const std::string& content);
    std::optional<std::string> find_filter(const std::string& user_id,
                                           const std::string& filter_id);

  private:
    void end_batch(std::exception_ptr failure);
    // Stream ids are the store's, not SQLite's: an AUTOINCREMENT inbox wrote its sqlite_sequence
    // page in every commit (bench/README.md). next_stream_id hands out the id after the staged
    // one, reserving a new block of ids in meta first when it passes the reservation.
    std::int64_t next_stream_id();
    // The transaction that staged ids (and perhaps a reservation) committed, or rolled back.
    void end_stream_ids(bool committed);

    struct statements;
    sqlite::database db_;
    std::unique_ptr<statements> q_;
    std::int64_t max_stream_id_ = 0;     // committed
    std::int64_t staged_stream_id_ = 0;  // with the open transaction's messages
    std::int64_t reserved_ = 0;          // committed: no id above it was ever handed out
    std::int64_t staged_reserved_ = 0;   // with the open transaction's reservation
    std::optional<sqlite::transaction> batch_;
    // Access token -> its device: authentication is on every request's path, and a token's
    // device changes only through this class (delete_token, delete_device), which drops it here.
    std::unordered_map<std::string, device_record> token_cache_;
    // Checkpoints the WAL on a connection of its own every 50 ms, so the server thread never
    // blocks on a checkpoint's fsync (measured in bench/: it halved delivery after
    // 100-device sends). Declared last: it stops before the database closes.
    std::jthread checkpointer_;
};

}  // namespace mxc::refserver
