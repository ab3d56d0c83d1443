// Boilerplate removal for plain text: line rules kept as per-language data.
//
// The rules (data/lang/<code>/boilerplate.tsv, kinds documented there) from
// every language folder are compiled into one rule set: boilerplate markers
// rarely collide across languages, and pages mix them ("Baca Juga" above an
// English "Advertisement"). Language-independent rules are in code: a
// caption printed twice (the second time with a credit in parentheses), a
// byline "Name — outlet.tld", a line of the page's own interface set in
// capitals after the first line ("SCROLL TO CONTINUE WITH CONTENT").
//
//   ASSIGN_OR_RETURN(auto rules, BoilerplateRules::Load(data));
//   LineCleanResult r = rules.Clean(text);   // text must be valid UTF-8
//
// Thread-safety: immutable after Load; Clean may run on several threads.
#ifndef WARTA_CLEAN_BOILERPLATE_H_
#define WARTA_CLEAN_BOILERPLATE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "warta/lang_data.h"
#include "warta/offset_map.h"
#include "warta/status.h"

namespace re2 {
class RE2;
}

namespace warta {

struct RemovedLine {
  size_t begin = 0, end = 0;  // byte span in the input text
  std::string rule;           // "list:baca juga", "appeal", "caption-repeat"
};

struct LineCleanResult {
  std::string text;  // kept lines; paragraphs separated by a blank line
  OffsetMap map;     // text -> input text
  std::vector<RemovedLine> removed;
  std::string author;  // from a byline, when one matched
  std::string outlet;  // from a "Name — outlet.tld" byline
};

class BoilerplateRules {
 public:
  static Result<BoilerplateRules> Load(const DataDir& data);

  BoilerplateRules(BoilerplateRules&&) noexcept;
  BoilerplateRules& operator=(BoilerplateRules&&) noexcept;
  ~BoilerplateRules();

  LineCleanResult Clean(std::string_view text) const;

 private:
  BoilerplateRules();
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

// Words of a line joined by single spaces, case-folded, punctuation dropped:
// "Baca Juga:" -> "baca juga". The key that line rules compare.
std::string LineKey(std::string_view line);

// True when a line reads like a sentence of running text rather than a
// headline or a link: it ends with . (or .” ." .') or is longer than 160
// bytes.
bool LooksLikeSentence(std::string_view line);

}  // namespace warta

#endif  // WARTA_CLEAN_BOILERPLATE_H_
