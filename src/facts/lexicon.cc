// Loading the facts stage's data files into phrase tries.
//
// Every list of the facts stage is data: a TSV file per kind of knowledge
// and per language, one phrase a row, its meaning in the first column. This
// file turns each into a PhraseMatcher (a trie over case-folded tokens), once,
// at start-up; the extractor then asks "does a cue start at token i?" with
// one hash lookup per token. A row that names an unknown kind is an error
// that names the file and the row, so a typo in the data fails loudly at
// start-up instead of silently losing a rule.
//
// The gazetteer reads data/geo/places.tsv (generated from GeoNames) and
// data/geo/aliases.tsv (hand-written). Place names are proper nouns, so a
// name matches only where its first word is capitalised in the text ("Guna"
// the city, not "guna" the preposition); a name written in capitals in the
// data matches only in capitals ("AS" the country, not English "as").
//
// Tested by extractor_test.cc (through the extractor) and lexicon_test.cc.
#include "lexicon.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace warta {
namespace facts {

const char* StanceName(StanceKind s) {
  switch (s) {
    case StanceKind::kNone:
      return "asserts";
    case StanceKind::kHedged:
      return "hedged";
    case StanceKind::kCannotVerify:
      return "cannot_verify";
    case StanceKind::kNoEvidence:
      return "no_evidence";
    case StanceKind::kDenies:
      return "denies";
    case StanceKind::kConfirms:
      return "confirms";
  }
  return "asserts";
}

namespace {

Status BadRow(const std::string& lang, const std::string& file, const std::vector<std::string>& row,
              const std::string& why) {
  std::string joined;
  for (const std::string& c : row) {
    if (!joined.empty()) joined += "\\t";
    joined += c;
  }
  return InvalidArgument("lang/" + lang + "/" + file + ": " + why + ": " + joined);
}

Status LoadCues(const DataDir& data, Lexicon* lex) {
  const std::string file = "claims-cues.tsv";
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lex->lang, file));
  for (const auto& row : rows) {
    if (row.size() < 2) return BadRow(lex->lang, file, row, "need KIND and PHRASE");
    CueInfo info;
    const std::string& k = row[0];
    if (k == "say") {
      info.kind = CueKind::kSay;
    } else if (k == "weak") {
      info.kind = CueKind::kWeak;
    } else if (k == "say_it") {
      info.kind = CueKind::kSayIt;
    } else if (k == "lead") {
      info.kind = CueKind::kLead;
    } else if (k == "according") {
      info.kind = CueKind::kAccording;
    } else if (k == "noun") {
      info.kind = CueKind::kNoun;
    } else if (k == "cites") {
      info.kind = CueKind::kCites;
    } else if (k == "relayed") {
      info.kind = CueKind::kRelayed;
    } else if (k == "continue") {
      info.kind = CueKind::kContinue;
    } else if (k == "back") {
      info.kind = CueKind::kBack;
    } else {
      return BadRow(lex->lang, file, row, "unknown kind");
    }
    std::string flags = row.size() > 2 ? row[2] : "";
    info.pre = flags.find("pre") != std::string::npos;
    info.post = flags.find("post") != std::string::npos;
    if ((info.kind == CueKind::kSay || info.kind == CueKind::kWeak) && !info.pre && !info.post) {
      return BadRow(lex->lang, file, row, "a say cue needs pre and/or post");
    }
    lex->cues.Add(row[1], info);
  }
  return Status::Ok();
}

Status LoadStance(const DataDir& data, Lexicon* lex) {
  const std::string file = "claims-stance.tsv";
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lex->lang, file));
  for (const auto& row : rows) {
    if (row.size() < 2) return BadRow(lex->lang, file, row, "need STANCE and PHRASE");
    const std::string& k = row[0];
    if (k == "negation") {
      lex->negation.Add(row[1], 1);
      continue;
    }
    if (k == "conditional") {
      lex->conditionals.Add(row[1], 1);
      continue;
    }
    StanceInfo info;
    if (k == "none") {
      info.stance = StanceKind::kNone;
    } else if (k == "hedged") {
      info.stance = StanceKind::kHedged;
    } else if (k == "cannot_verify") {
      info.stance = StanceKind::kCannotVerify;
    } else if (k == "no_evidence") {
      info.stance = StanceKind::kNoEvidence;
    } else if (k == "denies") {
      info.stance = StanceKind::kDenies;
    } else if (k == "confirms") {
      info.stance = StanceKind::kConfirms;
    } else {
      return BadRow(lex->lang, file, row, "unknown stance");
    }
    std::string role = row.size() > 2 ? row[2] : "";
    if (role == "verb") {
      info.role = StanceRole::kVerb;
    } else if (role == "passive") {
      info.role = StanceRole::kPassive;
    } else if (role == "quoted") {
      info.role = StanceRole::kQuoted;
    } else if (!role.empty()) {
      return BadRow(lex->lang, file, row, "unknown role");
    }
    lex->stance.Add(row[1], info);
  }
  return Status::Ok();
}

