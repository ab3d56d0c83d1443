// Drafts of schema.org ClaimReview records (JSON-LD) from a ledger, for a
// fact-checker to finish: one per figure an origin gave and one per stance
// (a denial, a "cannot confirm"), each with the claim as said, who said it
// (the origin at the end of the citation chain), when, and every article it
// appeared in with its URL. The rating is left out: it is the
// fact-checker's to give.
//
//   [{"@context": "https://schema.org", "@type": "ClaimReview",
//     "creativeWorkStatus": "Draft",
//     "claimReviewed": "Agen mata-mata Korea Selatan melaporkan ... 1.500 ...",
//     "itemReviewed": {"@type": "Claim", "name": "1,500 troops of KP abroad",
//       "author": {"@type": "Organization", "name": "NIS"},
//       "datePublished": "2024-10-18",
//       "appearance": [{"@type": "NewsArticle", "url": "https://...",
//                       "identifier": "000_4ca6dffac9dc008f.txt", ...}],
//       "firstAppearance": {...}}}, ...]
//
// Thread-safety: a pure function.
#ifndef WARTA_CLAIM_REVIEW_H_
#define WARTA_CLAIM_REVIEW_H_

#include <map>
#include <string>

#include "warta/ledger.h"
#include "warta/store.h"

namespace warta {

// The drafts of `ledger` as a JSON array (dumped with `indent`, -1 for one
// line). `docs` gives each document's URL and metadata, by id; a document
// missing from it appears with its id only.
std::string LedgerToClaimReviews(const Ledger& ledger,
                                 const std::map<std::string, DocumentSummary>& docs,
                                 int indent = 2);

}  // namespace warta

#endif  // WARTA_CLAIM_REVIEW_H_
