// Internals of page extraction (include/warta/page.h), shared by page.cc,
// page_encoding.cc, page_content.cc and page_meta.cc. Not a public header.
//
// Thread-safety: Config is immutable after LoadConfig and shared by all
// threads; Aligner and Emitter are per-call values.
#ifndef WARTA_SRC_CLEAN_PAGE_INTERNAL_H_
#define WARTA_SRC_CLEAN_PAGE_INTERNAL_H_

#include <libxml/tree.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "warta/document.h"
#include "warta/lang_data.h"
#include "warta/offset_map.h"
#include "warta/status.h"

namespace warta {
namespace page_internal {

// ---------------------------------------------------------------------------
// Configuration: weights and word lists from data/page/.

// Class/id hint words compiled for matching against lower-cased class names
// and id: words bucketed by their first byte, so one pass over the names
// tests only the words that can start at each byte; "=word" entries match
// a whole class name or id.
class HintWords {
 public:
  void Add(const std::string& word);
  // `names` is the space-separated names, `tokens` the same split.
  bool Matches(std::string_view names,
               const std::vector<std::string_view>& tokens) const;

 private:
  std::vector<std::string> by_first_[256];
  // Bit (b0 << 8 | b1) set when a word opens with bytes b0 b1 (or is the
  // one byte b0): most offsets are ruled out with one test.
  std::vector<bool> opens_ = std::vector<bool>(1 << 16);
  bool short_word_ = false;  // a one-byte word
  std::vector<std::string> exact_;
};

struct Config {
  // Numeric weights by name (data/page/weights.tsv); Weight() gives the
  // default when a name is missing.
  std::unordered_map<std::string, double> weights;
  double Weight(const std::string& name, double fallback) const {
    auto it = weights.find(name);
    return it == weights.end() ? fallback : it->second;
  }
  // Class/id hint words (data/page/hints_*.txt), lower case. Matched as
  // substrings of the lower-cased class and id attributes.
  HintWords negative_hints;         // boilerplate: nav, share, ...
  HintWords strong_negative_hints;  // comments, cookie, ...
  HintWords positive_hints;         // article, content, ...
  std::vector<std::string> hint_ignore_prefixes;  // category-, tag-, ...
  // Hint words that begin with one of those prefixes ("post-author"): a
  // name that begins with one is kept ("post-author-bio" is an author box,
  // "post-12345" taxonomy).
  std::vector<std::string> hint_prefixed_words;
  std::vector<std::string> hint_exceptions;  // commentary, ...
  // Whole-text boilerplate lines (data/page/boilerplate.txt), lower case.
  std::unordered_set<std::string> boilerplate_lines;
  // Lines in boilerplate.txt ending in '*': prefixes ("© ", "copyright ").
  std::vector<std::string> boilerplate_prefixes;
  // Lines in boilerplate.txt starting with '*': suffixes (image credits such
  // as "... / getty images").
  std::vector<std::string> boilerplate_suffixes;
  // Lines with '*' at both ends: substrings that make a short line
  // boilerplate wherever they stand ("©" in an image credit).
  std::vector<std::string> boilerplate_infixes;
  // Headings that open a related-links or comments section
  // (data/page/section_stop.txt), lower case: the article ends there.
  std::unordered_set<std::string> section_stops;
  // Lines in section_stop.txt ending in '*': prefixes of section titles
  // ("more from *"), matched on lines of at most 60 bytes.
  std::vector<std::string> section_stop_prefixes;
  bool IsSectionStop(const std::string& line) const {
    if (section_stops.count(line) > 0) return true;
    if (line.size() > 60) return false;
    for (const std::string& p : section_stop_prefixes) {
      if (line.size() > p.size() && line.compare(0, p.size(), p) == 0)
        return true;
    }
    return false;
  }
  // Byline markers (data/page/byline.txt): "by", "von", "oleh", ...
  std::vector<std::string> byline_prefixes;
  // Labels that open an image caption (each language's
  // caption_labels.txt, then data/page/caption_labels.txt), lower case:
  // "figure", "abb.", "gambar".
  std::vector<std::string> caption_labels;
  // A short line that opens with a caption label, an optional number and
  // a colon: "Abbildung 4: klassische Schwachschicht.", "Fig. 2a: the
  // setup", "Foto: Jane Roe". `line` is lower case.
  bool IsCaptionLine(std::string_view line) const;
  // Labels that point to another article ("read also", "baca juga",
  // "lire aussi"; each language's read_also.txt, then
  // data/page/read_also.txt), lower case.
  std::vector<std::string> read_also_labels;
  // A short line that opens with such a label and a colon: "Baca juga:
  // Harga beras naik lagi", "MIRA: ..." points to another article. `line`
  // is lower case.
  bool IsReadAlsoLine(std::string_view line) const;
  // Words of a call to action (data/page/calls_to_action.txt), lower case:
  // "subscribe", "newsletter", "hazte miembro".
  std::vector<std::string> calls_to_action;
  // Labels of a shown publication date (data/page/date_labels.txt), lower
  // case: "erschienen am", "published on".
  std::vector<std::string> date_labels;
  // The length of the longest date label that opens `line` (lower case) as
  // a whole word, or 0: 13 for "pubblicato il 19 febbraio 2020".
  size_t DateLabelAt(std::string_view line) const;
  // Ordinal suffixes after a day ("th", "er") and words joining day, month
  // and year ("de", "of") in dates written in words
  // (data/page/date_words.tsv).
  std::vector<std::string> date_ordinals, date_joiners;
  // Marks after the year, month and day of a year-first date
  // ("2019年10月16日").
  std::vector<std::string> date_year_marks, date_month_marks, date_day_marks;
  // Words after a time of day (kind "clock"): "uhr", "pm", "wib".
  std::vector<std::string> date_clock_marks;
  // A line that is only a time of day, with or without its word: "16:14
  // Uhr", "3:59 pm", "01:41". `line` is lower case and trimmed.
  bool IsClockLine(std::string_view line) const;
  // Month names, lower case, to month number (data/page/months.tsv).
  std::unordered_map<std::string, int> months;
  // Date meta keys in order of trust, with their field ("published" or
  // "modified") (data/page/date_meta.tsv).
  std::vector<std::pair<std::string, std::string>> date_meta;
  // The latest date a page can have been published, ISO: the day after
  // the extractor was created, in UTC (a page read today in Asia may be
  // dated tomorrow in UTC). A later date in a page is a schedule, an
  // event or garbage ("Konzert am 12.08.2031"), never its publication.
  std::string latest_date = "9999-12-31";
  // Largest input handled; longer pages are cut at this size.
  size_t max_bytes = 16u << 20;
};

Result<Config> LoadConfig(const DataDir& data);

// ---------------------------------------------------------------------------
// Encoding.

struct Decoded {
  std::string text;          // converted bytes, when conversion was needed
  std::string_view view;     // the UTF-8 work buffer: `text` or the input
  OffsetMap map;             // text -> input bytes (when !identity)
  bool identity = true;      // text is byte for byte the input
  std::string provenance;    // how the encoding was chosen: "bom", ...
};

// Converts `html` to valid UTF-8; `transport_charset` is the charset the
// transport declared (PageExtractor::Extract), or empty. Returns false with
// `error` set when the input is not a page at all (binary content).
bool DecodeToUtf8(std::string_view html, std::string_view transport_charset, const Config& config,
                  Decoded* out, std::string* error);

// Rewrites `text` in Unicode NFC (composed letters) and `map`, which maps
// `text` to some original, to map the new text to the same original.
void ComposeNfc(std::string* text, OffsetMap* map);

// The charset a page declares in a BOM or in its first bytes (<meta charset>,
// <meta http-equiv>), lower case, or "".
std::string DeclaredCharset(std::string_view html, std::string* how);

// Copies `in` without comments, script/style/svg contents (JSON-LD kept)
// and unused attributes (page_prefilter.cc); `map` gets out -> in.
void Prefilter(std::string_view in, std::string* out, OffsetMap* map);

// ---------------------------------------------------------------------------
// Tree helpers.

enum class Tag {
  kOther,   // unknown elements: treated as inline
  kInline,  // span, b, em, ...
  kA,
  kTime,
  kImg,
  kBr,
  kSkip,  // script, style, svg, forms controls: never text
  kNoscript,  // parsed as HTML; usually boilerplate, but broken pages nest
              // their whole body in an unclosed <noscript>
  kP,
  kDiv,
  kHeading,
  kLi,
  kList,
  kCell,
  kTable,
  kPre,
  kBlockquote,
  kNav,
  kAside,
  kHeader,
  kFooter,
  kArticle,
  kSection,
  kMain,
  kForm,
  kFigure,
  kFigcaption,
  kHead,
  kBody,
  kTitle,
  kMeta,
  kBlock,  // other block elements
};

Tag TagOf(const xmlNode* node);
bool IsBlock(Tag tag);

// Attribute value, or an empty view when absent. Valid while the tree lives.
std::string_view Attr(const xmlNode* node, const char* name);
bool HasAttr(const xmlNode* node, const char* name);
// Content of a text, CDATA or comment node. Valid while the tree lives.
std::string_view Content(const xmlNode* node);
// Visible text under `node`, whitespace collapsed, at most about `limit`
// bytes.
std::string TextOf(const xmlNode* node, size_t limit);
std::string CollapseSpace(std::string_view s);
// Lower case for ASCII and Latin-1 letters (for matching word lists).
std::string LowerUtf8(std::string_view s);
bool IsSpaceByte(unsigned char c);
size_t SpaceLength(std::string_view s, size_t i);
size_t Utf8Length(unsigned char c);

// ---------------------------------------------------------------------------
// Alignment of text nodes with the bytes they were parsed from.

class Aligner {
 public:
  // `src` must outlive the Aligner.
  explicit Aligner(std::string_view src) : src_(src) {}

