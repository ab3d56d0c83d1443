// Tests of the row layer both engines share (rows.h) on its own: the SQL
// lists made from the column tables, the put decision, the codecs' errors
// and the migration list check. Both engines' use of it is tested by the
// shared suite in store_test.cc.
#include "rows.h"

#include <map>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "warta/document.h"
#include "warta/status.h"
#include "warta/store.h"

namespace warta {
namespace {

TEST(RowsTest, ColumnListsAndPlaceholders) {
  EXPECT_EQ(Columns(kMemberColumns), "doc_id, story_id, similarity");
  EXPECT_EQ(Columns(kMemberColumns, "m."), "m.doc_id, m.story_id, m.similarity");
  EXPECT_EQ(Placeholders(3, '?'), "?1, ?2, ?3");
  EXPECT_EQ(Placeholders(2, '$'), "$1, $2");
  EXPECT_EQ(Placeholders(0, '$'), "");
  EXPECT_EQ(Assignments(std::span<const std::string_view>(kStoryColumns).subspan(1, 2), 2, '$'),
            "label = $2, size = $3");
}

// The SELECT lists read at the indexes of DocumentColumn.
TEST(RowsTest, DocumentSelectMatchesTheColumnIndexes) {
  const std::string body = DocumentSelect(DocumentTail::kWithBody);
  const std::string sizes = DocumentSelect(DocumentTail::kWithSizes);
  EXPECT_EQ(body,
            "id, origin, content_hash, kind, title, author, outlet, dateline, published, "
            "modified, url, lang, provenance, ingested_at, content, text, offset_map");
  EXPECT_EQ(sizes,
            "id, origin, content_hash, kind, title, author, outlet, dateline, published, "
            "modified, url, lang, provenance, ingested_at, content_bytes, text_bytes");
  EXPECT_EQ(kDocumentReadColumns[kDocProvenance], "provenance");
  EXPECT_EQ(kDocumentReadColumns[kDocIngestedAt], "ingested_at");
  EXPECT_EQ(kClaimColumns[kClaimVia], "via");
  EXPECT_EQ(kClaimColumns[kClaimLang], "lang");
}

// The rules of store.h over a store of two rows: a -> h1, b -> h2.
TEST(RowsTest, PutDecision) {
  const std::map<std::string, std::string> hash_of = {{"a", "h1"}, {"b", "h2"}};
  HashLookup hash_of_id = [&](const std::string& id) -> Result<std::optional<std::string>> {
    auto it = hash_of.find(id);
    if (it == hash_of.end()) return std::optional<std::string>();
    return std::optional<std::string>(it->second);
  };
  HashLookup id_of_hash = [&](const std::string& hash) -> Result<std::optional<std::string>> {
    for (const auto& [id, h] : hash_of) {
      if (h == hash) return std::optional<std::string>(id);
    }
    return std::optional<std::string>();
  };
  auto decide = [&](const std::string& id, const std::string& hash) {
    Document doc;
    doc.id = id;
    doc.content_hash = hash;
    Result<PutDecision> d = DecidePut(doc, hash_of_id, id_of_hash);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? *d : PutDecision{};
  };
  PutDecision same = decide("a", "h1");
  EXPECT_EQ(same.write, PutDecision::Write::kNone);
  EXPECT_EQ(same.result.outcome, PutOutcome::kUnchanged);
  EXPECT_EQ(same.result.stored_id, "a");
  // Another id's content: a duplicate, even when the id exists (no update).
  PutDecision copy = decide("a", "h2");
  EXPECT_EQ(copy.write, PutDecision::Write::kNone);
  EXPECT_EQ(copy.result.outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(copy.result.stored_id, "b");
  PutDecision copy_new = decide("c", "h1");
  EXPECT_EQ(copy_new.result.outcome, PutOutcome::kDuplicate);
  EXPECT_EQ(copy_new.result.stored_id, "a");
  PutDecision update = decide("a", "h3");
  EXPECT_EQ(update.write, PutDecision::Write::kUpdate);
  EXPECT_EQ(update.stored_hash, std::optional<std::string>("h1"));
  Document a;
  a.id = "a";
  EXPECT_EQ(WrittenPut(a, update).outcome, PutOutcome::kUpdated);
  PutDecision insert = decide("c", "h3");
  EXPECT_EQ(insert.write, PutDecision::Write::kInsert);
  EXPECT_EQ(WrittenPut(a, insert).outcome, PutOutcome::kInserted);
}

TEST(RowsTest, LookupFailureIsReturned) {
  HashLookup failing = [](const std::string&) -> Result<std::optional<std::string>> {
    return DatabaseError("db: gone");
  };
  Document doc;
  doc.id = "a";
  doc.content_hash = "h";
  Result<PutDecision> d = DecidePut(doc, failing, failing);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "db: gone");
}

TEST(RowsTest, DamagedFieldsNameTheDatabaseAndTheDocument) {
  Result<std::map<std::string, std::string>> not_object = ProvenanceFromJson("[1]", "db", "d1");
  ASSERT_FALSE(not_object.ok());
  EXPECT_EQ(not_object.status().code(), StatusCode::kDatabase);
  EXPECT_NE(not_object.status().message().find("db: document d1"), std::string::npos);
  EXPECT_FALSE(ProvenanceFromJson("{\"a\": 1}", "db", "d1").ok());
  EXPECT_FALSE(ProvenanceFromJson("{", "db", "d1").ok());
  EXPECT_TRUE(ProvenanceFromJson("", "db", "d1").ok());
  Result<ContentKind> kind = KindFromName("pdf", "db", "d1");
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.status().message().find("unknown kind 'pdf'"), std::string::npos);
  Result<std::string> bad = ProvenanceToJson({{"title", "\xff"}}, "d1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(RowsTest, MigrationListMustCountFromOne) {
  const Migration good[] = {{1, "a", "SELECT 1"}, {2, "b", "SELECT 1"}};
  const Migration gap[] = {{1, "a", "SELECT 1"}, {3, "b", "SELECT 1"}};
  EXPECT_TRUE(CheckMigrationList(good).ok());
  EXPECT_EQ(CheckMigrationList(gap).code(), StatusCode::kInternal);
  EXPECT_EQ(CheckMigrationList({}).code(), StatusCode::kInternal);
  EXPECT_EQ(SchemaTooNew("f.db", 9, 7, "database file").message(),
            "f.db: schema version 9 was written by a newer Warta; this build knows versions "
            "up to 7 (upgrade Warta, or use another database file)");
}

}  // namespace
}  // namespace warta
