// End-to-end tests: run the built `warta` binary as a user would, on the
// bundled sample corpus and on a batch of bad inputs, against a real SQLite
// file in a temporary folder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "test_util.h"

namespace {
namespace fs = std::filesystem;

using warta_test::RunResult;
using warta_test::Slurp;
using warta_test::WriteFile;

std::string GzipBytes(const std::string& in) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(in.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

class E2eTest : public warta_test::CliFixture {
 protected:
  E2eTest() : CliFixture("warta_e2e_") {}

  std::vector<nlohmann::json> DocsJsonl() {
    RunResult r = Warta("docs --format jsonl");
    EXPECT_EQ(r.code, 0) << r.err;
    std::vector<nlohmann::json> docs;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) docs.push_back(nlohmann::json::parse(line));
    return docs;
  }

  nlohmann::json Show(const std::string& id) {
    RunResult r = Warta("show '" + id + "' --format json");
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
};

std::string Seeds() { return std::string(WARTA_SOURCE_DATA_DIR) + "/corpus/seeds"; }

TEST_F(E2eTest, SampleCorpusEndToEnd) {
  RunResult r = Warta("ingest '" + Seeds() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("5 new"), std::string::npos) << r.err;

  std::vector<nlohmann::json> docs = DocsJsonl();
  ASSERT_EQ(docs.size(), 5u);
  struct Expect {
    const char* id;
    const char* outlet;     // null: the text names none
    const char* published;  // null: the text dates none
    std::vector<const char*> gone, kept;
  };
  const Expect expect[] = {
      {"000_4ca6dffac9dc008f.txt", "Asumsi.co", "2024-10-18",
       {"featured image", "Baca Juga", "Share:", "Putin Teken UU"},
       {"mengerahkan 1.500 pasukan khusus", "13.000 kontainer"}},
      {"001_e0bda86051a4806c.txt", "PARAMETERMEDIA.COM", nullptr,
       {},
       {"puluhan ribu tentara", "lebih dari 12 ribu pasukan"}},
      {"002_f8555e85fd7eb562.txt", nullptr, nullptr,
       {"Dukungan Anda", "27 juta", "Getty", "Tautan sumber"},
       {"total 12.000 tentara", "1,2 juta tentara", "10.000 tentara"}},
      {"003_669123e63d5a7895.txt", "Suara.com", nullptr,
       {"Berita Terkait", "Terpopuler", "Pilihan", "Terkini", "Baca Juga"},
       {"Sekitar 1.500 tentara", "lebih dari 13.000 kontainer"}},
      {"004_2f167f2b09e4421a.txt", "Liputan6.com", "2024-10-25",
       {"Baca Juga", "Advertisement"},
       {"sekitar 12.000 tentara", "berita palsu", "dibantah Korea Utara"}},
  };
  for (size_t i = 0; i < 5; ++i) {
    const Expect& e = expect[i];
    const nlohmann::json& d = docs[i];
    EXPECT_EQ(d["id"], e.id);
    EXPECT_EQ(d["lang"], "id") << e.id;
    EXPECT_EQ(d["outlet"], e.outlet ? nlohmann::json(e.outlet) : nlohmann::json()) << e.id;
    EXPECT_EQ(d["published"], e.published ? nlohmann::json(e.published) : nlohmann::json())
        << e.id;
    std::string text = Show(e.id)["text"];
    for (const char* g : e.gone) EXPECT_EQ(text.find(g), std::string::npos) << e.id << ": " << g;
    for (const char* k : e.kept) EXPECT_NE(text.find(k), std::string::npos) << e.id << ": " << k;
  }

  // Again: stored once.
  r = Warta("ingest '" + Seeds() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("5 unchanged"), std::string::npos) << r.err;
  EXPECT_EQ(DocsJsonl().size(), 5u);

  // The search index optimised by hand (five articles are no bulk load for
  // ingest to do it itself): the same documents stay.
  EXPECT_EQ(r.err.find("optimising"), std::string::npos) << r.err;
  r = Warta("optimize");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("optimised in"), std::string::npos) << r.err;
  EXPECT_EQ(DocsJsonl().size(), 5u);
}

TEST_F(E2eTest, BadInputsAreReportedAndTheBatchGoesOn) {
  fs::path in = dir_ / "batch";
  WriteFile(in / "good.txt", "Harga beras naik 10 persen di Jakarta pada hari Senin.\n");
  WriteFile(in / "empty.txt", "");
  WriteFile(in / "binary.txt", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", 16) +
                                   std::string(4096, '\0'));
  WriteFile(in / "latin1.txt", "Caf\xE9 di Bandung dibuka kembali pada hari Selasa.\n");
  std::string gz = GzipBytes(std::string(20000, 'a') + " berita.\n");
  WriteFile(in / "truncated.txt.gz", gz.substr(0, gz.size() / 2));
  WriteFile(in / "zipped.txt.gz", GzipBytes("Gempa mengguncang Cianjur pada hari Senin.\n"));
  WriteFile(in / "huge.txt", std::string(50u << 20, 'x'));
  WriteFile(in / "feed.jsonl",
            "{\"id\":\"j1\",\"outlet\":\"Antara\",\"text\":\"Banjir melanda Medan.\"}\n"
            "{\"id\":\"j2\", not json\n"
            "{\"id\":\"j3\",\"text\":42}\n"
            "{\"url\":\"https://example.org/b\",\"published\":\"2024-10-20\","
            "\"html\":\"<p>Pemilu berlangsung damai.</p>\"}\n");
  RunResult r = Warta("ingest '" + in.string() + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  for (const char* name : {"empty.txt", "binary.txt", "truncated.txt.gz", "huge.txt",
                           "feed.jsonl: line 2", "feed.jsonl: line 3"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << "no report naming " << name << "\n"
                                                   << r.err;
  }
  EXPECT_NE(r.err.find("latin1.txt: replaced"), std::string::npos) << r.err;

  std::vector<std::string> ids;
  for (const auto& d : DocsJsonl()) ids.push_back(d["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"good.txt", "https://example.org/b", "j1",
                                           "latin1.txt", "zipped.txt"}));
  nlohmann::json latin1 = Show("latin1.txt");
  EXPECT_NE(latin1["text"].get<std::string>().find("Caf\xEF\xBF\xBD di Bandung"),
            std::string::npos);
  EXPECT_EQ(Show("j1")["outlet"], "Antara");
  EXPECT_EQ(Show("https://example.org/b")["published"], "2024-10-20");
}

TEST_F(E2eTest, StandardInputAndHtml) {
  RunResult r = Warta("ingest -", "Banjir melanda Jakarta pada hari Senin, kata BNPB.\n");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> docs = DocsJsonl();
  ASSERT_EQ(docs.size(), 1u);
  const std::string first = docs[0]["id"];
  EXPECT_EQ(first.rfind("stdin-", 0), 0u) << first;
  EXPECT_EQ(Show(first)["text"], "Banjir melanda Jakarta pada hari Senin, kata BNPB.");

  WriteFile(dir_ / "page.html",
            "<html lang=\"en\"><head><title>Quake hits</title></head><body>"
            "<p>A strong earthquake hit the city on Monday, officials said.</p>"
            "<script>alert(1)</script></body></html>");
  r = Warta("ingest '" + (dir_ / "page.html").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json page = Show("page.html");
  EXPECT_EQ(page["title"], "Quake hits");
  EXPECT_EQ(page["lang"], "en");
  EXPECT_EQ(page["kind"], "html");
  EXPECT_EQ(page["text"].get<std::string>().find("alert"), std::string::npos);
}

TEST_F(E2eTest, HelpForEveryCommand) {
  for (const char* cmd : {"", "ingest", "worker", "docs", "show", "extract", "stories", "claims",
                          "ledger", "report", "demo", "serve", "optimize"}) {
    RunResult r = Warta(std::string(cmd) + " --help");
    EXPECT_EQ(r.code, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd << r.out;
    // The global options are listed in every command's help.
    EXPECT_NE(r.out.find("--db"), std::string::npos) << cmd << r.out;
    EXPECT_NE(r.out.find("--format"), std::string::npos) << cmd << r.out;
  }
  RunResult r = Warta("nosuchcommand");
  EXPECT_NE(r.code, 0);
}

// Issue 17, item 7: usage errors exit 2 with a line that says what was
// wrong; --version.
TEST_F(E2eTest, UsageErrorsExitTwoAndSayWhat) {
  RunResult typo = Warta("ledgr");
  EXPECT_EQ(typo.code, 2) << typo.err;
  EXPECT_NE(typo.err.find("unknown command 'ledgr'"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("did you mean 'ledger'"), std::string::npos) << typo.err;
  RunResult none = Warta("");
  EXPECT_EQ(none.code, 2) << none.err;
  RunResult option = Warta("claims --no-such-option");
  EXPECT_EQ(option.code, 2) << option.err;
  EXPECT_NE(option.err.find("--no-such-option"), std::string::npos) << option.err;
  EXPECT_NE(option.err.find("warta claims --help"), std::string::npos) << option.err;
  RunResult missing = Warta("show");
  EXPECT_EQ(missing.code, 2) << missing.err;
  RunResult version = Warta("--version");
  EXPECT_EQ(version.code, 0) << version.err;
  EXPECT_EQ(version.out.rfind("warta ", 0), 0u) << version.out;
}

// Issue 17, item 3: a mistyped --db is an error naming the path, not an
// empty result; only ingest and demo create a database.
TEST_F(E2eTest, ReadOnlyCommandsRefuseAMissingDatabase) {
  for (const char* cmd : {"docs", "claims", "stories", "ledger", "report", "show x", "optimize",
                          "serve --listen 127.0.0.1:0"}) {
    RunResult r = Warta(std::string(cmd));
    EXPECT_EQ(r.code, 2) << cmd << r.err;
    EXPECT_NE(r.err.find(db_), std::string::npos) << cmd << r.err;
    EXPECT_FALSE(fs::exists(db_)) << cmd << " created the database";
  }
  ASSERT_EQ(Warta("ingest -", "Banjir melanda Jakarta pada hari Senin, kata BNPB.\n").code, 0);
  EXPECT_TRUE(fs::exists(db_));
  RunResult docs = Warta("docs");
  EXPECT_EQ(docs.code, 0) << docs.err;
}

// Issue 17, item 4: piped articles get ids from their content (or --id);
// a second one never takes the first's place, and a replacement is said.
TEST_F(E2eTest, PipedArticlesKeepTheirOwnIds) {
  const std::string a = "Banjir melanda Jakarta pada hari Senin, kata BNPB.\n";
  const std::string b = "Gempa mengguncang Cianjur pada hari Selasa, kata BMKG.\n";
  ASSERT_EQ(Warta("ingest -", a).code, 0);
  ASSERT_EQ(Warta("ingest -", b).code, 0);
  RunResult again = Warta("ingest -", a);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.err.find("1 unchanged"), std::string::npos) << again.err;
  std::vector<nlohmann::json> docs = DocsJsonl();
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_NE(docs[0]["id"], docs[1]["id"]);

  const std::string c = "Kebakaran hutan meluas di Riau pada hari Rabu, kata BPBD.\n";
  const std::string d = "Kebakaran hutan meluas di Jambi pada hari Kamis, kata BPBD.\n";
  ASSERT_EQ(Warta("ingest --id wire-1 -", c).code, 0);
  EXPECT_EQ(Show("wire-1")["text"], "Kebakaran hutan meluas di Riau pada hari Rabu, kata BPBD.");
  RunResult replaced = Warta("ingest --id wire-1 -", d);
  ASSERT_EQ(replaced.code, 0) << replaced.err;
  EXPECT_NE(replaced.err.find("replaced the stored document 'wire-1'"), std::string::npos)
      << replaced.err;
}

// Issue 17, items 1 and 6: the claims table is a table whatever stdout is;
// a story id names its claims; an unknown id is an error naming it.
TEST_F(E2eTest, ClaimsTableStoriesAndFilters) {
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "'").code, 0);
  for (const char* args : {"claims", "claims --format table"}) {
    RunResult r = Warta(args);
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("DOC ", 0), 0u) << args << "\n" << r.out.substr(0, 200);
    EXPECT_EQ(r.out.find("{\""), std::string::npos) << args;
  }
  auto count_lines = [](const std::string& s) {
    return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
  };
  RunResult all = Warta("claims --format jsonl");
  ASSERT_EQ(all.code, 0) << all.err;
  const size_t n = count_lines(all.out);

  RunResult stories = Warta("stories --format jsonl");
  ASSERT_EQ(stories.code, 0) << stories.err;
  std::string story = nlohmann::json::parse(stories.out.substr(0, stories.out.find('\n')))["story"];
  RunResult by_story = Warta("claims " + story + " --format jsonl");
  ASSERT_EQ(by_story.code, 0) << by_story.err;
  EXPECT_EQ(count_lines(by_story.out), n);
  RunResult by_flag = Warta("claims --story " + story + " --format jsonl");
  ASSERT_EQ(by_flag.code, 0) << by_flag.err;
  EXPECT_EQ(by_flag.out, by_story.out);

  for (const char* id : {"NO-SUCH-DOC", "story-00000000"}) {
    RunResult missing = Warta(std::string("claims ") + id);
    EXPECT_EQ(missing.code, 2) << id;
    EXPECT_NE(missing.err.find(id), std::string::npos) << missing.err;
  }

  // Filters, as GET /api/claims has them.
  RunResult nis = Warta("claims --source nis --what troops --format jsonl");
  ASSERT_EQ(nis.code, 0) << nis.err;
  std::istringstream lines(nis.out);
  std::string line;
  size_t kept = 0;
  while (std::getline(lines, line)) {
    nlohmann::json c = nlohmann::json::parse(line);
    EXPECT_EQ(c["what"], "troops");
    std::string who =
        c["source"].get<std::string>() + " " +
        (c["source_mention"].is_string() ? c["source_mention"].get<std::string>() : "");
    std::transform(who.begin(), who.end(), who.begin(), ::tolower);
    EXPECT_NE(who.find("nis"), std::string::npos) << line;
    ++kept;
  }
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, n);
  RunResult denies = Warta("claims --stance denies --format jsonl");
  ASSERT_EQ(denies.code, 0) << denies.err;
  EXPECT_GT(count_lines(denies.out), 0u);
  EXPECT_EQ(denies.out.find("\"stance\":\"asserts\""), std::string::npos);
  RunResult late = Warta("claims --from 2024-10-24 --to 2024-10-31 --format jsonl");
  ASSERT_EQ(late.code, 0) << late.err;
  EXPECT_GT(count_lines(late.out), 0u);
  EXPECT_LT(count_lines(late.out), n);
  EXPECT_EQ(late.out.find("\"said_date\":\"2024-10-18\""), std::string::npos);
  RunResult bad = Warta("claims --from 24/10/2024");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("--from '24/10/2024'"), std::string::npos) << bad.err;
}

