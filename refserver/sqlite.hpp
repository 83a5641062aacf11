// A thin RAII layer over the SQLite C API: a connection and prepared statements, errors as
// exceptions that carry SQLite's own message.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mxc::refserver::sqlite {

class error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class statement {
  public:
    statement(sqlite3* db, std::string_view sql);
    ~statement();
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;

    // Binding is positional from 1; each call returns *this for chaining.
    statement& bind(int index, std::string_view text);
    statement& bind(int index, std::int64_t value);
    statement& bind_null(int index);

    // Advances; true while a row is available.
    bool step();
    // Steps to completion (for statements without rows), then resets for reuse.
    void run();
    void reset();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

class database {
  public:
    // ":memory:" for an in-memory database.
    explicit database(const std::string& path);
    ~database();
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    void exec(std::string_view sql);
    statement prepare(std::string_view sql) { return statement(db_, sql); }
    std::int64_t last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    sqlite3* handle() { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

// BEGIN IMMEDIATE ... COMMIT, rolled back if not committed before destruction.
class transaction {
  public:
    explicit transaction(database& db);
    ~transaction();
    void commit();

  private:
    database& db_;
    bool done_ = false;
};

}  // namespace mxc::refserver::sqlite