  // Finds every text node under `root` in the source, in document order.
  // Stores a handle in each text node's `psvi` field.
  void Run(xmlNode* root);

  // A piece of a node's text and the source bytes it came from.
  struct Seg {
    size_t t_off, t_len, s_off, s_len;
  };
  // The pieces of `node`'s text, in order, covering all of it.
  void Align(const xmlNode* node, std::vector<Seg>* segs) const;

  // Source start of a text node, or npos.
  size_t StartOf(const xmlNode* node) const;

 private:
  struct Loc {
    size_t start;  // source offset of the node (or of the gap it lies in)
    size_t gap;    // when !aligned, the gap's length
    bool aligned;
  };
  std::string_view src_;
  std::vector<Loc> locs_;
};

// Writes paragraphs of text with their map.
class Emitter {
 public:
  // Ends the current paragraph (a blank line before the next text).
  void Break();
  // Appends a text node's text, whitespace collapsed.
  void Text(const xmlNode* node, const Aligner& aligner);
  // Appends literal text with no source (maps to the preceding piece's end).
  size_t size() const { return out_.size(); }
  const std::string& text() const { return out_; }
  // Drops everything written after `size` (used to retract a paragraph).
  void Truncate(size_t size);
  void Finish(std::string* text, OffsetMap* map);

