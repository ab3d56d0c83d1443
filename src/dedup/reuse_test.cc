// Tests of ReuseIndex (include/warta/dedup.h): paragraph reuse with spans.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "warta/clean.h"
#include "warta/dedup.h"
#include "warta/lang_data.h"
#include "warta/read.h"

namespace warta {
namespace {

const char* kWire[] = {
    "Agen mata-mata Korea Selatan melaporkan Korea Utara mengerahkan 1.500 pasukan khusus "
    "ke wilayah timur jauh Rusia guna melakukan latihan di pangkalan militer setempat.",
    "Badan itu juga menuding Korea Utara telah mengirimkan peluru artileri, rudal balistik "
    "dan roket anti-tank ke Rusia ke dalam 13.000 kontainer sejak Agustus tahun lalu.",
    "Presiden Korea Selatan Yoon Suk Yeol mengadakan pertemuan keamanan tak terjadwal dengan "
    "pejabat penting intelijen, militer dan keamanan nasional pada hari Jumat.",
    "Kremlin menyebut laporan itu berita palsu dan menolak berkomentar lebih jauh tentang "
    "kerja sama militer dengan Pyongyang dalam perang di Ukraina.",
};

TEST(ReuseIndexTest, FindsSharedParagraphsWithTheirSpans) {
  ReuseIndex index{ReuseOptions{}};
  std::string a = std::string(kWire[0]) + "\n\n" + kWire[1] + "\n\n" + kWire[2] + "\n\n" + kWire[3];
  EXPECT_TRUE(index.Add("a", a).empty());
  // b: its own intro, wire paragraphs 1 and 2 (2 lightly edited), its own
  // paragraph, then wire paragraph 3.
  std::string intro =
      "Dukungan Anda membantu kami menceritakan kisahnya kepada pembaca setiap hari.";
  std::string own =
      "Analis di Seoul mengatakan langkah itu akan mengubah keseimbangan di semenanjung.";
  std::string edited2 = kWire[2];
  edited2.replace(edited2.find("pada hari Jumat"), 15, "pekan lalu");
  std::string b = intro + "\n\n" + kWire[1] + "\n\n" + edited2 + "\n\n" + own + "\n\n" + kWire[3];
  std::vector<Reuse> got = index.Add("b", b);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].other, 0u);
  EXPECT_EQ(got[0].here.Of(b), std::string(kWire[1]) + "\n\n" + edited2);
  EXPECT_EQ(got[0].there.Of(a), std::string(kWire[1]) + "\n\n" + kWire[2]);
  EXPECT_EQ(got[1].here.Of(b), kWire[3]);
  EXPECT_EQ(got[1].there.Of(a), kWire[3]);
  EXPECT_FLOAT_EQ(got[1].containment, 1.0f);
  EXPECT_EQ(index.Id(got[0].other), "a");

  // Unrelated text sharing a stock phrase is not reuse.
  EXPECT_TRUE(index
                  .Add("c",
                       "Korea Utara telah mengirimkan ucapan selamat kepada tim sepak bola "
                       "nasional yang menang di Hanoi tadi malam.")
                  .empty());
}