// A story's ledger as schema.org ClaimReview drafts: the claim as said, the
// origin as its author, the date, every article with its URL; no rating.
TEST_F(E2eTest, ClaimReviewDraftsOfAStory) {
  WriteFile(dir_ / "wire.jsonl",
            "{\"id\":\"w1\",\"url\":\"https://example.org/quake-1\",\"outlet\":\"Example "
            "Wire\",\"published\":\"2025-02-03\",\"lang\":\"en\",\"title\":\"Quake kills 40\","
            "\"text\":\"At least 40 people were killed in the earthquake in Tarn province on "
            "Monday, the health ministry said. The governor denied that the dam had "
            "failed.\"}\n");
  ASSERT_EQ(Warta("ingest -q '" + (dir_ / "wire.jsonl").string() + "'").code, 0);
  RunResult stories = Warta("stories --format jsonl");
  ASSERT_EQ(stories.code, 0) << stories.err;
  std::string story = nlohmann::json::parse(stories.out.substr(0, stories.out.find('\n')))["story"];
  RunResult r = Warta("report " + story + " --format claimreview");
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json drafts = nlohmann::json::parse(r.out);
  ASSERT_TRUE(drafts.is_array());
  ASSERT_FALSE(drafts.empty()) << r.out;
  bool forty = false;
  for (const auto& d : drafts) {
    EXPECT_EQ(d["@context"], "https://schema.org");
    EXPECT_EQ(d["@type"], "ClaimReview");
    EXPECT_FALSE(d.contains("reviewRating")) << d.dump();
    const auto& item = d["itemReviewed"];
    EXPECT_EQ(item["@type"], "Claim");
    EXPECT_FALSE(item["author"]["name"].get<std::string>().empty());
    ASSERT_FALSE(item["appearance"].empty());
    EXPECT_EQ(item["appearance"][0]["url"], "https://example.org/quake-1");
    EXPECT_EQ(item["firstAppearance"]["publisher"]["name"], "Example Wire");
    if (d["claimReviewed"].get<std::string>().find("At least 40 people") != std::string::npos) {
      forty = true;
      EXPECT_EQ(item["datePublished"], "2025-02-03") << d.dump();
    }
  }
  EXPECT_TRUE(forty) << r.out;
}

