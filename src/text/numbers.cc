// Amounts: one left-to-right pass over a sentence's tokens.
//
// At each token the finder tries, in order, the parts of an amount:
//
//   [ignore] [qualifier | range opener] [negative] [marker] [currency] CORE [scale]
//            [range joiner CORE [scale]] [currency | percent | time zone]
//
// where CORE is a number in digits ("1.500"), a spelled-out number
// ("delapan", "dua belas", "twelve"), a vague word ("ribuan", "dozens"), an
// ordinal ("ketiga", "ke-3", "1st"), or a number glued into a name ("KN-23").
// Every part is a phrase list of the language data (numbers.tsv), compiled
// into a PhraseMatcher trie at start-up, so the pass costs one hash lookup per
// ordinary word: a word that starts no phrase is skipped at once.
//
// Spelled-out numbers come from ICU: at start-up RuleBasedNumberFormat spells
// 1..999 in the language ("dua ratus lima belas", "two hundred fifteen") and
// the ordinals 1..100 ("ketiga", "third"); those phrases go into the tries, and
// scale words combine them while reading ("satu juta dua ratus ribu" ->
// 1000000 + 200 * 1000). ICU's own parser is not called per token: it is
// lenient, slow (microseconds a call) and says nothing of where a number ends,
// which the spans need. The test compares the two on 1..999999.
//
// Digits are read with the language's separators ("1.500" -> 1500 in
// Indonesian, "1,500" -> 1500 in English). Grouping that does not fit the
// language ("10.30", "3.5" in Indonesian) is read with the other convention,
// unless a time marker ("pukul", "WIB") makes it a time. Values are computed
// from an integer mantissa so that "1,2 juta" is exactly 1200000.
//
// What is not an amount is still reported, with its kind, so the claim layer
// can see it: a year ("tahun 1950", a bare 4-digit 1900-2100), a day of a
// date ("23 Oktober", "24/10/2024"), a time ("10.30 WIB"), an ordinal
// ("tahun ketiga", "ke-3"), a designator ("KN-23", "G20"), a phone number
// ("0812-3456-7890").
//
// Tested by numbers_test.cc.
#include "warta/numbers.h"

#include <unicode/rbnf.h>
#include <unicode/unistr.h>

#include <cmath>
#include <limits>
#include <utility>

namespace warta {

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact:
      return "exact";
    case Qualifier::kApprox:
      return "approx";
    case Qualifier::kMoreThan:
      return "more_than";
    case Qualifier::kLessThan:
      return "less_than";
    case Qualifier::kRange:
      return "range";
    case Qualifier::kVague:
      return "vague";
  }
  return "exact";
}

const char* AmountKindName(AmountKind k) {
  switch (k) {
    case AmountKind::kCount:
      return "count";
    case AmountKind::kMoney:
      return "money";
    case AmountKind::kPercent:
      return "percent";
    case AmountKind::kYear:
      return "year";
    case AmountKind::kDate:
      return "date";
    case AmountKind::kTime:
      return "time";
    case AmountKind::kOrdinal:
      return "ordinal";
    case AmountKind::kDesignator:
      return "designator";
    case AmountKind::kPhone:
      return "phone";
  }
  return "count";
}

bool IsBareYear(std::string_view digits) {
  if (digits.size() != 4) return false;
  int value = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + (ch - '0');
  }
  return IsBareYear(static_cast<double>(value));
}

namespace {

// Set on a qualifier code whose bound a vague amount absorbs ("up_to").
constexpr int32_t kUpToFlag = 1 << 8;


// A number written in digits, as read from one token.
struct Digits {
  int64_t mantissa = 0;  // all digits: "1,25" -> 125
  int decimals = 0;      // digits after the decimal separator: "1,25" -> 2
  size_t int_digits = 0;
  bool plain = false;         // digits only: "1950"
  bool leading_zero = false;  // "0812", but not "0,5"
  bool grouped = false;       // used a group separator
};

// Reads `s` with group separator `group` and decimal separator `decimal`.
// "12.000" ('.', ',') -> 12000; "1,2" -> 12 with 1 decimal; "10.30" -> false
// (a group must have three digits).
bool ReadDigits(std::string_view s, char group, char decimal, Digits* d) {
  *d = Digits();
  size_t chunk = 0;  // digits in the current chunk
  bool seen_group = false, seen_decimal = false;
  size_t total_digits = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (total_digits >= 18) return false;
      d->mantissa = d->mantissa * 10 + (c - '0');
      ++total_digits;
      ++chunk;
      if (seen_decimal) {
        ++d->decimals;
      } else {
        ++d->int_digits;
      }
      continue;
    }
    if (c == group && !seen_decimal) {
      // First chunk 1-3 digits, later ones exactly 3.
      if (chunk == 0 || (seen_group ? chunk != 3 : chunk > 3)) return false;
      seen_group = true;
      chunk = 0;
      continue;
    }
    if (c == decimal && !seen_decimal) {
      if (chunk == 0 || (seen_group && chunk != 3)) return false;
      seen_decimal = true;
      chunk = 0;
      continue;
    }
    return false;
  }
  if (chunk == 0) return false;
  if (seen_group && !seen_decimal && chunk != 3) return false;
  d->grouped = seen_group;
  d->plain = !seen_group && !seen_decimal;
  d->leading_zero = s.size() > 1 && s[0] == '0' && d->int_digits > 1;
  return true;
}

