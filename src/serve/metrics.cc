// Prometheus text exposition of request and ingest counters.
//
// Counters live in ordered maps under one mutex: a request adds to two map
// entries, a scrape walks them in order, so the output is stable and the
// cost is negligible next to a SQLite query. Histogram buckets are stored
// per bucket and made cumulative when rendered, as the format wants.
//
// Tested by api_test.cc.
#include "metrics.h"

#include <cstdio>
#include <sstream>

namespace warta::serve {
namespace {

// Label values come from our own tables, but escape anyway as the format
// asks: backslash, double quote and newline.
std::string Label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

Metrics::Metrics() = default;

const std::vector<double>& Metrics::Buckets() {
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,   0.25,   0.5,   1,    2.5,   5,  10};
  return kBuckets;
}

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status,
                             double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, method, status}];
  Histogram& h = latency_[route];
  if (h.counts.empty()) h.counts.assign(Buckets().size(), 0);
  for (size_t i = 0; i < Buckets().size(); ++i) {
    if (seconds <= Buckets()[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::ObserveIngest(const IngestStats& s, size_t rejected) {
  std::lock_guard<std::mutex> lock(mu_);
  ++ingest_requests_;
  ingest_["inserted"] += s.inserted;
  ingest_["updated"] += s.updated;
  ingest_["unchanged"] += s.unchanged;
  ingest_["duplicate"] += s.duplicate;
  ingest_["failed"] += s.failed;
  ingest_["rejected"] += rejected;
  ingest_claims_ += s.claims;
}

void Metrics::ObserveLedger(bool stored) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(stored ? ledgers_read_stored_ : ledgers_read_built_);
}

void Metrics::ObserveLedgersStored(size_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  ledgers_stored_ += n;
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream out;
  out << "# HELP warta_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE warta_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out << "warta_http_requests_total{route=\"" << Label(route) << "\",method=\""
        << Label(method) << "\",status=\"" << status << "\"} " << n << '\n';
  }
  out << "# HELP warta_http_request_duration_seconds Time spent answering a request.\n"
         "# TYPE warta_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < Buckets().size(); ++i) {
      cumulative += h.counts[i];
      out << "warta_http_request_duration_seconds_bucket{route=\"" << Label(route)
          << "\",le=\"" << Number(Buckets()[i]) << "\"} " << cumulative << '\n';
    }
    out << "warta_http_request_duration_seconds_bucket{route=\"" << Label(route)
        << "\",le=\"+Inf\"} " << h.count << '\n'
        << "warta_http_request_duration_seconds_sum{route=\"" << Label(route) << "\"} "
        << Number(h.sum) << '\n'
        << "warta_http_request_duration_seconds_count{route=\"" << Label(route) << "\"} "
        << h.count << '\n';
  }
  out << "# HELP warta_ingest_requests_total POST /api/ingest requests that were read.\n"
         "# TYPE warta_ingest_requests_total counter\n"
      << "warta_ingest_requests_total " << ingest_requests_ << '\n'
      << "# HELP warta_ingest_articles_total Articles posted, by what ingest did with them.\n"
         "# TYPE warta_ingest_articles_total counter\n";
  for (const char* outcome :
       {"inserted", "updated", "unchanged", "duplicate", "failed", "rejected"}) {
    auto it = ingest_.find(outcome);
    out << "warta_ingest_articles_total{outcome=\"" << outcome << "\"} "
        << (it == ingest_.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP warta_ingest_claims_total Claims stored by ingest requests.\n"
         "# TYPE warta_ingest_claims_total counter\n"
      << "warta_ingest_claims_total " << ingest_claims_ << '\n'
      << "# HELP warta_ledger_requests_total Story ledgers answered, read as stored or built "
         "on request.\n"
         "# TYPE warta_ledger_requests_total counter\n"
      << "warta_ledger_requests_total{source=\"stored\"} " << ledgers_read_stored_ << '\n'
      << "warta_ledger_requests_total{source=\"built\"} " << ledgers_read_built_ << '\n'
      << "# HELP warta_ledgers_stored_total Story ledgers this server built and stored.\n"
         "# TYPE warta_ledgers_stored_total counter\n"
      << "warta_ledgers_stored_total " << ledgers_stored_ << '\n';
  return out.str();
}

}  // namespace warta::serve