// `warta stories --sort size|recent|id --limit N`.
TEST_F(E2eTest, StoriesSortedAndLimited) {
  WriteFile(dir_ / "other" / "flood.txt",
            "Banjir bandang melanda Kabupaten Bone Bolango pada Senin (27/01/2025). BPBD "
            "mencatat 12 rumah hanyut dan 340 warga mengungsi, kata Kepala BPBD.\n");
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "' '" + (dir_ / "other").string() + "'").code, 0);
  auto stories = [&](const std::string& args) {
    RunResult r = Warta("stories --format jsonl " + args);
    EXPECT_EQ(r.code, 0) << r.err;
    std::vector<nlohmann::json> out;
    std::istringstream lines(r.out);
    std::string line;
    while (std::getline(lines, line)) out.push_back(nlohmann::json::parse(line));
    return out;
  };
  std::vector<nlohmann::json> by_size = stories("--sort size");
  ASSERT_EQ(by_size.size(), 2u);
  EXPECT_EQ(by_size[0]["docs"].size(), 5u);
  std::vector<nlohmann::json> recent = stories("--sort recent");
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0]["first_seen"], "2025-01-27");
  std::vector<nlohmann::json> one = stories("--sort recent --limit 1");
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0]["story"], recent[0]["story"]);
  EXPECT_EQ(Warta("stories --sort biggest").code, 2);
}