double Pow10(int n) {
  double p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// mantissa * scale / 10^decimals, exact when the scale absorbs the decimals:
// "1,2" juta -> 12 * (1000000 / 10) = 1200000.
double Scaled(const Digits& d, double scale) {
  double p = Pow10(d.decimals);
  if (scale >= p && std::fmod(scale, p) == 0) {
    return static_cast<double>(d.mantissa) * (scale / p);
  }
  return static_cast<double>(d.mantissa) * scale / p;
}

Qualifier QualifierFromName(const std::string& name, bool* ok) {
  *ok = true;
  if (name == "approx") return Qualifier::kApprox;
  if (name == "more_than") return Qualifier::kMoreThan;
  if (name == "less_than") return Qualifier::kLessThan;
  if (name == "exact") return Qualifier::kExact;
  *ok = false;
  return Qualifier::kExact;
}

}  // namespace

struct NumberFinder::Tables {
  char group = '.';
  char decimal = ',';
  PhraseMatcher qualifier, range_open, range_join, scale, number, vague, vague_link,
      currency_before, currency_after, percent, year_before, date_before, time_before, time_after,
      phone_before, label_before, ordinal, ordinal_suffix, decade_suffix, ignore, negative, month;
  std::vector<double> scale_values;
  std::vector<bool> scale_money_only;
  std::vector<double> number_values;
  std::vector<std::pair<double, double>> vague_values;
  std::vector<std::string> currencies;
  std::unordered_set<std::string> ordinal_prefixes;  // "ke" of "ke-3"
  // First folded token of every phrase: a word not in here starts nothing.
  std::unordered_set<std::string> starters;

  void Add(PhraseMatcher* m, std::string_view phrase, int32_t value) {
    std::vector<Token> tokens;
    Tokenize(phrase, &tokens);
    if (tokens.empty()) return;
    starters.insert(tokens[0].folded);
    m->Add(phrase, value);
  }
};

// One number with its scale, as read at one position.
struct NumberFinder::Core {
  size_t begin = 0;  // tokens [begin, end)
  size_t end = 0;
  double value = 0;
  double vmin = 0;
  double vmax = 0;
  bool vague = false;
  bool has_scale = false;
  double scale = 1;
  Digits digits;
  bool is_digits = false;
  AmountKind kind = AmountKind::kCount;
  int currency = -1;
  bool has_value = true;  // false for "KN-23", "24/10/2024", "10:30"
  bool approx = false;    // the number says so itself: "300-an"
};

NumberFinder::NumberFinder(std::unique_ptr<Tables> tables) : t_(std::move(tables)) {}
NumberFinder::~NumberFinder() = default;

