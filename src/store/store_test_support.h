// What the store's tests share: a temporary directory, sample rows of every
// kind, and the locations of a new store on each engine (a SQLite file, a
// database on the PostgreSQL server the tests start). Used by store_test.cc
// (the suite every engine runs), sqlite_store_test.cc and pg_store_test.cc.
#ifndef WARTA_SRC_STORE_STORE_TEST_SUPPORT_H_
#define WARTA_SRC_STORE_STORE_TEST_SUPPORT_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "warta/claim.h"
#include "warta/document.h"
#include "warta/store.h"

namespace warta::store_testing {

// A fresh directory under $TMPDIR, removed with its contents at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A document with every field set, its hash computed from `content`.
Document MakeDocument(const std::string& id, const std::string& content);

// Expects every stored field of `got` to equal `want`'s.
void ExpectSameDocument(const Document& got, const Document& want);

// A claim with every field set, at byte `at`, counting `value`.
Claim SampleClaim(uint64_t at, double value);

// A search for `text` in documents of `lang` ("": any), with the stems of
// its words.
SearchQuery SearchFor(const std::string& text, const std::string& lang = "",
                      std::vector<std::string> stems = {});

// A document for the search tests: `text` in language `lang`.
Document SearchDocument(const std::string& id, const std::string& lang, const std::string& title,
                        const std::string& text, const std::string& stems = "");

// Ids, as HitIds gives them.
using Ids = std::vector<std::string>;

// The ids `query` finds in `store`, sorted.
std::vector<std::string> HitIds(Store& store, const SearchQuery& query);

// Queued article `i`, every field set; content with a NUL and invalid UTF-8.
RawArticle MakeRaw(int i);

// Story `id` of `size` documents, every field set.
StoryRecord MakeStory(const std::string& id, int64_t size);

// Rows of older schema versions, for the migration tests of both engines.

// Two documents as version 2 stored them: an Indonesian one stored first
// but ingested later, and an English one.
inline constexpr std::string_view kVersionTwoDocuments =
    "INSERT INTO documents (id, origin, content_hash, kind, content, text, offset_map, lang, "
    "content_bytes, text_bytes, ingested_at) VALUES "
    "('id1', 'id1.txt', '00112233445566778899aabbccddeeff', 'text', 'id1', "
    "'Pasukan dikirim ke perbatasan.', '', 'id', 3, 30, 200), "
    "('en1', 'en1.txt', '00112233445566778899aabbccddee00', 'text', 'en1', "
    "'Troops were running drills near the border.', '', 'en', 3, 43, 100)";

// An article queued by version 3, which kept neither author nor charset.
inline constexpr std::string_view kVersionThreeQueuedArticle =
    "INSERT INTO queue (id, origin, kind, content, url, outlet, published, title, lang, "
    "enqueued_at) VALUES ('old', 'old.jsonl:1', 'html', 'old', 'https://x.id/old', 'Suara', "
    "'2024-10-20', 'Lama', 'id', 100)";

// Checks a store just migrated from version 3 holding that article: it is
// claimed with no author or charset, and new articles keep theirs.
void ExpectQueueMigratedFromVersionThree(Store& store);

// A location for a new, empty store in `dir`: a SQLite file, or a new
// database on the shared test server. Without a server (PostgreSQL not
// installed) the test fails, naming scripts/install-deps.sh, and gets a URL
// that refuses connections at once.
std::string SqliteLocation(const std::filesystem::path& dir);
std::string PgLocation(const std::filesystem::path& dir);

}  // namespace warta::store_testing

#endif  // WARTA_SRC_STORE_STORE_TEST_SUPPORT_H_
