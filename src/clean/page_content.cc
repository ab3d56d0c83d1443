// Main text: which elements of the page hold the article.
//
// The approach, a blend of Readability's candidate scoring and a maximum
// subtree search:
//
// 1. One walk over <body> numbers the elements in document order, keeps a
//    stack of open elements, and gives each text node to its nearest block
//    ancestor (p, div, li, h2, td, ...): per block, its own text length,
//    how much of it is link text, and its punctuation.
// 2. Elements are marked as boilerplate by tag (nav, aside, form, figure),
//    role (navigation, banner, contentinfo), hidden state, and class/id hint
//    words (data/page/hints_*.txt): a strong hint (comment, cookie, ads)
//    always marks; a weak one (menu, footer, share) only when no positive
//    hint (article, content, entry) sits beside it and the element does not
//    hold most of the page's prose.
// 3. Each block gets a value: long prose with few links is worth its length;
//    link lists, short lines and boilerplate cost theirs, scaled by weights
//    in data/page/weights.tsv. Values add up the tree, and the element with
//    the largest total (bonuses for <article>, <main> and positive hints) is
//    the article: the subtree with the most prose for the least clutter.
// 4. Siblings of that element (and of its parent) that are prose too join
//    it: a lead paragraph beside the body, an article split by a box.
// 5. Emission walks those elements, skipping boilerplate subtrees, link-
//    heavy blocks and the <h1> headline (it is Metadata::title). A heading
//    or short line that names a related-links or comments section
//    (data/page/section_stop.txt: "related articles", "mehr zum thema") is
//    dropped and, after enough prose, ends the article; a heading that is a
//    link (another article's title) does too. Short blocks that are known
//    boilerplate (data/page/boilerplate.txt: whole lines, prefixes,
//    suffixes and substrings such as an image credit's "©") or a bare
//    dateline are retracted, the dateline's date kept for the metadata; so
//    is a one-word label (a section name, a kicker) before the body.
//
// Everything is plain loops over parent/next pointers: no recursion, so a
// nesting bomb costs memory linear in its size and no stack.
//
// Tested by page_test.cc.
#include <libxml/tree.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "page_internal.h"

namespace warta {
namespace page_internal {
namespace {

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

xmlNode* FindBody(xmlNode* root) {
  for (xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (TagOf(c) == Tag::kBody) return c;
  }
  return root;
}

// Per element facts from the walk.
struct Elem {
  xmlNode* node = nullptr;
  int parent = -1;
  Tag tag = Tag::kOther;
  bool block = false;
  bool killed = false;     // boilerplate subtree (after the safety check)
  bool hint_kill = false;  // marked by a weak hint, pending the check
  bool positive = false;   // positive class/id hint
  // Text directly in this block (not in nested blocks), in characters.
  uint32_t text = 0;
  uint32_t link = 0;
  uint32_t punct = 0;  // sentence punctuation . , ; ! ?
  double value = 0;    // this block's value
  double total = 0;    // sum over the subtree
  double prose = 0;    // good prose in the subtree, ignoring kills
};

enum class Hint { kNone, kWeak, kStrong };

class Scorer {
 public:
  Scorer(const Config& config, const Aligner& aligner)
      : config_(config), aligner_(aligner) {
    w_good_ = config.Weight("good_prose", 1.0);
    w_ok_ = config.Weight("ok_prose", 0.5);
    w_link_ = config.Weight("link_block_penalty", -1.0);
    w_short_ = config.Weight("short_block_penalty", -0.3);
    w_killed_ = config.Weight("killed_penalty", -0.5);
    w_article_ = config.Weight("article_bonus", 1.15);
    w_positive_ = config.Weight("positive_hint_bonus", 1.1);
    short_post_max_total_ = config.Weight("short_post_max_total", 700);
    short_post_share_ = config.Weight("short_post_share", 0.8);
    min_good_ = config.Weight("good_prose_min_chars", 80);
    min_ok_ = config.Weight("ok_prose_min_chars", 25);
    max_ld_good_ = config.Weight("good_prose_max_link_density", 0.3);
    max_ld_ok_ = config.Weight("ok_prose_max_link_density", 0.5);
    max_ld_emit_ = config.Weight("emit_max_link_density", 0.6);
    safety_ = config.Weight("weak_kill_max_prose_share", 0.5);
    linked_heading_stop_ = config.Weight("linked_heading_stop", 0.6);
    stop_min_prose_ = config.Weight("stop_min_prose_chars", 200);
    sibling_min_prose_ = config.Weight("sibling_min_prose", 60);
    sibling_quality_ = config.Weight("sibling_quality", 0.7);
    sibling_levels_ = static_cast<int>(config.Weight("sibling_levels", 1));
    // The headline is metadata (Metadata::title), not body text.
    skip_h1_ = config.Weight("skip_h1", 1) != 0;
    date_line_max_ = static_cast<size_t>(config.Weight("date_line_max_bytes", 40));
    labelled_date_line_max_ =
        static_cast<size_t>(config.Weight("labelled_date_line_max_bytes", 120));
    label_max_bytes_ = static_cast<size_t>(config.Weight("label_max_bytes", 24));
    tail_line_max_ = static_cast<size_t>(config.Weight("tail_line_max_bytes", 60));
    cta_max_bytes_ = static_cast<size_t>(config.Weight("cta_max_bytes", 250));
    stop_resume_prose_ = config.Weight("stop_resume_prose_chars", 300);
    stop_box_max_prose_ = config.Weight("stop_box_max_prose_chars", 150);
  }

