// Claims as JSON objects of the export contract (SPEC.md, "Claim export
// contract"): fields in contract order, null where a field is unknown, so
// that a consumer never has to tell "" from absent. Numbers that are whole
// are written as integers ("value": 1500), which is how the gold files and
// every JSON reader expect a count; others as doubles ("value": 1.5).
//
// Tested by claim_json_test.cc.
#include <cmath>
#include <nlohmann/json.hpp>

#include "warta/claim.h"
#include "warta/measure.h"

namespace warta {
namespace {

nlohmann::ordered_json Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  double x = *v;
  if (std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9.0e15) {
    return static_cast<int64_t>(x);
  }
  if (!std::isfinite(x)) return nullptr;
  return x;
}

nlohmann::ordered_json StringOrNull(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

nlohmann::ordered_json ClaimJson(const Claim& c) {
  nlohmann::ordered_json j;
  j["doc"] = c.doc;
  j["start"] = c.start;
  j["end"] = c.end;
  j["quote"] = c.quote;
  j["value"] = Number(c.value);
  j["min"] = Number(c.min);
  j["max"] = Number(c.max);
  j["qualifier"] = StringOrNull(c.qualifier);
  j["what"] = c.what;
  j["what_text"] = c.what_text;
  j["subject"] = StringOrNull(c.subject);
  j["location"] = StringOrNull(c.location);
  j["source"] = c.source.empty() ? std::string("OUTLET") : c.source;
  j["source_mention"] = StringOrNull(c.source_mention);
  j["via"] = c.via;
  j["stance"] = c.stance;
  j["said_date"] = StringOrNull(c.said_date);
  j["event_date"] = StringOrNull(c.event_date);
  j["lang"] = c.lang;
  // What the figure is a number of (include/warta/measure.h), computed
  // from the fields above: {"unit":"troops","event":"deployed",...}.
  Measure m = MeasureOf(c);
  nlohmann::ordered_json mj;
  mj["unit"] = StringOrNull(m.unit);
  mj["event"] = StringOrNull(m.event);
  mj["subject"] = StringOrNull(m.subject);
  mj["place"] = StringOrNull(m.place);
  mj["as_of"] = StringOrNull(m.as_of);
  mj["currency"] = StringOrNull(m.currency);
  mj["conversion"] = m.conversion;
  j["measure"] = std::move(mj);
  j["cue"] = StringOrNull(c.cue);
  j["text_start"] = c.text_start;
  j["text_end"] = c.text_end;
  return j;
}

}  // namespace warta
