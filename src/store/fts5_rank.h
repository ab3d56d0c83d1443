// warta_bm25: an FTS5 ranking function for the SQLite engine whose cost does
// not grow with the number of matches. Private to src/store.
//
//   SELECT rowid, warta_bm25(documents_fts, max_rowid, 4.0, 1.0, 1.0)
//   FROM documents_fts WHERE documents_fts MATCH ?1 ...
//
// It is Okapi BM25 as FTS5's own bm25() computes it (k1 = 1.2, b = 0.75,
// term frequencies weighted per column by the arguments after max_rowid,
// document length in tokens of all columns), except for the inverse
// document frequency. bm25() counts the documents holding each phrase by
// reading the phrase's whole document list once per query: for a word found
// in half of a million documents that alone takes longer than a search may.
// warta_bm25 reads at most kIdfSampleRows documents of each phrase, in rowid
// order, and when there are more it extrapolates from how far into the rowid
// range (1 .. max_rowid) the sample reached. The counts of rare phrases, the
// ones that decide a ranking, stay exact.
//
// It returns a score where higher is better (bm25() returns the negative).
//
// Thread-safety: registration is per connection; the function keeps its
// per-query data in FTS5's auxiliary data, so connections share nothing.
#ifndef WARTA_SRC_STORE_FTS5_RANK_H_
#define WARTA_SRC_STORE_FTS5_RANK_H_

#include <sqlite3.h>

namespace warta {

// Documents read per phrase to count the documents holding it.
inline constexpr int kIdfSampleRows = 1000;

// Registers warta_bm25 on `db`. Returns an SQLite error code (SQLITE_OK on
// success; SQLITE_ERROR when the library has no FTS5).
int RegisterWartaBm25(sqlite3* db);

}  // namespace warta

#endif  // WARTA_SRC_STORE_FTS5_RANK_H_
