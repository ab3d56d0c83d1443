#include "warta/ledger.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace warta {
namespace {

Claim Amount(const std::string& doc, double value, const std::string& what,
             const std::string& source, const std::string& date, const std::string& location,
             const std::string& qualifier = "exact", const std::string& stance = "asserts") {
  Claim c;
  c.doc = doc;
  c.value = value;
  c.min = value;
  c.max = qualifier == "more_than" ? std::nullopt : std::optional<double>(value);
  c.qualifier = qualifier;
  c.what = what;
  c.what_text = what == "troops" ? "pasukan" : what;
  c.subject = "KP";
  c.location = location;
  c.source = source;
  c.stance = stance;
  c.said_date = date;
  c.quote = "claim of " + source;
  return c;
}

Claim Vague(const std::string& doc, double min, double max, const std::string& source) {
  Claim c = Amount(doc, 0, "troops", source, "", "RU", "vague");
  c.value.reset();
  c.min = min;
  c.max = max;
  return c;
}

Claim Stance(const std::string& doc, const std::string& source, const std::string& stance,
             const std::string& quote) {
  Claim c;
  c.doc = doc;
  c.what = "stance";
  c.source = source;
  c.stance = stance;
  c.quote = quote;
  return c;
}

// The sample corpus, as the claim extractor is meant to read it.
LedgerInput SampleStory() {
  LedgerInput in;
  in.story = "sample";
  in.docs = {{"000", "Asumsi.co", "2024-10-18", ""},
             {"001", "PARAMETERMEDIA.COM", "", ""},
             {"002", "", "", ""},
             {"003", "Suara.com", "", ""},
             {"004", "Liputan6.com", "2024-10-25", ""}};
  Claim via_media = Amount("002", 12000, "troops", "NIS", "2024-10-18", "RU");
  via_media.via = {"media Korea Selatan"};
  Claim home = Amount("002", 1200000, "troops", "OUTLET", "", "KP");
  in.claims = {
      Amount("000", 1500, "troops", "NIS", "2024-10-18", "RU"),
      Amount("000", 13000, "containers", "NIS", "2024-10-18", "RU"),
      Amount("002", 1500, "troops", "NIS", "2024-10-18", "RU"),
      Amount("002", 13000, "containers", "NIS", "", "RU", "more_than"),
      via_media,
      home,
      Amount("002", 10000, "troops", "Volodymyr Zelensky", "2024-10-17", "UA"),
      Vague("001", 10000, 99999, "Amerika Serikat"),
      Amount("001", 12000, "troops", "NATO", "", "UA", "more_than", "cannot_verify"),
      Amount("003", 13000, "containers", "NIS", "2024-10-18", "RU", "more_than"),
      Amount("004", 12000, "troops", "Intelijen Ukraina", "2024-10-24", "RU", "approx"),
      Amount("004", 3000, "troops", "Amerika Serikat", "2024-10-23", "RU"),
      Amount("004", 3000, "troops", "NIS", "2024-10-23", "RU"),
      Stance("004", "Kremlin", "denies",
             "Kremlin sebelumnya menepis laporan tentang pengerahan pasukan Korea Utara"),
      Stance("004", "Korea Utara", "denies", "Namun, hal ini dibantah Korea Utara."),
  };
  return in;
}

const LedgerGroup* FindGroup(const Ledger& l, const std::string& key) {
  for (const LedgerGroup& g : l.groups) {
    if (g.key == key) return &g;
  }
  return nullptr;
}

const LedgerOrigin* FindOrigin(const LedgerGroup& g, const std::string& name) {
  for (const LedgerOrigin& o : g.origins) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

bool HasVerdict(const LedgerGroup& g, VerdictKind kind, const std::string& a,
                const std::string& b = "") {
  for (const LedgerVerdict& v : g.verdicts) {
    if (v.kind != kind) continue;
    bool has_a = std::find(v.origins.begin(), v.origins.end(), a) != v.origins.end();
    bool has_b = b.empty() || std::find(v.origins.begin(), v.origins.end(), b) != v.origins.end();
    if (has_a && has_b) return true;
  }
  return false;
}

TEST(LedgerTest, SampleStoryTroopsGroup) {
  Ledger l = BuildLedger(SampleStory());
  const LedgerGroup* troops = FindGroup(l, "troops|KP|abroad");
  ASSERT_NE(troops, nullptr);
  EXPECT_EQ(l.groups.front().key, "troops|KP|abroad");  // the most reported
  // Origins, citation chains collapsed: 12,000 "via media Korea Selatan" is NIS's.
  const LedgerOrigin* nis = FindOrigin(*troops, "NIS");
  ASSERT_NE(nis, nullptr);
  EXPECT_EQ(nis->via, std::vector<std::string>{"media Korea Selatan"});
  std::vector<std::string> labels;
  for (const LedgerFigure& f : nis->figures) labels.push_back(f.label + "@" + f.date);
  EXPECT_EQ(labels, (std::vector<std::string>{"1,500@2024-10-18", "12,000@2024-10-18",
                                               "3,000@2024-10-23"}));
  EXPECT_EQ(nis->figures[0].reports.size(), 2u);  // 000 and 002
  EXPECT_NE(FindOrigin(*troops, "Volodymyr Zelensky"), nullptr);
  EXPECT_NE(FindOrigin(*troops, "Intelijen Ukraina"), nullptr);
  EXPECT_NE(FindOrigin(*troops, "NATO"), nullptr);
  // Verdicts.
  EXPECT_TRUE(HasVerdict(*troops, VerdictKind::kRevised, "NIS"));
  EXPECT_TRUE(HasVerdict(*troops, VerdictKind::kAgreeing, "NIS", "Amerika Serikat"));
  EXPECT_TRUE(HasVerdict(*troops, VerdictKind::kAgreeing, "NIS", "Intelijen Ukraina"));
  EXPECT_TRUE(HasVerdict(*troops, VerdictKind::kConflicting, "NIS", "Volodymyr Zelensky"));
  // NATO could not verify: shown as a stance, no part in agreement.
  EXPECT_FALSE(HasVerdict(*troops, VerdictKind::kAgreeing, "NATO"));
  bool nato_stance = false, kremlin = false, north_korea = false;
  for (const LedgerStance& s : troops->stances) {
    nato_stance |= s.origin == "NATO" && s.stance == "cannot_verify";
    kremlin |= s.origin == "Kremlin" && s.stance == "denies";
    north_korea |= s.origin == "Korea Utara" && s.stance == "denies";
  }
  EXPECT_TRUE(nato_stance);
  EXPECT_TRUE(kremlin);      // its sentence names the troops
  EXPECT_TRUE(north_korea);  // no counted words: the most reported group
}

TEST(LedgerTest, OneOriginManyReportsIsOneSource) {
  Ledger l = BuildLedger(SampleStory());
  const LedgerGroup* containers = FindGroup(l, "containers|KP|abroad");
  ASSERT_NE(containers, nullptr);
  ASSERT_EQ(containers->origins.size(), 1u);
  EXPECT_EQ(containers->origins[0].name, "NIS");
  size_t reports = 0;
  for (const LedgerFigure& f : containers->origins[0].figures) reports += f.reports.size();
  EXPECT_EQ(reports, 3u);
  // "13.000" and "lebih dari 13.000" overlap: no revision, no conflict.
  EXPECT_TRUE(containers->verdicts.empty());
}

TEST(LedgerTest, HomeArmyIsItsOwnGroup) {
  Ledger l = BuildLedger(SampleStory());
  const LedgerGroup* home = FindGroup(l, "troops|KP|KP");
  ASSERT_NE(home, nullptr);
  ASSERT_EQ(home->origins.size(), 1u);
  // 002's outlet is unknown: the document id stands in for it.
  EXPECT_EQ(home->origins[0].name, "OUTLET:002");
}

TEST(LedgerTest, MissingSubjectTakesTheStorysCommonest) {
  LedgerInput in;
  in.story = "s";
  Claim a = Amount("a", 100, "killed", "Police", "2024-01-02", "ID");
  Claim b = Amount("b", 120, "killed", "Red Cross", "2024-01-01", "ID");
  a.subject = "ID";
  b.subject = "";
  in.claims = {a, b};
  Ledger l = BuildLedger(in);
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_EQ(l.groups[0].key, "killed people|ID|ID");
  EXPECT_TRUE(HasVerdict(l.groups[0], VerdictKind::kConflicting, "Police", "Red Cross"));
}

TEST(LedgerTest, FarApartInTimeIsNotAConflict) {
  LedgerInput in;
  Claim a = Amount("a", 100, "killed", "Police", "2024-01-01", "ID");
  Claim b = Amount("b", 500, "killed", "Red Cross", "2024-03-01", "ID");
  in.claims = {a, b};
  Ledger l = BuildLedger(in);
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_FALSE(HasVerdict(l.groups[0], VerdictKind::kConflicting, "Police"));
}

// A toll only grows as it is counted: the Red Cross's 56 dead on Monday and
// BNPB's 62 on Tuesday are two moments of one count; the governor's 162 on
// Monday against BNPB's 62 on Tuesday is a conflict.
TEST(LedgerTest, ARunningTotalRisingOverDaysIsNotAConflict) {
  LedgerInput rising;
  rising.claims = {Amount("a", 56, "killed", "PMI", "2022-11-21", "ID"),
                   Amount("b", 62, "killed", "BNPB", "2022-11-22", "ID")};
  Ledger l = BuildLedger(rising);
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_FALSE(HasVerdict(l.groups[0], VerdictKind::kConflicting, "PMI"));
  LedgerInput falling;
  falling.claims = {Amount("a", 162, "killed", "Ridwan Kamil", "2022-11-21", "ID"),
                    Amount("b", 62, "killed", "BNPB", "2022-11-22", "ID")};
  Ledger f = BuildLedger(falling);
  ASSERT_EQ(f.groups.size(), 1u);
  EXPECT_TRUE(HasVerdict(f.groups[0], VerdictKind::kConflicting, "Ridwan Kamil"));
  // One day, two articles: the hours are unknown, so BNPB's 46 and the Red
  // Cross's 56 are two moments; one article giving both sets them side by
  // side, a conflict.
  LedgerInput one_day;
  one_day.claims = {Amount("a", 46, "killed", "BNPB", "2022-11-21", "ID"),
                    Amount("b", 56, "killed", "PMI", "2022-11-21", "ID")};
  Ledger d = BuildLedger(one_day);
  ASSERT_EQ(d.groups.size(), 1u);
  EXPECT_FALSE(HasVerdict(d.groups[0], VerdictKind::kConflicting, "PMI"));
  LedgerInput one_article;
  Claim chief = Amount("a", 19, "killed", "Kepala BPBD", "2022-11-21", "ID");
  chief.text_start = 120;  // another sentence of the article
  one_article.claims = {Amount("a", 17, "killed", "BNPB", "2022-11-21", "ID"), chief};
  Ledger o = BuildLedger(one_article);
  ASSERT_EQ(o.groups.size(), 1u);
  EXPECT_TRUE(HasVerdict(o.groups[0], VerdictKind::kConflicting, "BNPB"));
}

TEST(LedgerTest, PastEventsAreTheirOwnGroup) {
  LedgerInput in;
  in.docs = {{"a", "Wire", "2024-08-14", ""}};
  Claim now = Amount("a", 14, "killed", "Fire service", "2024-08-14", "GR");
  Claim past = Amount("a", 100, "killed", "OUTLET", "", "GR", "more_than");
  past.event_date = "2018-07-23";
  in.claims = {now, past};
  Ledger l = BuildLedger(in);
  ASSERT_EQ(l.groups.size(), 2u);
  EXPECT_NE(FindGroup(l, "killed people|KP|abroad"), nullptr);
  EXPECT_NE(FindGroup(l, "killed people|KP|abroad|2018-07"), nullptr);
  for (const LedgerGroup& g : l.groups) EXPECT_TRUE(g.verdicts.empty()) << g.key;
}

TEST(LedgerTest, NoClaimsNoGroups) {
  LedgerInput in;
  in.claims = {Stance("a", "Kremlin", "denies", "fake news")};
  Ledger l = BuildLedger(in);
  EXPECT_TRUE(l.groups.empty());
  ASSERT_EQ(l.stances.size(), 1u);
}

// A claim as the extractor makes it from `quote` (measures read it).
Claim Said(const std::string& doc, double value, const std::string& quote,
           const std::string& what, const std::string& what_text, const std::string& source,
           const std::string& qualifier = "exact", const std::string& lang = "en") {
  Claim c;
  c.doc = doc;
  c.value = c.min = value;
  c.max = qualifier == "more_than" ? std::nullopt : std::optional<double>(value);
  c.qualifier = qualifier;
  c.what = what;
  c.what_text = what_text;
  c.source = source;
  c.quote = quote;
  c.lang = lang;
  return c;
}

LedgerInput Story(std::vector<Claim> claims) {
  LedgerInput in;
  in.story = "t";
  for (const Claim& c : claims) {
    bool known = std::any_of(in.docs.begin(), in.docs.end(),
                             [&](const LedgerDoc& d) { return d.id == c.doc; });
    if (!known) in.docs.push_back({c.doc, c.doc, "", ""});
  }
  in.claims = std::move(claims);
  return in;
}

size_t Count(const Ledger& l, VerdictKind kind) {
  size_t n = 0;
  for (const LedgerGroup& g : l.groups) {
    for (const LedgerVerdict& v : g.verdicts) n += v.kind == kind;
  }
  return n;
}

// "more than 30" fits both 30 and 40 but must not make them agree.
TEST(LedgerVerdictTest, OpenFiguresNeverLinkTwoSets) {
  Ledger l = BuildLedger(Story({
      Said("a", 40, "The jury deliberated for 40 hours.", "other", "hours", "OUTLET"),
      Said("b", 30, "The jury deliberated for 30 hours.", "other", "hours", "Clerk"),
      Said("c", 30, "The jury deliberated for more than 30 hours.", "other", "hours", "Judge",
           "more_than"),
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 1u);
}

// 13,255 and 13,200 billion: a rounding, not a conflict.
TEST(LedgerVerdictTest, ARoundingAgrees) {
  Ledger l = BuildLedger(Story({
      Said("a", 13255e9, "Anggaran Rp 13.255 miliar disetujui, kata menteri.", "money", "", "Menteri",
           "exact", "id"),
      Said("b", 13200e9, "Anggaran Rp 13.200 miliar disetujui, kata DPR.", "money", "", "DPR", "exact",
           "id"),
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 0u);
  EXPECT_EQ(Count(l, VerdictKind::kAgreeing), 1u);
}

// A sum in rupiah and one in dollars are two measures: no revision.
TEST(LedgerVerdictTest, MoneyOnlyWithinOneCurrency) {
  Ledger l = BuildLedger(Story({
      Said("a", 15e12, "Anggaran Rp 15 triliun, kata menteri.", "money", "", "Menteri", "exact", "id"),
      Said("b", 1e9, "Anggaran US$ 1 miliar, kata menteri.", "money", "", "Menteri", "exact", "id"),
  }));
  EXPECT_EQ(l.groups.size(), 2u);
  EXPECT_EQ(Count(l, VerdictKind::kRevised), 0u);
}

// 12,000 planned in all is not the 1,500 sent: no "moved its figure".
TEST(LedgerVerdictTest, APlannedTotalIsNotARevision) {
  Ledger l = BuildLedger(Story({
      Said("a", 1500, "Korea Utara mengirim 1.500 pasukan khusus ke Rusia, kata NIS.", "troops",
           "pasukan khusus", "NIS", "exact", "id"),
      Said("b", 12000, "Korea Utara berencana mengirim total 12.000 tentara, kata NIS.", "troops",
           "tentara", "NIS", "exact", "id"),
  }));
  EXPECT_EQ(l.groups.size(), 2u);
  EXPECT_EQ(Count(l, VerdictKind::kRevised), 0u);
}

// Two figures of one origin in one article are two things, not a move;
// the same in two articles is.
TEST(LedgerVerdictTest, ARevisionNeedsTwoArticles) {
  Ledger one = BuildLedger(Story({
      Said("a", 12, "Police said 12 people were injured.", "wounded", "people", "police"),
      Said("a", 18, "Police said 18 people were injured.", "wounded", "people", "police"),
  }));
  EXPECT_EQ(Count(one, VerdictKind::kRevised), 0u);
  Ledger two = BuildLedger(Story({
      Said("a", 12, "Police said 12 people were injured.", "wounded", "people", "police"),
      Said("b", 18, "Police said 18 people were injured.", "wounded", "people", "police"),
  }));
  EXPECT_EQ(Count(two, VerdictKind::kRevised), 1u);
}

// An origin that lists three sums in one article is enumerating (bribes to
// several people), so its sums in the next article are no revision.
TEST(LedgerVerdictTest, AnEnumerationIsNotARevision) {
  Ledger l = BuildLedger(Story({
      Said("a", 4e9, "Suap Rp 4 miliar diterima terdakwa A, kata jaksa.", "money", "", "Jaksa",
           "exact", "id"),
      Said("a", 3e9, "Suap Rp 3 miliar diterima terdakwa B, kata jaksa.", "money", "", "Jaksa",
           "exact", "id"),
      Said("a", 2.5e9, "Suap Rp 2,5 miliar diterima terdakwa C, kata jaksa.", "money", "", "Jaksa",
           "exact", "id"),
      Said("b", 3.5e9, "Suap Rp 3,5 miliar diterima terdakwa D, kata jaksa.", "money", "", "Jaksa",
           "exact", "id"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kRevised), 0u);
}

// An outlet's own voice giving two figures of a measure in one article
// speaks of two things: its later article's figure revises neither.
TEST(LedgerVerdictTest, AnOutletsTwoFiguresInOneArticleAreTwoThings) {
  Claim later = Said("b", 100, "More than 100 were killed since Friday.", "killed", "people",
                     "OUTLET:x");
  later.said_date = "2017-08-28";
  Claim security = Said("a", 12, "12 security officers were killed.", "killed", "people",
                        "OUTLET:x");
  Claim militants = Said("a", 77, "On the militants' side, 77 were killed.", "killed", "people",
                         "OUTLET:x");
  security.said_date = militants.said_date = "2017-08-27";
  Ledger l = BuildLedger(Story({security, militants, later}));
  EXPECT_EQ(Count(l, VerdictKind::kRevised), 0u);
  // A source may tell its change in one article and move again later.
  Claim before = Said("a", 12, "Police said 12 were hurt.", "wounded", "people", "police");
  Claim now = Said("a", 18, "Police now say 18 were hurt.", "wounded", "people", "police");
  Claim next = Said("b", 25, "Police said 25 were hurt.", "wounded", "people", "police");
  Ledger source = BuildLedger(Story({before, now, next}));
  EXPECT_EQ(Count(source, VerdictKind::kRevised), 1u);
}

// An outlet's own voice going back and forth over its articles restates
// figures of different things; a source's 12 -> 13 -> 12 is its revision.
TEST(LedgerVerdictTest, AnOutletGoingBackAndForthIsNoRevision) {
  auto at = [](Claim c, const char* date) {
    c.said_date = date;
    return c;
  };
  Ledger outlet = BuildLedger(Story({
      at(Said("a", 400000, "400,000 refugees fled to Bangladesh.", "people", "refugees", "OUTLET:x"),
         "2017-08-28"),
      at(Said("b", 125000, "125,000 people fled to Bangladesh.", "people", "refugees", "OUTLET:x"),
         "2017-09-07"),
      at(Said("c", 400000, "400,000 refugees fled to Bangladesh.", "people", "refugees",
              "OUTLET:x"),
         "2017-09-27"),
  }));
  ASSERT_EQ(outlet.groups.size(), 1u);
  EXPECT_EQ(Count(outlet, VerdictKind::kRevised), 0u);
  Ledger source = BuildLedger(Story({
      at(Said("a", 12, "Police said 12 were hurt.", "wounded", "people", "police"), "2017-08-28"),
      at(Said("b", 13, "Police said 13 were hurt.", "wounded", "people", "police"), "2017-08-29"),
      at(Said("c", 12, "Police said 12 were hurt.", "wounded", "people", "police"), "2017-08-30"),
  }));
  EXPECT_EQ(Count(source, VerdictKind::kRevised), 1u);
}

// 6 killed and 600,000 killed are not two estimates of one figure.
TEST(LedgerVerdictTest, OrdersOfMagnitudeApartAreNotAConflict) {
  Ledger l = BuildLedger(Story({
      Said("a", 6, "Six people were killed, police said.", "killed", "people", "police"),
      Said("b", 600000, "The war killed 600,000 people, the UN said.", "killed", "people", "UN"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 0u);
}

// "Prabowo", "Prabowo Subianto" and a curly-apostrophe spelling are one
// speaker each.
TEST(LedgerOriginTest, NameVariantsMerge) {
  Ledger l = BuildLedger(Story({
      Said("a", 3000, "Prabowo said 3,000 troops were sent.", "troops", "troops", "Prabowo"),
      Said("b", 3000, "Prabowo Subianto said 3,000 troops were sent.", "troops", "troops",
           "Prabowo Subianto"),
      Said("c", 3000, "The ministry said 3,000 troops were sent.", "troops", "troops",
           "Israel\xE2\x80\x99s military"),
      Said("d", 3000, "The military said 3,000 troops were sent.", "troops", "troops",
           "Israel's military"),
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_EQ(l.groups[0].origins.size(), 2u);
  EXPECT_NE(FindOrigin(l.groups[0], "Prabowo Subianto"), nullptr);
}

// An office named before a person's name is that person later on.
// A person whose office names a body of the story speaks for it: the head
// of BPS quoting BPS's figure is one origin with BPS, not a second one.
TEST(LedgerOriginTest, APersonSpeaksForTheBodyHisOfficeNames) {
  Claim head = Said("a", 12.57e9, "Kepala BPS Suhariyanto mengatakan ekspor mencapai 12,57 miliar dolar AS.",
                    "money", "", "Suhariyanto", "exact", "id");
  head.source_mention = "Kepala BPS Suhariyanto";
  Ledger l = BuildLedger(Story({
      head,
      Said("b", 12.57e9, "BPS mencatat ekspor mencapai 12,57 miliar dolar AS.", "money", "", "BPS",
           "exact", "id"),
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  ASSERT_EQ(l.groups[0].origins.size(), 1u);
  EXPECT_EQ(l.groups[0].origins[0].name, "BPS");
}

// An acronym that ends several descriptions is the body they describe; a
// person whose English office opens with the body speaks for it.
TEST(LedgerOriginTest, DescriptionsOfOneBodyAreThatBody) {
  Claim head = Said("c", 268, "The toll rose to 268, BNPB head Suharyanto said.", "killed", "people",
                    "Suharyanto");
  head.source_mention = "BNPB head Suharyanto";
  Ledger l = BuildLedger(Story({
      Said("a", 14, "At least 14 were killed, the BNPB said.", "killed", "people", "BNPB"),
      Said("b", 62, "Indonesia's disaster agency BNPB said 62 were killed.", "killed", "people",
           "Indonesia's disaster agency BNPB"),
      Said("d", 14, "Menurut data sementara BNPB, 14 orang tewas.", "killed", "orang",
           "data sementara BNPB", "exact", "id"),
      head,
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  ASSERT_EQ(l.groups[0].origins.size(), 1u);
  EXPECT_EQ(l.groups[0].origins[0].name, "BNPB");
}

TEST(LedgerOriginTest, AnOfficeBeforeANameIsThatPerson) {
  Claim titled = Said("a", 5, "Mendikbud Muhadjir Effendy mengatakan sekolah lima hari.", "other",
                      "hari", "Muhadjir Effendy", "exact", "id");
  titled.source_mention = "Mendikbud Muhadjir Effendy";
  Ledger l = BuildLedger(Story({
      titled,
      Said("b", 5, "Mendikbud mengatakan sekolah lima hari.", "other", "hari", "Mendikbud",
           "exact", "id"),
  }));
  ASSERT_EQ(l.groups.size(), 1u);
  ASSERT_EQ(l.groups[0].origins.size(), 1u);
  EXPECT_EQ(l.groups[0].origins[0].name, "Muhadjir Effendy");
}

// Names the alias tables know (data/lang/<code>/origin-aliases.tsv) are
// one origin: an office under its abbreviation and in full before the
// minister's name, a body in Indonesian and in English, a single name
// inside a longer one after a truncated title.
TEST(LedgerOriginTest, AliasesAndNameWordsAreOneOrigin) {
  Claim titled = Said("a", 8, "Menteri Pendidikan dan Kebudayaan Muhadjir Effendy menegaskan "
                      "durasi delapan jam per hari.", "other", "jam", "Muhadjir Effendy",
                      "exact", "id");
  titled.source_mention = "Menteri Pendidikan dan Kebudayaan Muhadjir Effendy";
  Ledger office = BuildLedger(Story({
      titled,
      Said("b", 8, "Mendikbud menegaskan delapan jam itu adalah beban kerja guru.", "other", "jam",
           "Mendikbud", "exact", "id"),
  }));
  ASSERT_EQ(office.groups.size(), 1u);
  ASSERT_EQ(office.groups[0].origins.size(), 1u);
  EXPECT_EQ(office.groups[0].origins[0].name, "Muhadjir Effendy");
  // The ministry speaks through its minister.
  Ledger ministry = BuildLedger(Story({
      titled,
      Said("c", 8, "Kementerian Pendidikan dan Kebudayaan menyatakan delapan jam belajar per hari.",
           "other", "jam", "Kementerian Pendidikan dan Kebudayaan", "exact", "id"),
  }));
  ASSERT_EQ(ministry.groups.size(), 1u);
  EXPECT_EQ(ministry.groups[0].origins.size(), 1u);

  Ledger body = BuildLedger(Story({
      Said("a", 12000, "Sekitar 12.000 tentara dikirim, kata badan intelijen Ukraina.", "troops",
           "tentara", "badan intelijen Ukraina", "exact", "id"),
      Said("b", 12000, "Some 12,000 troops were sent, Ukraine's military intelligence said.",
           "troops", "troops", "Ukraine's military intelligence"),
  }));
  ASSERT_EQ(body.groups.size(), 1u);
  EXPECT_EQ(body.groups[0].origins.size(), 1u);

  Ledger inside = BuildLedger(Story({
      Said("a", 65, "Dukungan minimal 65 persen, kata Golkar Idrus Marham.", "percent", "persen",
           "Golkar Idrus Marham", "exact", "id"),
      Said("b", 65, "Ya minimal 65 persen, ujar Idrus.", "percent", "persen", "Idrus", "exact",
           "id"),
  }));
  ASSERT_EQ(inside.groups.size(), 1u);
  EXPECT_EQ(inside.groups[0].origins.size(), 1u);

  Ledger short_form = BuildLedger(Story({
      Said("a", 70, "Berkas perkara sudah 70 persen, kata Alexander Marwata.", "percent",
           "persen", "Alexander Marwata", "exact", "id"),
      Said("b", 70, "Yah 70 persen, kata Alex di kantornya.", "percent", "persen", "Alex",
           "exact", "id"),
  }));
  ASSERT_EQ(short_form.groups.size(), 1u);
  EXPECT_EQ(short_form.groups[0].origins.size(), 1u);

  // Two longer names fit the short form, but they are one origin: the
  // first ends the second.
  Ledger two_fits = BuildLedger(Story({
      Said("a", 3, "HET ditetapkan untuk tiga komoditas, kata Perdagangan Enggartiasto Lukita.",
           "other", "komoditas", "Perdagangan Enggartiasto Lukita", "exact", "id"),
      Said("b", 3, "Ada tiga komoditas, kata Enggartiasto Lukita.", "other", "komoditas",
           "Enggartiasto Lukita", "exact", "id"),
      Said("c", 3, "Tiga komoditas dijaga, ujar Enggar.", "other", "komoditas", "Enggar", "exact",
           "id"),
  }));
  ASSERT_EQ(two_fits.groups.size(), 1u);
  EXPECT_EQ(two_fits.groups[0].origins.size(), 1u);
}

// Figures one sentence states together are two things: Oppal's 20 and 2
// wives (of two men) are neither a revision nor, against another origin,
// a conflict.
TEST(LedgerVerdictTest, FiguresStatedTogetherAreTwoThings) {
  const char* both = "Oppal said Blackmore has 20 wives, while Oler has two wives.";
  Ledger l = BuildLedger(Story({
      Said("a", 20, both, "other", "wives", "Wally Oppal"),
      Said("a", 2, both, "other", "wives", "Wally Oppal"),
      Said("b", 2, "Oler is married to two wives, Oppal said.", "other", "wives", "Wally Oppal"),
      Said("c", 20, "Blackmore has 20 wives, police said.", "other", "wives", "police"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kRevised), 0u);
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 0u);
}

// A sentence that writes two figures side by side tells them apart even
// when only one became a claim: the 7.5 of "the 7.6 and 7.5 magnitude
// quakes" is the second quake, not a rival of USGS's 7.6, and the 7.7
// above them both is compared with the 7.6 only.
TEST(LedgerVerdictTest, FiguresWrittenSideBySideAreTwoThings) {
  Ledger l = BuildLedger(Story({
      Said("a", 7.5, "The city was hit by the 7.6 and 7.5 magnitude quakes on Sunday.", "other",
           "magnitude", "OUTLET"),
      Said("b", 7.6, "The first quake measured 7.6 magnitude, USGS said.", "other", "magnitude",
           "USGS"),
      Said("c", 7.7, "The 7.7 magnitude quake damaged 42 buildings, Manrosan said.", "other",
           "magnitude", "Manrosan"),
  }));
  ASSERT_EQ(Count(l, VerdictKind::kConflicting), 1u);
  for (const LedgerGroup& g : l.groups) {
    for (const LedgerVerdict& v : g.verdicts) {
      if (v.kind != VerdictKind::kConflicting) continue;
      EXPECT_NE(v.explanation.find("USGS 7.60"), std::string::npos) << v.explanation;
      EXPECT_NE(v.explanation.find("Manrosan 7.70"), std::string::npos) << v.explanation;
    }
  }
  // Figures apart in the sentence are not side by side: "a mother of 12
  // when he sprayed 13 bullets" says nothing of 12 against 13 children.
  Ledger kids = BuildLedger(Story({
      Said("a", 12, "He killed a mother of 12 when he sprayed 13 bullets.", "people", "mother of",
           "OUTLET"),
      Said("b", 13, "A stray bullet hit the mother of 13, the Daily News said.", "people",
           "mother of", "Daily News"),
  }));
  EXPECT_EQ(Count(kids, VerdictKind::kConflicting), 1u);
}

// A family's size is no scene's count: "two children pressed against a
// storefront" is not a rival of "a mother of 12", nor of "her 12
// children"; and persons counted by their noun alone, with no event ("the
// three mothers", "seven others"), are listed and may agree, but never
// conflict.
TEST(LedgerVerdictTest, AFamilyAndASceneAreNotRivals) {
  Ledger l = BuildLedger(Story({
      Said("a", 12, "Horton, a mother of 12, was shot near a school.", "people", "mother of",
           "OUTLET"),
      Said("b", 12, "She was walking with one of her 12 children when he fired.", "other",
           "children", "OUTLET"),
      Said("c", 2, "Three mothers and two children press up against a storefront.", "other",
           "children", "OUTLET"),
      Said("d", 3, "The three mothers ran for cover.", "people", "mothers", "OUTLET"),
      Said("e", 2, "One of the two mothers testified at the trial.", "people", "mothers",
           "OUTLET"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 0u);
  EXPECT_EQ(Count(l, VerdictKind::kAgreeing), 1u);  // the 12s
}

// A figure tied to another year, another event, or a quake a unit of
// magnitude away is compared with nothing.
TEST(LedgerVerdictTest, OtherYearsEventsAndQuakesAreNotConflicts) {
  Ledger years = BuildLedger(Story({
      Said("a", 4, "The quake killed four people, police said.", "killed", "people", "police"),
      Said("b", 3, "The 2002 quake killed three people, the agency said.", "killed", "people",
           "agency"),
  }));
  EXPECT_EQ(Count(years, VerdictKind::kConflicting), 0u);
  Ledger other = BuildLedger(Story({
      Said("a", 40, "The shelling killed 40 people, the UN said.", "killed", "people", "UN"),
      Said("b", 3, "In a separate attack, three people were killed, medics said.", "killed",
           "people", "medics"),
  }));
  EXPECT_EQ(Count(other, VerdictKind::kConflicting), 0u);
  Ledger quakes = BuildLedger(Story({
      Said("a", 7.6, "A 7.6 magnitude quake struck on Sunday, USGS said.", "other", "magnitude",
           "USGS"),
      Said("b", 6.1, "A 6.1 magnitude quake struck today, the agency said.", "other",
           "magnitude", "agency"),
      Said("c", 7.7, "The 7.7 magnitude quake damaged 42 buildings, Manrosan said.", "other",
           "magnitude", "Manrosan"),
  }));
  ASSERT_EQ(Count(quakes, VerdictKind::kConflicting), 1u);
  for (const LedgerGroup& g : quakes.groups) {
    for (const LedgerVerdict& v : g.verdicts) {
      if (v.kind == VerdictKind::kConflicting) {
        EXPECT_NE(v.explanation.find("7.60"), std::string::npos) << v.explanation;
        EXPECT_NE(v.explanation.find("7.70"), std::string::npos) << v.explanation;
      }
    }
  }
}

// Sums a quarter or more apart are two sums; a small gap is a conflict.
TEST(LedgerVerdictTest, SumsFarApartAreTwoSums) {
  Ledger apart = BuildLedger(Story({
      Said("a", 140000, "Irman received $140,000, the outlet said.", "money", "", "OUTLET:a"),
      Said("b", 200000, "He received $200,000, the judge said.", "money", "", "Hakim"),
  }));
  EXPECT_EQ(Count(apart, VerdictKind::kConflicting), 0u);
  Ledger fees = BuildLedger(Story({
      Said("a", 222e6, "PSG paid a fee of 222 million euros for Neymar.", "money", "euros",
           "OUTLET:a"),
      Said("b", 180e6, "Monaco will sell Mbappe only for a fee of 180 million euros.", "money",
           "euros", "Monaco"),
  }));
  EXPECT_EQ(Count(fees, VerdictKind::kConflicting), 0u);
  Ledger near = BuildLedger(Story({
      Said("a", 2.5e6, "Thieves took $2.5 million worth of jewellery.", "money", "", "OUTLET:a"),
      Said("b", 2.6e6, "They took $2.6 million of jewels, a police source said.", "money", "",
           "police source"),
  }));
  EXPECT_EQ(Count(near, VerdictKind::kConflicting), 1u);
}

// A conflict line names every origin of each side's set.
TEST(LedgerVerdictTest, AConflictNamesBothSets) {
  Ledger l = BuildLedger(Story({
      Said("a", 40, "The strike killed 40 people, the UN said.", "killed", "people", "UN"),
      Said("b", 40, "The strike killed 40 people, John Ging said.", "killed", "people",
           "John Ging"),
      Said("c", 42, "The strike killed 42 people, Shifa Hospital said.", "killed", "people",
           "Shifa Hospital"),
  }));
  ASSERT_EQ(Count(l, VerdictKind::kConflicting), 1u);
  for (const LedgerVerdict& v : l.groups[0].verdicts) {
    if (v.kind != VerdictKind::kConflicting) continue;
    EXPECT_EQ(v.origins.size(), 3u);
    EXPECT_EQ(v.figures.size(), 3u);
    EXPECT_NE(v.explanation.find("UN 40"), std::string::npos) << v.explanation;
    EXPECT_NE(v.explanation.find("John Ging 40"), std::string::npos) << v.explanation;
  }
}

// Beyond its neighbour a set meets the sets above it where two named
// sources disagree: the local agency's 1 dead against the President's 4
// and the UN's 5; an outlet's own 4 meets only its neighbours.
TEST(LedgerVerdictTest, NamedSourcesMeetBeyondTheNeighbour) {
  Ledger l = BuildLedger(Story({
      Said("a", 1, "The quake killed one person, Manrosan said.", "killed", "people", "Manrosan"),
      Said("b", 4, "The quake killed four people, Yudhoyono said.", "killed", "people",
           "Yudhoyono"),
      Said("c", 5, "The quakes killed five people, the UN said.", "killed", "people", "UN"),
  }));
  auto pair = [&](const char* x, const char* y) {
    for (const LedgerVerdict& v : l.groups[0].verdicts) {
      if (v.kind == VerdictKind::kConflicting && v.explanation.find(x) != std::string::npos &&
          v.explanation.find(y) != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  ASSERT_EQ(l.groups.size(), 1u);
  EXPECT_TRUE(pair("Manrosan 1", "Yudhoyono 4"));
  EXPECT_TRUE(pair("Yudhoyono 4", "UN 5"));
  EXPECT_TRUE(pair("Manrosan 1", "UN 5"));
  Ledger own = BuildLedger(Story({
      Said("a", 1, "The quake killed one person, Manrosan said.", "killed", "people", "Manrosan"),
      Said("b", 4, "The quake killed four people.", "killed", "people", "OUTLET:b"),
      Said("c", 5, "The quakes killed five people.", "killed", "people", "OUTLET:c"),
  }));
  EXPECT_EQ(Count(own, VerdictKind::kConflicting), 2u);
}

// Numbers that count nothing named are listed, never agreeing: two
// matches' "3 - 1".
TEST(LedgerVerdictTest, NumbersCountingNothingAreListedOnly) {
  Ledger l = BuildLedger(Story({
      Said("a", 1, "Korea unggul 3 - 1 atas Thailand.", "other", "", "OUTLET", "exact", "id"),
      Said("b", 1, "India menang 3 - 1.", "other", "", "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kAgreeing), 0u);
}

// A span of time with no event is listed, never agreeing: two outlets'
// "10 bulan" are a treatment and an investigation. A span of something
// named (a prison term) is judged.
TEST(LedgerVerdictTest, SpansWithNoEventAreListedOnly) {
  Ledger spans = BuildLedger(Story({
      Said("a", 10, "Ia dirawat 10 bulan lebih di Singapura.", "other", "bulan lebih", "OUTLET",
           "exact", "id"),
      Said("b", 10, "Setelah 10 bulan lebih melakukan penyelidikan, polisi belum berhasil.",
           "other", "bulan lebih", "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(spans, VerdictKind::kAgreeing), 0u);
  Ledger terms = BuildLedger(Story({
      Said("a", 485, "Nichols was sentenced to 485 years.", "other", "years", "OUTLET:a"),
      Said("b", 485, "He was also sentenced to 485 years.", "other", "years", "OUTLET:b"),
  }));
  EXPECT_EQ(Count(terms, VerdictKind::kAgreeing), 1u);
}

// Two outlets' "two titles" in a club's story are most often two players'
// records: small counts of an unclassed noun are listed, never agreeing.
// Counts of a classed unit (grams) or larger ones still agree.
TEST(LedgerVerdictTest, SmallUnclassedCountsDoNotAgree) {
  Ledger small = BuildLedger(Story({
      Said("a", 2, "Ia sudah memenangkan dua gelar Liga Champions.", "other", "gelar", "OUTLET",
           "exact", "id"),
      Said("b", 2, "Bale ikut mengantar Madrid meraih dua gelar Liga Champions.", "other", "gelar",
           "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(small, VerdictKind::kAgreeing), 0u);
  Ledger many = BuildLedger(Story({
      Said("a", 13, "Drake memenangkan 13 gelar.", "other", "gelar", "OUTLET", "exact", "id"),
      Said("b", 13, "Drake membawa pulang 13 gelar.", "other", "gelar", "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(many, VerdictKind::kAgreeing), 1u);
  // A bounded small count is as small: "nyaris dua kali" and "dua kali".
  Claim nearly = Said("a", 2, "Jumlah itu nyaris dua kali lipat lebih banyak.", "other", "kali",
                      "OUTLET", "less_than", "id");
  nearly.min = 0;
  Ledger bounded = BuildLedger(Story({
      nearly,
      Said("b", 2, "Ia absen di dua kali jeda internasional.", "other", "kali", "OUTLET", "exact",
           "id"),
      Said("c", 2, "Ada dua kali drama adu penalti.", "other", "kali", "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(bounded, VerdictKind::kAgreeing), 0u);
  // Two articles' "dua orang" with no event are most often two pairs;
  // "100 persen" with no event is a manner of speaking.
  Ledger pairs = BuildLedger(Story({
      Said("a", 2, "Jepang membekukan aset dua orang, kata Suga.", "people", "orang", "Suga",
           "exact", "id"),
      Said("b", 2, "Dua orang mencegat pengapalan itu.", "people", "orang", "OUTLET", "exact",
           "id"),
  }));
  EXPECT_EQ(Count(pairs, VerdictKind::kAgreeing), 0u);
  Ledger whole = BuildLedger(Story({
      Said("a", 100, "Kondisinya belum fit 100 persen, kata Djadjang.", "percent", "persen",
           "Djadjang", "exact", "id"),
      Said("b", 100, "Kami akan siap 100 persen untuk laga perdana.", "percent", "persen",
           "OUTLET", "exact", "id"),
  }));
  EXPECT_EQ(Count(whole, VerdictKind::kAgreeing), 0u);
  Ledger grams = BuildLedger(Story({
      Said("a", 2, "Polisi menemukan 2 gram sabu.", "other", "gram", "OUTLET", "exact", "id"),
      Said("b", 2, "Barang bukti berupa 2 gram sabu.", "other", "gram", "Polisi", "exact", "id"),
  }));
  EXPECT_EQ(Count(grams, VerdictKind::kAgreeing), 1u);
}

// A noun no lexicon classes says too little for an event word nearby to
// make two figures one quantity: two riders' points "berada di peringkat"
// are listed, not a revision or a conflict. An open figure of such a noun
// joins only the figure at its own bound: "sedikitnya 48 bank" confirms 48
// banks, "di atas 0,5 detik" does not confirm 0.57 seconds.
TEST(LedgerVerdictTest, UnclassedNounsAreNotJudged) {
  Ledger points = BuildLedger(Story({
      Said("a", 46, "Lorenzo saat ini berada di urutan ke-7 klasemen dengan 46 poin.", "other",
           "poin", "OUTLET", "exact", "id"),
      Said("b", 119, "Rossi saat ini berada di peringkat ke-4 klasemen dengan 119 poin.", "other",
           "poin", "OUTLET", "exact", "id"),
      Said("c", 62, "Vinales berada di puncak dengan 62 poin, kata Yamaha.", "other", "poin",
           "Yamaha", "exact", "id"),
  }));
  EXPECT_EQ(Count(points, VerdictKind::kRevised), 0u);
  EXPECT_EQ(Count(points, VerdictKind::kConflicting), 0u);
  Ledger seconds = BuildLedger(Story({
      Said("a", 0.57, "Saya melorot jadi 0,57 detik, ujar Lorenzo.", "other", "detik", "Lorenzo",
           "exact", "id"),
      Said("b", 0.5, "Rossi menjaga selisih di atas 0,5 detik.", "other", "detik", "OUTLET",
           "more_than", "id"),
  }));
  EXPECT_EQ(Count(seconds, VerdictKind::kAgreeing), 0u);
  Claim at_least = Said("b", 48, "Dana dikucurkan kepada sedikitnya 48 bank, kata BPK.", "other",
                        "bank", "BPK", "more_than", "id");
  Ledger banks = BuildLedger(Story({
      Said("a", 48, "Audit menemukan kucuran dana kepada 48 bank umum.", "other", "bank", "OUTLET",
           "exact", "id"),
      at_least,
  }));
  EXPECT_EQ(Count(banks, VerdictKind::kAgreeing), 1u);
}

// Sums are compared by the figures as stated: "hingga Rp 2,3 triliun" and
// Rp 5,9 triliun are two sums, however open the first one's interval.
TEST(LedgerVerdictTest, AnOpenSumIsComparedAsStated) {
  Claim up_to = Said("a", 2.3e12, "Proyek itu bernilai hingga Rp 2,3 triliun, kata KPK.", "money",
                     "Rp 2,3 triliun", "KPK", "less_than", "id");
  up_to.min.reset();  // "hingga": open below, as the extractor writes it
  Ledger l = BuildLedger(Story({
      up_to,
      Said("b", 5.9e12, "Nilai proyek itu Rp 5,9 triliun, kata Febri.", "money",
           "Rp 5,9 triliun", "Febri", "exact", "id"),
  }));
  EXPECT_EQ(Count(l, VerdictKind::kConflicting), 0u);
}

// An open figure confirms only figures near its bound: "more than 89"
// allows 1,000 but does not confirm it; "more than 40" confirms 42.
TEST(LedgerVerdictTest, AnOpenFigureConfirmsOnlyNearItsBound) {
  Ledger far = BuildLedger(Story({
      Said("a", 89, "The attack killed more than 89 people, AFP reported.", "killed", "people",
           "AFP", "more_than"),
      Said("b", 1000, "The UN said 1,000 people were killed in the operation.", "killed",
           "people", "United Nations"),
  }));
  EXPECT_EQ(Count(far, VerdictKind::kAgreeing), 0u);
  Ledger near = BuildLedger(Story({
      Said("a", 40, "The strike killed more than 40 people, AFP reported.", "killed", "people",
           "AFP", "more_than"),
      Said("b", 42, "The hospital said 42 people were killed in the strike.", "killed", "people",
           "Shifa Hospital"),
  }));
  EXPECT_EQ(Count(near, VerdictKind::kAgreeing), 1u);
}

TEST(IntervalTest, Table) {
  struct Case {
    std::optional<double> value, min, max;
    const char* qualifier;
    double want_min;
    std::optional<double> want_max;
  } cases[] = {
      {1500, 1500, 1500, "exact", 1500, 1500},
      {12000, 12000, 12000, "approx", 10800, 13200},
      {12000, 12000, std::nullopt, "more_than", 12000, std::nullopt},
      {std::nullopt, 10000, 99999, "vague", 10000, 99999},
      {std::nullopt, 8, 13, "range", 8, 13},
      {500, std::nullopt, 500, "less_than", 0, 500},
  };
  for (const Case& c : cases) {
    Interval iv = IntervalOf(c.value, c.min, c.max, c.qualifier);
    EXPECT_DOUBLE_EQ(iv.min, c.want_min) << c.qualifier;
    EXPECT_EQ(iv.max.has_value(), c.want_max.has_value()) << c.qualifier;
    if (iv.max && c.want_max) {
      EXPECT_NEAR(*iv.max, *c.want_max, 1e-6) << c.qualifier;
    }
  }
  EXPECT_TRUE((Interval{12000, std::nullopt}).Overlaps(Interval{12000, 12000}));
  EXPECT_FALSE((Interval{1500, 1500}).Overlaps(Interval{3000, 3000}));
}

TEST(FormatAmountTest, Table) {
  EXPECT_EQ(FormatAmount(1500), "1,500");
  EXPECT_EQ(FormatAmount(12000), "12,000");
  EXPECT_EQ(FormatAmount(1200000), "1,200,000");
  EXPECT_EQ(FormatAmount(3), "3");
  EXPECT_EQ(FormatAmount(2.5), "2.50");
  EXPECT_EQ(FormatAmount(-4000), "-4,000");
}

TEST(CountryOfTest, RollsUp) {
  EXPECT_EQ(CountryOf("RU-PRI"), "RU");
  EXPECT_EQ(CountryOf("UA"), "UA");
  EXPECT_EQ(CountryOf(""), "");
}

}  // namespace
}  // namespace warta
