// ClaimReview drafts from a ledger (warta/claim_review.h).
//
// Tested by claim_review_test.cc, and through the CLI (e2e_test.cc) and the
// API (serve_test.cc).
#include "warta/claim_review.h"

#include <nlohmann/json.hpp>
#include <set>

namespace warta {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// "OUTLET:Liputan6.com" (the article's own voice) is the outlet itself.
Json Author(const std::string& origin) {
  Json a;
  const std::string outlet_prefix = "OUTLET:";
  if (origin.rfind(outlet_prefix, 0) == 0) {
    a["@type"] = "Organization";
    a["name"] = origin.substr(outlet_prefix.size());
  } else {
    // A person or an organisation: the ledger does not say which.
    a["@type"] = "Thing";
    a["name"] = origin;
  }
  return a;
}

// "troops of KP abroad", as the ledger's group titles read.
std::string GroupTitle(const LedgerGroup& g) {
  std::string t = g.what;
  if (!g.subject.empty()) t += " of " + g.subject;
  if (!g.location.empty()) t += g.location == "abroad" ? " abroad" : " in " + g.location;
  return t;
}

// One article a claim appeared in.
Json Appearance(const std::string& doc_id, const Ledger& ledger,
                const std::map<std::string, DocumentSummary>& docs) {
  Json a;
  a["@type"] = "NewsArticle";
  a["identifier"] = doc_id;
  auto it = docs.find(doc_id);
  const DocumentSummary* d = it == docs.end() ? nullptr : &it->second;
  a["url"] = d ? OrNull(d->meta.url) : Json(nullptr);
  std::string title, outlet, published;
  if (d) {
    title = d->meta.title;
    outlet = d->meta.outlet;
    published = d->meta.published;
  } else {
    for (const LedgerDoc& ld : ledger.docs) {
      if (ld.id != doc_id) continue;
      title = ld.title;
      outlet = ld.outlet;
      published = ld.published;
    }
  }
  a["headline"] = OrNull(title);
  a["datePublished"] = OrNull(published);
  if (!outlet.empty()) a["publisher"] = Json{{"@type", "Organization"}, {"name", outlet}};
  return a;
}

// A draft for the claim `claims` (indexes into ledger.claims; the first is
// the one quoted), said by `origin` on `date`.
Json Draft(const Ledger& ledger, const std::map<std::string, DocumentSummary>& docs,
           const std::string& name, const std::string& origin, const std::string& date,
           const std::vector<size_t>& claims) {
  Json r;
  r["@context"] = "https://schema.org";
  r["@type"] = "ClaimReview";
  r["creativeWorkStatus"] = "Draft";
  r["claimReviewed"] = claims.empty() ? "" : ledger.claims[claims[0]].quote;
  Json item;
  item["@type"] = "Claim";
  item["name"] = name;
  item["author"] = Author(origin);
  item["datePublished"] = OrNull(date);
  Json appearances = Json::array();
  std::set<std::string> seen;
  for (size_t i : claims) {
    const std::string& doc = ledger.claims[i].doc;
    if (seen.insert(doc).second) appearances.push_back(Appearance(doc, ledger, docs));
  }
  if (!appearances.empty()) item["firstAppearance"] = appearances[0];
  item["appearance"] = std::move(appearances);
  r["itemReviewed"] = std::move(item);
  return r;
}

}  // namespace

std::string LedgerToClaimReviews(const Ledger& ledger,
                                 const std::map<std::string, DocumentSummary>& docs, int indent) {
  Json out = Json::array();
  auto stance = [&](const LedgerStance& s, const std::string& about) {
    std::string name = s.stance;
    for (char& c : name) {
      if (c == '_') c = ' ';
    }
    out.push_back(Draft(ledger, docs, name + (about.empty() ? "" : ": " + about), s.origin, s.date,
                        {s.claim}));
  };
  for (const LedgerGroup& g : ledger.groups) {
    const std::string title = GroupTitle(g);
    for (const LedgerOrigin& o : g.origins) {
      for (const LedgerFigure& f : o.figures) {
        std::vector<size_t> claims;
        for (const LedgerReport& r : f.reports) claims.push_back(r.claim);
        out.push_back(Draft(ledger, docs, f.label + " " + title, o.name, f.date, claims));
      }
    }
    for (const LedgerStance& s : g.stances) stance(s, title);
  }
  for (const LedgerStance& s : ledger.stances) stance(s, "");
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace warta
