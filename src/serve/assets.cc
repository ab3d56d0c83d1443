// Lookup in the table of embedded web files. The table itself is generated
// (embed_assets.cmake); this file sorts it once and answers exact lookups.
//
// Tested by api_test.cc.
#include "assets.h"

#include <algorithm>

namespace warta::serve {

std::vector<Asset> EmbeddedAssets();  // generated web_assets.cc

const std::vector<Asset>& AllAssets() {
  static const std::vector<Asset> kAssets = [] {
    std::vector<Asset> v = EmbeddedAssets();
    std::sort(v.begin(), v.end(), [](const Asset& a, const Asset& b) { return a.path < b.path; });
    return v;
  }();
  return kAssets;
}

const Asset* FindAsset(std::string_view path) {
  const std::vector<Asset>& all = AllAssets();
  auto it = std::lower_bound(all.begin(), all.end(), path,
                             [](const Asset& a, std::string_view p) { return a.path < p; });
  return it != all.end() && it->path == path ? &*it : nullptr;
}

}  // namespace warta::serve