Result<std::unique_ptr<NumberFinder>> NumberFinder::Create(const DataDir& data,
                                                           const std::string& lang) {
  auto t = std::make_unique<Tables>();
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "numbers.tsv"));
  std::string icu_locale = lang;
  auto bad = [&](const std::vector<std::string>& row) {
    return InvalidArgument("lang/" + lang + "/numbers.tsv: bad row starting '" + row[0] + "'");
  };
  for (const auto& row : rows) {
    const std::string& kind = row[0];
    if (row.size() < 2) return bad(row);
    const std::string& phrase = row[1];
    static const std::string kEmpty;
    auto arg = [&](size_t k) -> const std::string& { return row.size() > k ? row[k] : kEmpty; };
    if (kind == "setting") {
      if (phrase == "group_separator" && arg(2).size() == 1) {
        t->group = arg(2)[0];
      } else if (phrase == "decimal_separator" && arg(2).size() == 1) {
        t->decimal = arg(2)[0];
      } else if (phrase == "icu_locale") {
        icu_locale = arg(2);
      } else {
        return bad(row);
      }
    } else if (kind == "scale") {
      char* end = nullptr;
      double v = std::strtod(arg(2).c_str(), &end);
      if (arg(2).empty() || *end != '\0' || v <= 0) return bad(row);
      t->Add(&t->scale, phrase, static_cast<int32_t>(t->scale_values.size()));
      t->scale_values.push_back(v);
      t->scale_money_only.push_back(arg(3) == "money");
    } else if (kind == "number") {
      char* end = nullptr;
      double v = std::strtod(arg(2).c_str(), &end);
      if (arg(2).empty() || *end != '\0') return bad(row);
      t->Add(&t->number, phrase, static_cast<int32_t>(t->number_values.size()));
      t->number_values.push_back(v);
    } else if (kind == "vague") {
      double lo = std::strtod(arg(2).c_str(), nullptr);
      double hi = std::strtod(arg(3).c_str(), nullptr);
      if (lo <= 0 || hi < lo) return bad(row);
      t->Add(&t->vague, phrase, static_cast<int32_t>(t->vague_values.size()));
      t->vague_values.emplace_back(lo, hi);
    } else if (kind == "vague_link") {
      t->Add(&t->vague_link, phrase, 0);
    } else if (kind == "qualifier") {
      bool ok;
      Qualifier q = QualifierFromName(arg(2), &ok);
      if (!ok) return bad(row);
      // A fourth column "up_to" marks a bound that a vague amount absorbs:
      // "hingga ratusan ribu rupiah" is hundreds of thousands, vague.
      int32_t code = static_cast<int32_t>(q) | (arg(3) == "up_to" ? kUpToFlag : 0);
      t->Add(&t->qualifier, phrase, code);
    } else if (kind == "range_open") {
      t->Add(&t->range_open, phrase, 0);
    } else if (kind == "range_join") {
      t->range_join.Add(phrase, arg(2) == "open" ? 1 : 0);
    } else if (kind == "currency_before" || kind == "currency_after") {
      if (arg(2).empty()) return bad(row);
      int32_t id = static_cast<int32_t>(t->currencies.size());
      t->currencies.push_back(arg(2));
      if (kind == "currency_before") {
        t->Add(&t->currency_before, phrase, id);
      } else {
        t->currency_after.Add(phrase, id);
      }
    } else if (kind == "percent") {
      t->percent.Add(phrase, 0);
    } else if (kind == "year_before") {
      t->Add(&t->year_before, phrase, 0);
    } else if (kind == "date_before") {
      t->Add(&t->date_before, phrase, 0);
    } else if (kind == "time_before") {
      t->Add(&t->time_before, phrase, 0);
    } else if (kind == "time_after") {
      t->time_after.Add(phrase, 0);
    } else if (kind == "phone_before") {
      t->Add(&t->phone_before, phrase, 0);
    } else if (kind == "label_before") {
      t->Add(&t->label_before, phrase, 0);
    } else if (kind == "ordinal_prefix") {
      t->ordinal_prefixes.insert(FoldCase(phrase));
    } else if (kind == "ordinal_suffix") {
      t->ordinal_suffix.Add(phrase, 0);
    } else if (kind == "decade_suffix") {
      t->decade_suffix.Add(phrase, 0);
    } else if (kind == "ordinal") {
      t->Add(&t->ordinal, phrase, std::atoi(arg(2).c_str()));
    } else if (kind == "ignore") {
      t->Add(&t->ignore, phrase, 0);
    } else if (kind == "negative") {
      t->Add(&t->negative, phrase, 0);
    } else {
      return bad(row);
    }
  }
  ASSIGN_OR_RETURN(auto months, data.ReadTsv(lang, "months.tsv"));
  for (const auto& row : months) {
    if (row.size() < 2) continue;
    int m = std::atoi(row[0].c_str());
    bool cap = row.size() > 2 && row[2].find("cap") != std::string::npos;
    t->month.Add(row[1], m * 2 + (cap ? 1 : 0));
  }

  // Spelled-out numbers and ordinals from ICU's rule-based spell-out.
  UErrorCode status = U_ZERO_ERROR;
  icu::RuleBasedNumberFormat rbnf(icu::URBNF_SPELLOUT, icu::Locale(icu_locale.c_str()), status);
  if (U_FAILURE(status)) {
    return Internal("ICU spell-out for " + icu_locale + ": " + u_errorName(status));
  }
  std::string spelled;
  for (int n = 1; n <= 999; ++n) {
    icu::UnicodeString s;
    rbnf.format(static_cast<int32_t>(n), s);
    spelled.clear();
    s.toUTF8String(spelled);
    t->Add(&t->number, spelled, static_cast<int32_t>(t->number_values.size()));
    t->number_values.push_back(n);
  }
  // English also says "one hundred and twenty": the verbose rule set, where
  // the locale has one.
  status = U_ZERO_ERROR;
  icu::UnicodeString verbose_rules("%spellout-numbering-verbose");
  for (int n = 101; n <= 999 && U_SUCCESS(status); ++n) {
    if (n % 100 == 0) continue;
    icu::UnicodeString s;
    icu::FieldPosition pos;
    rbnf.format(static_cast<int32_t>(n), verbose_rules, s, pos, status);
    if (U_FAILURE(status)) break;
    spelled.clear();
    s.toUTF8String(spelled);
    t->Add(&t->number, spelled, static_cast<int32_t>(t->number_values.size()));
    t->number_values.push_back(n);
  }
  // Scales spelled as one word ("seribu" = 1000 in Indonesian); spelled as
  // two ("one thousand") they are read by composition instead.
  for (double n : {1e3, 1e6, 1e9, 1e12}) {
    icu::UnicodeString s;
    rbnf.format(n, s);
    spelled.clear();
    s.toUTF8String(spelled);
    std::vector<Token> tokens;
    Tokenize(spelled, &tokens);
    if (tokens.size() != 1) continue;
    t->Add(&t->number, spelled, static_cast<int32_t>(t->number_values.size()));
    t->number_values.push_back(n);
  }
  status = U_ZERO_ERROR;
  icu::UnicodeString ordinal_rules("%spellout-ordinal");
  for (int n = 1; n <= 100 && U_SUCCESS(status); ++n) {
    icu::UnicodeString s;
    icu::FieldPosition pos;
    rbnf.format(static_cast<int32_t>(n), ordinal_rules, s, pos, status);
    if (U_FAILURE(status)) break;
    spelled.clear();
    s.toUTF8String(spelled);
    t->Add(&t->ordinal, spelled, n);
  }
  // A language without ordinal rules simply has none from ICU.
  return std::unique_ptr<NumberFinder>(new NumberFinder(std::move(t)));
}

