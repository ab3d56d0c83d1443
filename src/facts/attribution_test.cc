// Attribution patterns, citation chains and anaphora, as tables: each row
// is a short text, the amount to look at, and who must be its source.
#include <gtest/gtest.h>

#include "test_util.h"

namespace warta {
namespace {

using facts_test::ExtractText;
using facts_test::FindValue;

struct SourceCase {
  const char* lang;
  const char* text;
  double value;         // the claim to check; -1 for the stance-only one
  const char* source;   // canonical source
  const char* mention;  // source_mention, or "" for none
  const char* via;      // first relay, or "" for none
};

const SourceCase kSourceCases[] = {
    // X mengatakan (bahwa) ...; an acronym defined in the text.
    {"id", "Badan Intelijen Nasional (NIS) mengatakan Korea Utara mengirim 1.500 tentara ke Rusia.",
     1500, "NIS", "Badan Intelijen Nasional (NIS)", ""},
    // The occasion or an adverb between the speaker and the cue.
    {"id", "Budi saat dihubungi mengatakan 12 orang diperiksa.", 12, "Budi", "Budi", ""},
    {"en", "Smith has often said that 12 players were paid.", 12, "Smith", "Smith", ""},
    // ..., kata X (dalam ...).
    {"id",
     "Korea Utara mengirim 3.000 tentara ke Rusia, kata Kementerian Pertahanan dalam sebuah "
     "pernyataan.",
     3000, "Kementerian Pertahanan", "Kementerian Pertahanan", ""},
    // menurut X, ...
    {"id", "Menurut Kementerian Kesehatan, 12 orang tewas dalam banjir itu.", 12,
     "Kementerian Kesehatan", "Kementerian Kesehatan", ""},
    // ..., menurut X.
    {"id", "Sebanyak 40 rumah rusak berat, menurut BNPB.", 40, "BNPB", "BNPB", ""},
    // Skip words between the source and its cue; a date before it.
    {"id",
     "Pada hari Rabu, Amerika Serikat (AS) juga mengatakan Korea Utara mengirim 3.000 tentara.",
     3000, "United States", "Amerika Serikat (AS)", ""},
    // The chain: X, mengutip Y, melaporkan -> Y via X.
    {"id",
     "Sebelumnya, media Jepang, mengutip Kementerian Pertahanan, melaporkan bahwa 500 tentara "
     "dikirim.",
     500, "Kementerian Pertahanan", "Kementerian Pertahanan", "media Jepang"},
    // A relay after the source: seperti dilansir X.
    {"id", "“Sebanyak 300 warga mengungsi,” kata Kepala BPBD Budi Santoso seperti dilansir Antara.",
     300, "Budi Santoso", "Kepala BPBD Budi Santoso", "Antara"},
    // A relay opening the sentence.
    {"id", "Dilansir dari Reuters, Kementerian Luar Negeri menyatakan 20 diplomat diusir.", 20,
     "Kementerian Luar Negeri", "Kementerian Luar Negeri", "Reuters"},
    // A reporting noun and its complement.
    {"id",
     "Hal itu menyusul pengumuman Presiden Ukraina Volodymyr Zelensky pada hari Kamis bahwa 10.000 "
     "tentara akan dipindahkan.",
     10000, "Volodymyr Zelensky", "Presiden Ukraina Volodymyr Zelensky", ""},
    // A report with no name is its presenter's.
    {"id",
     "Presiden Ukraina Volodymyr Zelensky menandai laporan intelijen yang mengatakan Korea Utara "
     "melatih 10.000 tentara.",
     10000, "Volodymyr Zelensky", "Presiden Ukraina Volodymyr Zelensky", ""},
    // A weak verb needs an information source as its subject.
    {"id",
     "Badan mata-mata Korea Selatan yang memakai teknologi AI, mengidentifikasi puluhan perwira "
     "Korea Utara di Ukraina.",
     10, "NIS", "Badan mata-mata Korea Selatan", ""},
    // No cue: the outlet's own voice.
    {"id", "Korea Utara memiliki 1,2 juta tentara.", 1200000, "OUTLET", "", ""},
    // A relative clause is not a source: "negara yang ikut mengklaim".
    {"id", "Negara yang ikut mengklaim wilayah itu mengirim 40 kapal.", 40, "OUTLET", "", ""},
    // English: ", X said."; "said X"; "according to X"; "X told".
    {"en", "North Korea has sent 3,000 troops to Russia, the Pentagon said on Wednesday.", 3000,
     "Pentagon", "the Pentagon", ""},
    {"en", "\"At least 40 bodies were recovered,\" said Police Chief John Smith.", 40, "John Smith",
     "Police Chief John Smith", ""},
    {"en", "According to the UN, 12 people were killed in the strike.", 12, "United Nations",
     "the UN", ""},
    {"en", "South Korean media, citing the NIS, reported that 12,000 troops would be sent.", 12000,
     "NIS", "the NIS", "South Korean media"},
    {"en", "The ministry told Reuters that 500 soldiers had been deployed, as reported by CNA.",
     500, "The ministry", "The ministry", "CNA"},
    // "..., demikian X." closes a report with its source; a concessive
    // word opening the source is no part of it.
    {"id", "Sebanyak 22 orang tewas dalam serangan itu, demikian Reuters.", 22, "Reuters",
     "Reuters", ""},
    {"id", "Kendati otoritas menyebutkan 30 orang tewas, jumlah itu belum pasti.", 30,
     "otoritas", "otoritas", ""},
    // Where the source said it is no content of the claim.
    {"en", "About 14,000 people fled their homes after a tsunami warning was issued, the UN said "
     "on its Web site.",
     14000, "United Nations", "the UN", ""},
    // A passive cue names no speaker: the topic before "is accused".
    {"en", "Lopez is accused of spraying 13 shots from a rooftop.", 13, "OUTLET", "", ""},
    {"en", "Violence was also reported in Thessaloniki, where 20,000 people marched.", 20000,
     "OUTLET", "", ""},
    // A name before its description is the source.
    {"en", "Shifa Hospital, Gaza's main medical center, said 42 people were killed.", 42,
     "Shifa Hospital", "Shifa Hospital", ""},
    // People named by their role report; they are no information source
    // for a weak cue.
    {"en", "Six rifles were found, the officer said.", 6, "the officer", "the officer", ""},
    {"en", "Two girls were hurt, witnesses said.", 2, "witnesses", "witnesses", ""},
    {"id", "Sebanyak enam senapan ditemukan di rumah itu, kata petugas.", 6, "petugas", "petugas",
     ""},
    {"en", "Prosecutors showed a video of the two men at the trial.", 2, "OUTLET", "", ""},
    // ... and before its description without the comma.
    {"en", "At least 50 people were hospitalised, Ann Lee a local health official, said.", 50,
     "Ann Lee", "Ann Lee", ""},
    // A minister's portfolio and offices of several words are the title.
    {"id", "Menteri Keuangan Sri Mulyani mengatakan pertumbuhan ekonomi 5,1 persen.", 5.1,
     "Sri Mulyani", "Menteri Keuangan Sri Mulyani", ""},
    {"id", "Direktur Teknik Barcelona, Robert Fernandez, mengatakan nilai buyout Neymar sebesar "
     "222 juta euro.",
     222e6, "Robert Fernandez", "Robert Fernandez", ""},
    // An office after the cue, then the name after a comma.
    {"id",
     "\"Kereta melintas dengan kecepatan 5 km per jam,\" kata Manager Humas PT KAI Daop II "
     "Bandung, Joni Martinus saat dihubungi.",
     5, "Joni Martinus", "Manager Humas PT KAI Daop II Bandung, Joni Martinus", ""},
    // Preparing or providing something reports nothing.
    {"id", "Tim nasional Indonesia menyiapkan 22 pemain untuk laga itu.", 22, "OUTLET", "", ""},
    // An adverb between a source and its verb is not part of its name.
    {"id", "Tim SAR kembali menemukan 2 korban tewas.", 2, "Tim SAR", "Tim SAR", ""},
    {"id", "KPK baru menetapkan kerugian negara Rp 5,9 triliun.", 5.9e12, "KPK", "KPK", ""},
    {"id", "Menurut warta kantor berita Reuters, 5 uji coba rudal dilakukan.", 5,
     "kantor berita Reuters", "kantor berita Reuters", ""},
    // A wish to say inside a quotation reports nothing: the figure is the
    // quotation's speaker's.
    {"id", "\"Saya hanya ingin mengatakan bahwa 20 orang masih hilang,\" kata Budi.", 20, "Budi",
     "Budi", ""},
    // Two speakers joined: the first names the claim.
    {"en", "RCMP Sgt. Tim Shields and Attorney-General Wally Oppal announced that two men were "
     "arrested.",
     2, "Tim Shields", "Tim Shields", ""},
    // A title across a stop word names an office, not a name.
    {"en", "The medical director of the hospital in Jabaliya told the Guardian 41 bodies had been "
     "brought in.",
     41, "The medical director of the hospital in Jabaliya",
     "The medical director of the hospital in Jabaliya", ""},
};

TEST(AttributionTest, Patterns) {
  for (const SourceCase& tc : kSourceCases) {
    SCOPED_TRACE(tc.text);
    auto claims = ExtractText(tc.text, tc.lang);
    const Claim* c = FindValue(claims, tc.value);
    ASSERT_NE(c, nullptr) << "no claim of " << tc.value;
    EXPECT_EQ(c->source, tc.source);
    EXPECT_EQ(c->source_mention, tc.mention);
    if (*tc.via == '\0') {
      EXPECT_TRUE(c->via.empty()) << c->via.front();
    } else {
      ASSERT_FALSE(c->via.empty());
      EXPECT_EQ(c->via.front(), tc.via);
    }
  }
}

struct CarryCase {
  const char* lang;
  const char* text;  // several sentences
  double value;      // a claim in a later sentence
  const char* source;
  const char* mention;
};

const CarryCase kCarryCases[] = {
    // "Badan itu": the last named source sharing a word with it.
    {"id",
     "Badan Nasional Penanggulangan Bencana (BNPB) mengatakan 20 orang hilang. "
     "Badan itu juga menyebut 15 orang tewas.",
     15, "BNPB", "Badan itu"},
    // "badan tersebut" after a person: the agency, not the person.
    {"id",
     "Badan Intelijen Nasional Korea Selatan mengatakan pasukan sudah tiba. "
     "Presiden Yoon Suk Yeol mengatakan ia prihatin. "
     "Korea Utara mengirim 13.000 kontainer, kata badan tersebut.",
     13000, "NIS", "badan tersebut"},
    // "katanya" after a quote.
    {"id",
     "Kapolres Bogor AKBP Andi Wijaya mengatakan polisi menyita 10 senjata.\n\n"
     "“Sebanyak 5 tersangka sudah ditangkap,” katanya.",
     5, "Andi Wijaya", "Kapolres Bogor AKBP Andi Wijaya"},
    // "Dikatakan bahwa ..." opens a sentence.
    {"id",
     "NIS mengatakan Korea Utara mengirim 1.500 tentara. "
     "Dikatakan bahwa 13.000 kontainer dikirim ke Rusia.",
     13000, "NIS", "NIS"},
    // An open quotation carries its speaker to the next sentence.
    {"id",
     "Gubernur Jawa Barat Ridwan Kamil mengatakan: “Kami mengirim 50 relawan. "
     "Sebanyak 200 paket bantuan juga dikirim.”",
     200, "Ridwan Kamil", "Gubernur Jawa Barat Ridwan Kamil"},
    // A quotation of several sentences, its speaker named at the end.
    {"id", "“Sebanyak 300 rumah rusak berat. Ada 40 warga terluka,” kata Kepala BPBD Budi Santoso.",
     300, "Budi Santoso", "Kepala BPBD Budi Santoso"},
    // "Secara keseluruhan" continues the previous speaker.
    {"id", "Banjir merendam 300 rumah, kata BPBD. Secara keseluruhan, 1.200 warga mengungsi.", 1200,
     "BPBD", "BPBD"},
    // A title asks for a person: "pemimpin Ukraina tersebut".
    {"id",
     "Presiden Ukraina Volodymyr Zelensky mengatakan perang berlanjut. "
     "Media Ukraina melaporkan bahwa kota itu dibom. "
     "Pemimpin Ukraina tersebut mengatakan Rusia mengerahkan 50.000 tentara.",
     50000, "Volodymyr Zelensky", "Pemimpin Ukraina tersebut"},
    // A surname named before.
    {"id",
     "Presiden Ukraina Volodymyr Zelensky berbicara di Brussels. "
     "Zelensky mengatakan 10.000 tentara Korea Utara dilatih.",
     10000, "Volodymyr Zelensky", "Zelensky"},
    // "Hal itu disampaikan X" names the speaker of the sentence before.
    {"id",
     "Sebanyak 23 orang tewas akibat banjir bandang di Garut.\n\n"
     "Hal itu disampaikan Kepala Pusat Data BNPB Sutopo Purwo Nugroho di Jakarta.",
     23, "Sutopo Purwo Nugroho", "Kepala Pusat Data BNPB Sutopo Purwo Nugroho"},
    // "berdasarkan data X"
    {"id", "Berdasarkan data BNPB, 1.200 rumah terendam.", 1200, "BNPB", "BNPB"},
    // The work named before its author is the author's: "perhitungan ahli",
    // "Audit BPK".
    {"id", "Menurut perhitungan ahli properti, nilai rumah itu sekitar Rp 200 miliar.", 200e9,
     "ahli properti", "ahli properti"},
    {"id", "Audit BPK menemukan kerugian Rp 5 miliar.", 5e9, "BPK", "BPK"},
    // A new paragraph forgets the continuing speaker.
    {"id", "Banjir merendam 300 rumah, kata BPBD.\n\nSecara keseluruhan, 1.200 warga mengungsi.",
     1200, "OUTLET", ""},
    // English anaphora.
    {"en",
     "South Korea's spy agency said 1,500 special forces were moved to Vladivostok. "
     "The agency also said 13,000 containers had been shipped.",
     13000, "NIS", "The agency"},
    {"en",
     "Police chief John Smith said the toll was rising. "
     "\"We have counted 40 bodies,\" he said.",
     40, "John Smith", "Police chief John Smith"},
};

TEST(AttributionTest, CarriedAcrossSentences) {
  for (const CarryCase& tc : kCarryCases) {
    SCOPED_TRACE(tc.text);
    auto claims = ExtractText(tc.text, tc.lang);
    const Claim* c = FindValue(claims, tc.value);
    ASSERT_NE(c, nullptr) << "no claim of " << tc.value;
    EXPECT_EQ(c->source, tc.source);
    EXPECT_EQ(c->source_mention, tc.mention);
  }
}

TEST(AttributionTest, SpanPointsAtTheSentence) {
  std::string text = "Judul berita.\n\nKorea Utara mengirim 3.000 tentara, kata NIS.";
  auto claims = ExtractText(text, "id");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].quote, "Korea Utara mengirim 3.000 tentara, kata NIS.");
  EXPECT_EQ(text.substr(claims[0].start, claims[0].end - claims[0].start), claims[0].quote);
  EXPECT_EQ(claims[0].cue, "kata");
  EXPECT_EQ(claims[0].lang, "id");
  EXPECT_EQ(claims[0].location, "KP");  // no other place: its own
  EXPECT_EQ(claims[0].subject, "KP");
}