// The sample corpus: 000 (Asumsi) and 002 (The Independent's Indonesian
// edition) carry the same Reuters wire text, lightly rewritten.
TEST(ReuseIndexTest, SampleCorpusWireTextBetween000And002) {
  Result<DataDir> data = DataDir::At(WARTA_SOURCE_DATA_DIR);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  Result<std::unique_ptr<Cleaner>> cleaner = Cleaner::Create(*data);
  ASSERT_TRUE(cleaner.ok()) << cleaner.status().ToString();
  std::vector<std::pair<std::string, std::string>> docs;  // id, clean text
  ReadInputs(
      {data->SampleCorpus()}, ReadOptions{},
      [&](RawArticle raw) { docs.emplace_back(raw.id, (*cleaner)->Clean(raw).text); },
      [](const ReadError& e) { ADD_FAILURE() << e.ToString(); });
  ASSERT_EQ(docs.size(), 5u);

  ReuseIndex index{ReuseOptions{}};
  std::map<std::pair<std::string, std::string>, std::vector<Reuse>> found;
  std::map<std::string, std::string> text_of;
  for (const auto& [id, text] : docs) {
    text_of[id.substr(0, 3)] = text;
    for (const Reuse& r : index.Add(id, text)) {
      found[{id.substr(0, 3), std::string(index.Id(r.other)).substr(0, 3)}].push_back(r);
    }
  }
  const std::vector<Reuse>& wire = found[{"002", "000"}];
  ASSERT_GE(wire.size(), 4u);
  const std::string& t000 = text_of["000"];
  const std::string& t002 = text_of["002"];
  // Each pair of spans is a paragraph run that really is the same text.
  std::vector<std::string> in000, in002;
  for (const Reuse& r : wire) {
    in000.emplace_back(r.there.Of(t000));
    in002.emplace_back(r.here.Of(t002));
    EXPECT_GE(r.containment, 0.25f);
  }
  auto any_has = [](const std::vector<std::string>& spans, const std::string& needle) {
    for (const std::string& s : spans) {
      if (s.find(needle) != std::string::npos) return true;
    }
    return false;
  };
  // The quote of the intelligence agency, in both wordings.
  EXPECT_TRUE(any_has(in000, "dikonfirmasi secara resmi"));
  EXPECT_TRUE(any_has(in002, "resmi terkonfirmasi"));
  // The 13,000 containers and the facial-recognition paragraph.
  EXPECT_TRUE(any_has(in000, "13.000 kontainer"));
  EXPECT_TRUE(any_has(in002, "13.000 kontainer"));
  EXPECT_TRUE(any_has(in000, "pengenalan wajah"));
  // The donation appeal of 002 is not wire text.
  EXPECT_FALSE(any_has(in002, "Dukungan Anda"));
  for (const auto& [pair, list] : found) {
    std::printf("reuse %s <- %s: %zu spans\n", pair.first.c_str(), pair.second.c_str(),
                list.size());
  }
}

// Saving after k documents and loading gives the same reuse for the rest,
// and the same saved bytes; a damaged blob is an error.
TEST(ReuseIndexStateTest, ResumingAfterSaveGivesTheSameReuse) {
  // Articles made of wire paragraphs in different orders, with own text.
  std::vector<std::string> docs;
  for (int i = 0; i < 12; ++i) {
    std::string text = "Paragraf pembuka nomor " + std::to_string(i) +
                       " yang ditulis sendiri oleh redaksi tanpa kutipan apa pun.";
    for (int j = 0; j < 4; ++j) {
      if ((i + j) % 3 != 0) text += std::string("\n\n") + kWire[(i + j) % 4];
    }
    docs.push_back(text);
  }
  ReuseOptions capped;
  capped.max_postings = 3;  // lists that stop: their order must survive
  for (const ReuseOptions& options : {ReuseOptions{}, capped}) {
    ReuseIndex whole(options);
    std::vector<std::vector<Reuse>> expected;
    size_t found = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      expected.push_back(whole.Add("d" + std::to_string(i), docs[i]));
      found += expected.back().size();
    }
    EXPECT_GT(found, 10u);
    for (size_t k : {size_t{0}, size_t{1}, size_t{5}, size_t{12}}) {
      ReuseIndex first(options);
      for (size_t i = 0; i < k; ++i) first.Add("d" + std::to_string(i), docs[i]);
      std::string blob = first.SaveState();
      Result<std::unique_ptr<ReuseIndex>> resumed = ReuseIndex::Load(blob);
      ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
      EXPECT_EQ((*resumed)->SaveState(), blob);
      for (size_t i = k; i < docs.size(); ++i) {
        std::vector<Reuse> got = (*resumed)->Add("d" + std::to_string(i), docs[i]);
        ASSERT_EQ(got.size(), expected[i].size()) << "k=" << k << " i=" << i;
        for (size_t r = 0; r < got.size(); ++r) {
          EXPECT_EQ(got[r].other, expected[i][r].other);
          EXPECT_EQ(got[r].here, expected[i][r].here);
          EXPECT_EQ(got[r].there, expected[i][r].there);
          EXPECT_EQ(got[r].shared, expected[i][r].shared);
        }
      }
      EXPECT_EQ((*resumed)->SaveState(), whole.SaveState()) << "k=" << k;
    }
    std::string blob = whole.SaveState();
    for (size_t n = 0; n < blob.size(); n += 1 + n / 16) {
      EXPECT_FALSE(ReuseIndex::Load(blob.substr(0, n)).ok()) << n;
    }
    for (size_t i = 0; i < blob.size(); i += 1 + i / 32) {
      std::string bad = blob;
      bad[i] = static_cast<char>(bad[i] ^ 0x5a);
      EXPECT_FALSE(ReuseIndex::Load(bad).ok()) << i;
    }
    EXPECT_FALSE(ReuseIndex::Load((*DupIndex::Create(DedupOptions{}))->SaveState()).ok());
  }
}

}  // namespace
}  // namespace warta
