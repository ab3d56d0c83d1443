// StoryFeaturizer: an article's text to the terms a story is made of.
//
// Three kinds of terms, each counted per document:
//
//  * Words: case-folded word tokens that are not stop words of the
//    document's language, stemmed ("dikerahkan" -> "kerah", "officials" ->
//    "offici"). Stems are cached per featurizer: the Indonesian stemmer
//    looks words up in a root dictionary, and a news stream repeats the
//    same few hundred thousand words forever.
//
//  * Entities: what a capital letter marks. A capitalised token counts when
//    it is not the first of its sentence (the sentence boundary is read
//    cheaply: the start of a line, or after . ! ? : or an opening quote),
//    or when the same word is capitalised mid-sentence elsewhere in the
//    document ("Reid launched ..." after "Tara Reid"), or when it is an
//    acronym ("NIS", "NATO", "KN-23"). Stop words of the document's
//    language ("The", "Dalam") and day and month names ("Jumat", "October";
//    read from data/lang/<code>/days.tsv and months.tsv) never count. A run
//    of entity tokens gives the phrase ("korea utara") and its parts. Both
//    go through the alias list (data/story/aliases.tsv): "Korea Utara",
//    "Korut" and "North Korea" all give the phrase "north korea" and the
//    parts "north" and "korea", which is how entities cross languages.
//
//  * Lines holding a URL ("http: / / www. example. com / ...") are not
//    prose: their "http", "www", "com" would make every page with one alike.
//
//  * The lead: terms among the first words (headline and lead paragraph,
//    which name the event: who, where, when) count several times over.
//
//  * Event words: a word whose stem is listed in the language's
//    data/lang/<code>/event-words.tsv becomes the language-neutral concept
//    the file gives it instead of a word ("gempa" (id) and "earthquake",
//    "quake" (en) are all the concept "earthquake"; "ditangkap" (id),
//    "arrested" (en) the concept "arrest"), so that two reports of one
//    event in two languages share what happened, not only who and where.
//
//  * Numbers: number tokens of two digits or more, thousands separators
//    dropped and the decimal mark made a point, so "1.500" (id) and "1,500"
//    (en) are the same term, and "6,1" (id) is "6.1" (en).
//
// Tested by story_test.cc.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "warta/hash.h"
#include "warta/segment.h"
#include "warta/stem.h"
#include "warta/story.h"

namespace warta {

namespace {
// Heterogeneous lookup: find a std::string key by string_view, no copy.
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using ConceptMap = std::unordered_map<std::string, std::string, ViewHash, std::equal_to<>>;
}  // namespace

struct StoryFeaturizer::Shared {
  FeatureOptions options;
  struct Lang {
    std::unique_ptr<Stemmer> stemmer;  // prototype: Clone() per featurizer
    std::unique_ptr<StopWords> stop;
    // Event words (event-words.tsv): a stem, or a word as written (rows
    // marked "form"), -> its concept.
    ConceptMap concepts;
    ConceptMap concept_forms;
    ConceptMap concept_phrases;                     // "tanah longsor" -> "landslide", as written
    std::unordered_set<std::string> phrase_starts;  // "tanah"
    std::vector<std::string> clitics;               // clitics.txt: "'s"
  };
  std::unordered_map<std::string, Lang> langs;
  std::unordered_set<std::string> not_entity;  // folded day and month names
  // folded alias -> canonical as written
  std::unordered_map<std::string, std::string> aliases;
  // Folded place names of data/geo (places.tsv, aliases.tsv): an entity
  // of one of these names gets kPlaceKeyBit in its key.
  std::unordered_set<std::string> places;
};

struct StoryFeaturizer::Cache {
  std::unordered_map<std::string, std::unique_ptr<Stemmer>> stemmers;
  // Per language: Hash64 of a folded word -> its stem, or "" for a stop
  // word. Keyed by hash rather than by string: measured 14% -> 4% of the
  // time of dedup_bench's feature extraction.
  // The event word a word is (null: none), and whether an event phrase
  // starts with it, decided with its stem: a lookup per distinct word,
  // not per token (the lookups per token cost a third of the features'
  // time in dedup_bench).
  struct Entry {
    std::string stem;
    const std::string* event = nullptr;  // into Shared, which outlives the cache
    bool phrase_start = false;
  };
  std::unordered_map<std::string, std::unordered_map<uint64_t, Entry>> stems;
};

namespace {

constexpr size_t kMaxCachedStems = 1u << 20;  // per language; then start over
constexpr size_t kMaxPhraseWords = 3;         // event phrases: "angin puting beliung"

// The low two bits of a key carry its kind (the clusterer's entity channel
// reads them); for an entity the third says whether it is a place
// (kPlaceKeyBit); the rest is a hash of the normalised text.
uint64_t TermKey(TermKind kind, std::string_view text, bool place = false) {
  uint64_t key = (Hash64(text, static_cast<uint64_t>(kind) + 1) & ~uint64_t{3}) |
                 static_cast<uint64_t>(kind);
  if (kind != TermKind::kEntity) return key;
  return place ? key | kPlaceKeyBit : key & ~kPlaceKeyBit;
}

// A name folded the way entity runs are: its tokens joined by spaces.
std::string FoldName(std::string_view name) {
  std::vector<Token> tokens;
  Tokenize(name, &tokens);
  std::string key;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kPunct) continue;
    if (!key.empty()) key += ' ';
    key += t.folded;
  }
  return key;
}

