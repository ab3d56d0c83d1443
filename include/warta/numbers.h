// Numbers and amounts in a sentence: "1.500", "1,2 juta", "lebih dari delapan
// juta", "puluhan ribu", "about 12,000", "between 8 and 13", "$5bn".
//
// A NumberFinder reads the language's data once (data/lang/<code>/numbers.tsv
// and months.tsv, plus ICU's rule-based spell-out for the spelled numbers
// 1-999 and the ordinals) and then finds amounts in token sequences:
//
//   ASSIGN_OR_RETURN(auto finder, warta::NumberFinder::Create(data, "id"));
//   std::vector<warta::Amount> amounts = finder->Find(
//       "lebih dari 12 ribu pasukan Korea Utara sejak tahun 1950");
//   // amounts[0]: value 12000, min 12000, max none, qualifier more_than,
//   //             kind count, span "lebih dari 12 ribu", unit "pasukan"
//   // amounts[1]: value 1950, kind year -- not an amount; IsQuantity() false
//
// Things that look like numbers but are not amounts (years, dates, times,
// ordinals, model names like KN-23, phone numbers) come out too, marked by
// their kind, so that the claim layer can see and drop them.
//
// Thread-safety: a NumberFinder is immutable after Create; Find is const and
// safe to call from many threads.
#ifndef WARTA_NUMBERS_H_
#define WARTA_NUMBERS_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/segment.h"
#include "warta/status.h"

namespace warta {

// How the words around a number bound it. The names are those of the claim
// export contract.
enum class Qualifier : uint8_t {
  kExact,     // "1.500 pasukan"
  kApprox,    // "sekitar 12.000", "about 12,000"
  kMoreThan,  // "lebih dari 12 ribu", "more than 12,000": max is open
  kLessThan,  // "kurang dari", "hampir", "nearly", "under": min is open
  kRange,     // "antara 8 dan 13", "8-13", "between 8 and 13"
  kVague,     // "ribuan" 1000-9999, "puluhan ribu" 10000-99999, "thousands"
};
// "exact", "approx", "more_than", "less_than", "range", "vague".
const char* QualifierName(Qualifier q);

enum class AmountKind : uint8_t {
  kCount,    // a number of things: "1.500 pasukan", "tiga jenderal"
  kMoney,    // with a currency: "Rp3,5 T", "$5bn", "8 juta dolar"
  kPercent,  // "5 persen", "5%"
  // Not amounts, reported so they can be dropped knowingly:
  kYear,        // "1950", "tahun 1950 hingga 1953", "in 2022"
  kDate,        // "24/10/2024", the 23 of "23 Oktober 2024", "tanggal 3"
  kTime,        // "10.30 WIB", "pukul 10", "10:30"
  kOrdinal,     // "ketiga", "ke-3", "third", "1st"
  kDesignator,  // a number inside a name: "KN-23", "F-16", "COVID-19", "G20"
  kPhone,       // "0812 3456 7890", "telp 021 555 1234"
};
// "count", "money", "percent", "year", "date", "time", "ordinal",
// "designator", "phone".
const char* AmountKindName(AmountKind k);

// Whether a number written alone is a year: 1900 to 2100, in four digits
// ("2017" in "PM.26 Tahun 2017", "9,1 persen pada 2018"). The value form is
// for a number already known to have four digits.
inline bool IsBareYear(double value) { return value >= 1900 && value <= 2100; }
bool IsBareYear(std::string_view digits);

struct Amount {
  Span span;    // the whole expression, qualifier included: "lebih dari 12 ribu"
  Span number;  // the number and its scale: "12 ribu"
  // The number as stated; none for vague amounts and ranges.
  std::optional<double> value;
  // The interval the words imply; none where open ("lebih dari" has no max,
  // "hampir" no min).
  std::optional<double> min;
  std::optional<double> max;
  Qualifier qualifier = Qualifier::kExact;
  AmountKind kind = AmountKind::kCount;
  Span unit;             // the word right after the amount, or empty: "pasukan"
  std::string currency;  // ISO 4217 code for money: "IDR", "USD"; else ""

  // True for counts, money and percentages; false for years, dates, times,
  // ordinals, designators and phone numbers.
  bool IsQuantity() const { return kind <= AmountKind::kPercent; }
};

class NumberFinder {
 public:
  // Compiles lang/<lang>/numbers.tsv and months.tsv and ICU's spell-out
  // rules for the locale named in numbers.tsv (setting icu_locale).
  static Result<std::unique_ptr<NumberFinder>> Create(const DataDir& data, const std::string& lang);
  ~NumberFinder();

  // Appends the amounts found among `tokens` (Tokenize over `text`; usually
  // one sentence) to `out`, in text order. Spans are offsets into `text`.
  void Find(std::string_view text, std::span<const Token> tokens, std::vector<Amount>* out) const;

  // Convenience: tokenizes `text` and finds its amounts.
  std::vector<Amount> Find(std::string_view text) const;

  // Reads one number written in digits with this language's separators:
  // id "1.500" -> 1500, "1,2" -> 1.2; en "1,500" -> 1500, "1.2" -> 1.2.
  // Grouping that does not fit the language is read the other way round
  // (id "3.5" -> 3.5). Returns false for anything else ("24/10", "10:30",
  // "1.2.3,4,5").
  bool ParseDigits(std::string_view folded, double* value) const;

  // The value of a spelled-out number starting at tokens[i] ("delapan juta",
  // "dua belas", "twelve thousand", "sejuta"); returns the number of tokens
  // used, 0 if none.
  size_t ParseSpelled(std::span<const Token> tokens, size_t i, double* value) const;

 private:
  struct Tables;
  struct Core;
  explicit NumberFinder(std::unique_ptr<Tables> tables);
  bool ParseCore(std::span<const Token> tokens, size_t j, Core* core) const;

  std::unique_ptr<const Tables> t_;
};

}  // namespace warta

#endif  // WARTA_NUMBERS_H_
