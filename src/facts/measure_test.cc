// Tests of MeasureOf (src/facts/measure.cc): what a figure is a number of.
#include "warta/measure.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

Claim Make(const std::string& lang, const std::string& quote, double value,
           const std::string& what, const std::string& what_text) {
  Claim c;
  c.lang = lang;
  c.quote = quote;
  c.value = c.min = c.max = value;
  c.qualifier = "exact";
  c.what = what;
  c.what_text = what_text;
  return c;
}

class MeasureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
    ASSERT_TRUE(data.ok());
    Result<MeasureLexicon> lex = MeasureLexicon::Load(*data);
    ASSERT_TRUE(lex.ok());
    lex_ = std::move(*lex);
  }
  MeasureLexicon lex_;
};

TEST_F(MeasureTest, CasualtiesComeFromWhat) {
  Measure m = MeasureOf(Make("en", "The blast killed 12 people, police said.", 12, "killed", "people"), lex_);
  EXPECT_EQ(m.unit, "people");
  EXPECT_EQ(m.event, "killed");
}

TEST_F(MeasureTest, MoneyHasItsCurrency) {
  Measure usd = MeasureOf(Make("en", "a reward of $35,000 was offered", 35000, "money", ""), lex_);
  EXPECT_EQ(usd.unit, "money");
  EXPECT_EQ(usd.currency, "USD");
  EXPECT_EQ(usd.event, "reward");
  Measure eur = MeasureOf(
      Make("en", "jewels worth two million euros ($2.6 million) were taken", 2e6, "money", "euros"), lex_);
  EXPECT_EQ(eur.currency, "EUR");
  EXPECT_EQ(eur.event, "price");
  Measure idr = MeasureOf(Make("id", "anggaran Rp 13.255 miliar untuk program itu", 13255e9, "money", ""), lex_);
  EXPECT_EQ(idr.currency, "IDR");
  EXPECT_EQ(idr.event, "budget");
}

// "senilai", "worth": a sum said to be worth something is a price, unless
// the sentence names what the sum is.
TEST_F(MeasureTest, AValueWordYieldsToWhatTheSumIs) {
  Measure surplus = MeasureOf(Make("id",
                                   "BPS mencatat neraca perdagangan mengantongi surplus senilai "
                                   "1,32 miliar dolar AS",
                                   1.32e9, "money", "1,32 miliar dolar AS"),
                              lex_);
  EXPECT_EQ(surplus.event, "surplus");
  Measure project = MeasureOf(Make("id", "proyek senilai Rp 5,9 triliun itu", 5.9e12, "money",
                                   "Rp 5,9 triliun"),
                              lex_);
  EXPECT_EQ(project.event, "price");
  Measure restitution = MeasureOf(
      Make("id",
           "majelis hakim menjatuhkan pidana tambahan uang pengganti kepada Irman sebesar US$ 500 "
           "ribu",
           5e5, "money", "US$ 500 ribu"),
      lex_);
  EXPECT_EQ(restitution.event, "restitution");
  Measure pounds = MeasureOf(Make("id", "West Ham menyiapkan tawaran 20 juta Pounds", 20e6, "money",
                                  "20 juta Pounds"),
                             lex_);
  EXPECT_EQ(pounds.currency, "GBP");
}

TEST_F(MeasureTest, ARateIsNotAnAmount) {
  Measure m = MeasureOf(Make("id", "kurs Rp 15.500 per dolar AS", 15500, "money", ""), lex_);
  EXPECT_EQ(m.event, "rate");
}

TEST_F(MeasureTest, ArmySizeIsNotADeployment) {
  Measure size = MeasureOf(Make("id", "Korea Utara memiliki 1,2 juta tentara aktif", 1.2e6, "troops", "tentara"), lex_);
  Measure sent = MeasureOf(Make("id", "Korea Utara telah mengirim 1.500 pasukan khusus ke Rusia", 1500, "troops",
                                "pasukan khusus"),
                           lex_);
  EXPECT_EQ(size.unit, "troops");
  EXPECT_EQ(size.event, "size");
  EXPECT_EQ(sent.unit, "troops");
  EXPECT_EQ(sent.event, "deployed");
}