TEST_F(E2eTest, DemoPrintsTheSampleCorpus) {
  RunResult r = Warta("demo");
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* s : {"000_4ca6dffac9dc008f.txt", "Asumsi.co", "2024-10-18",
                        "Liputan6.com", "2024-10-25", "Suara.com", "PARAMETERMEDIA.COM"}) {
    EXPECT_NE(r.out.find(s), std::string::npos) << s << "\n" << r.out;
  }
}

TEST_F(E2eTest, ClaimsFollowTheExportContract) {
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "'").code, 0);
  RunResult r = Warta("claims --format jsonl");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  size_t n = 0;
  std::map<std::string, std::string> originals;
  while (std::getline(lines, line)) {
    nlohmann::json c = nlohmann::json::parse(line);
    ++n;
    for (const char* field : {"doc", "start", "end", "quote", "value", "min", "max", "qualifier",
                              "what", "what_text", "subject", "location", "source",
                              "source_mention", "via", "stance", "said_date", "event_date",
                              "lang"}) {
      EXPECT_TRUE(c.contains(field)) << field << " missing in " << line;
    }
    std::string doc = c["doc"];
    if (!originals.count(doc)) originals[doc] = Slurp(fs::path(Seeds()) / doc);
    size_t start = c["start"], end = c["end"];
    ASSERT_LE(end, originals[doc].size()) << line;
    // Plain-text seeds: the clean sentence is the original bytes.
    EXPECT_EQ(originals[doc].substr(start, end - start), c["quote"].get<std::string>()) << line;
  }
  EXPECT_GT(n, 20u);

  RunResult one = Warta("claims 004_2f167f2b09e4421a.txt --format csv");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out.rfind("doc,start,end,value", 0), 0u);
  EXPECT_EQ(one.out.find("000_4ca6dffac9dc008f.txt"), std::string::npos);
}

TEST_F(E2eTest, LedgerAndReports) {
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "'").code, 0);
  RunResult r = Warta("ledger --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json ledger = nlohmann::json::parse(r.out);
  ASSERT_FALSE(ledger["groups"].empty());
  EXPECT_EQ(ledger["documents"].size(), 5u);
  bool troops = false;
  // Groups are measures (docs/ledger.md): "deployed troops", "planned_total troops".
  for (const auto& g : ledger["groups"]) {
    troops |= g["what"].get<std::string>().find("troops") != std::string::npos;
  }
  EXPECT_TRUE(troops);

  RunResult text = Warta("ledger");
  ASSERT_EQ(text.code, 0) << text.err;
  EXPECT_NE(text.out.find("troops"), std::string::npos);

  for (const char* format : {"md", "json"}) {
    RunResult rep = Warta(std::string("report --format ") + format);
    EXPECT_EQ(rep.code, 0) << format << rep.err;
    EXPECT_FALSE(rep.out.empty()) << format;
  }
  RunResult missing = Warta("ledger no-such-doc");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("no-such-doc"), std::string::npos);
}

