// Ledger renderings: terminal text, Markdown, JSON and a self-contained
// HTML page with one SVG chart per group (values over time, one colour per
// origin, log scale; conflicting figures ringed in red).
//
// Escaping: every string that came from an article (quotes, names, outlets,
// titles) goes through Html() or Md() before it reaches the page; the JSON
// goes through nlohmann-json, which escapes by construction.
//
// Tested by report_test.cc.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

#include "warta/ledger.h"
#include "warta/measure.h"

namespace warta {
namespace {

std::string Html(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// Markdown table cells: escape what would break the table or start markup.
std::string Md(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out;
}

std::string DisplayOrigin(const std::string& name) {
  return name.rfind("OUTLET:", 0) == 0 ? name.substr(7) + " (own voice)" : name;
}

std::string GroupTitle(const LedgerGroup& g) {
  std::string t = g.what;
  if (!g.subject.empty()) t += " of " + g.subject;
  if (g.location == "abroad") {
    t += " abroad";
  } else if (!g.location.empty()) {
    t += " in " + g.location;
  }
  if (!g.era.empty()) t += " (events of " + g.era + ")";
  return t;
}

std::string ReportDocs(const LedgerFigure& f) {
  std::string s;
  for (const LedgerReport& r : f.reports) {
    if (!s.empty()) s += ", ";
    s += r.outlet;
  }
  return s;
}


// The claims behind a verdict: every report of its figures, in claim order.
std::vector<size_t> VerdictClaims(const LedgerGroup& g, const LedgerVerdict& v) {
  std::set<size_t> claims;
  for (const FigureRef& r : v.figures) {
    for (const LedgerReport& rep : g.origins[r.origin].figures[r.figure].reports) {
      claims.insert(rep.claim);
    }
  }
  return {claims.begin(), claims.end()};
}

std::string ClaimList(const std::vector<size_t>& claims) {
  std::string s = claims.size() == 1 ? "claim " : "claims ";
  for (size_t i = 0; i < claims.size(); ++i) s += (i ? ", #" : "#") + std::to_string(claims[i]);
  return s;
}

// Stance lines collapse per origin: the Kremlin's denial copied into three
// articles is one line, "in 3 articles", with its first sentence.
struct StanceLine {
  const LedgerStance* first = nullptr;
  size_t articles = 0;
};
std::vector<StanceLine> CollapseStances(const std::vector<LedgerStance>& stances) {
  std::vector<StanceLine> lines;
  std::map<std::pair<std::string, std::string>, size_t> at;
  std::map<size_t, std::set<std::string>> docs;
  for (const LedgerStance& s : stances) {
    auto [it, fresh] = at.emplace(std::make_pair(s.origin, s.stance), lines.size());
    if (fresh) lines.push_back({&s, 0});
    if (docs[it->second].insert(s.doc).second) ++lines[it->second].articles;
  }
  return lines;
}

std::string InArticles(const StanceLine& l) {
  return l.articles > 1 ? " in " + std::to_string(l.articles) + " articles" : "";
}

void MarkdownStances(std::ostream& out, const std::vector<LedgerStance>& stances) {
  for (const StanceLine& l : CollapseStances(stances)) {
    const LedgerStance& s = *l.first;
    out << "- **" << s.stance << "** (" << Md(DisplayOrigin(s.origin)) << Md(InArticles(l))
        << "): " << Md(s.quote) << "\n";
  }
}

void HtmlStances(std::ostream& out, const std::vector<LedgerStance>& stances) {
  for (const StanceLine& l : CollapseStances(stances)) {
    const LedgerStance& s = *l.first;
    out << "<li class=\"stance\"><b>" << Html(s.stance) << "</b> ("
        << Html(DisplayOrigin(s.origin) + InArticles(l)) << "): <span class=\"quote\">"
        << Html(s.quote) << "</span></li>";
  }
}

nlohmann::ordered_json OptJson(const std::optional<double>& v) {
  return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json StanceJson(const LedgerStance& s) {
  return {{"origin", s.origin}, {"stance", s.stance}, {"date", s.date.empty() ? nullptr : nlohmann::ordered_json(s.date)},
          {"doc", s.doc}, {"quote", s.quote}, {"claim", s.claim}};
}

}  // namespace

std::string LedgerToText(const Ledger& ledger) {
  std::ostringstream out;
  out << "Ledger of " << ledger.story << ": " << ledger.docs.size() << " documents, "
      << ledger.claims.size() << " claims, " << ledger.groups.size() << " groups\n";
  for (const LedgerGroup& g : ledger.groups) {
    out << "\n== " << GroupTitle(g) << " (" << g.report_count << " reports from "
        << g.origins.size() << " origins)\n";
    for (const LedgerOrigin& o : g.origins) {
      out << "  " << DisplayOrigin(o.name);
      if (!o.via.empty()) {
        out << " via ";
        for (size_t i = 0; i < o.via.size(); ++i) out << (i ? ", " : "") << o.via[i];
      }
      out << "\n";
      for (const LedgerFigure& f : o.figures) {
        out << "    " << f.label;
        if (f.stance != "asserts") out << " [" << f.stance << "]";
        out << "  " << (f.date.empty() ? "undated" : f.date) << "  reported by "
            << ReportDocs(f) << "\n";
      }
    }
    for (const LedgerVerdict& v : g.verdicts) {
      out << "  " << VerdictKindName(v.kind) << ": " << v.explanation << " ["
          << ClaimList(VerdictClaims(g, v)) << "]\n";
    }
    for (const StanceLine& l : CollapseStances(g.stances)) {
      const LedgerStance& s = *l.first;
      out << "  stance: " << DisplayOrigin(s.origin) << " " << s.stance
          << (s.date.empty() ? "" : " (" + s.date + ")") << InArticles(l) << ": \"" << s.quote
          << "\"\n";
    }
  }
  if (!ledger.stances.empty()) {
    out << "\n== stances about the story\n";
    for (const LedgerStance& s : ledger.stances) {
      out << "  " << DisplayOrigin(s.origin) << " " << s.stance << ": \"" << s.quote << "\"\n";
    }
  }
  return out.str();
}

std::string LedgerToMarkdown(const Ledger& ledger) {
  std::ostringstream out;
  out << "# Ledger: " << Md(ledger.story) << "\n\n"
      << ledger.docs.size() << " documents, " << ledger.claims.size() << " claims.\n";
  for (const LedgerGroup& g : ledger.groups) {
    out << "\n## " << Md(GroupTitle(g)) << "\n\n"
        << "| origin | figure | stance | date | reported by |\n|---|---|---|---|---|\n";
    for (const LedgerOrigin& o : g.origins) {
      for (const LedgerFigure& f : o.figures) {
        out << "| " << Md(DisplayOrigin(o.name)) << " | " << Md(f.label) << " | " << f.stance
            << " | " << (f.date.empty() ? "undated" : f.date) << " | " << Md(ReportDocs(f))
            << " |\n";
      }
    }
    if (!g.verdicts.empty() || !g.stances.empty()) out << "\n";
    for (const LedgerVerdict& v : g.verdicts) {
      out << "- **" << VerdictKindName(v.kind) << "**: " << Md(v.explanation) << " ("
          << ClaimList(VerdictClaims(g, v)) << ")\n";
    }
    MarkdownStances(out, g.stances);
  }
  if (!ledger.stances.empty()) {
    out << "\n## Stances about the story\n\n";
    MarkdownStances(out, ledger.stances);
  }
  out << "\n## Claims\n\n| # | document | figure | measure | source | stance | sentence |\n"
      << "|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    out << "| " << i << " | " << Md(c.doc) << " | " << Md(ClaimAmountText(c)) << " | "
        << Md(c.what == "stance" ? c.what : MeasureOf(c).Label()) << " | " << Md(c.source) << " | "
        << c.stance << " | " << Md(c.quote) << " |\n";
  }
  return out.str();
}

std::string LedgerToJson(const Ledger& ledger, int indent) {
  // Built in place, with each array reserved and each object moved into it:
  // a story of a few thousand claims makes a JSON of megabytes, and
  // initializer lists would copy every value once more.
  using Json = nlohmann::ordered_json;
  auto array = [](size_t n) {
    Json a = Json::array();
    a.get_ref<Json::array_t&>().reserve(n);
    return a;
  };
  auto date = [](const std::string& d) { return d.empty() ? Json(nullptr) : Json(d); };
  Json j;
  j["story"] = ledger.story;
  Json docs = array(ledger.docs.size());
  for (const LedgerDoc& d : ledger.docs) {
    Json& dj = docs.emplace_back(Json::object());
    dj["id"] = d.id;
    dj["outlet"] = d.outlet;
    dj["published"] = d.published;
    dj["title"] = d.title;
  }
  j["documents"] = std::move(docs);
  Json groups = array(ledger.groups.size());
  for (const LedgerGroup& g : ledger.groups) {
    Json& gj = groups.emplace_back(Json::object());
    gj["key"] = g.key;
    gj["what"] = g.what;
    gj["subject"] = g.subject;
    gj["location"] = g.location;
    gj["era"] = date(g.era);
    gj["reports"] = g.report_count;
    Json origins = array(g.origins.size());
    for (const LedgerOrigin& o : g.origins) {
      Json& oj = origins.emplace_back(Json::object());
      oj["name"] = o.name;
      oj["mentions"] = o.mentions;
      oj["via"] = o.via;
      Json figures = array(o.figures.size());
      for (const LedgerFigure& f : o.figures) {
        Json& fj = figures.emplace_back(Json::object());
        fj["label"] = f.label;
        fj["value"] = OptJson(f.value);
        fj["min"] = OptJson(f.min);
        fj["max"] = OptJson(f.max);
        fj["qualifier"] = f.qualifier;
        fj["stance"] = f.stance;
        fj["date"] = date(f.date);
        Json reports = array(f.reports.size());
        for (const LedgerReport& r : f.reports) {
          Json& rj = reports.emplace_back(Json::object());
          rj["doc"] = r.doc;
          rj["outlet"] = r.outlet;
          rj["date"] = date(r.date);
          rj["claim"] = r.claim;
        }
        fj["reports"] = std::move(reports);
      }
      oj["figures"] = std::move(figures);
    }
    gj["origins"] = std::move(origins);
    Json verdicts = array(g.verdicts.size());
    for (const LedgerVerdict& v : g.verdicts) {
      Json& vj = verdicts.emplace_back(Json::object());
      vj["kind"] = VerdictKindName(v.kind);
      vj["origins"] = v.origins;
      vj["explanation"] = v.explanation;
      // The figures and the claims behind the line.
      Json figs = array(v.figures.size());
      for (const FigureRef& r : v.figures) {
        figs.push_back({{"origin", g.origins[r.origin].name}, {"figure", r.figure}});
      }
      vj["figures"] = std::move(figs);
      vj["claims"] = VerdictClaims(g, v);
    }
    gj["verdicts"] = std::move(verdicts);
    Json stances = array(g.stances.size());
    for (const LedgerStance& st : g.stances) stances.push_back(StanceJson(st));
    gj["stances"] = std::move(stances);
  }
  j["groups"] = std::move(groups);
  Json stances = array(ledger.stances.size());
  for (const LedgerStance& st : ledger.stances) stances.push_back(StanceJson(st));
  j["stances"] = std::move(stances);
  Json claims = array(ledger.claims.size());
  for (const Claim& c : ledger.claims) {
    Json& cj = claims.emplace_back(Json::object());
    cj["doc"] = c.doc;
    cj["start"] = c.start;
    cj["end"] = c.end;
    cj["quote"] = c.quote;
    cj["value"] = OptJson(c.value);
    cj["min"] = OptJson(c.min);
    cj["max"] = OptJson(c.max);
    cj["what"] = c.what;
    cj["what_text"] = c.what_text;
    cj["measure"] = MeasureOf(c).Label();
    cj["source"] = c.source;
    cj["via"] = c.via;
    cj["stance"] = c.stance;
  }
  j["claims"] = std::move(claims);
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

namespace {

const char* const kColours[] = {"#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
                                "#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#393b79"};

// Origins a chart names and colours; more are folded into one grey line.
constexpr size_t kChartOrigins = 10;
constexpr const char* kFoldedColour = "#bbbbbb";
constexpr double kArrow = 22;  // pixels of an open-ended figure's arrow

// Days since 1970 of an ISO date; -1 when absent.
long Day(const std::string& iso) { return DayNumber(iso).value_or(-1); }

// An SVG chart of one group's figures: x = date (undated at the right),
// y = log10 of the value; an interval is a vertical bar, an open one an arrow.
std::string GroupChart(const LedgerGroup& g) {
  constexpr double kW = 640, kH = 260, kLeft = 70, kRight = 150, kTop = 16, kBottom = 40;
  std::set<const LedgerFigure*> conflicted;
  for (const LedgerVerdict& v : g.verdicts) {
    if (v.kind != VerdictKind::kConflicting) continue;
    for (const FigureRef& r : v.figures) conflicted.insert(&g.origins[r.origin].figures[r.figure]);
  }
  double lo = 1e300, hi = 0;
  long d0 = -1, d1 = -1;
  bool undated = false;
  for (const LedgerOrigin& o : g.origins) {
    for (const LedgerFigure& f : o.figures) {
      Interval iv = IntervalOf(f.value, f.min, f.max, f.qualifier);
      lo = std::min(lo, std::max(iv.min, 1.0));
      hi = std::max(hi, iv.max ? *iv.max : iv.min * 2);
      long d = Day(f.date);
      if (d < 0) {
        undated = true;
      } else {
        d0 = d0 < 0 ? d : std::min(d0, d);
        d1 = std::max(d1, d);
      }
    }
  }
  if (hi <= 0) return "";
  double ylo = std::floor(std::log10(lo)), yhi = std::ceil(std::log10(std::max(hi, lo * 10)));
  if (yhi <= ylo) yhi = ylo + 1;
  double plot_w = kW - kLeft - kRight - (undated ? 50 : 0);
  auto x_of = [&](long d) {
    if (d < 0) return kLeft + plot_w + 30;
    if (d1 <= d0) return kLeft + plot_w / 2;
    return kLeft + plot_w * static_cast<double>(d - d0) / static_cast<double>(d1 - d0);
  };
  auto y_of = [&](double v) {
    double t = (std::log10(std::max(v, 1.0)) - ylo) / (yhi - ylo);
    return kTop + (kH - kTop - kBottom) * (1 - t);
  };
  std::ostringstream s;
  char buf[256];
  s << "<svg viewBox=\"0 0 " << kW << " " << kH << "\" role=\"img\" aria-label=\"values over time of "
    << Html(GroupTitle(g)) << "\" class=\"chart\">";
  for (double e = ylo; e <= yhi; e += 1) {
    double y = y_of(std::pow(10, e));
    std::snprintf(buf, sizeof buf,
                  "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" class=\"grid\"/>"
                  "<text x=\"%.0f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">",
                  kLeft, y, kW - kRight, y, kLeft - 6, y + 4);
    s << buf << Html(FormatAmount(std::pow(10, e))) << "</text>";
  }
  if (d0 >= 0) {
    // Dates are ISO strings of figures: label the first and last.
    std::string first, last;
    for (const LedgerOrigin& o : g.origins) {
      for (const LedgerFigure& f : o.figures) {
        if (Day(f.date) == d0) first = f.date;
        if (Day(f.date) == d1) last = f.date;
      }
    }
    std::snprintf(buf, sizeof buf, "<text x=\"%.0f\" y=\"%.0f\" class=\"axis\">", x_of(d0), kH - 12);
    s << buf << Html(first) << "</text>";
    if (d1 != d0) {
      std::snprintf(buf, sizeof buf, "<text x=\"%.0f\" y=\"%.0f\" class=\"axis\" text-anchor=\"end\">",
                    x_of(d1), kH - 12);
      s << buf << Html(last) << "</text>";
    }
  }
  if (undated) {
    std::snprintf(buf, sizeof buf, "<text x=\"%.0f\" y=\"%.0f\" class=\"axis\" text-anchor=\"middle\">undated</text>",
                  x_of(-1), kH - 12);
    s << buf;
  }
  // Readable with 40 origins: the kChartOrigins most reported get a colour
  // and a legend line each; the rest are drawn in grey under one line
  // ("+ 33 more origins"), their names in each point's tooltip.
  std::vector<size_t> rank(g.origins.size());
  for (size_t i = 0; i < rank.size(); ++i) rank[i] = i;
  auto reports_of = [&](size_t i) {
    size_t n = 0;
    for (const LedgerFigure& f : g.origins[i].figures) n += f.reports.size();
    return n;
  };
  std::stable_sort(rank.begin(), rank.end(),
                   [&](size_t a, size_t b) { return reports_of(a) > reports_of(b); });
  std::vector<size_t> place(g.origins.size());  // origin -> its rank
  for (size_t r = 0; r < rank.size(); ++r) place[rank[r]] = r;
  const bool folded = g.origins.size() > kChartOrigins;
  const size_t coloured = folded ? kChartOrigins - 1 : g.origins.size();
  for (size_t oi = 0; oi < g.origins.size(); ++oi) {
    const LedgerOrigin& o = g.origins[oi];
    const bool grey = place[oi] >= coloured;
    const char* colour =
        grey ? kFoldedColour : kColours[place[oi] % (sizeof kColours / sizeof kColours[0])];
    double px = -1, py = -1;
    for (const LedgerFigure& f : o.figures) {
      Interval iv = IntervalOf(f.value, f.min, f.max, f.qualifier);
      double x = x_of(Day(f.date)) + static_cast<double>(oi % 5) * 3;
      double y = y_of(f.value ? *f.value : iv.min);
      if (px >= 0 && Day(f.date) >= 0) {
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" class=\"link\"/>",
                      px, py, x, y, colour);
        s << buf;
      }
      if (Day(f.date) >= 0) px = x, py = y;
      double ytop = iv.max ? y_of(*iv.max) : kTop;
      if (!iv.max || (f.qualifier == "less_than" && !f.min)) {
        // Open-ended: an arrow from the figure towards where it is open
        // ("more than 12,000" up, "fewer than 500" down), not a bar to
        // the chart's edge that would look like a figure of its own.
        double dir = iv.max ? 1 : -1;
        double tip = y + dir * kArrow;
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" class=\"range\"/>"
                      "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\" class=\"open\"/>",
                      x, y, x, tip, colour, x - 4, tip, x + 4, tip, x, tip + dir * 7, colour);
        s << buf;
      } else if (!f.value || *iv.max != iv.min) {
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" class=\"range\"/>",
                      x, y_of(iv.min), x, ytop, colour);
        s << buf;
      }
      bool hollow = f.stance != "asserts" && f.stance != "confirms";
      std::snprintf(buf, sizeof buf,
                    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\" class=\"%s\">",
                    x, y, hollow ? "white" : colour, colour, hollow ? "point hedged" : "point");
      s << buf << "<title>" << Html(DisplayOrigin(o.name) + ": " + f.label + " (" +
                                    (f.date.empty() ? "undated" : f.date) + ", " + f.stance + ")")
        << "</title></circle>";
      if (conflicted.count(&f)) {
        std::snprintf(buf, sizeof buf,
                      "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" class=\"conflict\"/>", x, y);
        s << buf;
      }
    }
    if (grey) continue;
    double row = static_cast<double>(place[oi]);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  "<text x=\"%.0f\" y=\"%.0f\" class=\"legend\">",
                  kW - kRight + 10, kTop + 16.0 * row, colour, kW - kRight + 24, kTop + 9 + 16.0 * row);
    std::string name = DisplayOrigin(o.name);
    if (name.size() > 22) name = name.substr(0, 21) + "\xE2\x80\xA6";
    s << buf << Html(name) << "</text>";
  }
  if (folded) {
    double row = static_cast<double>(coloured);
    std::snprintf(buf, sizeof buf,
                  "<rect x=\"%.0f\" y=\"%.0f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                  "<text x=\"%.0f\" y=\"%.0f\" class=\"legend\">+ %zu more origins</text>",
                  kW - kRight + 10, kTop + 16.0 * row, kFoldedColour, kW - kRight + 24,
                  kTop + 9 + 16.0 * row, g.origins.size() - coloured);
    s << buf;
  }
  s << "</svg>";
  return s.str();
}

}  // namespace