TEST_F(MeasureTest, BroadCountsKeepTheirNoun) {
  Measure robbers = MeasureOf(Make("en", "Four robbers rammed the store", 4, "people", "robbers"), lex_);
  Measure wives = MeasureOf(Make("en", "Blackmore has 20 wives", 20, "people", "wives"), lex_);
  EXPECT_NE(robbers.unit, wives.unit);
  EXPECT_EQ(wives.unit, "wives");
}

// A casualty word in another clause does not make jurors casualties.
TEST_F(MeasureTest, CasualtyWordsOnlyNearTheFigure) {
  Measure m = MeasureOf(Make("en",
                             "the nine pro-death jurors asked the holdouts how many people "
                             "would Nichols have to kill before they would vote for death",
                             9, "people", "pro-death jurors"),
                        lex_);
  EXPECT_EQ(m.unit, "jurors");
  EXPECT_NE(m.event, "killed");
}

// A toll that rises to its figure counts what the toll is of, however far
// its casualty word stands.
TEST_F(MeasureTest, ATollRisingToItsFigure) {
  Measure en = MeasureOf(Make("en",
                              "The death toll from Monday's earthquake in Cianjur rose to 268 as "
                              "rescuers pulled more bodies from collapsed buildings",
                              268, "people", "rescuers"),
                         lex_);
  EXPECT_EQ(en.event, "killed");
  EXPECT_EQ(en.unit, "people");
  Measure id = MeasureOf(Make("id",
                              "Jumlah korban meninggal akibat gempa M5,6 di Cianjur bertambah menjadi "
                              "46 orang, kata Kepala BNPB",
                              46, "people", "orang"),
                         lex_);
  EXPECT_EQ(id.event, "killed");
}

// A target is not a count of what happened: Kane's four goals hoped for
// are no rival of the four he scored.
TEST_F(MeasureTest, AnAimIsATarget) {
  Measure hoped = MeasureOf(Make("id",
                                 "Menjelang laga melawan Hull, Kane berambisi mencetak empat gol lagi.",
                                 4, "other", "gol"),
                            lex_);
  EXPECT_EQ(hoped.event, "aim");
  Measure scored = MeasureOf(Make("id", "Kane mencetak empat gol pada laga lawan Leicester City.", 4,
                                  "other", "gol"),
                             lex_);
  EXPECT_NE(scored.event, "aim");
  Measure needed = MeasureOf(
      Make("id", "Ia harus mampu mencetak minimal dua gol ke gawang Juventus.", 2, "other", "gol"),
      lex_);
  EXPECT_EQ(needed.event, "aim");
  Measure en = MeasureOf(Make("en", "The club hopes to raise $2 million by May.", 2e6, "money",
                              "$2 million"),
                         lex_);
  EXPECT_EQ(en.event, "aim");
}

TEST_F(MeasureTest, InclusiveBound) {
  Claim at_least = Make("en", "at least 7 people were killed", 7, "killed", "people");
  at_least.qualifier = "more_than";
  Claim more = Make("en", "more than 7 people were killed", 7, "killed", "people");
  more.qualifier = "more_than";
  EXPECT_TRUE(InclusiveLowerBound(at_least, lex_));
  EXPECT_FALSE(InclusiveLowerBound(more, lex_));
}

// The one year a sentence names, never the figure's own digits.
TEST_F(MeasureTest, TheYearASentenceNames) {
  EXPECT_EQ(MeasureOf(Make("en", "In December 2008, three men emptied the store.", 3, "people",
                           "men"), lex_).year, "2008");
  EXPECT_EQ(MeasureOf(Make("en", "The blast killed 12 people.", 12, "killed", "people"), lex_).year,
            "");
  EXPECT_EQ(MeasureOf(Make("en", "He is charged between Nov. 1, 2004, and Oct. 8, 2008.", 2,
                           "other", "wives"), lex_).year, "");
  EXPECT_EQ(MeasureOf(Make("en", "Police counted 2000 marchers.", 2000, "people", "marchers"),
                      lex_).year, "");
}