bool NumberFinder::ParseDigits(std::string_view folded, double* value) const {
  Digits d;
  if (!ReadDigits(folded, t_->group, t_->decimal, &d) &&
      !ReadDigits(folded, t_->decimal, t_->group, &d)) {
    return false;
  }
  *value = Scaled(d, 1);
  return true;
}

size_t NumberFinder::ParseSpelled(std::span<const Token> tokens, size_t i, double* value) const {
  // "satu juta dua ratus ribu": small numbers (one trie phrase each) times
  // falling scales, summed: 1 * 1000000 + 200 * 1000.
  double total = 0;
  double current = -1;
  double last_scale = std::numeric_limits<double>::infinity();
  size_t k = i;
  int32_t v;
  while (k < tokens.size()) {
    size_t len;
    if (current < 0 && (len = t_->number.Match(tokens, k, &v)) > 0) {
      double n = t_->number_values[static_cast<size_t>(v)];
      if (n >= 1000) {
        // A word with its scale inside: "seribu lima ratus" -> 1000 + 500,
        // "sejuta" -> 1000000.
        if (n >= last_scale) break;
        total += n;
        last_scale = n;
      } else {
        current = n;
      }
      k += len;
      continue;
    }
    if (current > 0 && (len = t_->scale.Match(tokens, k, &v)) > 0 &&
        !t_->scale_money_only[static_cast<size_t>(v)] &&
        t_->scale_values[static_cast<size_t>(v)] < last_scale &&
        current < t_->scale_values[static_cast<size_t>(v)]) {
      double s = t_->scale_values[static_cast<size_t>(v)];
      total += current * s;
      current = -1;
      last_scale = s;
      k += len;
      continue;
    }
    break;
  }
  if (k == i) return 0;
  *value = total + (current > 0 ? current : 0);
  return k - i;
}

