// The web page's files, compiled into the binary.
//
// src/serve/web/ is turned into a table of (URL path, content type, bytes)
// at build time by embed_assets.cmake; the server answers asset requests by
// exact lookup in that table and nothing else, so no request can reach the
// file system (no path traversal, works offline, one binary to ship).
// "/" is index.html.
//
// Thread-safety: immutable; the views stay valid for the life of the process.
#ifndef WARTA_SERVE_ASSETS_H_
#define WARTA_SERVE_ASSETS_H_

#include <string_view>
#include <vector>

namespace warta::serve {

struct Asset {
  std::string_view path;          // "/", "/app.js", "/openapi.json"
  std::string_view content_type;  // "text/html; charset=utf-8", ...
  std::string_view bytes;
};

// The asset at exactly `path`, or null.
const Asset* FindAsset(std::string_view path);

// Every asset, in path order.
const std::vector<Asset>& AllAssets();

}  // namespace warta::serve

#endif  // WARTA_SERVE_ASSETS_H_
