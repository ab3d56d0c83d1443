// Stemmers behind one interface, and stop words.
//
// Indonesian is agglutinative at the edges: a root takes particles (-lah,
// -kah, -tah, -pun), possessives (-ku, -mu, -nya), a derivational suffix (-i,
// -kan, -an) and up to three prefixes (di-, ke-, se-, be(r)-, te(r)-, me(N)-,
// pe(N)-, per-), and me(N)- / pe(N)- change the root's first sound
// ("menembak" = meN + tembak, "menyerang" = meN + serang). Suffix-stripping
// alone over-stems, so this is a dictionary-based stemmer in the manner of
// Nazief and Adriani (1996) as refined by Sastrawi: a candidate is accepted
// only when it is in the root list (lang/id/kata-dasar.txt, from Sastrawi,
// MIT licence), and a word whose candidates are all unknown is returned
// unchanged.
//
// The order, each step checked against the roots:
//   1. the word itself ("berita");
//   2. strip the particle, then the possessive ("katanya" -> "kata");
//   3. strip one derivational suffix, -kan before -an and -i
//      ("dikerahkan" -> "dikerah");
//   4. strip up to three prefixes, trying every recoding of meN-/peN-
//      ("dikerah" -> "kerah"; "pengirim" -> "irim" | "kirim");
//   5. if nothing was found, put the suffixes back one by one and retry 4
//      ("bermain": stripping -i gives "berma", which fails; "bermain" -> "main").
// Reduplicated words stem to their base when both halves agree
// ("sisa-sisa" -> "sisa").
//
// Other languages use Snowball through libstemmer ("english" = Porter2); a
// language libstemmer does not know gets the identity stemmer.
//
// Tested by stem_test.cc.
#include "warta/stem.h"

#include <libstemmer.h>