TEST(AttributionTest, PlacesAndDates) {
  auto claims = ExtractText(
      "Dinas intelijen Ukraina mengatakan pada hari Kamis (24/10/2024) bahwa "
      "Korea Utara mengirim 3.000 tentara ke Kursk.",
      "id");
  const Claim* c = FindValue(claims, 3000);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->location, "RU");
  EXPECT_EQ(c->subject, "KP");
  EXPECT_EQ(c->said_date, "2024-10-24");
  claims = ExtractText("Enam warga tewas dalam serangan di Donetsk pada tanggal 3 Oktober.", "id");
  c = FindValue(claims, 6);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->location, "UA");
  EXPECT_EQ(c->event_date, "2024-10-03");
  EXPECT_EQ(c->said_date, "2024-10-25");  // the outlet speaks on publication
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// A short English wire story: each figure with its source and stance.
TEST(AttributionTest, EnglishWireStory) {
  const char* text =
      "SEOUL, Oct 18 (Reuters) - North Korea has sent 1,500 special forces troops to "
      "Russia's Far East for training, South Korea's spy agency said on Friday.\n\n"
      "North Korea has also shipped more than 13,000 containers of artillery shells to "
      "Russia since August last year, the NIS said.\n\n"
      "\"We cannot confirm the reports,\" a spokesperson for the U.S. National Security "
      "Council said. NATO Secretary General Mark Rutte said the alliance had no evidence "
      "that North Korean troops were involved in the fighting.\n\n"
      "In total, about 12,000 North Korean soldiers could take part, according to "
      "Ukrainian military intelligence. At least six North Korean officers were killed in "
      "a missile strike near Donetsk, Ukrainian media reported.\n\n"
      "Ukraine's President Volodymyr Zelenskiy said on Thursday that 10,000 soldiers were "
      "being prepared. \"They are training 10,000 troops on their own territory,\" he told "
      "reporters in Brussels.";
  auto claims = facts_test::ExtractText(text, "en");
  struct Want {
    double value;
    const char* what;
    const char* source;
    const char* stance;
    const char* location;
  };
  const Want want[] = {
      {1500, "troops", "NIS", "asserts", "RU"},
      {13000, "containers", "NIS", "asserts", "RU"},
      {-1, "stance", "spokesperson for the U.S. National Security Council", "cannot_verify", ""},
      {12000, "troops", "Ukrainian military intelligence", "asserts", ""},
      {6, "killed", "Ukrainian media", "asserts", "UA"},
  };
  for (const Want& w : want) {
    SCOPED_TRACE(w.value);
    const Claim* c = facts_test::FindValue(claims, w.value);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->what, w.what);
    EXPECT_EQ(c->source, w.source);
    EXPECT_EQ(c->stance, w.stance);
    EXPECT_EQ(c->location, w.location);
    EXPECT_EQ(c->lang, "en");
  }
  size_t tens = 0;
  for (const Claim& c : claims) {
    if (c.value && *c.value == 10000) {
      ++tens;
      EXPECT_EQ(c.source, "Volodymyr Zelenskiy");
    }
    if (c.what == "stance" && c.stance == "no_evidence") {
      EXPECT_EQ(c.source, "Mark Rutte");
    }
  }
  EXPECT_EQ(tens, 2u);
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