bool IsAcronym(std::string_view text) {
  int letters = 0;
  for (unsigned char c : text) {
    if (c >= 0x80) return false;  // ASCII acronyms only
    if (std::islower(c)) return false;
    if (std::isupper(c)) ++letters;
  }
  return letters >= 2;
}

bool HasLetter(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || std::isalpha(c)) return true;
  }
  return false;
}

// True for digits grouped by thousands with one separator: "1.500",
// "1,500", "12.000.000"; not "1,2" or "2024".
bool GroupedThousands(std::string_view s) {
  size_t sep = s.find_first_of(".,");
  if (sep == std::string_view::npos || sep == 0 || sep > 3) return false;
  for (size_t i = 0; i < sep; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  size_t i = sep;
  while (i < s.size()) {
    if (s[i] != s[sep] || i + 4 > s.size()) return false;
    for (size_t j = i + 1; j < i + 4; ++j) {
      if (!std::isdigit(static_cast<unsigned char>(s[j]))) return false;
    }
    i += 4;
  }
  return true;
}

// A number token made comparable across languages, or "" to skip it.
std::string NormaliseNumber(std::string_view s) {
  bool grouped = GroupedThousands(s);
  std::string out;
  size_t digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      out += c;
      ++digits;
    } else if (c == '.' || c == ',') {
      if (!grouped) out += '.';
    } else {
      out += c;  // dates "18/10/2024", times "10:30"
    }
  }
  if (digits < 2) return "";
  return out;
}

// Sentence-initial: the first token, the first on its line, or after
// closing punctuation or an opening quote or bracket.
bool StartsSentence(std::string_view text, const std::vector<Token>& tokens, size_t i) {
  if (i == 0) return true;
  const Token& prev = tokens[i - 1];
  for (uint32_t b = prev.end; b < tokens[i].start; ++b) {
    if (text[b] == '\n') return true;
  }
  if (prev.kind != TokenKind::kPunct) return false;
  std::string_view p = prev.Text(text);
  return p == "." || p == "!" || p == "?" || p == ":" || p == "\"" || p == "\u201c" || p == "(" ||
         p == "'" || p == "\u2018" || p == "-" || p == "\u2014" || p == "\u2013";
}

// Hides the tokens of lines that hold a URL ("http://...", or as tokenised
// text "http: / / www. example. com / ..."): a link is not prose, and its
// "http", "www", "com" would make every page with one alike.
void DropUrlLines(std::string_view text, std::vector<Token>* tokens) {
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    bool url =
        line.find("://") != std::string_view::npos || line.find(": / /") != std::string_view::npos;
    if (url) {
      for (Token& t : *tokens) {
        if (t.start >= line_start && t.end <= line_end) t.kind = TokenKind::kPunct;
      }
    }
    line_start = line_end + 1;
  }
}