  void Run(xmlNode* root, Emitter* emitter);

 private:
  Hint HintOf(xmlNode* n, Tag tag, bool* positive);
  Hint ClassHint(std::string_view cls, std::string_view id,
                 bool* positive) const;
  void Walk(xmlNode* body);
  void Score();
  int Choose() const;
  // Writes the text under elems_[top]; false when a section stop was met.
  bool Emit(int top, Emitter* emitter);
  // Whether `box` holds an element or text beside its child `child`.
  static bool HoldsBeside(const xmlNode* box, const xmlNode* child);
  // The chosen element and its siblings that are prose too (a lead
  // paragraph beside the body), in document order.
  std::vector<int> Roots(int top) const;
  // Good prose that follows elems_[box] inside elems_[top]: in its later
  // siblings and those of its ancestors below top.
  double ProseAfter(int box, int top) const;
  bool IsStopHeading(xmlNode* n) const;
  bool IsBoilerplateLine(const std::string& line) const;
  bool LabelledDateLine(std::string_view line, std::string* iso) const;
  void Debug(int top) const;
  // Drops the short lines and calls to action that trail the article
  // (TrimTail's comment).
  void TrimTail(Emitter* emitter) const;

  // Every block emitted with text of its own, in order: where its text
  // starts and ends in the emitter, and whether it sits in a list or table.
  struct Emitted {
    size_t start, end;
    bool listed;
  };
  std::vector<Emitted> emitted_;
  // The two steps of TrimTail, each cutting `emitter` at most once.
  void TrimShortLines(const std::vector<Emitted>& paras, Emitter* emitter) const;
  void TrimCallToAction(const std::vector<Emitted>& paras,
                        Emitter* emitter) const;