// An Indonesian disaster story: casualties, agencies, people by first name.
TEST(AttributionTest, IndonesianDisasterStory) {
  const char* text =
      "Banjir Bandang Terjang Garut, 23 Orang Tewas\n\n"
      "Jakarta - Badan Nasional Penanggulangan Bencana (BNPB) mencatat sedikitnya 23 "
      "orang tewas akibat banjir bandang yang melanda Kabupaten Garut, Jawa Barat.\n\n"
      "Kepala Pusat Data Informasi dan Humas BNPB Sutopo Purwo Nugroho mengatakan, selain "
      "korban tewas, 18 orang masih dinyatakan hilang.\n\n"
      "Menurut Sutopo, sebanyak 1.200 rumah terendam dan 800 warga mengungsi.\n\n"
      "Bupati Garut Rudy Gunawan membantah bahwa banjir disebabkan oleh alih fungsi lahan.\n\n"
      "Namun, data sementara menunjukkan 45 orang luka-luka, kata Kapolres Garut AKBP Arif "
      "Rachman.";
  auto claims = facts_test::ExtractText(text, "id");
  struct Want {
    double value;
    const char* what;
    const char* source;
    const char* qualifier;
  };
  const Want want[] = {
      {18, "people", "Sutopo Purwo Nugroho", "exact"},
      {1200, "other", "Sutopo Purwo Nugroho", "exact"},
      {800, "people", "Sutopo Purwo Nugroho", "exact"},
      {45, "wounded", "Arif Rachman", "exact"},
      {-1, "stance", "Rudy Gunawan", ""},
  };
  for (const Want& w : want) {
    SCOPED_TRACE(w.value);
    const Claim* c = facts_test::FindValue(claims, w.value);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->what, w.what);
    EXPECT_EQ(c->source, w.source);
    EXPECT_EQ(c->qualifier, w.qualifier);
  }
  // The headline and the BNPB count: 23 killed, twice.
  size_t killed = 0;
  for (const Claim& c : claims) {
    if (c.value && *c.value == 23) {
      ++killed;
      EXPECT_EQ(c.what, "killed");
      EXPECT_EQ(c.location, "ID");
    }
  }
  EXPECT_EQ(killed, 2u);
}

}  // namespace
}  // namespace warta