// The first non-blank line of `text`, spaces collapsed, cut at a word
// boundary to at most 200 bytes (and never inside a UTF-8 character):
// "Quake hits island off south Iran, five hurt: media\nA 5.6 magnitude ..."
// -> "Quake hits island off south Iran, five hurt: media".
std::string Headline(std::string_view text) {
  constexpr size_t kMax = 200;
  std::string out;
  size_t i = 0;
  // Skip blank lines and lines holding a URL (see DropUrlLines).
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t end = text.find('\n', i);
    std::string_view line = text.substr(i, end == std::string_view::npos ? text.npos : end - i);
    if (line.find("://") == std::string_view::npos &&
        line.find(": / /") == std::string_view::npos) {
      break;
    }
    i = end == std::string_view::npos ? text.size() : end;
  }
  for (; i < text.size() && text[i] != '\n'; ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(c);
    }
    if (out.size() >= kMax) {
      size_t cut = out.rfind(' ');
      if (cut == std::string::npos || cut < kMax / 2) {
        cut = out.size();
        while (cut > 0 && (static_cast<unsigned char>(out[cut - 1]) & 0xC0) == 0x80) --cut;
        if (cut > 0 && static_cast<unsigned char>(out[cut - 1]) >= 0xC0) --cut;
      }
      out.resize(cut);
      out += "\u2026";
      return out;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Result<std::unique_ptr<StoryFeaturizer>> StoryFeaturizer::Create(const DataDir& data,
                                                                 const FeatureOptions& options) {
  auto shared = std::make_shared<Shared>();
  shared->options = options;
  for (const std::string& lang : data.Languages()) {
    Shared::Lang l;
    ASSIGN_OR_RETURN(l.stemmer, NewStemmer(data, lang));
    ASSIGN_OR_RETURN(l.stop, StopWords::Create(data, lang));
    // Event words: WORD <tab> CONCEPT [<tab> form], one-word WORDs. A
    // WORD is stemmed as the text will be, so that "earthquakes" and
    // "gempanya" follow "earthquake" and "gempa"; a "form" row matches the
    // word as written only ("pendapatan", revenue, whose stem "dapat" is
    // "can"). The first row of a stem wins.
    ASSIGN_OR_RETURN(auto events, data.ReadTsv(lang, "event-words.tsv"));
    for (const auto& row : events) {
      if (row.size() < 2 || row[0].empty() || row[1].empty()) continue;
      // Fold a phrase the way the text's tokens are: words joined by spaces.
      std::vector<Token> parts;
      Tokenize(row[0], &parts);
      std::string word;
      for (const Token& p : parts) word += (word.empty() ? "" : " ") + p.folded;
      if (parts.size() > 1) {
        if (parts.size() <= kMaxPhraseWords) {
          l.concept_phrases.try_emplace(word, FoldCase(row[1]));
          l.phrase_starts.insert(parts[0].folded);
        }
        continue;
      }
      if (word.empty() || l.stop->IsStopWord(word)) continue;
      if (row.size() >= 3 && row[2] == "form") {
        l.concept_forms.try_emplace(word, FoldCase(row[1]));
      } else {
        l.concepts.try_emplace(l.stemmer->Stem(word), FoldCase(row[1]));
      }
    }
    ASSIGN_OR_RETURN(l.clitics, data.ReadLines(lang, "clitics.txt"));
    for (const char* file : {"days.tsv", "months.tsv"}) {
      ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lang, file));
      for (const auto& row : rows) {
        if (row.size() >= 2) shared->not_entity.insert(FoldCase(row[1]));
      }
    }
    shared->langs.emplace(lang, std::move(l));
  }
  // data/story/aliases.tsv sits beside data/lang; DataDir reads per-language
  // files only, so read it through the pseudo-language "../story". Then
  // each language's aliases.tsv (its adjectives of countries: "North
  // Korean" = North Korea); the first row of an alias wins.
  ASSIGN_OR_RETURN(auto aliases, data.ReadTsv("../story", "aliases.tsv"));
  for (const std::string& lang : data.Languages()) {
    ASSIGN_OR_RETURN(auto more, data.ReadTsv(lang, "aliases.tsv"));
    aliases.insert(aliases.end(), more.begin(), more.end());
  }
  for (const auto& row : aliases) {
    if (row.size() < 2) continue;
    std::string key = FoldName(row[0]);
    if (!key.empty()) shared->aliases.try_emplace(key, row[1]);
  }
  // Place names (code, kind, name), read through the pseudo-language
  // "../geo" as the aliases above.
  for (const char* file : {"places.tsv", "aliases.tsv"}) {
    ASSIGN_OR_RETURN(auto rows, data.ReadTsv("../geo", file));
    for (const auto& row : rows) {
      if (row.size() >= 3) shared->places.insert(FoldName(row[2]));
    }
  }
  return std::unique_ptr<StoryFeaturizer>(new StoryFeaturizer(std::move(shared)));
}

StoryFeaturizer::StoryFeaturizer(std::shared_ptr<const Shared> shared)
    : shared_(std::move(shared)), cache_(std::make_unique<Cache>()) {}

StoryFeaturizer::~StoryFeaturizer() = default;