// Issue 4's worked example: the ledger of the sample corpus.
TEST_F(E2eTest, SampleCorpusLedger) {
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "'").code, 0);
  RunResult r = Warta("ledger --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  nlohmann::json ledger = nlohmann::json::parse(r.out);
  ASSERT_FALSE(ledger["groups"].empty());
  const nlohmann::json& troops = ledger["groups"][0];
  EXPECT_EQ(troops["what"], "deployed troops");
  EXPECT_EQ(troops["subject"], "KP");
  EXPECT_EQ(troops["location"], "abroad");

  // The figures of origins whose name contains `name` (case-insensitive),
  // as "value/min/max/stance/date" strings.
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  auto figures = [&](const std::string& name) {
    std::vector<nlohmann::json> out;
    for (const auto& o : troops["origins"]) {
      if (lower(o["name"]).find(lower(name)) == std::string::npos) continue;
      for (const auto& f : o["figures"]) out.push_back(f);
    }
    return out;
  };
  auto has = [&](const std::string& name, const char* field, double v,
                 const std::string& stance = "") {
    for (const auto& f : figures(name)) {
      if (f[field].is_number() && f[field].get<double>() == v &&
          (stance.empty() || f["stance"] == stance)) {
        return true;
      }
    }
    return false;
  };
  EXPECT_TRUE(has("NIS", "value", 1500));
  EXPECT_TRUE(has("NIS", "value", 3000));
  EXPECT_FALSE(has("NIS", "value", 12000));  // a planned total: the next group
  EXPECT_TRUE(has("Zelensky", "value", 10000));
  EXPECT_TRUE(has("United States", "value", 3000));
  EXPECT_TRUE(has("AS", "min", 10000));  // tens of thousands, US officials
  EXPECT_TRUE(has("Rutte", "min", 12000, "cannot_verify"));  // NATO cannot confirm

  std::vector<std::string> kinds;
  for (const auto& v : troops["verdicts"]) kinds.push_back(v["kind"]);
  for (const char* kind : {"revised", "agreeing", "conflicting"}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), kind), kinds.end()) << kind;
  }
  bool kremlin = false, north_korea = false;
  for (const auto& s : troops["stances"]) {
    kremlin |= s["origin"] == "Kremlin" && s["stance"] == "denies";
    north_korea |= s["stance"] == "denies" && (s["origin"] == "North Korea" ||
                                               s["origin"] == "Korea Utara");
  }
  EXPECT_TRUE(kremlin);
  EXPECT_TRUE(north_korea);

  // 12,000 in all, a planned total (another measure than the troops sent):
  // the NIS through South Korean media and Ukraine's military intelligence
  // agree.
  const nlohmann::json* planned = nullptr;
  for (const auto& g : ledger["groups"]) {
    if (g["what"] == "planned_total troops") planned = &g;
  }
  ASSERT_NE(planned, nullptr);
  bool via_media = false, nis = false, intelijen = false, agreeing = false;
  for (const auto& o : (*planned)["origins"]) {
    for (const auto& f : o["figures"]) {
      if (!f["value"].is_number() || f["value"].get<double>() != 12000) continue;
      nis |= o["name"] == "NIS";
      intelijen |= lower(o["name"]).find("intelijen") != std::string::npos;
    }
    if (o["name"] != "NIS") continue;
    for (const auto& v : o["via"]) via_media |= lower(v).find("media korea selatan") == 0;
  }
  for (const auto& v : (*planned)["verdicts"]) agreeing |= v["kind"] == "agreeing";
  EXPECT_TRUE(nis);
  EXPECT_TRUE(via_media);
  EXPECT_TRUE(intelijen);  // Ukrainian military intelligence
  EXPECT_TRUE(agreeing);

  // 13,000 containers: one origin with three reports, not three sources.
  bool containers = false;
  for (const auto& g : ledger["groups"]) {
    if (g["what"].get<std::string>().find("containers") == std::string::npos) continue;
    containers = true;
    ASSERT_EQ(g["origins"].size(), 1u);
    EXPECT_EQ(g["origins"][0]["name"], "NIS");
    size_t reports = 0;
    for (const auto& f : g["origins"][0]["figures"]) reports += f["reports"].size();
    EXPECT_EQ(reports, 3u);
  }
  EXPECT_TRUE(containers);
}

TEST_F(E2eTest, StoriesAndTheirLedgers) {
  // The sample corpus is one story; two unrelated articles are two others.
  WriteFile(dir_ / "other" / "flood.txt",
            "Banjir bandang melanda Kabupaten Bone Bolango pada Senin (27/01/2025). BPBD "
            "mencatat 12 rumah hanyut dan 340 warga mengungsi, kata Kepala BPBD.\n");
  WriteFile(dir_ / "other" / "strike.txt",
            "Workers at the Calder Motors plant in Sunderland began a strike on Monday over "
            "pay. The union said 4,200 members walked out; the company said 2,900.\n");
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "' '" + (dir_ / "other").string() + "'").code, 0);
  RunResult r = Warta("stories --format jsonl");
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> stories;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) stories.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(stories.size(), 3u) << r.out;
  const nlohmann::json* seeds = nullptr;
  for (const auto& s : stories) {
    for (const char* field : {"story", "label", "docs", "first_seen", "last_seen", "languages"}) {
      EXPECT_TRUE(s.contains(field)) << field;
    }
    if (s["docs"].size() == 5) seeds = &s;
  }
  ASSERT_NE(seeds, nullptr) << r.out;
  EXPECT_EQ((*seeds)["first_seen"], "2024-10-18");

  // A story id works wherever the ledger takes a story.
  std::string id = (*seeds)["story"];
  RunResult ledger = Warta("ledger " + id + " --format json");
  ASSERT_EQ(ledger.code, 0) << ledger.err;
  nlohmann::json l = nlohmann::json::parse(ledger.out);
  EXPECT_EQ(l["documents"].size(), 5u);
  EXPECT_EQ(l["groups"][0]["what"], "deployed troops");
  EXPECT_EQ(Warta("report " + id + " --format md").code, 0);
  RunResult missing = Warta("ledger story-00000000");
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("story-00000000"), std::string::npos);
}