  const Config& config_;
  const Aligner& aligner_;
  std::vector<Elem> elems_;
  // Class attribute -> its hint; keys point into the tree, which outlives
  // the Scorer.
  std::unordered_map<std::string_view, std::pair<Hint, bool>> hint_cache_;
  double w_good_, w_ok_, w_link_, w_short_, w_killed_, w_article_, w_positive_;
  double short_post_max_total_, short_post_share_;
  double min_good_, min_ok_, max_ld_good_, max_ld_ok_, max_ld_emit_, safety_;
  double linked_heading_stop_, stop_min_prose_;
  double sibling_min_prose_, sibling_quality_;
  int sibling_levels_;
  bool skip_h1_;
  size_t date_line_max_;
  size_t labelled_date_line_max_;
  size_t label_max_bytes_;
  size_t tail_line_max_;
  size_t cta_max_bytes_;
  double stop_resume_prose_, stop_box_max_prose_;
};

Hint Scorer::HintOf(xmlNode* n, Tag tag, bool* positive) {
  *positive = false;
  if (tag == Tag::kNav || tag == Tag::kAside || tag == Tag::kForm ||
      tag == Tag::kNoscript)
    return Hint::kWeak;
  if (tag == Tag::kFigcaption || tag == Tag::kFigure) return Hint::kStrong;
  // One pass over the attributes (most elements have none or one).
  std::string_view role, style, cls, id;
  bool hidden = false;
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (a->name == nullptr) continue;
    const char* name = reinterpret_cast<const char*>(a->name);
    std::string_view value;
    if (a->children != nullptr && a->children->content != nullptr)
      value = reinterpret_cast<const char*>(a->children->content);
    switch (name[0]) {
      case 'c':
        if (std::strcmp(name, "class") == 0) cls = value;
        break;
      case 'i':
        if (name[1] == 'd' && name[2] == 0) id = value;
        break;
      case 'r':
        if (std::strcmp(name, "role") == 0) role = value;
        break;
      case 's':
        if (std::strcmp(name, "style") == 0) style = value;
        break;
      case 'h':
        if (std::strcmp(name, "hidden") == 0) hidden = true;
        break;
      default:
        break;
    }
  }
  if (!role.empty()) {
    std::string r = LowerAscii(role);
    if (r == "navigation" || r == "banner" || r == "contentinfo" ||
        r == "complementary" || r == "search" || r == "menu" ||
        r == "menubar" || r == "dialog" || r == "alert")
      return Hint::kWeak;
  }
  if (hidden) return Hint::kStrong;
  if (!style.empty()) {
    std::string s = LowerAscii(style);
    s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
    if (s.find("display:none") != std::string::npos ||
        s.find("visibility:hidden") != std::string::npos)
      return Hint::kStrong;
  }
  if (tag == Tag::kFooter) return Hint::kWeak;
  if (cls.empty() && id.empty()) return Hint::kNone;
  // Pages repeat their class names: one answer per distinct class (measured:
  // hint matching fell from 10% to 2% of extraction time). Ids are unique
  // and matched each time.
  bool class_positive = false, id_positive = false;
  Hint class_hint = Hint::kNone, id_hint = Hint::kNone;
  if (!cls.empty()) {
    auto cached = hint_cache_.find(cls);
    if (cached != hint_cache_.end()) {
      class_hint = cached->second.first;
      class_positive = cached->second.second;
    } else {
      class_hint = ClassHint(cls, {}, &class_positive);
      hint_cache_.emplace(cls, std::make_pair(class_hint, class_positive));
    }
  }
  if (!id.empty()) id_hint = ClassHint({}, id, &id_positive);
  *positive = class_positive || id_positive;
  if (class_hint == Hint::kStrong || id_hint == Hint::kStrong)
    return Hint::kStrong;
  if (class_hint == Hint::kWeak || id_hint == Hint::kWeak) return Hint::kWeak;
  return Hint::kNone;
}

Hint Scorer::ClassHint(std::string_view cls, std::string_view id,
                       bool* positive) const {
  // Lower-cased class names and id, space separated; taxonomy class names
  // (data/page/hints_ignore_prefixes.txt) left out.
  std::string attrs;
  std::vector<std::string_view> tokens;
  std::string lowered = LowerAscii(cls);
  lowered += ' ';
  lowered += LowerAscii(id);
  for (const std::string& no : config_.hint_exceptions) {
    size_t at;
    while ((at = lowered.find(no)) != std::string::npos) lowered[at] = '_';
  }
  attrs.reserve(lowered.size());
  size_t i = 0;
  while (i < lowered.size()) {
    while (i < lowered.size() && IsSpaceByte(static_cast<unsigned char>(lowered[i])))
      ++i;
    size_t start = i;
    while (i < lowered.size() && !IsSpaceByte(static_cast<unsigned char>(lowered[i])))
      ++i;
    if (i == start) continue;
    std::string_view name = std::string_view(lowered).substr(start, i - start);
    bool ignore = false;
    for (const std::string& prefix : config_.hint_ignore_prefixes) {
      if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) {
        ignore = true;
        break;
      }
    }
    if (ignore) {
      for (const std::string& w : config_.hint_prefixed_words) {
        if (name.substr(0, w.size()) == w) {
          ignore = false;
          break;
        }
      }
    }
    if (ignore) continue;
    attrs += name;
    attrs += ' ';
  }
  i = 0;
  while (i < attrs.size()) {
    size_t sp = attrs.find(' ', i);
    if (sp == std::string::npos) sp = attrs.size();
    if (sp > i) tokens.push_back(std::string_view(attrs).substr(i, sp - i));
    i = sp + 1;
  }
  *positive = config_.positive_hints.Matches(attrs, tokens);
  if (config_.strong_negative_hints.Matches(attrs, tokens))
    return Hint::kStrong;
  if (!config_.negative_hints.Matches(attrs, tokens)) return Hint::kNone;
  // A positive word inside the same name as the negative one qualifies it,
  // it does not vouch for it: "content-form-account-paywall",
  // "article-footer" are boxes of the article, not its text. Only a
  // positive name of its own ("entry-content footer-wide") keeps it.
  if (*positive) {
    bool own = false;
    for (std::string_view t : tokens) {
      std::vector<std::string_view> one{t};
      if (config_.positive_hints.Matches(t, one) &&
          !config_.negative_hints.Matches(t, one)) {
        own = true;
        break;
      }
    }
    *positive = own;
  }
  return Hint::kWeak;
}

// Characters (not bytes) and sentence punctuation of a text node.
void CountText(std::string_view t, uint32_t* chars, uint32_t* punct) {
  uint32_t c = 0, p = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(t[i]);
    if ((b & 0xC0) == 0x80) continue;
    if (b == ' ' || b == '\n' || b == '\t' || b == '\r') continue;
    ++c;
    if (b == '.' || b == ',' || b == ';' || b == '!' || b == '?') {
      ++p;
    } else if (b == 0xE3 && i + 2 < t.size() &&
               static_cast<unsigned char>(t[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(t[i + 2]) == 0x81 ||
                static_cast<unsigned char>(t[i + 2]) == 0x82)) {
      ++p;  // 、 。
    } else if (b == 0xEF && i + 2 < t.size() &&
               static_cast<unsigned char>(t[i + 1]) == 0xBC &&
               (static_cast<unsigned char>(t[i + 2]) == 0x8C ||
                static_cast<unsigned char>(t[i + 2]) == 0x81 ||
                static_cast<unsigned char>(t[i + 2]) == 0x9F)) {
      ++p;  // ， ！ ？
    } else if (b == 0xD8 && i + 1 < t.size() &&
               static_cast<unsigned char>(t[i + 1]) == 0x8C) {
      ++p;  // Arabic comma
    }
    // A CJK character carries about as much as a short word: count two.
    if (b >= 0xE3 && b <= 0xE9) ++c;
  }
  *chars += c;
  *punct += p;
}

void Scorer::Walk(xmlNode* body) {
  elems_.clear();
  // Open elements: index in elems_, and the nearest block at each depth.
  std::vector<int> stack;
  std::vector<int> blocks;
  int in_link = 0;
  xmlNode* n = body;
  while (n != nullptr) {
    bool down = false;
    if (n->type == XML_ELEMENT_NODE) {
      Tag tag = TagOf(n);
      if (tag != Tag::kSkip) {
        Elem e;
        e.node = n;
        e.parent = stack.empty() ? -1 : stack.back();
        e.tag = tag;
        e.block = IsBlock(tag);
        bool positive = false;
        Hint hint = n == body ? Hint::kNone : HintOf(n, tag, &positive);
        e.positive = positive;
        e.killed = hint == Hint::kStrong;  // inherited in Score()
        e.hint_kill = hint == Hint::kWeak;
        if (tag == Tag::kTable) {
          // A <figure> is an image and its caption, but also the frame of a
          // table in the article ("<figure><table>...</table></figure>"):
          // the table is text; a <figcaption> beside it stays out.
          for (auto up = stack.rbegin(); up != stack.rend(); ++up) {
            Elem& a = elems_[static_cast<size_t>(*up)];
            if (a.tag == Tag::kFigure) a.killed = false;
          }
        }
        n->psvi = reinterpret_cast<void*>(static_cast<uintptr_t>(elems_.size() + 1));
        elems_.push_back(e);
        int idx = static_cast<int>(elems_.size()) - 1;
        if (n->children != nullptr) {
          stack.push_back(idx);
          blocks.push_back(e.block ? idx : (blocks.empty() ? idx : blocks.back()));
          if (tag == Tag::kA) ++in_link;
          down = true;
        }
      } else {
        n->psvi = nullptr;
      }
    } else if (n->type == XML_TEXT_NODE && !blocks.empty()) {
      Elem& b = elems_[static_cast<size_t>(blocks.back())];
      uint32_t chars = 0, punct = 0;
      CountText(Content(n), &chars, &punct);
      b.text += chars;
      b.punct += punct;
      if (in_link > 0) b.link += chars;
    }
    if (down) {
      n = n->children;
      continue;
    }
    while (n != nullptr && n != body && n->next == nullptr) {
      n = n->parent;
      if (!stack.empty() && elems_[static_cast<size_t>(stack.back())].node == n) {
        if (elems_[static_cast<size_t>(stack.back())].tag == Tag::kA) --in_link;
        stack.pop_back();
        blocks.pop_back();
      }
    }
    if (n == nullptr || n == body) break;
    n = n->next;
  }
}

void Scorer::Score() {
  // Block values, ignoring kills, for the prose totals.
  for (Elem& e : elems_) {
    if (e.text == 0) continue;
    double text = e.text;
    double ld = static_cast<double>(e.link) / text;
    bool heading = e.tag == Tag::kHeading;
    if (text >= min_good_ && ld <= max_ld_good_ && e.punct > 0) {
      e.value = w_good_ * text;
      e.prose = text;
    } else if (text >= min_ok_ && ld <= max_ld_ok_ && e.punct > 0) {
      e.value = w_ok_ * text;
      e.prose = text * 0.5;
    } else if (ld > max_ld_ok_) {
      e.value = w_link_ * text;
    } else if (heading) {
      e.value = 0;
    } else {
      e.value = w_short_ * text;
    }
  }
  // Prose totals bottom-up (children come after parents in elems_).
  for (size_t i = elems_.size(); i-- > 0;) {
    Elem& e = elems_[i];
    if (e.parent >= 0) elems_[static_cast<size_t>(e.parent)].prose += e.prose;
  }
  double all_prose = elems_.empty() ? 0 : elems_[0].prose;
  // Settle kills top-down (parents come before children in elems_): a weak
  // hint only when the element does not hold most of the prose; a strong
  // hint on the element that holds nearly all the prose is a class name that
  // lies (a layout wrapper called "page-with-sidebar").
  for (size_t i = 0; i < elems_.size(); ++i) {
    Elem& e = elems_[i];
    if (e.parent >= 0 && elems_[static_cast<size_t>(e.parent)].killed) {
      e.killed = true;
      continue;
    }
    if (e.hint_kill && !e.positive && e.prose <= safety_ * all_prose)
      e.killed = true;
    if (e.killed && all_prose > 0 && e.prose > 0.8 * all_prose) e.killed = false;
  }
  // Totals with kills.
  for (Elem& e : elems_) {
    if (e.killed) {
      e.total = w_killed_ * (e.text);
    } else {
      e.total = e.value;
    }
  }
  for (size_t i = elems_.size(); i-- > 0;) {
    Elem& e = elems_[i];
    if (e.parent >= 0) elems_[static_cast<size_t>(e.parent)].total += e.total;
  }
}

int Scorer::Choose() const {
  int best = 0;
  double best_score = -1e300;
  for (size_t i = 0; i < elems_.size(); ++i) {
    const Elem& e = elems_[i];
    if (e.killed || e.total <= 0) continue;
    double s = e.total;
    if (e.tag == Tag::kArticle || e.tag == Tag::kMain) s *= w_article_;
    if (e.positive) s *= w_positive_;
    if (s > best_score) {
      best_score = s;
      best = static_cast<int>(i);
    }
  }
  if (best_score >= short_post_max_total_) return best;
  // A short post (a photo post, a podcast's show notes) has little prose,
  // and its best block may be a sidebar widget or the headline alone. Its
  // container says where it is: the innermost article element or
  // article-named box ("<div class="entry-content">") that holds most of
  // the unlinked text of all such containers, when that is more text than
  // the chosen block's. A container with more linked text than unlinked (a
  // tab of headlines, "<div class="tab-content"><a>...</a>...") is none.
  std::vector<double> own(elems_.size(), 0);  // unlinked text of the subtree
  std::vector<double> linked(elems_.size(), 0);  // and its linked text
  for (size_t i = elems_.size(); i-- > 0;) {
    const Elem& e = elems_[i];
    if (e.killed) continue;
    own[i] += static_cast<double>(e.text) - e.link;
    linked[i] += e.link;
    if (e.parent >= 0) {
      own[static_cast<size_t>(e.parent)] += own[i];
      linked[static_cast<size_t>(e.parent)] += linked[i];
    }
  }
  // An article element or article-named box with more unlinked text than
  // linked.
  auto container = [&](size_t i) {
    const Elem& e = elems_[i];
    return !e.killed && (e.positive || e.tag == Tag::kArticle) &&
           own[i] > linked[i];
  };
  double most = 0;
  for (size_t i = 0; i < elems_.size(); ++i) {
    if (container(i)) most = std::max(most, own[i]);
  }
  if (most < 2 * own[static_cast<size_t>(best)]) return best;
  int inner = best;
  for (size_t i = 0; i < elems_.size(); ++i) {
    if (container(i) && own[i] >= short_post_share_ * most)
      inner = static_cast<int>(i);  // document order: the last is innermost
  }
  return inner;
}

// A line that opens with a publication label and its date right after it
// ("Veröffentlicht am 12.03.2021, 14:05 Uhr | Aktualisiert ...",
// "Published on March 3, 2021"): a date stamp, however long what follows
// (an update date, a time, an author) makes it. `line` is lower case; the
// date is the one after the label.
bool Scorer::LabelledDateLine(std::string_view line, std::string* iso) const {
  size_t label = config_.DateLabelAt(line);
  if (label == 0) return false;
  size_t at = 0;
  if (!FindDate(line.substr(label), config_, false, iso, &at)) return false;
  // Only spaces, ':' or '-' between the label and its date.
  for (size_t i = label; i < label + at; ++i) {
    if (line[i] != ' ' && line[i] != ':' && line[i] != '-') return false;
  }
  return true;
}

bool Scorer::IsBoilerplateLine(const std::string& line) const {
  if (config_.boilerplate_lines.count(line) > 0) return true;
  for (const std::string& prefix : config_.boilerplate_prefixes) {
    if (line.size() >= prefix.size() && line.compare(0, prefix.size(), prefix) == 0)
      return true;
  }
  for (const std::string& suffix : config_.boilerplate_suffixes) {
    if (line.size() >= suffix.size() &&
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  }
  for (const std::string& infix : config_.boilerplate_infixes) {
    if (line.find(infix) != std::string::npos) return true;
  }
  return false;
}

bool Scorer::IsStopHeading(xmlNode* n) const {
  std::string t = LowerUtf8(TextOf(n, 120));
  while (!t.empty() && (t.back() == ':' || t.back() == ' ' || t.back() == '!'))
    t.pop_back();
  if (t.empty() || t.size() > 80) return false;
  return config_.IsSectionStop(t);
}

bool Scorer::Emit(int top, Emitter* emitter) {
  if (elems_.empty()) return false;
  xmlNode* top_node = elems_[static_cast<size_t>(top)].node;
  std::vector<int> blocks;         // nearest block of each open element
  std::vector<size_t> starts;      // emitter size when each block opened
  xmlNode* n = top_node;
  double prose_seen = 0;
  while (n != nullptr) {
    bool down = false;
    if (n->type == XML_ELEMENT_NODE) {
      uintptr_t id = reinterpret_cast<uintptr_t>(n->psvi);
      if (id != 0 && id <= elems_.size()) {
        const Elem& e = elems_[id - 1];
        bool skip_h1 = skip_h1_ && e.tag == Tag::kHeading && n->name != nullptr &&
                       n->name[1] == '1';
        if (!e.killed && !skip_h1) {
          bool section_stop = false;
          if (e.tag == Tag::kHeading && prose_seen > stop_min_prose_ &&
              ((section_stop = IsStopHeading(n)) ||
               (e.text > 0 && static_cast<double>(e.link) >
                                  linked_heading_stop_ * e.text))) {
            // Related links or comments follow; a heading that is a link is
            // the title of another article. When the heading opens a box
            // inside the article and the article goes on after the box
            // ("<p>...</p><div><h3>Related</h3><ul>...</ul></div><p>The
            // story continues.</p>"), only the box is dropped. A section
            // title alone in its box heads what follows the box:
            // "<div><h2>Related</h2></div><div><p>Teaser.</p></div>" ends
            // the article (a linked heading alone in its link is one
            // teaser, or one item of an accordion, and drops alone).
            int box = e.parent;
            if (box > top && !blocks.empty() &&
                elems_[static_cast<size_t>(box)].prose < stop_box_max_prose_ &&
                elems_[static_cast<size_t>(box)].node == n->parent &&
                (!section_stop || HoldsBeside(n->parent, n)) &&
                ProseAfter(box, top) >= stop_resume_prose_) {
              blocks.pop_back();
              starts.pop_back();
              n = n->parent;
              goto next;
            }
            return false;
          }
          if (e.block || e.tag == Tag::kBr) emitter->Break();
          if (n->children != nullptr) {
            int me = static_cast<int>(id - 1);
            blocks.push_back(e.block || blocks.empty() ? me : blocks.back());
            starts.push_back(e.block || starts.empty() ? emitter->size()
                                                       : starts.back());
            down = true;
          }
        }
      }
    } else if (n->type == XML_TEXT_NODE && !blocks.empty()) {
      const Elem& b = elems_[static_cast<size_t>(blocks.back())];
      double ld = b.text > 0 ? static_cast<double>(b.link) / b.text : 0;
      if (ld <= max_ld_emit_ || b.tag == Tag::kHeading) emitter->Text(n, aligner_);
    }
    if (down) {
      n = n->children;
      continue;
    }
  next:
    while (n != nullptr && n != top_node && n->next == nullptr) {
      n = n->parent;
      uintptr_t id = reinterpret_cast<uintptr_t>(n->psvi);
      if (id != 0 && id <= elems_.size() && !blocks.empty() &&
          elems_[id - 1].node == n) {
        const Elem& e = elems_[id - 1];
        size_t start = starts.back();
        blocks.pop_back();
        starts.pop_back();
        if (e.block) {
          // Retract a finished short block that is known boilerplate; a
          // block that names a related-links or comments section ends the
          // article.
          size_t len = emitter->size() - start;
          if (len > 0 && len < 200) {
            std::string line = LowerUtf8(
                std::string_view(emitter->text()).substr(start));
            size_t b = 0;
            while (b < line.size() && (line[b] == '\n' || line[b] == ' ')) ++b;
            line.erase(0, b);
            while (!line.empty() && (line.back() == ':' || line.back() == ' ' ||
                                     line.back() == '!'))
              line.pop_back();
            if (config_.IsSectionStop(line)) {
              // A section title such as "Related articles": never text; after
              // enough prose, the end of the article.
              emitter->Truncate(start);
              if (prose_seen > stop_min_prose_) return false;
            }
            std::string iso;
            if (IsBoilerplateLine(line) || config_.IsCaptionLine(line) ||
                config_.IsReadAlsoLine(line)) {
              emitter->Truncate(start);
            } else if (line.size() < date_line_max_ &&
                       FindDate(line, config_, false, &iso, nullptr)) {
              // A dateline: metadata, not text (kept for the date).
              emitter->Truncate(start);
              emitter->NoteDateline(iso);
            } else if (line.size() < labelled_date_line_max_ &&
                       LabelledDateLine(line, &iso)) {
              // A date stamp under its label, with what follows it: "Pubblicato
              // il 19 Febbraio 2020 Ultima modifica 19 Febbraio 2020 12:02".
              emitter->Truncate(start);
              emitter->NoteDateline(iso);
            } else if (config_.IsClockLine(line)) {
              // A timestamp alone on its line ("16:14 Uhr", "3:59 PM"):
              // the time of a dateline, not text.
              emitter->Truncate(start);
            } else if (line.size() <= label_max_bytes_ && prose_seen == 0 &&
                       e.tag != Tag::kHeading &&
                       line.find(' ') == std::string::npos) {
              // A one-word label before the body begins: a section name or
              // a kicker ("Politik", "News").
              emitter->Truncate(start);
            }
          }
          if (e.text > 0 && emitter->size() > start) {
            // Its own text, for TrimTail: inside a list or table when it
            // or one of its near ancestors is an item, cell or list.
            bool listed = false;
            int a = static_cast<int>(id - 1);
            for (int up = 0; up < 4 && a >= 0 && !listed; ++up) {
              Tag t = elems_[static_cast<size_t>(a)].tag;
              listed = t == Tag::kLi || t == Tag::kList || t == Tag::kCell ||
                       t == Tag::kTable;
              a = elems_[static_cast<size_t>(a)].parent;
            }
            emitted_.push_back({start, emitter->size(), listed});
          }
          emitter->Break();
          if (e.value > 0) prose_seen += e.text;
        }
      }
    }
    if (n == nullptr || n == top_node) break;
    n = n->next;
  }
  return true;
}

bool Scorer::HoldsBeside(const xmlNode* box, const xmlNode* child) {
  for (const xmlNode* c = box->children; c != nullptr; c = c->next) {
    if (c == child) continue;
    if (c->type == XML_ELEMENT_NODE && TagOf(c) != Tag::kSkip) return true;
    if (c->type == XML_TEXT_NODE && !CollapseSpace(Content(c)).empty())
      return true;
  }
  return false;
}

double Scorer::ProseAfter(int box, int top) const {
  double prose = 0;
  for (int at = box; at > top && at >= 0;
       at = elems_[static_cast<size_t>(at)].parent) {
    for (xmlNode* c = elems_[static_cast<size_t>(at)].node->next; c != nullptr;
         c = c->next) {
      uintptr_t id = reinterpret_cast<uintptr_t>(c->psvi);
      if (c->type != XML_ELEMENT_NODE || id == 0 || id > elems_.size()) continue;
      const Elem& e = elems_[id - 1];
      if (!e.killed) prose += e.prose;
    }
  }
  return prose;
}

std::vector<int> Scorer::Roots(int top) const {
  // Siblings of the chosen element, and of its ancestors up to
  // sibling_levels up, that are prose themselves: a lead paragraph beside
  // the body, the second half of an article split by an inline box.
  std::vector<int> roots{top};
  int level = top;
  for (int up = 0; up < sibling_levels_; ++up) {
    const Elem& t = elems_[static_cast<size_t>(level)];
    if (t.parent < 0) break;
    xmlNode* parent = elems_[static_cast<size_t>(t.parent)].node;
    for (xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      uintptr_t id = reinterpret_cast<uintptr_t>(c->psvi);
      if (id == 0 || id > elems_.size()) continue;
      int i = static_cast<int>(id - 1);
      if (i == level) continue;
      const Elem& e = elems_[static_cast<size_t>(i)];
      if (e.killed || e.prose < sibling_min_prose_) continue;
      if (e.total < sibling_quality_ * e.prose) continue;
      roots.push_back(i);
    }
    level = t.parent;
  }
  // Elements are numbered in document order.
  std::sort(roots.begin(), roots.end());
  return roots;
}

void Scorer::Debug(int top) const {
  // Development aid (WARTA_PAGE_DEBUG=1): the elements with the largest
  // totals and every killed subtree root.
  auto name = [&](const Elem& e) {
    std::string s = reinterpret_cast<const char*>(e.node->name);
    std::string_view c = Attr(e.node, "class"), id = Attr(e.node, "id");
    if (!id.empty()) s += "#" + std::string(id.substr(0, 40));
    if (!c.empty()) s += "." + std::string(c.substr(0, 60));
    return s;
  };
  std::fprintf(stderr, "chosen %d %s total %.0f prose %.0f\n", top,
               name(elems_[static_cast<size_t>(top)]).c_str(),
               elems_[static_cast<size_t>(top)].total,
               elems_[static_cast<size_t>(top)].prose);
  std::vector<size_t> order(elems_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return elems_[a].total > elems_[b].total;
  });
  for (size_t k = 0; k < order.size() && k < 8; ++k) {
    const Elem& e = elems_[order[k]];
    std::fprintf(stderr, "  top %zu %s total %.0f prose %.0f killed %d\n",
                 order[k], name(e).c_str(), e.total, e.prose, e.killed);
  }
  for (size_t i = 0; i < elems_.size(); ++i) {
    const Elem& e = elems_[i];
    bool root_kill = e.killed && (e.parent < 0 ||
                                  !elems_[static_cast<size_t>(e.parent)].killed);
    if (root_kill && e.prose > 0)
      std::fprintf(stderr, "  killed %zu %s prose %.0f\n", i, name(e).c_str(),
                   e.prose);
  }
}

// After the article's last sentence, pages put short lines that are not
// article: a "Weitere Tourentipps" or "Mehr zum Thema" heading over links
// that were dropped, a tag line, a comment's "Danke!", a date. Short lines
// (under tail_line_max_bytes) that end without sentence punctuation are
// dropped from the end, up to the last line that ends a sentence; items
// of a list or table (a ranking, an address, a spec sheet) stay.
void Scorer::TrimTail(Emitter* emitter) const {
  const std::string& text = emitter->text();
  // The paragraphs, without the blocks that hold them: a block is recorded
  // when it closes, after the blocks inside it, so an "<article>" that has
  // a few words of its own ("Social Share") comes last and spans the whole
  // text; it is no line of the tail. A block whose start is at or before
  // the start of the block recorded just before it holds that block; what
  // it wrote after that block is a line of its own ("<article><p>...</p>
  // <time>Published: 03.04.2020, 12:35</time></article>").
  std::vector<Emitted> paras;
  paras.reserve(emitted_.size());
  for (size_t k = 0; k < emitted_.size(); ++k) {
    Emitted b = emitted_[k];
    if (k > 0 && emitted_[k - 1].start >= b.start) {
      if (emitted_[k - 1].end >= b.end) continue;
      b.start = emitted_[k - 1].end;
    }
    paras.push_back(b);
  }
  // Short lines, then a call to action, then the short lines it left at
  // the end ("Pour accéder en illimité / aux articles : / Profitez de notre
  // offre."), until neither cuts.
  for (int round = 0; round < 4; ++round) {
    size_t before = text.size();
    TrimShortLines(paras, emitter);
    TrimCallToAction(paras, emitter);
    if (text.size() == before) break;
  }
}

void Scorer::TrimShortLines(const std::vector<Emitted>& paras,
                            Emitter* emitter) const {
  const std::string& text = emitter->text();
  size_t keep = text.size();
  for (size_t k = paras.size(); k-- > 1;) {
    const Emitted& b = paras[k];
    if (b.end > text.size()) continue;  // cut in an earlier round
    if (b.listed || b.end < keep) break;
    std::string_view line(text.data() + b.start, b.end - b.start);
    while (!line.empty() && IsSpaceByte(static_cast<unsigned char>(line.front())))
      line.remove_prefix(1);
    while (!line.empty() && IsSpaceByte(static_cast<unsigned char>(line.back())))
      line.remove_suffix(1);
    if (line.empty() || line.size() >= tail_line_max_) break;
    char last = line.back();
    if (std::strchr(".!?:;\"", last) != nullptr) break;
    // Closing quotes and CJK full stops: “ ” » 。 ！ ？
    if (line.ends_with("\xE2\x80\x9C") || line.ends_with("\xE2\x80\x9D") ||
        line.ends_with("\xC2\xBB") || line.ends_with("\xE3\x80\x82") ||
        line.ends_with("\xEF\xBC\x81") || line.ends_with("\xEF\xBC\x9F"))
      break;
    keep = b.start;
  }
  if (keep < text.size()) emitter->Truncate(keep);
}

void Scorer::TrimCallToAction(const std::vector<Emitted>& paras,
                              Emitter* emitter) const {
  const std::string& text = emitter->text();
  size_t keep = text.size();
  // The last two paragraphs, when short and a call to action ("Subscribe
  // now to our print edition for the full story.", "Follow us on
  // Twitter"), end the text from the first of them.
  std::vector<const Emitted*> last;
  for (size_t k = paras.size(); k-- > 0 && last.size() < 2;) {
    const Emitted& b = paras[k];
    if (b.end <= keep && b.end > b.start &&
        (last.empty() || b.end <= last.back()->start))
      last.push_back(&b);
  }
  for (size_t k = last.size(); k-- > 0;) {
    const Emitted& b = *last[k];
    if (b.start == 0 || b.end - b.start >= cta_max_bytes_) continue;
    std::string line = LowerUtf8(std::string_view(text).substr(b.start, b.end - b.start));
    for (const std::string& w : config_.calls_to_action) {
      if (line.find(w) != std::string::npos) {
        emitter->Truncate(b.start);
        return;
      }
    }
  }
}

void Scorer::Run(xmlNode* root, Emitter* emitter) {
  xmlNode* body = FindBody(root);
  Walk(body);
  if (elems_.empty()) return;
  Score();
  int top = Choose();
  if (std::getenv("WARTA_PAGE_DEBUG") != nullptr) Debug(top);
  for (int root : Roots(top)) {
    emitter->Break();
    if (!Emit(root, emitter)) break;
  }
  TrimTail(emitter);
  // Element handles live in psvi only during extraction: clear them so the
  // aligner's text-node handles are never confused with them.
  for (Elem& e : elems_) e.node->psvi = nullptr;
}

}  // namespace

void ExtractMainText(xmlNode* root, const Aligner& aligner,
                     const Config& config, Emitter* emitter) {
  Scorer scorer(config, aligner);
  scorer.Run(root, emitter);
}

}  // namespace page_internal
}  // namespace warta