  // A date found in a line that was dropped from the text, and where in
  // the text it stood: the first one only.
  void NoteDateline(const std::string& iso) {
    if (dateline_.empty()) {
      dateline_ = iso;
      dateline_at_ = out_.size();
    }
  }
  const std::string& dateline() const { return dateline_; }
  size_t dateline_at() const { return dateline_at_; }

 private:
  std::string dateline_;
  size_t dateline_at_ = 0;
  void AddPiece(size_t d, size_t dl, size_t o, size_t ol);
  std::string out_;
  std::vector<OffsetMap::Piece> pieces_;
  std::vector<Aligner::Seg> segs_;
  bool pending_space_ = false;
  bool pending_break_ = false;
  size_t space_off_ = 0, space_len_ = 0;
};

// ---------------------------------------------------------------------------
// Stages.

// Writes the page's main text to `emitter`.
void ExtractMainText(xmlNode* root, const Aligner& aligner,
                     const Config& config, Emitter* emitter);

// What the metadata rules leave for the checks against the page's text.
struct DateHints {
  std::string published_raw;  // the value Metadata::published was read from
  // Days of the markup's timestamps written with their own offset from UTC
  // ("2023-10-31T05:41:58+01:00" gives 2023-10-31): the page's local days.
  std::vector<std::string> local_days;
};

// Metadata from the tree and the URL.
void ExtractMetadata(xmlNode* root, std::string_view url, const Config& config,
                     Metadata* meta, DateHints* hints);

// Finds the first date in `text` (see page_date.cc); `compact` also accepts
// YYYYMMDD, for URLs. Sets *iso to "YYYY-MM-DD" and *at to its offset.
bool FindDate(std::string_view text, const Config& config, bool compact,
              std::string* iso, size_t* at);

// Every date in `text` (as FindDate, without compact dates), in order, at
// most `max`.
struct FoundDate {
  std::string iso;
  size_t at;
};
void FindDates(std::string_view text, const Config& config, size_t max,
               std::vector<FoundDate>* out);

// The publication date as the page's visible text shows it, for a page
// whose markup gives none: the first date labelled as publication
// ("Erschienen am: 01.11.2023"), else the first that stands alone in its
// text node ("14.01.2022 um 09:25"), else the first date anywhere.
// Returns false when the text has no date; `rule` says which of the three.
bool PageTextDate(const xmlNode* root, const Config& config, std::string* iso,
                  std::string* rule);

// Whether the published date should be checked against the dates the page
// shows: it differs from the modified date, or it was read from a UTC
// timestamp.
bool NeedsShownDates(const Metadata& meta, const DateHints& hints);
// Checks the published date against `shown`, the dates of the page's
// visible text in order: when the page never shows it but shows the
// modified date, or (for a UTC timestamp) the day before or after as its
// first date, the shown date is taken, with provenance "shown:modified" or
// "shown:local-day". The UTC hours that may fall on another day are
// utc_day_before_until_hour and utc_day_after_from_hour in weights.tsv.
void CheckShownDates(const std::vector<FoundDate>& shown,
                     const DateHints& hints, const Config& config,
                     Metadata* meta);

// Metadata that needs the main text (dates and bylines written in it).
// `dateline` is a date from a byline dropped from the text at `dateline_at`.
void FinishMetadata(std::string_view text, const std::string& dateline,
                    size_t dateline_at, const Config& config, Metadata* meta);

}  // namespace page_internal
}  // namespace warta

#endif  // WARTA_SRC_CLEAN_PAGE_INTERNAL_H_
