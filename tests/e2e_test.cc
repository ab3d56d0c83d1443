// End-to-end tests: run the built `warta` binary as a user would, on the
// bundled sample corpus and on a batch of bad inputs, against a real SQLite
// file in a temporary folder.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
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

namespace {
namespace fs = std::filesystem;

struct RunResult {
  int code = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << bytes;
}

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

class E2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("warta_e2e_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "warta.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `warta ARGS` with --db pointing into the temp folder.
  RunResult Warta(const std::string& args, const std::string& stdin_text = "") {
    fs::path in = dir_ / "stdin.txt", out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    WriteFile(in, stdin_text);
    std::string cmd = std::string("'") + WARTA_BINARY + "' --db '" + db_ + "' " + args +
                      " < '" + in.string() + "' > '" + out.string() + "' 2> '" +
                      err.string() + "'";
    int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

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

  fs::path dir_;
  std::string db_;
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
  EXPECT_EQ(Show("stdin")["text"], "Banjir melanda Jakarta pada hari Senin, kata BNPB.");

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
  }
  RunResult r = Warta("nosuchcommand");
  EXPECT_NE(r.code, 0);
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
