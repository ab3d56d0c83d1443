// WatchState on SQLite: its own connection to the store's file (WAL mode, as
// OpenStore left it), one transaction per call. The tables are created by
// the store's migration 8 (watch_state_schema.h).
//
// Tested by src/fetch/watch_state_test.cc and, end to end, by
// tests/fetch_test.cc.
#include "warta/watch_state.h"

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

#include "warta/store.h"

namespace warta {
namespace {

constexpr int kBusyTimeoutMs = 10000;

// One statement, bound and stepped; an empty string is bound as NULL.
class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Text(int i, const std::string& s) {
    if (s.empty()) {
      sqlite3_bind_null(stmt_, i);
    } else {
      sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    return *this;
  }
  Stmt& Int(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  // SQLITE_ROW (a row to read), SQLITE_DONE, or an error code.
  int Step() {
    if (rc_ != SQLITE_OK) return rc_;
    return sqlite3_step(stmt_);
  }
  std::string Col(int i) const {
    const unsigned char* t = sqlite3_column_text(stmt_, i);
    return t == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(t),
                                      static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
  }
  int64_t ColInt(int i) const { return sqlite3_column_int64(stmt_, i); }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

constexpr std::string_view kFeedColumns =
    "url, parent_url, etag, last_modified, next_poll_at, failures, polled_at, last_status, "
    "last_error";
constexpr std::string_view kItemColumns =
    "seq, url, feed_url, state, attempts, next_try_at, last_error";

FeedState ReadFeed(const Stmt& s) {
  FeedState f;
  f.url = s.Col(0);
  f.parent_url = s.Col(1);
  f.etag = s.Col(2);
  f.last_modified = s.Col(3);
  f.next_poll_at = s.ColInt(4);
  f.failures = static_cast<int>(s.ColInt(5));
  f.polled_at = s.ColInt(6);
  f.last_status = static_cast<long>(s.ColInt(7));
  f.last_error = s.Col(8);
  return f;
}

WatchItem ReadItem(const Stmt& s) {
  WatchItem w;
  w.seq = s.ColInt(0);
  w.url = s.Col(1);
  w.feed_url = s.Col(2);
  w.state = s.Col(3);
  w.attempts = static_cast<int>(s.ColInt(4));
  w.next_try_at = s.ColInt(5);
  w.last_error = s.Col(6);
  return w;
}

class SqliteWatchState final : public WatchState {
 public:
  SqliteWatchState(std::string path, sqlite3* db) : path_(std::move(path)), db_(db) {}
  ~SqliteWatchState() override { sqlite3_close(db_); }

  Status PutFetch(const FetchRecord& r) override {
    Stmt s(db_,
           "INSERT INTO fetched_pages (url, doc_id, final_url, status, content_type, "
           "last_modified, http_date, etag, fetched_at, error) VALUES "
           "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (url) DO UPDATE SET "
           "doc_id = excluded.doc_id, final_url = excluded.final_url, status = excluded.status, "
           "content_type = excluded.content_type, last_modified = excluded.last_modified, "
           "http_date = excluded.http_date, etag = excluded.etag, "
           "fetched_at = excluded.fetched_at, error = excluded.error");
    s.Text(1, r.url).Text(2, r.doc_id).Text(3, r.final_url.empty() ? r.url : r.final_url);
    s.Int(4, r.status).Text(5, r.content_type).Text(6, r.last_modified).Text(7, r.http_date);
    s.Text(8, r.etag).Int(9, r.fetched_at).Text(10, r.error);
    return Done(s.Step(), "recording the fetch of " + r.url);
  }

  Result<std::optional<FetchRecord>> GetFetch(const std::string& url) override {
    Stmt s(db_,
           "SELECT url, doc_id, final_url, status, content_type, last_modified, http_date, "
           "etag, fetched_at, error FROM fetched_pages WHERE url = ?1");
    s.Text(1, url);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<FetchRecord>();
    if (rc != SQLITE_ROW) return Error(rc, "reading the fetch of " + url);
    FetchRecord r;
    r.url = s.Col(0);
    r.doc_id = s.Col(1);
    r.final_url = s.Col(2);
    r.status = static_cast<long>(s.ColInt(3));
    r.content_type = s.Col(4);
    r.last_modified = s.Col(5);
    r.http_date = s.Col(6);
    r.etag = s.Col(7);
    r.fetched_at = s.ColInt(8);
    r.error = s.Col(9);
    return std::optional<FetchRecord>(std::move(r));
  }

  Result<FeedState> GetFeed(const std::string& url) override {
    Stmt s(db_, "SELECT " + std::string(kFeedColumns) + " FROM watch_feeds WHERE url = ?1");
    s.Text(1, url);
    int rc = s.Step();
    if (rc == SQLITE_DONE) {
      FeedState f;
      f.url = url;
      return f;
    }
    if (rc != SQLITE_ROW) return Error(rc, "reading the state of feed " + url);
    return ReadFeed(s);
  }

  Result<std::vector<FeedState>> ListFeeds() override {
    Stmt s(db_, "SELECT " + std::string(kFeedColumns) + " FROM watch_feeds ORDER BY url");
    std::vector<FeedState> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadFeed(s));
    if (rc != SQLITE_DONE) return Error(rc, "listing the watched feeds");
    return out;
  }

  Result<size_t> RecordPoll(const FeedState& f, const std::vector<std::string>& items,
                            int64_t now) override {
    RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "recording a poll of " + f.url));
    Status st = RecordPollInTransaction(f, items, now);
    size_t added = static_cast<size_t>(sqlite3_total_changes(db_)) - changes_before_;
    if (st.ok()) st = Exec("COMMIT", "recording a poll of " + f.url);
    if (!st.ok()) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
    return added;
  }