Status LoadWhat(const DataDir& data, Lexicon* lex) {
  const std::string file = "claims-what.tsv";
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lex->lang, file));
  for (const auto& row : rows) {
    if (row.size() < 3) return BadRow(lex->lang, file, row, "need WHAT, WHERE and PHRASE");
    if (row[0] == "setting") {
      if (row[1] == "modifiers") {
        lex->modifiers_after = row[2] == "after";
        continue;
      }
      return BadRow(lex->lang, file, row, "unknown setting");
    }
    if (row[1] == "unit") {
      lex->what_unit.Add(row[2], row[0]);
      if (row.size() > 3 && row[0] == "duration") {
        char* end = nullptr;
        double seconds = std::strtod(row[3].c_str(), &end);
        if (end == row[3].c_str() || seconds <= 0) {
          return BadRow(lex->lang, file, row, "the fourth column must be seconds");
        }
        lex->duration_seconds[FoldCase(row[2])] = seconds;
      }
    } else if (row[1] == "after") {
      if (row[0] == "score") {
        lex->score_after.Add(row[2], 1);
      } else {
        lex->what_after.Add(row[2], row[0]);
      }
    } else if (row[1] == "before") {
      if (row[0] == "score") {
        lex->score_before.Add(row[2], 1);
      } else {
        lex->what_before.Add(row[2], row[0]);
      }
    } else if (row[1] == "bare_after") {
      lex->bare_after.Add(row[2], row[0]);
    } else if (row[1] == "count_after") {
      lex->count_after.Add(row[2], row[0]);
    } else if (row[1] == "pass_not") {
      lex->what_pass_not.Add(row[2], 1);
    } else if (row[1] == "coordinator") {
      lex->coordinators.Add(row[2], 1);
    } else if (row[1] == "not_before" || row[1] == "not_after") {
      if (row[0] != "duration" && row[0] != "any" && row[0] != "one") {
        return BadRow(lex->lang, file, row, "not_before/not_after need WHAT duration, any or one");
      }
      (row[1] == "not_before" ? lex->not_before : lex->not_after).Add(row[2], row[0]);
    } else {
      return BadRow(lex->lang, file, row,
                    "WHERE must be unit, after, before, bare_after, count_after, pass_not, "
                    "coordinator, not_before or not_after");
    }
  }
  return Status::Ok();
}

Status LoadSources(const DataDir& data, Lexicon* lex) {
  const std::string file = "claims-sources.tsv";
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lex->lang, file));
  for (const auto& row : rows) {
    if (row.size() < 2) return BadRow(lex->lang, file, row, "need KIND and PHRASE");
    const std::string& k = row[0];
    const std::string& p = row[1];
    if (k == "alias") {
      if (row.size() < 3) return BadRow(lex->lang, file, row, "an alias needs its canonical name");
      lex->aliases.Add(p, row[2]);
    } else if (k == "pronoun") {
      lex->pronouns.insert(FoldCase(p));
    } else if (k == "person_pronoun") {
      lex->pronouns.insert(FoldCase(p));
      lex->person_pronouns.insert(FoldCase(p));
    } else if (k == "demonstrative") {
      lex->demonstratives.insert(FoldCase(p));
    } else if (k == "definite") {
      lex->definites.insert(FoldCase(p));
    } else if (k == "determiner") {
      lex->determiners.insert(FoldCase(p));
    } else if (k == "relative") {
      lex->relatives.insert(FoldCase(p));
    } else if (k == "person") {
      lex->person.Add(p, 1);
      std::vector<Token> tokens;
      Tokenize(p, &tokens);
      if (!tokens.empty()) lex->person_first_words.push_back(tokens[0].folded);
    } else if (k == "head") {
      lex->head.Add(p, 1);
    } else if (k == "role") {
      lex->role.Add(p, 1);
    } else if (k == "skip") {
      lex->skip.Add(p, 1);
    } else if (k == "stop") {
      lex->stop.Add(p, 1);
    } else if (k == "clause") {
      lex->clause.Add(p, 1);
    } else if (k == "verb_prefix") {
      lex->verb_prefixes.push_back(FoldCase(p));
    } else if (k == "agent") {
      lex->agent_markers.insert(FoldCase(p));
    } else if (k == "and") {
      lex->conjunctions.insert(FoldCase(p));
    } else if (k == "passive") {
      lex->passive_aux.insert(FoldCase(p));
    } else if (k == "modal") {
      lex->modals.insert(FoldCase(p));
    } else if (k == "that") {
      lex->complementizers.insert(FoldCase(p));
    } else {
      return BadRow(lex->lang, file, row, "unknown kind");
    }
  }
  return Status::Ok();
}

