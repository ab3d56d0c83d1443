#include <cstdio>
#include <string>
#include <vector>
#include "warta/clean.h"
#include "warta/dates.h"
#include "warta/ingest.h"
#include "warta/numbers.h"
#include "warta/read.h"
#include "warta/segment.h"

int main(int argc, char** argv) {
  auto data = warta::DataDir::Find("");
  auto cleaner = warta::Cleaner::Create(*data);
  auto split = warta::SentenceSplitter::Create(*data, "id");
  auto nums = warta::NumberFinder::Create(*data, "id");
  auto dates = warta::DateFinder::Create(*data, "id");
  std::vector<std::string> paths(argv + 1, argv + argc);
  warta::ReadInputs(paths, {}, [&](warta::RawArticle raw) {
    auto clean = (*cleaner)->Clean(raw);
    warta::Document doc = warta::MakeDocument(std::move(raw), std::move(clean));
    printf("#### %s pub=%s outlet=%s lang=%s\n", doc.id.c_str(), doc.meta.published.c_str(), doc.meta.outlet.c_str(), doc.meta.lang.c_str());
    std::vector<warta::Span> sents;
    (*split)->Split(doc.text, &sents);
    auto ref = warta::CivilDate::FromIso(doc.meta.published);
    for (auto s : sents) {
      std::string_view st = s.Of(doc.text);
      printf("S[%u,%u] %.*s\n", s.start, s.end, (int)st.size(), st.data());
      std::vector<warta::Token> toks;
      warta::Tokenize(doc.text, s, &toks);
      std::vector<warta::Amount> am;
      (*nums)->Find(doc.text, toks, &am);
      for (auto& a : am) {
        auto t = a.span.Of(doc.text);
        auto u = a.unit.Of(doc.text);
        printf("   A kind=%s q=%s v=%g min=%g max=%g '%.*s' unit='%.*s'\n", warta::AmountKindName(a.kind), warta::QualifierName(a.qualifier), a.value.value_or(-1), a.min.value_or(-1), a.max.value_or(-1), (int)t.size(), t.data(), (int)u.size(), u.data());
      }
      std::vector<warta::DateMention> dm;
      (*dates)->Find(doc.text, toks, ref.value_or(warta::CivilDate{}), &dm);
      for (auto& d : dm) { auto t = d.span.Of(doc.text); printf("   D %s '%.*s'\n", d.Iso().c_str(), (int)t.size(), t.data()); }
    }
  }, [](const warta::ReadError& e) { fprintf(stderr, "%s\n", e.ToString().c_str()); });
}