  Status AddFeeds(const std::string& parent, const std::vector<std::string>& urls) override {
    for (const std::string& url : urls) {
      Stmt s(db_,
             "INSERT INTO watch_feeds (url, parent_url) VALUES (?1, ?2) "
             "ON CONFLICT (url) DO NOTHING");
      s.Text(1, url).Text(2, parent);
      RETURN_IF_ERROR(Done(s.Step(), "recording sitemap " + url));
    }
    return Status::Ok();
  }

  Result<std::vector<WatchItem>> PendingItems(int64_t now, size_t limit) override {
    Stmt s(db_, "SELECT " + std::string(kItemColumns) +
                    " FROM watch_items WHERE state = 'pending' AND next_try_at <= ?1 "
                    "ORDER BY seq LIMIT ?2");
    s.Int(1, now).Int(2, static_cast<int64_t>(limit));
    std::vector<WatchItem> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadItem(s));
    if (rc != SQLITE_DONE) return Error(rc, "listing the pending items");
    return out;
  }

  Status FinishItem(const std::string& url, const std::string& state,
                    const std::string& error) override {
    Stmt s(db_, "UPDATE watch_items SET state = ?2, last_error = ?3 WHERE url = ?1");
    s.Text(1, url).Text(2, state).Text(3, error);
    return Done(s.Step(), "marking item " + url + " " + state);
  }

  Status RetryItem(const std::string& url, const std::string& error,
                   int64_t next_try_at) override {
    Stmt s(db_,
           "UPDATE watch_items SET attempts = attempts + 1, last_error = ?2, next_try_at = ?3 "
           "WHERE url = ?1");
    s.Text(1, url).Text(2, error).Int(3, next_try_at);
    return Done(s.Step(), "deferring item " + url);
  }

  Result<std::optional<WatchItem>> GetItem(const std::string& url) override {
    Stmt s(db_, "SELECT " + std::string(kItemColumns) + " FROM watch_items WHERE url = ?1");
    s.Text(1, url);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<WatchItem>();
    if (rc != SQLITE_ROW) return Error(rc, "reading item " + url);
    return std::optional<WatchItem>(ReadItem(s));
  }