bool NumberFinder::ParseCore(std::span<const Token> tokens, size_t j, Core* c) const {
  const Tables& t = *t_;
  int32_t v;
  size_t len;
  c->begin = j;
  if (j >= tokens.size()) return false;
  if ((len = t.currency_before.Match(tokens, j, &v)) > 0 && j + len < tokens.size() &&
      tokens[j + len].kind == TokenKind::kNumber) {
    c->currency = v;
    j += len;
  }
  const Token& tok = tokens[j];
  // "14 / 06 / 2017", "(04 / 12)": a date written with spaced slashes.
  if (tok.kind == TokenKind::kNumber && tok.folded.size() <= 2 && j + 2 < tokens.size() &&
      tokens[j + 1].folded == "/" && tokens[j + 2].kind == TokenKind::kNumber &&
      tokens[j + 2].folded.size() <= 2 &&
      tok.folded.find_first_not_of("0123456789") == std::string::npos &&
      tokens[j + 2].folded.find_first_not_of("0123456789") == std::string::npos) {
    j += 3;
    if (j + 1 < tokens.size() && tokens[j].folded == "/" &&
        tokens[j + 1].kind == TokenKind::kNumber) {
      j += 2;
    }
    c->is_digits = true;
    c->kind = AmountKind::kDate;
    c->has_value = false;
    c->end = j;
    return true;
  }
  if (tok.kind == TokenKind::kNumber) {
    c->is_digits = true;
    std::string_view f = tok.folded;
    if (f.find('/') != std::string_view::npos) {
      c->kind = AmountKind::kDate;  // "24/10/2024", "25/10"
      c->has_value = false;
    } else if (f.find(':') != std::string_view::npos) {
      c->kind = AmountKind::kTime;  // "10:30"
      c->has_value = false;
    } else if (ReadDigits(f, t.group, t.decimal, &c->digits)) {
      c->value = Scaled(c->digits, 1);
    } else if (ReadDigits(f, t.decimal, t.group, &c->digits)) {
      // "10.30" in Indonesian: a time if a marker says so, else "3.5" style.
      c->value = Scaled(c->digits, 1);
      if (c->digits.decimals == 2 && c->digits.mantissa / 100 <= 24 &&
          c->digits.mantissa % 100 < 60 && j + 1 < tokens.size() &&
          t.time_after.Match(tokens, j + 1, &v) > 0) {
        c->kind = AmountKind::kTime;
      }
    } else {
      return false;
    }
    ++j;
    // "1st", "23rd": an ordinal suffix glued to the digits.
    if (j < tokens.size() && tokens[j].glued && tokens[j].kind == TokenKind::kWord &&
        t.ordinal_suffix.Match(tokens, j, &v) == 1) {
      c->kind = AmountKind::kOrdinal;
      ++j;
    }
    // "1990s": a decade is a year.
    if (j < tokens.size() && tokens[j].glued && tokens[j].kind == TokenKind::kWord &&
        c->digits.plain && c->digits.int_digits == 4 && t.decade_suffix.Match(tokens, j, &v) == 1) {
      c->kind = AmountKind::kYear;
      ++j;
    }
    // A number glued to a letter before it is part of a name: "G20", "MH17".
    // A word glued after it is its unit, not a name: "500ml", "128GB".
    if (c->kind == AmountKind::kCount && c->currency < 0 && tok.glued && j - 1 > 0 &&
        tokens[j - 2].kind == TokenKind::kWord) {
      c->kind = AmountKind::kDesignator;
    }
    // Scale: "12 ribu", "1,2 juta", "Rp3,5 T", "$5bn", "2m euros", also
    // after a hyphen: "$2.6-million", "$2.6 - million".
    size_t hyphen = j < tokens.size() && tokens[j].folded == "-" ? 1 : 0;
    int32_t cur = 0;
    if (c->kind == AmountKind::kCount && (len = t.scale.Match(tokens, j + hyphen, &v)) > 0 &&
        (!t.scale_money_only[static_cast<size_t>(v)] || c->currency >= 0 ||
         t.currency_after.Match(tokens, j + hyphen + len, &cur) > 0)) {
      c->scale = t.scale_values[static_cast<size_t>(v)];
      c->has_scale = true;
      c->value = Scaled(c->digits, c->scale);
      j += hyphen + len;
    }
    c->end = j;
    return true;
  }
  if (tok.kind != TokenKind::kWord || c->currency >= 0) return false;
  // Words with digits: "ke-3" is an ordinal; "KN-23", "COVID-19" are names.
  bool has_digit = false;
  for (char ch : tok.folded) has_digit |= (ch >= '0' && ch <= '9');
  if (has_digit) {
    size_t dash = tok.folded.find('-');
    c->kind = AmountKind::kDesignator;
    c->has_value = false;
    // "1950-an" is a decade, a year; "300-an" is some three hundred, an
    // approximate count.
    double number = 0;
    if (dash != std::string::npos && dash > 0 &&
        ParseDigits(std::string_view(tok.folded).substr(0, dash), &number)) {
      std::vector<Token> rest;
      Tokenize(std::string_view(tok.folded).substr(dash + 1), &rest);
      if (rest.size() == 1 && t.decade_suffix.Match(rest, 0, &v) == 1) {
        bool year = dash == 4 && number >= 1000 && number <= 2100;
        c->kind = year ? AmountKind::kYear : AmountKind::kCount;
        c->approx = !year;
        c->has_value = true;
        c->value = number;
      }
    }
    if (dash != std::string::npos && t.ordinal_prefixes.count(tok.folded.substr(0, dash)) > 0) {
      double n = 0;
      if (ParseDigits(std::string_view(tok.folded).substr(dash + 1), &n)) {
        c->kind = AmountKind::kOrdinal;
        c->has_value = true;
        c->value = n;
      }
    }
    c->end = j + 1;
    return true;
  }
  if (t.starters.count(tok.folded) == 0) return false;
  if ((len = t.ordinal.Match(tokens, j, &v)) > 0) {
    // "ketiga", "third": an ordinal, unless a longer spelled number starts
    // here ("seratus" is no ordinal, but check anyway).
    double spelled_value;
    size_t spelled_len = ParseSpelled(tokens, j, &spelled_value);
    if (spelled_len <= len) {
      c->kind = AmountKind::kOrdinal;
      c->value = v;
      c->end = j + len;
      return true;
    }
  }
  if ((len = t.vague.Match(tokens, j, &v)) > 0) {
    // "ribuan" 1000-9999; "puluhan ribu" -> 10000-99999; "tens of thousands".
    c->vague = true;
    c->vmin = t.vague_values[static_cast<size_t>(v)].first;
    c->vmax = t.vague_values[static_cast<size_t>(v)].second;
    j += len;
    size_t link = t.vague_link.Match(tokens, j, &v);
    size_t slen = t.scale.Match(tokens, j + link, &v);
    if (slen > 0 && !t.scale_money_only[static_cast<size_t>(v)]) {
      double s = t.scale_values[static_cast<size_t>(v)];
      c->vmin *= s;
      c->vmax = (c->vmax + 1) * s - 1;
      j += link + slen;
    }
    c->end = j;
    return true;
  }
  double spelled_value;
  if ((len = ParseSpelled(tokens, j, &spelled_value)) > 0) {
    c->value = spelled_value;
    c->end = j + len;
    // "two - million - euro": a scale after a hyphen.
    size_t k = j + len;
    size_t slen = 0;
    if (k + 1 < tokens.size() && tokens[k].folded == "-" &&
        (slen = t.scale.Match(tokens, k + 1, &v)) > 0 &&
        !t.scale_money_only[static_cast<size_t>(v)]) {
      c->value *= t.scale_values[static_cast<size_t>(v)];
      c->has_scale = true;
      c->end = k + 1 + slen;
    }
    return true;
  }
  return false;
}

