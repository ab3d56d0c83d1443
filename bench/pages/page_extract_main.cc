// page_extract: prints the page export contract (SPEC.md, "Page export
// contract") for HTML files and folders, one JSON object per page.
//
//   page_extract [--data DIR] [--format jsonl|text] [--repeat N] [--check]
//                [--no-site] PATH...
//
// The pages given are read together: paragraphs repeated on several pages
// of one site are removed (warta::SiteBoilerplate) unless --no-site.
// --check verifies the offset map: every ASCII word of the text must map to
// the same bytes of the page.
//
// Files ending in .gz are read through zlib. Folders are walked recursively
// in sorted order. Timing (pages, seconds, pages/s, extraction only, not
// reading) goes to stderr. A thin driver: all the work is in warta_page.
#include <time.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "warta/lang_data.h"
#include "warta/page.h"

namespace {

namespace fs = std::filesystem;

// CPU time of this thread: pages per second per core, whatever else the
// machine is doing.
double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool ReadFile(const std::string& path, std::string* out, std::string* error) {
  out->clear();
  gzFile f = gzopen(path.c_str(), "rb");  // reads plain files too
  if (f == nullptr) {
    *error = "cannot open";
    return false;
  }
  char buf[1 << 16];
  while (true) {
    int n = gzread(f, buf, sizeof(buf));
    if (n < 0) {
      int code = 0;
      *error = std::string("cannot read: ") + gzerror(f, &code);
      gzclose(f);
      return false;
    }
    if (n == 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  gzclose(f);
  return true;
}

// Input bytes without markup: "bold</b>." -> "bold.".
std::string WithoutTags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    if (!in_tag) out += c;
    if (c == '>') in_tag = false;
  }
  return out;
}

// Checks a page's answer: every ASCII word of the text must map to the same
// bytes in the input, markup between aside (words with entities or other
// encodings map to a replacement and are skipped). Returns the number of
// words that do not.
size_t CheckOffsets(const warta::Page& page, std::string_view html,
                    size_t* checked) {
  size_t bad = 0;
  const std::string& t = page.text;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size() && !std::isalnum(static_cast<unsigned char>(t[i]))) ++i;
    size_t start = i;
    bool ascii = true;
    while (i < t.size() && t[i] != ' ' && t[i] != '\n') {
      if (static_cast<unsigned char>(t[i]) >= 0x80 || t[i] == '&' ||
          t[i] == '<' || t[i] == '>' || t[i] == '"' || t[i] == '\'')
        ascii = false;
      ++i;
    }
    if (!ascii || i == start) continue;
    auto [b, e] = page.map.ToOriginalSpan(start, i);
    std::string_view word(t.data() + start, i - start);
    ++*checked;
    if (e > html.size() ||
        (html.substr(b, e - b) != word &&
         WithoutTags(html.substr(b, e - b)) != word)) {
      ++bad;
      if (std::getenv("WARTA_CHECK_VERBOSE") != nullptr && bad <= 5) {
        std::fprintf(stderr, "  '%.*s' -> '%.*s'\n", static_cast<int>(word.size()),
                     word.data(), static_cast<int>(std::min<size_t>(e - b, 60)),
                     html.data() + b);
      }
    }
  }
  return bad;
}

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::string data_dir, format = "jsonl";
    int repeat = 1;
    bool check = false, site_pass = true;
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      if (a == "--data" && i + 1 < argc) {
        data_dir = argv[++i];
      } else if (a == "--format" && i + 1 < argc) {
        format = argv[++i];
      } else if (a == "--check") {
        check = true;
      } else if (a == "--no-site") {
        site_pass = false;
      } else if (a == "--repeat" && i + 1 < argc) {
        repeat = std::max(1, std::atoi(argv[++i]));
      } else if (a == "-h" || a == "--help") {
        std::cout << "usage: page_extract [--data DIR] [--format jsonl|text] "
                     "[--repeat N] [--check] [--no-site] PATH...\n";
        return 0;
      } else {
        paths.push_back(a);
      }
    }
    if (paths.empty() || (format != "jsonl" && format != "text")) {
      std::cerr << "usage: page_extract [--data DIR] [--format jsonl|text] "
                   "PATH...\n";
      return 2;
    }
    auto data = warta::DataDir::Find(data_dir);
    if (!data.ok()) {
      std::cerr << "page_extract: " << data.status().ToString() << "\n";
      return 1;
    }
    auto extractor = warta::PageExtractor::Create(*data);
    if (!extractor.ok()) {
      std::cerr << "page_extract: " << extractor.status().ToString() << "\n";
      return 1;
    }
    std::vector<std::string> files;
    for (const std::string& p : paths) {
      std::error_code ec;
      if (fs::is_directory(p, ec)) {
        std::vector<std::string> found;
        for (auto it = fs::recursive_directory_iterator(p, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          if (it->is_regular_file(ec)) found.push_back(it->path().string());
        }
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
      } else {
        files.push_back(p);
      }
    }
    double seconds = 0;
    size_t pages = 0, bytes = 0, words = 0, bad_words = 0;
    std::string html, error;
    std::vector<warta::Page> results(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
      warta::Page& page = results[i];
      if (!ReadFile(files[i], &html, &error)) {
        page.error = error;
        continue;
      }
      double t0 = CpuSeconds();
      for (int r = 0; r < repeat; ++r) page = (*extractor)->Extract(html, "");
      seconds += CpuSeconds() - t0;
      pages += static_cast<size_t>(repeat);
      bytes += html.size() * static_cast<size_t>(repeat);
    }
    if (site_pass) {
      double t0 = CpuSeconds();
      warta::SiteBoilerplate site;
      for (const warta::Page& page : results) site.Add(page);
      for (warta::Page& page : results) site.Strip(&page);
      seconds += CpuSeconds() - t0;
    }
    for (size_t i = 0; i < files.size(); ++i) {
      const std::string& file = files[i];
      const warta::Page& page = results[i];
      if (check && page.error.empty() && ReadFile(file, &html, &error)) {
        size_t bad = CheckOffsets(page, html, &words);
        bad_words += bad;
        if (bad > 0) std::fprintf(stderr, "check: %s: %zu words map wrong\n", file.c_str(), bad);
      }
      if (format == "text") {
        std::cout << "# " << file << "\n" << page.text << "\n\n";
        continue;
      }
      const warta::Metadata& m = page.meta;
      nlohmann::json j = {
          {"file", file},
          {"title", OrNull(m.title)},
          {"text", page.text},
          {"author", OrNull(m.author)},
          {"published", OrNull(m.published)},
          {"modified", OrNull(m.modified)},
          {"site", OrNull(m.outlet)},
          {"url", OrNull(m.url)},
          {"lang", OrNull(m.lang)},
          {"error", OrNull(page.error)},
          {"provenance", m.provenance},
      };
      std::cout << j.dump(-1, ' ', false,
                          nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    if (check) {
      std::fprintf(stderr, "check: %zu of %zu ASCII words map to other bytes\n",
                   bad_words, words);
    }
    std::fprintf(stderr,
                 "page_extract: %zu pages, %.1f MB, %.3f s CPU, %.0f pages/s per core\n",
                 pages, static_cast<double>(bytes) / 1e6, seconds,
                 seconds > 0 ? static_cast<double>(pages) / seconds : 0.0);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "page_extract: " << e.what() << "\n";
    return 1;
  }
}
