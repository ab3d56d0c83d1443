// warta_bm25 (see fts5_rank.h). Tested by sqlite_store_test.cc, measured by
// search_bench.cc.
#include "fts5_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <new>
#include <vector>

namespace warta {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// What one query computes once: the inverse document frequency of each
// phrase and the average document length.
struct QueryData {
  std::vector<double> idf;
  double average_length = 1;
};

// Counts the rows of one phrase, stopping after kIdfSampleRows.
struct PhraseSample {
  int64_t rows = 0;
  int64_t last_rowid = 0;
};

int CountRow(const Fts5ExtensionApi* api, Fts5Context* fts, void* user) {
  auto* sample = static_cast<PhraseSample*>(user);
  sample->last_rowid = api->xRowid(fts);
  return ++sample->rows >= kIdfSampleRows ? SQLITE_DONE : SQLITE_OK;
}

void DeleteQueryData(void* data) { delete static_cast<QueryData*>(data); }

// Computes the query's data, or returns nullptr with `*rc` set.
QueryData* MakeQueryData(const Fts5ExtensionApi* api, Fts5Context* fts, int64_t max_rowid,
                         int* rc) {
  sqlite3_int64 documents = 0, tokens = 0;
  if ((*rc = api->xRowCount(fts, &documents)) != SQLITE_OK) return nullptr;
  if ((*rc = api->xColumnTotalSize(fts, -1, &tokens)) != SQLITE_OK) return nullptr;
  auto* data = new (std::nothrow) QueryData;
  if (data == nullptr) {
    *rc = SQLITE_NOMEM;
    return nullptr;
  }
  data->average_length =
      documents > 0 ? static_cast<double>(tokens) / static_cast<double>(documents) : 1;
  const double n_documents = static_cast<double>(documents);
  for (int phrase = 0; phrase < api->xPhraseCount(fts); ++phrase) {
    PhraseSample sample;
    *rc = api->xQueryPhrase(fts, phrase, &sample, CountRow);
    if (*rc != SQLITE_OK) {
      delete data;
      return nullptr;
    }
    double holding = static_cast<double>(sample.rows);
    if (sample.rows >= kIdfSampleRows && sample.last_rowid > 0 && max_rowid > sample.last_rowid) {
      // The sample covered rowids 1 .. last_rowid of 1 .. max_rowid.
      holding *= static_cast<double>(max_rowid) / static_cast<double>(sample.last_rowid);
    }
    holding = std::min(holding, n_documents);
    // As FTS5's bm25(): a phrase in more than half the documents would get
    // a negative weight; it gets a tiny positive one instead.
    double idf = std::log((n_documents - holding + 0.5) / (holding + 0.5));
    data->idf.push_back(idf > 0 ? idf : 1e-6);
  }
  return data;
}

// warta_bm25(table, max_rowid, weight of column 0, weight of column 1, ...).
void WartaBm25(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* context, int n_args,
               sqlite3_value** args) {
  int rc = SQLITE_OK;
  auto* data = static_cast<QueryData*>(api->xGetAuxdata(fts, 0));
  if (data == nullptr) {
    int64_t max_rowid = n_args > 0 ? sqlite3_value_int64(args[0]) : 0;
    data = MakeQueryData(api, fts, max_rowid, &rc);
    if (data == nullptr) {
      sqlite3_result_error_code(context, rc);
      return;
    }
    if ((rc = api->xSetAuxdata(fts, data, DeleteQueryData)) != SQLITE_OK) {
      sqlite3_result_error_code(context, rc);
      return;
    }
  }
  // Weighted frequency of each phrase in this row.
  std::vector<double> frequency(data->idf.size(), 0.0);
  int instances = 0;
  if ((rc = api->xInstCount(fts, &instances)) != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if ((rc = api->xInst(fts, i, &phrase, &column, &offset)) != SQLITE_OK) {
      sqlite3_result_error_code(context, rc);
      return;
    }
    double weight = column + 1 < n_args ? sqlite3_value_double(args[column + 1]) : 1.0;
    if (phrase >= 0 && static_cast<size_t>(phrase) < frequency.size()) {
      frequency[static_cast<size_t>(phrase)] += weight;
    }
  }
  int length = 0;
  if ((rc = api->xColumnSize(fts, -1, &length)) != SQLITE_OK) {
    sqlite3_result_error_code(context, rc);
    return;
  }
  const double norm = kK1 * (1 - kB + kB * static_cast<double>(length) / data->average_length);
  double score = 0;
  for (size_t phrase = 0; phrase < frequency.size(); ++phrase) {
    const double f = frequency[phrase];
    score += data->idf[phrase] * f * (kK1 + 1) / (f + norm);
  }
  sqlite3_result_double(context, score);
}

// The fts5_api of `db`, the documented way: SELECT fts5(?1) with a pointer.
fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

int RegisterWartaBm25(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr || api->iVersion < 2) return SQLITE_ERROR;
  return api->xCreateFunction(api, "warta_bm25", nullptr, WartaBm25, nullptr);
}

}  // namespace warta