std::string LedgerToHtml(const Ledger& ledger) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">"
      << "<title>Ledger: " << Html(ledger.story) << "</title><style>"
      << "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1000px;padding:1em;color:#222}"
      << "h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}"
      << "table{border-collapse:collapse;width:100%;margin:.5em 0}"
      << "th,td{border-bottom:1px solid #eee;padding:.3em .5em;text-align:left;vertical-align:top}"
      << "th{background:#f6f6f6}.chart{width:100%;max-width:640px;height:auto}"
      << ".grid{stroke:#eee}.axis,.legend{font-size:11px;fill:#555}.link{stroke-width:1.5;opacity:.5}"
      << ".range{stroke-width:3;opacity:.6}.conflict{fill:none;stroke:#d62728;stroke-width:2}"
      << ".verdict-conflicting{color:#b00}.verdict-revised{color:#a60}.verdict-agreeing{color:#070}"
      << ".stance{color:#444}.quote{color:#333;font-size:.92em}"
      << "</style></head><body>\n";
  out << "<h1>Ledger: " << Html(ledger.story) << "</h1>\n<p>" << ledger.docs.size()
      << " documents, " << ledger.claims.size() << " claims, " << ledger.groups.size()
      << " groups. Hollow points are hedged or unverified figures; red rings mark conflicts.</p>\n";
  for (const LedgerGroup& g : ledger.groups) {
    out << "<section class=\"group\"><h2>" << Html(GroupTitle(g)) << "</h2>\n"
        << GroupChart(g) << "\n<table><tr><th>origin</th><th>figure</th><th>stance</th>"
        << "<th>date</th><th>reported by</th></tr>\n";
    for (const LedgerOrigin& o : g.origins) {
      for (const LedgerFigure& f : o.figures) {
        out << "<tr><td>" << Html(DisplayOrigin(o.name));
        if (!o.via.empty()) {
          out << "<br><small>via ";
          for (size_t i = 0; i < o.via.size(); ++i) out << (i ? ", " : "") << Html(o.via[i]);
          out << "</small>";
        }
        out << "</td><td>" << Html(f.label) << "</td><td>" << Html(f.stance) << "</td><td>"
            << Html(f.date.empty() ? "undated" : f.date) << "</td><td>" << Html(ReportDocs(f))
            << "</td></tr>\n";
      }
    }
    out << "</table>\n<ul>";
    for (const LedgerVerdict& v : g.verdicts) {
      out << "<li class=\"verdict-" << VerdictKindName(v.kind) << "\"><b>"
          << VerdictKindName(v.kind) << "</b>: " << Html(v.explanation) << " <small>("
          << Html(ClaimList(VerdictClaims(g, v))) << ")</small></li>";
    }
    HtmlStances(out, g.stances);
    out << "</ul></section>\n";
  }
  if (!ledger.stances.empty()) {
    out << "<section><h2>Stances about the story</h2><ul>";
    HtmlStances(out, ledger.stances);
    out << "</ul></section>\n";
  }
  out << "<section><h2>Claims</h2><table><tr><th>#</th><th>document</th><th>figure</th>"
      << "<th>measure</th><th>source</th><th>stance</th><th>sentence</th></tr>\n";
  for (size_t i = 0; i < ledger.claims.size(); ++i) {
    const Claim& c = ledger.claims[i];
    out << "<tr id=\"claim-" << i << "\"><td>" << i << "</td><td>" << Html(c.doc) << "</td><td>"
        << Html(ClaimAmountText(c)) << "</td><td>"
        << Html(c.what == "stance" ? c.what : MeasureOf(c).Label())
        << "</td><td>" << Html(c.source) << "</td><td>" << Html(c.stance)
        << "</td><td class=\"quote\">" << Html(c.quote) << "</td></tr>\n";
  }
  out << "</table></section>\n</body></html>\n";
  return out.str();
}

}  // namespace warta
