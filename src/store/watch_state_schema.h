// The tables of `warta fetch` and `warta watch` (schema version 8), one
// script per engine, for the engines' migration lists (sqlite_store.cc,
// pg_store.cc). Kept here, beside the code that reads them
// (watch_state.cc), so that the engines only name the migration.
// docs/fetch.md describes each table.
#ifndef WARTA_SRC_STORE_WATCH_STATE_SCHEMA_H_
#define WARTA_SRC_STORE_WATCH_STATE_SCHEMA_H_

#include <string_view>

namespace warta {

// fetched_pages: the last fetch of each URL, with what HTTP said of it.
// watch_feeds:   each watched feed or sitemap: validators, next poll, failures.
// watch_items:   each item URL a feed listed: pending until stored or given up.
// alerts:        each verdict line a story's ledger gained, once.
inline constexpr std::string_view kWatchStateSqliteSchema = R"sql(
CREATE TABLE fetched_pages (
  url TEXT PRIMARY KEY,
  doc_id TEXT,
  final_url TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT,
  last_modified TEXT,
  http_date TEXT,
  etag TEXT,
  fetched_at INTEGER NOT NULL,
  error TEXT
);
CREATE TABLE watch_feeds (
  url TEXT PRIMARY KEY,
  parent_url TEXT,
  etag TEXT,
  last_modified TEXT,
  next_poll_at INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  polled_at INTEGER,
  last_status INTEGER,
  last_error TEXT
);
CREATE TABLE watch_items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL UNIQUE,
  feed_url TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  found_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX watch_items_state ON watch_items (state, seq);
CREATE TABLE alerts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  story_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  line TEXT NOT NULL,
  verdict TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (story_id, group_key, kind, line)
);
CREATE INDEX alerts_created ON alerts (created_at, seq);
)sql";

inline constexpr std::string_view kWatchStatePgSchema = R"sql(
CREATE TABLE fetched_pages (
  url TEXT PRIMARY KEY,
  doc_id TEXT,
  final_url TEXT NOT NULL,
  status INTEGER NOT NULL,
  content_type TEXT,
  last_modified TEXT,
  http_date TEXT,
  etag TEXT,
  fetched_at BIGINT NOT NULL,
  error TEXT
);
CREATE TABLE watch_feeds (
  url TEXT PRIMARY KEY,
  parent_url TEXT,
  etag TEXT,
  last_modified TEXT,
  next_poll_at BIGINT NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  polled_at BIGINT,
  last_status INTEGER,
  last_error TEXT
);
CREATE TABLE watch_items (
  seq BIGSERIAL PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  feed_url TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  found_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try_at BIGINT NOT NULL DEFAULT 0,
  last_error TEXT
);
CREATE INDEX watch_items_state ON watch_items (state, seq);
CREATE TABLE alerts (
  seq BIGSERIAL PRIMARY KEY,
  story_id TEXT NOT NULL,
  group_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  line TEXT NOT NULL,
  verdict TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (story_id, group_key, kind, line)
);
CREATE INDEX alerts_created ON alerts (created_at, seq);
)sql";

// Schema version 9.
// webhook_deliveries: for each webhook URL, the newest alert (by seq)
// delivered to it; the alerts after it are its pending deliveries, tried
// again at the next run after a failure.
inline constexpr std::string_view kWebhookSqliteSchema = R"sql(
CREATE TABLE webhook_deliveries (
  url TEXT PRIMARY KEY,
  delivered_seq INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_at INTEGER NOT NULL
);
)sql";

inline constexpr std::string_view kWebhookPgSchema = R"sql(
CREATE TABLE webhook_deliveries (
  url TEXT PRIMARY KEY,
  delivered_seq BIGINT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_at BIGINT NOT NULL
);
)sql";

}  // namespace warta

#endif  // WARTA_SRC_STORE_WATCH_STATE_SCHEMA_H_