namespace warta {
namespace {

struct NewsSourceCase {
  const char* text;
  const char* lang;
  double value;
  const char* source;
};

// Attribution shapes of real news: a source after the figure, a headline's
// source after a colon, a quotation that runs over lines, a closing
// "menurutnya", anaphors that must find a person or an organisation.
TEST(AttributionTest, SourcesOfRealNews) {
  const NewsSourceCase cases[] = {
      {"North Korea has sent 1,500 troops to Russia: Seoul spy agency", "en", 1500,
       "Seoul spy agency"},
      {"At least 200 were killed in the fighting, the health ministry said.", "en", 200,
       "health ministry"},
      {"The National Intelligence Service (NIS) said 1,500 troops had arrived.\n\n"
       "The agency said 12,000 soldiers would follow.",
       "en", 12000, "NIS"},
      {"Martin mengunggah konfirmasi, “ Kepada 500 pengikut dari India, saya bukan anggota.\n"
       "Saya yakin Chris hebat, ” tulis Martin.",
       "id", 500, "Martin"},
      {"Kepala BNPB Sutopo Purwo Nugroho mengatakan 300 orang mengungsi.\n\n"
       "Jumlah itu bisa bertambah menjadi 500 orang, menurutnya.",
       "id", 500, "Sutopo Purwo Nugroho"},
      {"Data sementara menunjukkan 45 orang luka-luka, kata Kapolres Arif Rachman.", "id", 45,
       "Arif Rachman"},
      // An initial's full stop stays inside the name.
      {"A mother of 13 was shot and killed, according to the N. Y. Daily News.", "en", 13,
       "N. Y. Daily News"},
  };
  for (const NewsSourceCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto claims = facts_test::ExtractText(c.text, c.lang);
    const Claim* found = facts_test::FindValue(claims, c.value);
    ASSERT_NE(found, nullptr);
    bool named = found->source.find(c.source) != std::string::npos ||
                 found->source_mention.find(c.source) != std::string::npos;
    EXPECT_TRUE(named) << found->source << " / " << found->source_mention;
  }
}

// Whose data it is names the source: "menurut data sementara BNPB" is BNPB,
// not a source called "data sementara BNPB".
TEST(AttributionTest, DataOfABodyIsTheBody) {
  auto claims = facts_test::ExtractText(
      "Menurut data sementara BNPB, 14 orang tewas dalam gempa itu.", "id");
  const Claim* found = facts_test::FindValue(claims, 14);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->source, "BNPB") << found->source_mention;
}

// A modal before a verb of saying makes it an ability or a plan: the words
// before it are no one's report ("menambahkan" is both "to add" and "he
// added").
TEST(AttributionTest, AModalCueReportsNothing) {
  auto claims = facts_test::ExtractText(
      "Pengguna Telegram akan dapat menambahkan hingga tiga akun ke aplikasi mereka.", "id");
  const Claim* found = facts_test::FindValue(claims, 3);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->source, "OUTLET") << found->source_mention;
  auto said = facts_test::ExtractText(
      "Kapolres Arif Rachman menambahkan 45 orang luka-luka dalam kejadian itu.", "id");
  const Claim* reported = facts_test::FindValue(said, 45);
  ASSERT_NE(reported, nullptr);
  EXPECT_EQ(reported->source, "Arif Rachman");
}