// Expected ledgers of our own test articles (tests/data/claims/): the
// death tolls that sources revise and dispute land in one group, with the
// disputes and denials visible.
TEST_F(E2eTest, TestArticleLedgers) {
  struct Case {
    const char* file;
    std::vector<double> killed;  // figures the "killed" group must hold
    size_t min_origins;          // independent origins among them
    const char* verdict;         // a verdict the group must carry, or ""
  } cases[] = {
      // BPBD 12 (25 Jan), BPBD's chief 19 and BNPB 17 (27 Jan).
      {"id/id01_banjir_bone_bolango.txt", {12, 17, 19}, 2, "conflicting"},
      // 9 on Monday, 14 by Wednesday.
      {"en/en01_wildfire_greece.txt", {9, 14}, 2, ""},
  };
  for (const Case& c : cases) {
    fs::remove(db_);
    std::string path = std::string(WARTA_TEST_DATA_DIR) + "/claims/" + c.file;
    ASSERT_EQ(Warta("ingest -q '" + path + "'").code, 0) << c.file;
    RunResult r = Warta("ledger --format json");
    ASSERT_EQ(r.code, 0) << r.err;
    nlohmann::json l = nlohmann::json::parse(r.out);
    const nlohmann::json* killed = nullptr;
    bool denial = false;
    for (const auto& g : l["groups"]) {
      if (g["what"] == "killed people" && g["era"].is_null() && !killed) killed = &g;
      for (const auto& st : g["stances"]) denial |= st["stance"] == "denies";
    }
    for (const auto& st : l["stances"]) denial |= st["stance"] == "denies";
    ASSERT_NE(killed, nullptr) << c.file << "\n" << r.out;
    std::set<double> values;
    for (const auto& o : (*killed)["origins"]) {
      for (const auto& f : o["figures"]) {
        if (f["value"].is_number()) values.insert(f["value"].get<double>());
      }
    }
    for (double v : c.killed) EXPECT_TRUE(values.count(v)) << c.file << ": no " << v;
    EXPECT_GE((*killed)["origins"].size(), c.min_origins) << c.file;
    if (*c.verdict) {
      bool found = false;
      for (const auto& v : (*killed)["verdicts"]) found |= v["kind"] == c.verdict;
      EXPECT_TRUE(found) << c.file << ": no " << c.verdict;
    }
    EXPECT_TRUE(denial) << c.file << ": the denial is missing";
  }
}

// The HTML report, with hostile article text, opened in headless Chromium:
// the page renders its chart, shows the hostile text as text, and a
// screenshot is kept in the build tree (artifacts/ledger-report.png).
TEST_F(E2eTest, HtmlReportInHeadlessChromium) {
  fs::path in = dir_ / "hostile";
  WriteFile(in / "a.txt",
            "Kantor berita melaporkan pada Senin (14/10/2024) bahwa 3.000 tentara "
            "<script>document.title='pwned'</script> dikirim ke Rusia, kata NIS.\n\n"
            "Pejabat \"><img src=x onerror=\"document.title='pwned'\"> mengatakan 1.500 "
            "tentara sudah tiba di Rusia.\n");
  ASSERT_EQ(Warta("ingest -q '" + in.string() + "'").code, 0);
  ASSERT_EQ(Warta("ingest -q '" + Seeds() + "'").code, 0);
  fs::path html = dir_ / "ledger.html";
  RunResult r = Warta("report --format html -o '" + html.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::string page = Slurp(html);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;"), std::string::npos);

  const char* chromium = "/usr/bin/chromium";
  ASSERT_TRUE(fs::exists(chromium)) << "Debian's chromium is needed (scripts/install-deps.sh)";
  fs::path artifacts = WARTA_ARTIFACT_DIR;
  fs::create_directories(artifacts);
  fs::path png = artifacts / "ledger-report.png";
  fs::remove(png);
  std::string flags =
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" + (dir_ / "chrome").string() + "' --window-size=1200,1800";
  std::string dom_file = (dir_ / "dom.html").string();
  std::string cmd = std::string(chromium) + flags + " --dump-dom 'file://" + html.string() +
                    "' > '" + dom_file + "' 2>/dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string dom = Slurp(dom_file);
  EXPECT_NE(dom.find("<svg"), std::string::npos);
  EXPECT_NE(dom.find("<title>Ledger: all documents</title>"), std::string::npos)
      << "a script ran and changed the title";
  EXPECT_EQ(dom.find("pwned</title>"), std::string::npos);
  cmd = std::string(chromium) + flags + " --screenshot='" + png.string() + "' 'file://" +
        html.string() + "' > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 10000u);
}

// The README's tour runs as written (from the source folder, its database
// and output in a temporary folder; `serve` left out), and every file the
// README names is in the repository.
// The README's "Follow a feed" section, run as the shell script it is, in a
// folder of its own beside links to the build and the data, with the local
// web site and `warta serve` on free loopback ports instead of 8000 and
// 8080: the watcher stores the articles, the poll that adds the fifth raises
// NIS's revision as an alert, and the page the section ends on, opened in
// headless Chromium (its script run, the DOM it leaves kept), lists the
// conflict in its Alerts view.
TEST_F(E2eTest, ReadmeFollowAFeedRuns) {
  const fs::path root = fs::path(WARTA_SOURCE_DATA_DIR).parent_path();
  const std::string readme = Slurp(root / "README.md");
  size_t start = readme.find("\n## Follow a feed\n");
  ASSERT_NE(start, std::string::npos);
  size_t end = readme.find("\n## ", start + 1);
  std::istringstream lines(readme.substr(start, end - start));
  auto free_port = [] {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port = ntohs(a.sin_port);
    }
    ::close(fd);
    return port;
  };
  const int site_port = free_port();
  int page_port = free_port();
  for (int tries = 0; page_port == site_port && tries < 5; ++tries) page_port = free_port();
  ASSERT_NE(site_port, 0);
  ASSERT_NE(page_port, 0);
  ASSERT_NE(page_port, site_port);
  std::string script = "set -e\ntrap 'kill $(jobs -p) 2>/dev/null' EXIT\n";
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("    ", 0) != 0) continue;
    line = line.substr(4);
    for (const auto& [from, to] : {std::pair{"8000", site_port}, std::pair{"8080", page_port}}) {
      for (size_t at = line.find(from); at != std::string::npos; at = line.find(from, at)) {
        line.replace(at, 4, std::to_string(to));
      }
    }
    // A moment for a server to listen.
    if (line.rfind("python3 -m http.server", 0) == 0 || line.find(" serve ") != std::string::npos) {
      line += " sleep 1";
    }
    script += line + "\n";
  }
  ASSERT_NE(script.find(" serve --listen 127.0.0.1:" + std::to_string(page_port)),
            std::string::npos)
      << "the section ends by serving the page\n"
      << script;
  const char* chromium = "/usr/bin/chromium";
  ASSERT_TRUE(fs::exists(chromium)) << "Debian's chromium is needed (scripts/install-deps.sh)";
  script += std::string(chromium) +
            " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
            " --disable-component-update --disable-sync --user-data-dir=\"$PWD/chrome\""
            " --virtual-time-budget=15000 --dump-dom 'http://127.0.0.1:" +
            std::to_string(page_port) + "/#alerts' > page.html 2> /dev/null\n";
  fs::create_directories(dir_ / "follow");
  fs::create_symlink(root / "data", dir_ / "follow" / "data");
  fs::create_symlink(fs::path(WARTA_BINARY).parent_path(), dir_ / "follow" / "build");
  WriteFile(dir_ / "follow" / "recipe.sh", script);
  std::string cmd = "cd '" + (dir_ / "follow").string() + "' && bash recipe.sh > out.txt 2> err.txt";
  int status = std::system(cmd.c_str());
  const std::string out = Slurp(dir_ / "follow" / "out.txt"),
                    err = Slurp(dir_ / "follow" / "err.txt");
  EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0) << script << "\n" << err;
  EXPECT_NE(out.find("/000_4ca6dffac9dc008f.txt"), std::string::npos) << out;
  EXPECT_NE(err.find("alert: story-"), std::string::npos) << err;
  EXPECT_NE(err.find(": revised: NIS moved its figure: 1,500 (2024-10-18) \u2192 3,000 (2024-10-25)"),
            std::string::npos)
      << err;
  EXPECT_NE(out.find("conflicting  NIS 3,000 (2024-10-25) vs Volodymyr Zelensky 10,000"),
            std::string::npos)
      << out;
  // The page's Alerts view, as a first visit sees it: every alert new.
  const std::string page = Slurp(dir_ / "follow" / "page.html");
  size_t alert = page.find("<li class=\"alert verdict-conflicting new\"");
  ASSERT_NE(alert, std::string::npos) << page;
  EXPECT_NE(page.find("NIS 3,000 (2024-10-25) vs Volodymyr Zelensky 10,000", alert),
            std::string::npos)
      << page;
  EXPECT_NE(page.find("alerts in 1 story so far (your first visit)"), std::string::npos) << page;
}