Status LoadPlaces(const DataDir& data, Lexicon* lex) {
  const std::string file = "claims-places.tsv";
  ASSIGN_OR_RETURN(auto rows, data.ReadTsv(lex->lang, file));
  for (const auto& row : rows) {
    if (row.size() < 2) return BadRow(lex->lang, file, row, "need KIND and PHRASE");
    if (row[0] == "to") {
      lex->where.Add(row[1], WhereKind::kTo);
    } else if (row[0] == "in") {
      lex->where.Add(row[1], WhereKind::kIn);
    } else if (row[0] == "from") {
      lex->where.Add(row[1], WhereKind::kFrom);
    } else {
      return BadRow(lex->lang, file, row, "unknown kind");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Lexicon>> Lexicon::Create(const DataDir& data, const std::string& lang) {
  auto lex = std::make_unique<Lexicon>();
  lex->lang = lang;
  RETURN_IF_ERROR(LoadCues(data, lex.get()));
  RETURN_IF_ERROR(LoadStance(data, lex.get()));
  RETURN_IF_ERROR(LoadWhat(data, lex.get()));
  RETURN_IF_ERROR(LoadSources(data, lex.get()));
  RETURN_IF_ERROR(LoadPlaces(data, lex.get()));
  for (const std::string& w : lex->cues.first_words) lex->starters.insert(w);
  for (const std::string& w : lex->stance.first_words) lex->starters.insert(w);
  for (const std::string& w : lex->person_first_words) lex->starters.insert(w);
  return lex;
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::Create(const DataDir& data) {
  auto g = std::make_unique<Gazetteer>();
  for (const char* name : {"geo/places.tsv", "geo/aliases.tsv"}) {
    ASSIGN_OR_RETURN(std::vector<DataDir::Row> rows, data.ReadTable(name));  // none: no places
    for (DataDir::Row& row : rows) {
      if (row.fields.size() < 3) {
        return InvalidArgument(data.root() + "/" + name + ":" + std::to_string(row.line) +
                               ": need code, kind and name");
      }
      std::string code = std::move(row.fields[0]);
      std::string written = std::move(row.fields[2]);
      // "AS", "UK", "DPRK": capitals only, so "as" and "us" stay words.
      bool exact = true;
      bool any_letter = false;
      for (char c : written) {
        if (c >= 'a' && c <= 'z') exact = false;
        if ((c >= 'A' && c <= 'Z')) any_letter = true;
      }
      exact = exact && any_letter;
      g->names_.Add(written, static_cast<int32_t>(g->codes_.size()));
      g->codes_.push_back(std::move(code));
      g->exact_case_.push_back(exact);
      g->written_.push_back(std::move(written));
    }
  }
  return g;
}

size_t Gazetteer::Match(std::string_view text, std::span<const Token> tokens, size_t i,
                        const std::string** code) const {
  // Proper nouns only: "Guna" may be a place, "guna" is a preposition.
  if (i >= tokens.size() || !tokens[i].capitalized) return 0;
  int32_t v = 0;
  size_t n = names_.Match(tokens, i, &v);
  if (n == 0) return 0;
  size_t idx = static_cast<size_t>(v);
  if (exact_case_[idx]) {
    // "AS" matches "AS", never "As" or "as".
    for (size_t k = i; k < i + n; ++k) {
      for (char c : tokens[k].Text(text)) {
        if (c >= 'a' && c <= 'z') return 0;
      }
    }
  }
  *code = &codes_[idx];
  return n;
}

}  // namespace facts
}  // namespace warta
