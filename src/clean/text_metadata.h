// Metadata read from an article's own text: title, dateline, outlet and
// publication date. Language-independent patterns; language comes from
// LanguageIdentifier.
//
//   TextMetadata m = ReadTextMetadata(clean_text);
//
// Thread-safety: reentrant.
#ifndef WARTA_CLEAN_TEXT_METADATA_H_
#define WARTA_CLEAN_TEXT_METADATA_H_

#include <string>
#include <string_view>

namespace warta {

struct TextMetadata {
  std::string title;      // the first line when it reads as a headline
  std::string outlet;     // "Liputan6.com" from "Liputan6.com, Kyiv - ..."
  std::string dateline;   // "Kyiv"
  std::string published;  // ISO date, or empty
  std::string published_rule;  // which pattern gave the date
};

// `text` is clean text: paragraphs separated by blank lines.
TextMetadata ReadTextMetadata(std::string_view text);

}  // namespace warta

#endif  // WARTA_CLEAN_TEXT_METADATA_H_