#include <array>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace warta {
namespace {

using RootSet = std::unordered_set<std::string>;

inline bool IsVowel(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'; }

inline bool EndsWith(std::string_view w, std::string_view s) {
  return w.size() > s.size() && w.substr(w.size() - s.size()) == s;
}

inline bool StartsWith(std::string_view w, std::string_view p) {
  return w.size() > p.size() && w.substr(0, p.size()) == p;
}

class IndonesianStemmer : public Stemmer {
 public:
  explicit IndonesianStemmer(std::shared_ptr<const RootSet> roots) : roots_(std::move(roots)) {}

  std::unique_ptr<Stemmer> Clone() const override {
    return std::make_unique<IndonesianStemmer>(roots_);
  }

  std::string Stem(std::string_view word) override {
    // News repeats its words: a per-instance cache of recent stems saves the
    // affix search (measured on id-news: 260 -> 60 ns a word).
    if (auto it = cache_.find(word); it != cache_.end()) return it->second;
    std::string stem = StemUncached(word);
    if (cache_.size() >= kCacheSize) cache_.clear();
    cache_.emplace(std::string(word), stem);
    return stem;
  }

 private:
  static constexpr size_t kCacheSize = 1 << 16;

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  std::string StemUncached(std::string_view word) {
    // "sisa-sisa" -> "sisa"; "bertubi-tubi" -> both halves must agree.
    size_t dash = word.find('-');
    if (dash != std::string_view::npos && dash > 0 && dash + 1 < word.size()) {
      std::string a = StemWord(word.substr(0, dash));
      std::string b = StemWord(word.substr(dash + 1));
      if (a == b) return a;
      if (IsRoot(word.substr(dash + 1)) && a == std::string(word.substr(dash + 1))) {
        return a;
      }
      return std::string(word);
    }
    return StemWord(word);
  }

  bool IsRoot(std::string_view w) const {
    scratch_.assign(w.data(), w.size());
    return roots_->count(scratch_) > 0;
  }

  std::string StemWord(std::string_view word) {
    if (word.size() <= 3 || IsRoot(word)) return std::string(word);
    for (char c : word) {
      if (c < 'a' || c > 'z') return std::string(word);  // not a plain word
    }
    // Steps 2 and 3: the forms with fewer and fewer suffixes, most stripped
    // last; each is tried, then step 4 runs from the most stripped back.
    std::vector<std::string> forms;
    std::string w(word);
    forms.push_back(w);
    for (std::string_view p : {"lah", "kah", "tah", "pun"}) {
      if (EndsWith(w, p) && w.size() - p.size() >= 3) {
        w.resize(w.size() - p.size());  // "benarkah" -> "benar"
        forms.push_back(w);
        if (IsRoot(w)) return w;
        break;
      }
    }
    for (std::string_view p : {"nya", "ku", "mu"}) {
      if (EndsWith(w, p) && w.size() - p.size() >= 3) {
        w.resize(w.size() - p.size());  // "katanya" -> "kata"
        forms.push_back(w);
        if (IsRoot(w)) return w;
        break;
      }
    }
    for (std::string_view p : {"kan", "an", "i"}) {
      if (EndsWith(w, p) && w.size() - p.size() >= 3) {
        std::string base = w.substr(0, w.size() - p.size());
        if (p == "kan") {
          // "-kan" may be "-an" after a root ending in k: "pasukan" = pasuk +
          // an (a noun), not pasu + kan. -kan makes verbs, which take me- or
          // di- ("dikerahkan"); without them the -an reading goes first.
          std::string k_form = w.substr(0, w.size() - 2);
          bool verbal = StartsWith(w, "me") || StartsWith(w, "di");
          if (!verbal && IsRoot(k_form)) return k_form;
          forms.push_back(std::move(k_form));
        }
        forms.push_back(base);  // "dikerahkan" -> "dikerah"
        if (IsRoot(base)) return base;
        break;
      }
    }
    // Step 4 and 5: prefixes, from the most stripped form back.
    for (size_t k = forms.size(); k-- > 0;) {
      std::string found;
      if (StripPrefixes(forms[k], 0, '\0', &found)) return found;
    }
    return std::string(word);
  }

  // Depth-first over prefix removals; `last` is the prefix class removed
  // last (a prefix does not repeat: "di-di-").
  bool StripPrefixes(const std::string& w, int depth, char last, std::string* found) {
    if (depth >= 3 || w.size() < 4) return false;
    std::array<std::string, 4> cands;
    size_t n = 0;
    char cls = '\0';
    auto add = [&](std::string c) {
      if (c.size() >= 2 && n < cands.size()) cands[n++] = std::move(c);
    };
    const std::string_view v(w);
    auto at = [&](size_t i) -> char { return i < v.size() ? v[i] : '\0'; };
    if (StartsWith(v, "di")) {
      cls = 'd';
      add(w.substr(2));  // "dikerah" -> "kerah"
    } else if (StartsWith(v, "ke")) {
      cls = 'k';
      add(w.substr(2));  // "kecerdasan" -> "cerdas"
    } else if (StartsWith(v, "se")) {
      cls = 's';
      add(w.substr(2));  // "sejuta" -> "juta"
    } else if (StartsWith(v, "be")) {
      cls = 'b';
      if (v == "belajar") {
        add("ajar");
      } else if (at(2) == 'r') {
        add(w.substr(3));                      // "bertempur" -> "tempur"
        if (IsVowel(at(3))) add(w.substr(2));  // "berambut" -> "rambut"
      } else if (!IsVowel(at(2)) && at(3) == 'e' && at(4) == 'r') {
        add(w.substr(2));  // "bekerja" -> "kerja"
      }
    } else if (StartsWith(v, "te")) {
      cls = 't';
      if (at(2) == 'r') {
        add(w.substr(3));                      // "terlibat" -> "libat"
        if (IsVowel(at(3))) add(w.substr(2));  // "terasa" -> "rasa"
      } else if (!IsVowel(at(2)) && at(3) == 'e' && at(4) == 'r') {
        add(w.substr(2));
      }
    } else if (StartsWith(v, "me") || StartsWith(v, "pe")) {
      bool me = v[0] == 'm';
      cls = me ? 'm' : 'p';
      if (StartsWith(v.substr(2), "ng")) {
        if (IsVowel(at(4))) {
          add("k" + w.substr(4));  // "mengirim" -> "kirim"
          add(w.substr(4));        // "mengambil" -> "ambil"
        } else {
          add(w.substr(4));  // "menggali" -> "gali", "menghitung" -> "hitung"
        }
      } else if (StartsWith(v.substr(2), "ny") && IsVowel(at(4))) {
        add("s" + w.substr(4));  // "menyerang" -> "serang"
        add(w.substr(2));        // "menyanyi" -> "nyanyi"
      } else if (at(2) == 'm') {
        if (IsVowel(at(3))) {
          add("p" + w.substr(3));  // "memukul" -> "pukul", "memasok" -> "pasok"
          add(w.substr(2));        // "memakan" -> "makan"
        } else {
          add(w.substr(3));  // "membantu" -> "bantu", "memperkuat" -> "perkuat"
        }
      } else if (at(2) == 'n') {
        if (IsVowel(at(3))) {
          add("t" + w.substr(3));  // "menembak" -> "tembak"
          add(w.substr(2));        // "menanti" -> "nanti"
        } else {
          add(w.substr(3));  // "mendukung" -> "dukung", "mencari" -> "cari"
        }
      } else if (!me && at(2) == 'r') {
        add(w.substr(3));                      // "pertempur" -> "tempur"
        if (IsVowel(at(3))) add(w.substr(2));  // "perawat" -> "rawat"
      } else if (!me && v.substr(2) == "lajar") {
        add("ajar");  // "pelajar"
      } else {
        add(w.substr(2));  // "melihat" -> "lihat", "pelatih" -> "latih"
      }
    }
    if (n == 0 || cls == last) return false;
    for (size_t i = 0; i < n; ++i) {
      if (IsRoot(cands[i])) {
        *found = cands[i];
        return true;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (StripPrefixes(cands[i], depth + 1, cls, found)) return true;
    }
    return false;
  }

  std::shared_ptr<const RootSet> roots_;
  mutable std::string scratch_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> cache_;
};

class SnowballStemmer : public Stemmer {
 public:
  SnowballStemmer(std::string algorithm, sb_stemmer* s)
      : algorithm_(std::move(algorithm)), stemmer_(s) {}
  ~SnowballStemmer() override { sb_stemmer_delete(stemmer_); }
  SnowballStemmer(const SnowballStemmer&) = delete;
  SnowballStemmer& operator=(const SnowballStemmer&) = delete;

  std::unique_ptr<Stemmer> Clone() const override {
    return std::make_unique<SnowballStemmer>(algorithm_,
                                             sb_stemmer_new(algorithm_.c_str(), "UTF_8"));
  }

  std::string Stem(std::string_view word) override {
    if (stemmer_ == nullptr) return std::string(word);
    const sb_symbol* out = sb_stemmer_stem(
        stemmer_, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (out == nullptr) return std::string(word);  // out of memory
    return std::string(reinterpret_cast<const char*>(out),
                       static_cast<size_t>(sb_stemmer_length(stemmer_)));
  }

 private:
  std::string algorithm_;
  sb_stemmer* stemmer_;
};

class IdentityStemmer : public Stemmer {
 public:
  std::string Stem(std::string_view word) override { return std::string(word); }
  std::unique_ptr<Stemmer> Clone() const override { return std::make_unique<IdentityStemmer>(); }
};

}  // namespace

Result<std::unique_ptr<Stemmer>> NewStemmer(const DataDir& data, const std::string& lang) {
  if (lang == "id") {
    ASSIGN_OR_RETURN(std::vector<std::string> lines, data.ReadLines("id", "kata-dasar.txt"));
    if (lines.empty()) {
      return NotFound(data.root() + "/lang/id/kata-dasar.txt is missing or empty");
    }
    auto roots = std::make_shared<RootSet>();
    roots->reserve(lines.size());
    for (std::string& w : lines) roots->insert(std::move(w));
    return std::unique_ptr<Stemmer>(new IndonesianStemmer(std::move(roots)));
  }
  // libstemmer knows languages by ISO 639 code as well as by name.
  if (sb_stemmer* s = sb_stemmer_new(lang.c_str(), "UTF_8"); s != nullptr) {
    return std::unique_ptr<Stemmer>(new SnowballStemmer(lang, s));
  }
  return std::unique_ptr<Stemmer>(new IdentityStemmer());
}

Result<std::unique_ptr<StopWords>> StopWords::Create(const DataDir& data, const std::string& lang) {
  ASSIGN_OR_RETURN(std::vector<std::string> lines, data.ReadLines(lang, "stopwords.txt"));
  auto s = std::make_unique<StopWords>();
  s->words_.reserve(lines.size());
  for (std::string& w : lines) s->words_.insert(std::move(w));
  return s;
}

bool StopWords::IsStopWord(std::string_view word) const {
  return words_.find(word) != words_.end();
}

}  // namespace warta