TEST_F(E2eTest, ReadmeTourRunsAndItsFilesExist) {
  const fs::path root = fs::path(WARTA_SOURCE_DATA_DIR).parent_path();
  const std::string readme = Slurp(root / "README.md");
  ASSERT_FALSE(readme.empty());
  std::istringstream lines(readme);
  std::string line, story;
  size_t ran = 0;
  std::string section;
  while (std::getline(lines, line)) {
    if (line.rfind("## ", 0) == 0) section = line;
    // Run as a whole, with its local web site, by ReadmeFollowAFeedRuns.
    if (section == "## Follow a feed") continue;
    const std::string prefix = "    ./build/warta ";
    if (line.rfind(prefix, 0) != 0) continue;
    std::string args = line.substr(prefix.size());
    if (size_t hash = args.find("   #"); hash != std::string::npos) args.resize(hash);
    if (args.find(" serve") != std::string::npos) continue;
    auto replace = [&](const std::string& from, const std::string& to) {
      for (size_t at = args.find(from); at != std::string::npos;
           at = args.find(from, at + to.size())) {
        args.replace(at, from.size(), to);
      }
    };
    replace("--db tour.db", "--db '" + (dir_ / "tour.db").string() + "'");
    replace("-o ledger.html", "-o '" + (dir_ / "ledger.html").string() + "'");
    if (args.find("STORY") != std::string::npos) {
      ASSERT_FALSE(story.empty()) << "the tour names a story before listing them: " << line;
      replace("STORY", story);
    }
    std::string cmd = "cd '" + root.string() + "' && '" + WARTA_BINARY + "' " + args + " > '" +
                      (dir_ / "out.txt").string() + "' 2> '" + (dir_ / "err.txt").string() + "'";
    int status = std::system(cmd.c_str());
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0) << line << "\n"
                                                               << Slurp(dir_ / "err.txt");
    ++ran;
    if (args.find("stories") == 0 || args.find(" stories") != std::string::npos) {
      std::string out = Slurp(dir_ / "out.txt");
      size_t at = out.find("story-");
      ASSERT_NE(at, std::string::npos) << out;
      story = out.substr(at, out.find(' ', at) - at);
    }
  }
  EXPECT_GE(ran, 10u);

  // Every `path` with a slash or a known extension names a file or folder of
  // the repository (placeholders in capitals and URLs aside).
  size_t checked = 0;
  for (size_t at = readme.find('`'); at != std::string::npos;) {
    size_t end = readme.find('`', at + 1);
    if (end == std::string::npos) break;
    std::string word = readme.substr(at + 1, end - at - 1);
    at = readme.find('`', end + 1);
    if (word.find(' ') != std::string::npos || word.find("://") != std::string::npos ||
        word.find('<') != std::string::npos || word.find('*') != std::string::npos) {
      continue;
    }
    bool upper_placeholder =
        std::any_of(word.begin(), word.end(),
                    [](char c) { return std::isupper(static_cast<unsigned char>(c)); }) &&
        word.find('/') == std::string::npos;
    const bool path_like = word.find('/') != std::string::npos ||
                           (word.size() > 3 && (word.ends_with(".md") || word.ends_with(".sh") ||
                                                word.ends_with(".txt") || word.ends_with(".tsv") ||
                                                word.ends_with(".h") || word.ends_with(".cc")));
    if (!path_like || upper_placeholder || word[0] == '/' || word[0] == '-') continue;
    if (word == "warta.db" || word == "tour.db") continue;  // made by the tour
    EXPECT_TRUE(fs::exists(root / word)) << "README names " << word << ", not in the repository";
    ++checked;
  }
  // And every link to a file: [text](path).
  for (size_t at = readme.find("]("); at != std::string::npos; at = readme.find("](", at + 2)) {
    size_t end = readme.find(')', at);
    std::string target = readme.substr(at + 2, end - at - 2);
    if (target.empty() || target[0] == '#' || target.find("://") != std::string::npos) continue;
    EXPECT_TRUE(fs::exists(root / target))
        << "README links " << target << ", not in the repository";
    ++checked;
  }
  EXPECT_GE(checked, 15u);
  // The docs name no file outside the repository (the team's shared data
  // sets are described, not given as paths).
  for (const char* doc :
       {"README.md", "docs/api.md", "docs/claims.md", "docs/deploy.md", "docs/design.md",
        "docs/formats.md", "docs/guide.md", "docs/pages.md", "docs/schema.md", "docs/text.md"}) {
    const std::string text = Slurp(root / doc);
    EXPECT_EQ(text.find("../shared"), std::string::npos) << doc;
    EXPECT_EQ(text.find("/work/"), std::string::npos) << doc;
  }
}

