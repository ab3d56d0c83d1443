// Request and ingest counters for /metrics, in the Prometheus text format.
//
// Labels come from a fixed set (the route table's names, HTTP methods and
// status codes), so the number of series stays bounded whatever clients ask
// for. Latencies go into one histogram per route with fixed buckets.
//
// Thread-safety: every method may be called from any thread; one mutex.
#ifndef WARTA_SERVE_METRICS_H_
#define WARTA_SERVE_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "warta/ingest.h"

namespace warta::serve {

class Metrics {
 public:
  Metrics();

  // One finished request: `route` is the route's name ("/api/claims", or
  // "unmatched"), `seconds` its time in the handler.
  void ObserveRequest(const std::string& route, const std::string& method, int status,
                      double seconds);

  // One POST /api/ingest: what the ingester did, and inputs it rejected.
  void ObserveIngest(const IngestStats& stats, size_t rejected);

  // One story's ledger answered: read as stored, or built on request.
  void ObserveLedger(bool stored);

  // Story ledgers the server's ledger thread stored.
  void ObserveLedgersStored(size_t n);

  // The whole exposition, "# HELP" and "# TYPE" lines included.
  std::string Render() const;

  // Upper bounds of the latency buckets, in seconds (+Inf is implied).
  static const std::vector<double>& Buckets();

 private:
  struct Histogram {
    std::vector<uint64_t> counts;  // one per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::string, uint64_t> ingest_;  // outcome -> articles
  uint64_t ingest_requests_ = 0;
  uint64_t ingest_claims_ = 0;
  uint64_t ledgers_read_stored_ = 0;
  uint64_t ledgers_read_built_ = 0;
  uint64_t ledgers_stored_ = 0;
};

}  // namespace warta::serve

#endif  // WARTA_SERVE_METRICS_H_
