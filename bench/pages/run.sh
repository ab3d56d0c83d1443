#!/usr/bin/env bash
# Page extraction benchmark: Warta's page extractor against readability-lxml
# and Readability.js on the same pages, in one run.
#
#   bench/pages/run.sh [BUILD_DIR]        (default: build)
#   WARTA_BENCH_PEERS=0 bench/pages/run.sh   Warta only
#
# Scores ../shared/data/clean-dev (main text: precision, recall, F1 over the
# gold snippets) and ../shared/data/dates-dev (publication date accuracy)
# with ../shared/tools/score_pages.py, and reports pages per second per core
# (CPU time of extraction only) and the speed ratios. Each Warta score is
# also given on the two fixed halves of its set (halves.py: even and odd
# positions of the sorted page names): rules are tuned on half A only, so
# half B is the held-out figure. Installs the peers
# itself: python3-readability with apt-get when missing, and
# @mozilla/readability + jsdom with npm into a cache folder
# (WARTA_BENCH_CACHE, default ~/.cache/warta-bench).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"
shared="${WARTA_SHARED:-$root/../shared}"
clean_dev="$shared/data/clean-dev"
dates_dev="$shared/data/dates-dev"
score="$shared/tools/score_pages.py"
out="${WARTA_BENCH_OUT:-$build/bench-pages}"
cache="${WARTA_BENCH_CACHE:-$HOME/.cache/warta-bench}"
peers="${WARTA_BENCH_PEERS:-1}"
mkdir -p "$out"

extract="$build/src/clean/page_extract"
if [[ ! -x "$extract" ]]; then
  cmake --build "$build" --target page_extract
fi

rate() {  # pages/s from a driver's stderr line
  sed -n 's/.* \([0-9.]*\) pages\/s per core.*/\1/p' "$1" | tail -1
}

echo "== warta page_extract"
"$extract" --data "$root/data" "$clean_dev/pages" >"$out/warta-clean.jsonl" 2>"$out/warta-clean.log"
"$extract" --data "$root/data" "$dates_dev/pages" >"$out/warta-dates.jsonl" 2>"$out/warta-dates.log"
warta_clean="$(python3 "$score" "$clean_dev/gold.json" "$out/warta-clean.jsonl")"
warta_dates="$(python3 "$score" "$dates_dev/gold.json" "$out/warta-dates.jsonl")"
warta_rate="$(rate "$out/warta-clean.log")"
echo "clean-dev: $warta_clean"
python3 "$here/halves.py" "$score" "$clean_dev/gold.json" "$out/warta-clean.jsonl" | sed 's/^/  /'
echo "dates-dev: $warta_dates"
python3 "$here/halves.py" "$score" "$dates_dev/gold.json" "$out/warta-dates.jsonl" | sed 's/^/  /'
echo "speed:     $warta_rate pages/s per core on clean-dev"

if [[ "$peers" == "0" ]]; then
  exit 0
fi

echo "== readability-lxml (python3-readability)"
if ! /usr/bin/python3 -c "import readability, lxml" 2>/dev/null; then
  apt-get install -y -q python3-readability >/dev/null
fi
/usr/bin/python3 "$here/peer_readability_lxml.py" "$clean_dev/pages" "$out/rlxml-clean.json" 2>"$out/rlxml-clean.log"
rlxml_clean="$(python3 "$score" "$clean_dev/gold.json" "$out/rlxml-clean.json")"
rlxml_rate="$(rate "$out/rlxml-clean.log")"
echo "clean-dev: $rlxml_clean"
python3 "$here/halves.py" "$score" "$clean_dev/gold.json" "$out/rlxml-clean.json" | sed 's/^/  /'
echo "speed:     $rlxml_rate pages/s per core"

echo "== Readability.js (@mozilla/readability + jsdom)"
node_prefix="$cache/node"
if [[ ! -d "$node_prefix/node_modules/@mozilla/readability" || ! -d "$node_prefix/node_modules/jsdom" ]]; then
  mkdir -p "$node_prefix"
  npm install --silent --no-audit --no-fund --prefix "$node_prefix" @mozilla/readability jsdom >/dev/null
fi
WARTA_NODE_PREFIX="$node_prefix" node "$here/peer_readability_js.mjs" "$clean_dev/pages" "$out/rjs-clean.json" 2>"$out/rjs-clean.log"
rjs_clean="$(python3 "$score" "$clean_dev/gold.json" "$out/rjs-clean.json")"
rjs_rate="$(rate "$out/rjs-clean.log")"
echo "clean-dev: $rjs_clean"
python3 "$here/halves.py" "$score" "$clean_dev/gold.json" "$out/rjs-clean.json" | sed 's/^/  /'
echo "speed:     $rjs_rate pages/s per core"

echo "== ratios (pages/s per core on clean-dev)"
python3 - "$warta_rate" "$rlxml_rate" "$rjs_rate" <<'PY'
import sys
w, l, j = (float(x or 0) for x in sys.argv[1:])
print(f"warta / readability-lxml: {w / l:.1f}x" if l else "readability-lxml: no rate")
print(f"warta / Readability.js:   {w / j:.1f}x" if j else "Readability.js: no rate")
PY
