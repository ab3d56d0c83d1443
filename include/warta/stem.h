// Word normalisation: stemming and stop words, per language.
//
//   ASSIGN_OR_RETURN(auto id_stemmer, warta::NewStemmer(data, "id"));
//   id_stemmer->Stem("menembakkan");   // "tembak"
//   id_stemmer->Stem("pengiriman");    // "kirim"
//   ASSIGN_OR_RETURN(auto en_stemmer, warta::NewStemmer(data, "en"));
//   en_stemmer->Stem("officials");     // "offici"
//   ASSIGN_OR_RETURN(auto stop, warta::StopWords::Create(data, "id"));
//   stop->IsStopWord("yang");          // true
//
// Words are given case-folded (Token::folded).
//
// Thread-safety: a Stemmer is NOT thread-safe (the Snowball stemmers keep
// state between calls): make one per thread with Clone(), which shares the
// Indonesian root list. StopWords is immutable after Create and safe to share.
#ifndef WARTA_STEM_H_
#define WARTA_STEM_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

#include "warta/lang_data.h"
#include "warta/status.h"

namespace warta {

class Stemmer {
 public:
  virtual ~Stemmer() = default;
  // The stem of one case-folded word; the word itself when no rule applies.
  virtual std::string Stem(std::string_view word) = 0;
  // A stemmer of the same language for another thread.
  virtual std::unique_ptr<Stemmer> Clone() const = 0;
};

// The stemmer for `lang`:
//   "id": dictionary-based (Nazief-Adriani), accepting a stem only when it is
//         in lang/id/kata-dasar.txt: "dikerahkan" -> "kerah";
//   others: Snowball (libstemmer) when it knows the language: "en" Porter2;
//   else the identity stemmer.
Result<std::unique_ptr<Stemmer>> NewStemmer(const DataDir& data, const std::string& lang);

// The stop words of lang/<lang>/stopwords.txt.
class StopWords {
 public:
  static Result<std::unique_ptr<StopWords>> Create(const DataDir& data, const std::string& lang);
  // `word` case-folded: "yang", "the".
  bool IsStopWord(std::string_view word) const;
  size_t size() const { return words_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

}  // namespace warta

#endif  // WARTA_STEM_H_