std::unique_ptr<StoryFeaturizer> StoryFeaturizer::Clone() const {
  return std::unique_ptr<StoryFeaturizer>(new StoryFeaturizer(shared_));
}

StoryFeatures StoryFeaturizer::Extract(const StoryDoc& doc) {
  StoryFeatures out;
  out.id = std::string(doc.id);
  out.day = ParseDay(doc.published);
  out.lang = std::string(doc.lang);
  out.title = Headline(doc.title.empty() ? doc.text : doc.title);

  const Shared::Lang* lang = nullptr;
  Stemmer* stemmer = nullptr;
  std::unordered_map<uint64_t, Cache::Entry>* stems = nullptr;
  if (auto it = shared_->langs.find(out.lang); it != shared_->langs.end()) {
    lang = &it->second;
    std::unique_ptr<Stemmer>& s = cache_->stemmers[out.lang];
    if (s == nullptr) s = lang->stemmer->Clone();
    stemmer = s.get();
    stems = &cache_->stems[out.lang];
    if (stems->size() > kMaxCachedStems) stems->clear();
  }
  auto is_stop = [&](std::string_view folded) {
    return lang != nullptr && lang->stop->IsStopWord(folded);
  };

  float boost = 1;
  std::unordered_map<uint64_t, size_t> index;  // key -> position in out.terms
  auto add = [&](TermKind kind, std::string_view norm, std::string_view display) {
    uint64_t key =
        TermKey(kind, norm, kind == TermKind::kEntity && shared_->places.contains(std::string(norm)));
    auto [it, inserted] = index.try_emplace(key, out.terms.size());
    if (inserted) {
      StoryTerm t;
      t.key = key;
      t.kind = kind;
      t.text = std::string(display);
      out.terms.push_back(std::move(t));
    }
    out.terms[it->second].count += boost;
  };

  std::vector<Token> tokens;
  Tokenize(doc.text, &tokens);
  DropUrlLines(doc.text, &tokens);
  // Trailing clitics off: "Ukraine's" reads as "Ukraine".
  if (lang != nullptr) {
    for (Token& t : tokens) {
      if (t.kind != TokenKind::kWord) continue;
      for (const std::string& c : lang->clitics) {
        if (t.folded.size() > c.size() && t.folded.ends_with(c) && t.end - t.start > c.size()) {
          t.folded.resize(t.folded.size() - c.size());
          t.end -= static_cast<uint32_t>(c.size());
          break;
        }
      }
    }
  }
  const size_t n = tokens.size();

  // Pass 1: words capitalised in mid-sentence somewhere in the document.
  std::vector<uint8_t> initial(n, 0);
  std::unordered_set<std::string_view> mid_caps;
  for (size_t i = 0; i < n; ++i) {
    initial[i] = StartsSentence(doc.text, tokens, i);
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kWord && t.capitalized && !initial[i]) mid_caps.insert(t.folded);
  }

  // Pass 2: entity flags, words and numbers.
  std::vector<uint8_t> entity(n, 0);
  std::vector<uint8_t> in_phrase(n, 0);  // a later word of an event phrase
  const size_t lead_words = static_cast<size_t>(std::max(0, shared_->options.lead_words));
  size_t words_seen = 0;
  for (size_t i = 0; i < n; ++i) {
    const Token& t = tokens[i];
    boost = words_seen < lead_words ? shared_->options.lead_boost : 1.0f;
    if (t.kind != TokenKind::kPunct) ++words_seen;
    if (t.kind == TokenKind::kNumber) {
      std::string num = NormaliseNumber(t.Text(doc.text));
      if (!num.empty()) add(TermKind::kNumber, num, num);
      continue;
    }
    if (t.kind != TokenKind::kWord) continue;
    // The stem, or "" for a stop word, and the event word, through the
    // cache.
    std::string_view stem = t.folded;
    bool stop = false;
    const Cache::Entry* entry = nullptr;
    if (stemmer != nullptr) {
      uint64_t h = Hash64(t.folded);
      auto it = stems->find(h);
      if (it == stems->end()) {
        Cache::Entry e;
        e.stem = is_stop(t.folded) ? std::string() : stemmer->Stem(t.folded);
        if (auto f = lang->concept_forms.find(t.folded); f != lang->concept_forms.end()) {
          e.event = &f->second;
        } else if (auto c = lang->concepts.find(e.stem); c != lang->concepts.end()) {
          e.event = &c->second;
        }
        e.phrase_start = lang->phrase_starts.contains(t.folded);
        it = stems->emplace(h, std::move(e)).first;
      }
      entry = &it->second;
      stem = entry->stem;
      stop = stem.empty();
    }
    if (t.capitalized && !shared_->not_entity.contains(t.folded) &&
        (IsAcronym(t.Text(doc.text)) || (!stop && (!initial[i] || mid_caps.contains(t.folded))))) {
      entity[i] = 1;
    }
    if (in_phrase[i]) continue;
    // An event phrase of up to three words, the longest first: "tanah
    // longsor" (id) is a landslide, not land and avalanche. Its words are
    // consecutive word tokens separated by spaces only.
    if (entry != nullptr && entry->phrase_start) {
      std::string phrase = t.folded;
      const std::string* event = nullptr;
      size_t used = 0;
      for (size_t j = i + 1; j < n && j < i + kMaxPhraseWords; ++j) {
        if (tokens[j].kind != TokenKind::kWord || tokens[j].start != tokens[j - 1].end + 1 ||
            doc.text[tokens[j - 1].end] != ' ') {
          break;
        }
        phrase += ' ';
        phrase += tokens[j].folded;
        if (auto it = lang->concept_phrases.find(phrase); it != lang->concept_phrases.end()) {
          event = &it->second;
          used = j;
        }
      }
      if (event != nullptr) {
        add(TermKind::kConcept, *event, *event);
        for (size_t j = i + 1; j <= used; ++j) in_phrase[j] = 1;
        continue;
      }
    }
    if (stop || t.folded.size() < 2 || !HasLetter(t.folded)) continue;
    // An event word: its concept, by the form as written, then by stem.
    if (entry != nullptr && entry->event != nullptr) {
      add(TermKind::kConcept, *entry->event, *entry->event);
      continue;
    }
    add(TermKind::kWord, stem, t.folded);
  }

  // Entity runs: consecutive entity tokens separated by spaces only.
  auto alias = [&](const std::string& folded) -> const std::string* {
    auto it = shared_->aliases.find(folded);
    return it == shared_->aliases.end() ? nullptr : &it->second;
  };
  auto add_entity = [&](const std::string& canonical_display) {
    std::string folded = FoldCase(canonical_display);
    add(TermKind::kEntity, folded, canonical_display);
    if (folded.find(' ') == std::string::npos) return;
    // The parts of a canonical phrase, so that "North Korea" meets "Korea".
    size_t start = 0;
    while (start < folded.size()) {
      size_t sp = folded.find(' ', start);
      if (sp == std::string::npos) sp = folded.size();
      std::string part = folded.substr(start, sp - start);
      if (!is_stop(part)) add(TermKind::kEntity, part, canonical_display.substr(start, sp - start));
      start = sp + 1;
    }
  };
  boost = 1;
  for (size_t i = 0; i < n;) {
    if (!entity[i]) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && entity[j] && tokens[j].start == tokens[j - 1].end + 1 &&
           doc.text[tokens[j - 1].end] == ' ') {
      ++j;
    }
    std::string folded, display;
    for (size_t k = i; k < j; ++k) {
      if (k > i) {
        folded += ' ';
        display += ' ';
      }
      folded += tokens[k].folded;
      display += tokens[k].Text(doc.text);
    }
    if (const std::string* a = alias(folded)) {
      add_entity(*a);
    } else if (j - i <= 3) {
      if (j - i > 1) add(TermKind::kEntity, folded, display);
      for (size_t k = i; k < j; ++k) {
        if (const std::string* ak = alias(tokens[k].folded)) {
          add_entity(*ak);
        } else if (!is_stop(tokens[k].folded)) {
          add(TermKind::kEntity, tokens[k].folded, tokens[k].Text(doc.text));
        }
      }
    } else {  // a headline in title case: parts only
      for (size_t k = i; k < j; ++k) {
        if (const std::string* ak = alias(tokens[k].folded)) {
          add_entity(*ak);
        } else if (!is_stop(tokens[k].folded) && !initial[k]) {
          add(TermKind::kEntity, tokens[k].folded, tokens[k].Text(doc.text));
        }
      }
    }
    i = j;
  }
  // The place the article is about: the one it names most often, the
  // first named on a tie ("Cianjur" three times, "Jakarta", where the
  // shaking was also felt, once).
  float most = 0;
  for (const StoryTerm& t : out.terms) {
    if (t.kind == TermKind::kEntity && (t.key & kPlaceKeyBit) && t.count > most) {
      most = t.count;
      out.place = t.key;
    }
  }
  return out;
}

}  // namespace warta