// A year right after a figure is the year it is stated for.
TEST_F(MeasureTest, AYearBoundToItsFigure) {
  const char* staged =
      "kenaikan tarif secara bertahap, yakni 8,7 persen pada 2016 menjadi 8,9 persen pada 2017 "
      "dan 9,1 persen pada 2018.";
  EXPECT_EQ(MeasureOf(Make("id", staged, 8.7, "other", "persen"), lex_).as_of, "2016");
  EXPECT_EQ(MeasureOf(Make("id", staged, 9.1, "other", "persen"), lex_).as_of, "2018");
  Measure toll = MeasureOf(
      Make("en", "The tsunami killed 230,000 people in 2004.", 230000, "killed", "people"), lex_);
  EXPECT_EQ(toll.year, "2004");
  EXPECT_EQ(toll.as_of, "2004");
  // A date after the figure binds no year.
  Measure dated = MeasureOf(
      Make("id", "Ledakan menewaskan 22 orang pada 22 Mei 2017.", 22, "killed", "orang"), lex_);
  EXPECT_EQ(dated.as_of, "");
}

// "20 pengungsi Rohingya lain": another group than the figures beside it.
TEST_F(MeasureTest, AnotherGroupIsMarked) {
  Measure other = MeasureOf(Make("id",
                                 "Total 20 pengungsi Rohingya lain ditangkap dan dipulangkan pada "
                                 "Minggu pagi.",
                                 20, "people", "pengungsi"),
                            lex_);
  EXPECT_TRUE(other.other_event);
  Measure same = MeasureOf(Make("id", "Bangladesh memulangkan 90 pengungsi Rohingya ke Myanmar.",
                                90, "people", "pengungsi Rohingya"),
                           lex_);
  EXPECT_FALSE(same.other_event);
}

TEST_F(MeasureTest, AnotherEventIsMarked) {
  EXPECT_TRUE(MeasureOf(Make("en", "In a separate attack, three people were killed.", 3,
                             "killed", "people"), lex_).other_event);
  EXPECT_FALSE(MeasureOf(Make("en", "Three people were killed in the attack.", 3, "killed",
                              "people"), lex_).other_event);
}

// Units and events a sentence decides: "killing a mother of 12" counts her
// children; "two women ... died" a part of the dead; "a 5.6 quake" and
// "measuring 5.6 on the Richter scale" a magnitude; a depth is no distance;
// what a sum is when that word is nearer than budget or price.
struct MeasureCase {
  const char* lang;
  const char* quote;
  double value;
  const char* what;
  const char* what_text;
  const char* unit;
  const char* event;
};

const MeasureCase kMeasureCases[] = {
    {"en", "They are accused of killing a mother of 12.", 12, "people", "mother of", "children",
     "family"},
    {"en", "She was walking with one of her 12 children.", 12, "other", "children", "children",
     "family"},
    {"en", "Horton was the mother of 12 children.", 12, "other", "children", "children", "family"},
    {"en", "Two children pressed against a storefront.", 2, "other", "children", "children", ""},
    {"id", "Pebalap 38 tahun itu memimpin balapan.", 38, "other", "itu", "other", ""},
    {"id", "Harry Kane mencetak empat gol sejauh ini.", 4, "other", "gol sejauh ini", "other:gol",
     ""},
    {"en", "Two women and one man died in the fire.", 2, "killed", "women", "people:women",
     "killed"},
    {"en", "Earlier a 5.6 quake jolted the island.", 5.6, "other", "quake", "magnitude", ""},
    {"en", "A quake measuring 5.6 on the Richter scale hit.", 5.6, "other", "on", "magnitude",
     "magnitude"},
    {"en", "The 7.6 magnitude quake struck at a depth of 35 km.", 35, "other", "km", "depth", ""},
    {"en", "The 7.6 magnitude quake struck 135 km from Manokwari.", 135, "other", "km",
     "distance", ""},
    {"en", "The government will slice 30bn euros from its deficit.", 30e9, "money", "euros",
     "money", "cut"},
    {"id", "Neraca perdagangan surplus US$ 1,32 miliar.", 1.32e9, "money", "", "money",
     "surplus"},
    {"id", "Nilai ekspor mencapai US$ 12,57 miliar.", 12.57e9, "money", "", "money", "exports"},
};

TEST_F(MeasureTest, UnitsAndEventsFromTheSentence) {
  for (const MeasureCase& tc : kMeasureCases) {
    SCOPED_TRACE(tc.quote);
    Measure m = MeasureOf(Make(tc.lang, tc.quote, tc.value, tc.what, tc.what_text), lex_);
    EXPECT_EQ(m.unit, tc.unit);
    EXPECT_EQ(m.event, tc.event);
  }
}

}  // namespace
}  // namespace warta
