#include "text_metadata.h"

#include <gtest/gtest.h>

namespace warta {
namespace {

struct Case {
  const char* name;
  const char* text;
  const char* title;
  const char* outlet;
  const char* dateline;
  const char* published;
};

TEST(TextMetadataTest, Table) {
  const Case cases[] = {
      {"domain dateline with place",
       "Liputan6.com, Kyiv - Dinas intelijen mengatakan pada hari Kamis (24/10/2024) "
       "bahwa unit pertama tiba.\n\nSeperti dilansir CNA, Jumat (25/10).",
       "", "Liputan6.com", "Kyiv", "2024-10-25"},
      {"upper-case domain and en dash, title first",
       "AS Khawatirkan Keberadaan Puluhan Ribu Pasukan\n\n"
       "PARAMETERMEDIA.COM \xE2\x80\x93 Pejabat AS khawatir.",
       "AS Khawatirkan Keberadaan Puluhan Ribu Pasukan", "PARAMETERMEDIA.COM", "", ""},
      {"domain dateline without place",
       "Suara.com - Korea Selatan memanggil duta besar.", "", "Suara.com", "", ""},
      {"agency dateline",
       "KYIV, Ukraine (AP) \xE2\x80\x94 Ukraine said on Thursday that troops arrived.",
       "", "AP", "KYIV", ""},
      {"statement date is the latest",
       "Judul Berita Ini\n\nBadan itu berkata pada Jumat (18/10/2024).\n\n"
       "Sebelumnya, Senin (14/10/2024).",
       "Judul Berita Ini", "", "", "2024-10-18"},
      {"iso date near the top",
       "Published 2024-10-25\n\nText (18/10/2024).", "", "", "", "2024-10-25"},
      {"impossible date ignored", "Kalimat (31/02/2024).", "", "", "", ""},
      {"a sentence is not a title",
       "Badan intelijen Korea Selatan telah memperingatkan sesuatu.\n\nLanjut.",
       "", "", "", ""},
  };
  for (const Case& c : cases) {
    TextMetadata m = ReadTextMetadata(c.text);
    EXPECT_EQ(m.title, c.title) << c.name;
    EXPECT_EQ(m.outlet, c.outlet) << c.name;
    EXPECT_EQ(m.dateline, c.dateline) << c.name;
    EXPECT_EQ(m.published, c.published) << c.name;
  }
}

}  // namespace
}  // namespace warta
