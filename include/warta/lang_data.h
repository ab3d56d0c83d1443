// Language data: the per-language files under data/lang/<code>/.
//
// Everything language-specific in Warta (boilerplate markers, stop words,
// month and day names, cue verbs) is a data file in one folder per language,
// so adding a language is adding a folder. Each stage compiles the files it
// needs once, at start-up, through this reader.
//
//   ASSIGN_OR_RETURN(warta::DataDir data, warta::DataDir::Find(""));
//   for (const std::string& lang : data.Languages()) {
//     ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, "boilerplate.tsv"));
//   }
//
// File format: UTF-8 text; '#' starts a comment line; blank lines ignored;
// TSV rows split on tabs.
//
// Thread-safety: immutable after Find; safe to share.
#ifndef WARTA_LANG_DATA_H_
#define WARTA_LANG_DATA_H_

#include <string>
#include <vector>

#include "warta/status.h"

namespace warta {

class DataDir {
 public:
  // Locates the data folder: `explicit_dir` when non-empty, else
  // $WARTA_DATA_DIR, else `data/` or `share/warta/data/` beside or above the
  // running binary, else the source tree it was built from. The folder must
  // hold lang/.
  static Result<DataDir> Find(const std::string& explicit_dir);

  // A data folder at exactly `root`, for tests.
  static Result<DataDir> At(const std::string& root);

  const std::string& root() const { return root_; }

  // Codes of the languages with a folder under lang/, sorted: {"en", "id"}.
  const std::vector<std::string>& Languages() const { return languages_; }

  // Lines of lang/<code>/<file> without comments and blanks, trimmed.
  // A missing file gives an empty list: not every language has every file.
  Result<std::vector<std::string>> ReadLines(const std::string& lang,
                                             const std::string& file) const;
  // The same, each line split on tabs.
  Result<std::vector<std::vector<std::string>>> ReadTsv(
      const std::string& lang, const std::string& file) const;

  // A tab-separated table anywhere in the folder ("geo/countries.tsv"):
  // each line that is not blank or a # comment, with its line number (from
  // 1, for messages) and its fields, split on every tab and trimmed. A
  // missing file gives no rows.
  struct Row {
    int line = 0;
    std::vector<std::string> fields;
  };
  Result<std::vector<Row>> ReadTable(const std::string& relative_path) const;

  // Path of the bundled sample corpus (corpus/seeds).
  std::string SampleCorpus() const;

 private:
  std::string root_;
  std::vector<std::string> languages_;
};

}  // namespace warta

#endif  // WARTA_LANG_DATA_H_