// Issue 17, items 8 and 9: the page's own words set in capitals and video
// teasers are not article text; a PDF is named as such, not "binary".
TEST_F(E2eTest, PageUiLinesAndPdfs) {
  WriteFile(dir_ / "in" / "page.html",
            "<html lang=\"id\"><head><title>Banjir di Medan</title></head><body><article>"
            "<h1>Banjir di Medan</h1>"
            "<p>Banjir melanda Kota Medan pada hari Senin, kata BPBD setempat kepada wartawan.</p>"
            "<div class=\"x\">SCROLL TO CONTINUE WITH CONTENT</div>"
            "<p>Sebanyak 340 warga mengungsi ke masjid dan sekolah terdekat, kata petugas.</p>"
            "<p>ADVERTISEMENT</p>"
            "<p>Simak juga Video: Detik-detik Banjir Terjang Permukiman</p>"
            "<p>Petugas masih mendata kerugian akibat banjir tersebut hingga malam hari.</p>"
            "</article></body></html>");
  WriteFile(dir_ / "in" / "report.pdf",
            "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\nBT (5,000 troops) Tj ET\n%%EOF\n");
  RunResult r = Warta("ingest '" + (dir_ / "in").string() + "'");
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.err.find("report.pdf: invalid argument: unsupported format (PDF)"), std::string::npos)
      << r.err;
  std::string text = Show("page.html")["text"];
  EXPECT_NE(text.find("340 warga mengungsi"), std::string::npos) << text;
  EXPECT_NE(text.find("hingga malam hari"), std::string::npos) << text;
  for (const char* gone : {"SCROLL TO CONTINUE", "ADVERTISEMENT", "Simak juga Video"}) {
    EXPECT_EQ(text.find(gone), std::string::npos) << gone << "\n" << text;
  }
  RunResult claims = Warta("claims --format jsonl");
  EXPECT_EQ(claims.out.find("obj"), std::string::npos) << claims.out;
}

// On a terminal the progress line gives the inputs' total and an ETA.
TEST_F(E2eTest, ProgressLineWithTotalAndEta) {
  ASSERT_TRUE(fs::exists("/usr/bin/script")) << "util-linux's script runs warta on a terminal";
  fs::path in = dir_ / "many";
  for (int i = 0; i < 4000; ++i) {
    WriteFile(in / ("a" + std::to_string(10000 + i) + ".txt"),
              "Berita nomor " + std::to_string(i) + ": harga cabai naik " + std::to_string(i % 50) +
                  " persen di pasar hari ini, kata pedagang.\n");
  }
  fs::path log = dir_ / "terminal.txt";
  std::string cmd = "/usr/bin/script -qec \"'" + std::string(WARTA_BINARY) + "' --db '" + db_ +
                    "' ingest '" + in.string() + "'\" /dev/null > '" + log.string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::string shown = Slurp(log);
  EXPECT_NE(shown.find("% of 3"), std::string::npos) << shown.substr(0, 2000);  // of 3xx KB
  EXPECT_NE(shown.find(", ETA "), std::string::npos) << shown.substr(0, 2000);
  EXPECT_NE(shown.find("4000 new"), std::string::npos)
      << shown.substr(shown.size() > 2000 ? shown.size() - 2000 : 0);
}

TEST_F(E2eTest, KilledIngestCompletesOnRerun) {
  fs::path in = dir_ / "many";
  const int kArticles = 400;
  for (int i = 0; i < kArticles; ++i) {
    WriteFile(in / ("a" + std::to_string(1000 + i) + ".txt"),
              "Berita nomor " + std::to_string(i) + ": harga cabai naik " +
                  std::to_string(i % 50) + " persen di pasar hari ini.\n");
  }
  std::string cmd_args = "ingest -q '" + in.string() + "'";
  for (int attempt = 0; attempt < 3; ++attempt) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      execl(WARTA_BINARY, WARTA_BINARY, "--db", db_.c_str(), "ingest", "-q",
            in.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30 + 40 * attempt));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
  }
  RunResult r = Warta(cmd_args);
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<nlohmann::json> docs = DocsJsonl();
  ASSERT_EQ(docs.size(), static_cast<size_t>(kArticles));
  for (int i = 0; i < kArticles; ++i) {
    EXPECT_EQ(docs[static_cast<size_t>(i)]["id"], "a" + std::to_string(1000 + i) + ".txt");
  }
}

}  // namespace