  Result<WatchCounts> Counts() override {
    Stmt s(db_,
           "SELECT (SELECT COUNT(*) FROM watch_feeds), "
           "(SELECT COUNT(*) FROM watch_items WHERE state = 'pending'), "
           "(SELECT COUNT(*) FROM watch_items WHERE state = 'done'), "
           "(SELECT COUNT(*) FROM watch_items WHERE state = 'failed')");
    int rc = s.Step();
    if (rc != SQLITE_ROW) return Error(rc, "counting the watch state");
    return WatchCounts{s.ColInt(0), s.ColInt(1), s.ColInt(2), s.ColInt(3)};
  }

  Result<std::vector<Alert>> RecordVerdicts(const std::string& story_id,
                                            const std::vector<Alert>& lines,
                                            int64_t now) override {
    RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "recording the verdicts of " + story_id));
    std::vector<Alert> added;
    Status st;
    for (const Alert& a : lines) {
      Stmt s(db_,
             "INSERT INTO alerts (story_id, group_key, kind, line, verdict, created_at) "
             "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
      s.Text(1, story_id).Text(2, a.group_key.empty() ? "-" : a.group_key).Text(3, a.kind);
      s.Text(4, a.line).Text(5, a.verdict_json).Int(6, now);
      st = Done(s.Step(), "recording an alert of " + story_id);
      if (!st.ok()) break;
      if (sqlite3_changes(db_) == 1) {
        Alert b = a;
        b.seq = sqlite3_last_insert_rowid(db_);
        b.story_id = story_id;
        b.created_at = now;
        added.push_back(std::move(b));
      }
    }
    if (st.ok()) st = Exec("COMMIT", "recording the verdicts of " + story_id);
    if (!st.ok()) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      return st;
    }
    return added;
  }

  Result<std::vector<Alert>> ListAlerts(int64_t since, const std::string& story_id,
                                        size_t limit) override {
    Stmt s(db_, std::string(kAlertSelect) +
                    "WHERE created_at >= ?1 AND (?2 IS NULL OR story_id = ?2) "
                    "ORDER BY created_at DESC, seq DESC LIMIT ?3");
    s.Int(1, since).Text(2, story_id).Int(3, static_cast<int64_t>(limit));
    return ReadAlerts(s);
  }

  Result<std::vector<Alert>> AlertsAfter(int64_t after_seq, size_t limit) override {
    Stmt s(db_, std::string(kAlertSelect) + "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    s.Int(1, after_seq).Int(2, static_cast<int64_t>(limit));
    return ReadAlerts(s);
  }

  Result<int64_t> LastAlertSeq() override {
    Stmt s(db_, "SELECT COALESCE(MAX(seq), 0) FROM alerts");
    int rc = s.Step();
    if (rc != SQLITE_ROW) return Error(rc, "reading the newest alert");
    return s.ColInt(0);
  }

  Result<std::optional<WebhookState>> GetWebhook(const std::string& url) override {
    Stmt s(db_,
           "SELECT url, delivered_seq, failures, last_error, updated_at FROM webhook_deliveries "
           "WHERE url = ?1");
    s.Text(1, url);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<WebhookState>();
    if (rc != SQLITE_ROW) return Error(rc, "reading webhook " + url);
    WebhookState w;
    w.url = s.Col(0);
    w.delivered_seq = s.ColInt(1);
    w.failures = static_cast<int>(s.ColInt(2));
    w.last_error = s.Col(3);
    w.updated_at = s.ColInt(4);
    return std::optional<WebhookState>(std::move(w));
  }

  Status PutWebhook(const WebhookState& w) override {
    Stmt s(db_,
           "INSERT INTO webhook_deliveries (url, delivered_seq, failures, last_error, updated_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (url) DO UPDATE SET "
           "delivered_seq = excluded.delivered_seq, failures = excluded.failures, "
           "last_error = excluded.last_error, updated_at = excluded.updated_at");
    s.Text(1, w.url).Int(2, w.delivered_seq).Int(3, w.failures).Text(4, w.last_error);
    s.Int(5, w.updated_at);
    return Done(s.Step(), "recording webhook " + w.url);
  }

 private:
  static constexpr std::string_view kAlertSelect =
      "SELECT seq, story_id, group_key, kind, line, verdict, created_at FROM alerts ";

  Result<std::vector<Alert>> ReadAlerts(Stmt& s) {
    std::vector<Alert> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      Alert a;
      a.seq = s.ColInt(0);
      a.story_id = s.Col(1);
      a.group_key = s.Col(2);
      a.kind = s.Col(3);
      a.line = s.Col(4);
      a.verdict_json = s.Col(5);
      a.created_at = s.ColInt(6);
      out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return Error(rc, "listing the alerts");
    return out;
  }

  Status RecordPollInTransaction(const FeedState& f, const std::vector<std::string>& items,
                                 int64_t now) {
    Stmt feed(db_, "INSERT INTO watch_feeds (" + std::string(kFeedColumns) +
                       ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (url) DO UPDATE "
                       "SET parent_url = excluded.parent_url, etag = excluded.etag, "
                       "last_modified = excluded.last_modified, "
                       "next_poll_at = excluded.next_poll_at, failures = excluded.failures, "
                       "polled_at = excluded.polled_at, last_status = excluded.last_status, "
                       "last_error = excluded.last_error");
    feed.Text(1, f.url).Text(2, f.parent_url).Text(3, f.etag).Text(4, f.last_modified);
    feed.Int(5, f.next_poll_at).Int(6, f.failures).Int(7, f.polled_at).Int(8, f.last_status);
    feed.Text(9, f.last_error);
    RETURN_IF_ERROR(Done(feed.Step(), "recording feed " + f.url));
    changes_before_ = static_cast<size_t>(sqlite3_total_changes(db_));
    for (const std::string& url : items) {
      Stmt one(db_,
               "INSERT INTO watch_items (url, feed_url, found_at) VALUES (?1, ?2, ?3) "
               "ON CONFLICT (url) DO NOTHING");
      one.Text(1, url).Text(2, f.url).Int(3, now);
      RETURN_IF_ERROR(Done(one.Step(), "recording item " + url));
    }
    return Status::Ok();
  }

  Status Exec(const char* sql, const std::string& what) {
    return Done(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK ? SQLITE_DONE
                                                                              : sqlite3_errcode(db_),
                what);
  }
  Status Done(int rc, const std::string& what) {
    if (rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
    return Error(rc, what);
  }
  Status Error(int rc, const std::string& what) {
    (void)rc;
    return DatabaseError(path_ + ": " + what + ": " + sqlite3_errmsg(db_));
  }

  std::string path_;
  sqlite3* db_;
  size_t changes_before_ = 0;
};

}  // namespace

Result<std::unique_ptr<WatchState>> OpenWatchState(const std::string& location) {
  if (IsPostgresUrl(location)) {
    return InvalidArgument(
        "fetch and watch keep their state in a SQLite database only for now; give --db a "
        "file");
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(location.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string m = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return DatabaseError(location + ": cannot open the watch state: " + m);
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto state = std::make_unique<SqliteWatchState>(location, db);
  // The tables come with schema versions 8 and 9: a store not migrated yet
  // lacks them.
  Result<WatchCounts> probe = state->Counts();
  if (!probe.ok()) return probe.status();
  Result<std::optional<WebhookState>> webhooks = state->GetWebhook("");
  if (!webhooks.ok()) return webhooks.status();
  return std::unique_ptr<WatchState>(std::move(state));
}

}  // namespace warta