// Stances of real news: a withheld confirmation cannot verify; confessions
// confirm; a flat negation denies only in a speaker's words.
TEST(StanceTest, WithheldConfirmationsConfessionsAndFlatNegations) {
  struct Case {
    const char* text;
    const char* lang;
    const char* stance;  // of the sentence's stance-only claim; "" for none
  };
  const Case cases[] = {
      {"Police Chief William Bratton declined to confirm reports of the suspects' gang links.",
       "en", "cannot_verify"},
      {"Andrew Lopez has confessed to killing a pregnant mom.", "en", "confirms"},
      {"\"There were no militants at the school,\" Gunness said.", "en", "denies"},
      {"There were no injuries in the fire.", "en", ""},
      {"“ Bukan karena gen juga, ” kata Asri.", "id", "denies"},
      {"Tidak ada korban dalam kejadian ini.", "id", ""},
      {"“ Jika Rusia beralih ke Korea Utara, ini tanda keputusasaan, bukan kekuatan, ” kata "
       "Savett.",
       "id", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string got;
    for (const Claim& claim : facts_test::ExtractText(c.text, c.lang)) {
      if (claim.what == "stance") got = claim.stance;
    }
    EXPECT_EQ(got, c.stance);
  }
}

}  // namespace
}  // namespace warta