void NumberFinder::Find(std::string_view text, std::span<const Token> tokens,
                        std::vector<Amount>* out) const {
  (void)text;  // spans are token offsets; text is kept for future rules
  const Tables& t = *t_;
  const size_t n = tokens.size();
  size_t i = 0;
  int32_t v;
  while (i < n) {
    const Token& tok = tokens[i];
    if (tok.kind == TokenKind::kPunct) {
      if (t.starters.count(tok.folded) == 0) {
        ++i;
        continue;
      }
    } else if (tok.kind == TokenKind::kWord && t.starters.count(tok.folded) == 0) {
      bool has_digit = false;
      for (char ch : tok.folded) has_digit |= (ch >= '0' && ch <= '9');
      if (!has_digit) {
        ++i;
        continue;
      }
    }
    size_t len;
    if ((len = t.ignore.Match(tokens, i, &v)) > 0) {
      i += len;
      continue;
    }
    size_t j = i;
    Qualifier q = Qualifier::kExact;
    bool qualified = false, range_open = false;
    bool up_to = false;
    if ((len = t.qualifier.Match(tokens, j, &v)) > 0) {
      q = static_cast<Qualifier>(v & ~kUpToFlag);
      up_to = (v & kUpToFlag) != 0;
      qualified = true;
      j += len;
    } else if ((len = t.range_open.Match(tokens, j, &v)) > 0) {
      range_open = true;
      j += len;
    }
    // "minus 17 degrees" is -17.
    bool negative = false;
    if ((len = t.negative.Match(tokens, j, &v)) > 0) {
      negative = true;
      j += len;
    }
    // Markers that make the number a year, a day, a time or a phone number.
    bool year_marker = false, date_marker = false, time_marker = false, phone_marker = false,
         label_marker = false;
    if ((len = t.year_before.Match(tokens, j, &v)) > 0) {
      year_marker = true;
      j += len;
    } else if ((len = t.date_before.Match(tokens, j, &v)) > 0) {
      date_marker = true;
      j += len;
    } else if ((len = t.time_before.Match(tokens, j, &v)) > 0) {
      time_marker = true;
      j += len;
    } else if ((len = t.label_before.Match(tokens, j, &v)) > 0) {
      label_marker = true;  // "Pasal 15", "No. 5": a label, not an amount
      j += len;
    } else if ((len = t.phone_before.Match(tokens, j, &v)) > 0) {
      phone_marker = true;
      j += len;
      while (j < n && tokens[j].kind == TokenKind::kPunct && tokens[j].folded != "+" &&
             tokens[j].folded != "(") {
        ++j;  // "telp: 021", "telp. 021"
      }
    }
    Core c;
    if (!ParseCore(tokens, j, &c)) {
      ++i;
      continue;
    }
    size_t end = c.end;
    // Classify a number in digits by its markers and shape.
    auto classify = [&](Core* k, bool first) {
      if (!k->is_digits || k->kind != AmountKind::kCount) return;
      const Digits& d = k->digits;
      bool suffix_month = false, prefix_month = false;
      int32_t mv;
      if (k->end < n && t.month.Match(tokens, k->end, &mv) > 0 &&
          (mv % 2 == 0 || tokens[k->end].capitalized)) {
        suffix_month = true;
      }
      // "October 23", "Oct. 23": the month is the token before, or the one
      // before its period.
      size_t mb = k->begin;
      if (mb > 1 && tokens[mb - 1].folded == "." && tokens[mb - 1].glued) --mb;
      if (mb > 0 && tokens[mb - 1].kind == TokenKind::kWord &&
          t.month.Match(tokens, mb - 1, &mv) == 1 && (mv % 2 == 0 || tokens[mb - 1].capitalized)) {
        prefix_month = true;
      }
      // Four digits before a time zone are a time of day: "1747 HKT",
      // "0947 GMT".
      const int hhmm = static_cast<int>(k->value);
      if (d.plain && d.int_digits == 4 && !k->has_scale && hhmm / 100 <= 24 && hhmm % 100 < 60 &&
          k->end < n && t.time_after.Match(tokens, k->end, &mv) > 0) {
        k->kind = AmountKind::kTime;
      } else if (phone_marker || (d.leading_zero && d.plain) || (d.plain && d.int_digits >= 9) ||
          (k->begin > 0 && tokens[k->begin - 1].folded == "+" && tokens[k->begin].glued)) {
        k->kind = AmountKind::kPhone;  // "0812", "+62 812", "nomor 0435-821-1122"
      } else if (label_marker && first && !k->has_scale) {
        k->kind = AmountKind::kDesignator;  // "Pasal 15", "nomor 115"
      } else if (time_marker && first && d.int_digits <= 2 && !k->has_scale) {
        k->kind = AmountKind::kTime;  // "pukul 10.30", "jam 9"
      } else if (d.plain && d.int_digits <= 2 && k->value >= 1 && k->value <= 31 && !k->has_scale &&
                 (date_marker || suffix_month || prefix_month)) {
        k->kind = AmountKind::kDate;  // "23 Oktober", "October 23", "tanggal 3"
      } else if (d.plain && d.int_digits == 4 && !k->has_scale && k->currency < 0 &&
                 ((year_marker && k->value >= 1000 && k->value <= 2100) || prefix_month ||
                  (!qualified && IsBareYear(k->value)))) {
        k->kind = AmountKind::kYear;  // "tahun 1950", "2022", "Oktober 2024"
      }
    };
    classify(&c, true);
    Amount a;
    a.kind = c.kind;
    if (c.approx && q == Qualifier::kExact) q = Qualifier::kApprox;
    a.qualifier = q;
    if (c.currency >= 0) {
      a.kind = AmountKind::kMoney;
      a.currency = t.currencies[static_cast<size_t>(c.currency)];
    }
    // Phone numbers run on over their groups: "0812-3456-7890", "(021) 555 1234".
    if (a.kind == AmountKind::kPhone) {
      while (end < n) {
        size_t k = end;
        while (k < n && tokens[k].kind == TokenKind::kPunct &&
               (tokens[k].folded == "-" || tokens[k].folded == ")" || tokens[k].folded == ".")) {
          ++k;
        }
        if (k < n && tokens[k].kind == TokenKind::kNumber &&
            tokens[k].folded.find_first_not_of("0123456789") == std::string::npos) {
          end = k + 1;
        } else {
          break;
        }
      }
    }
    bool is_range = false;
    Core c2;
    if (a.kind == AmountKind::kCount || a.kind == AmountKind::kMoney ||
        a.kind == AmountKind::kYear || a.kind == AmountKind::kDate) {
      // "antara 8 dan 13", "8 hingga 13 juta", "1950-1953", "10–20".
      size_t jl = t.range_join.Match(tokens, end, &v);
      if (jl > 0 && (v == 0 || range_open) && ParseCore(tokens, end + jl, &c2) &&
          c2.kind == AmountKind::kCount && (c2.currency < 0 || c2.currency == c.currency) &&
          !c.vague && !c2.vague) {
        if (!c.has_scale && c2.has_scale && c.is_digits) {
          c.value = Scaled(c.digits, c2.scale);  // "8 hingga 13 juta"
        } else if (!c.has_scale && c2.has_scale && !c.is_digits) {
          c.value *= c2.scale;
        }
        if (c2.is_digits) {
          // The second number is a year or a day when the first one is.
          year_marker |= a.kind == AmountKind::kYear;
          date_marker |= a.kind == AmountKind::kDate;
          classify(&c2, false);
        }
        if (c2.value > c.value &&
            (c2.kind == AmountKind::kCount || c2.kind == a.kind ||
             (c2.kind == AmountKind::kDate && a.kind == AmountKind::kCount))) {
          is_range = true;
          if (c2.kind == AmountKind::kDate) a.kind = AmountKind::kDate;
          end = c2.end;
        }
      }
    }
    // After the number: a currency (also after a hyphen: "two-million-euro
    // heist"), a percent sign, a time zone.
    size_t dash = end < n && tokens[end].folded == "-" ? 1 : 0;
    if ((len = t.currency_after.Match(tokens, end + dash, &v)) > 0 &&
        (a.kind == AmountKind::kCount || a.kind == AmountKind::kMoney)) {
      a.kind = AmountKind::kMoney;
      a.currency = t.currencies[static_cast<size_t>(v)];
      end += dash + len;
    } else if ((len = t.percent.Match(tokens, end, &v)) > 0 && a.kind == AmountKind::kCount) {
      a.kind = AmountKind::kPercent;
      end += len;
    } else if ((len = t.time_after.Match(tokens, end, &v)) > 0 &&
               (a.kind == AmountKind::kTime ||
                (a.kind == AmountKind::kCount && c.is_digits && c.value < 25))) {
      a.kind = AmountKind::kTime;  // "10.30 WIB"
      end += len;
    }
    // Values and interval.
    if (is_range) {
      a.qualifier = Qualifier::kRange;
      a.min = c.value;
      a.max = c2.value;
    } else if (c.vague) {
      a.min = c.vmin;
      a.max = c.vmax;
      if (q == Qualifier::kMoreThan) {
        a.max.reset();  // "lebih dari puluhan ribu": open above
      } else if (q == Qualifier::kLessThan && !up_to) {
        a.min.reset();
      } else {
        a.qualifier = Qualifier::kVague;
      }
    } else if (c.has_value && a.kind != AmountKind::kDesignator && a.kind != AmountKind::kPhone) {
      a.value = c.value;
      if (q != Qualifier::kLessThan) a.min = c.value;
      if (q != Qualifier::kMoreThan) a.max = c.value;
      if (negative && a.kind == AmountKind::kCount && q == Qualifier::kExact) {
        a.value = a.min = a.max = -c.value;
      }
    }
    // "between 8 and 13": the opener belongs to the range; "from 312" alone
    // is no range, and the amount is just "312".
    size_t first = (qualified || negative || (range_open && is_range)) ? i : c.begin;
    a.span = Span{tokens[first].start, tokens[end - 1].end};
    a.number = Span{tokens[c.begin].start, tokens[(is_range ? c2.end : c.end) - 1].end};
    size_t u = end;
    if (c.vague && u < n && t.vague_link.Match(tokens, u, &v) > 0) ++u;  // "thousands of"
    if (u < n && tokens[u].kind == TokenKind::kWord) a.unit = tokens[u].span();
    out->push_back(std::move(a));
    i = end;
  }
}

std::vector<Amount> NumberFinder::Find(std::string_view text) const {
  std::vector<Token> tokens;
  Tokenize(text, &tokens);
  std::vector<Amount> out;
  Find(text, tokens, &out);
  return out;
}

}  // namespace warta
