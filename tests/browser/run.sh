#!/bin/sh
# The browser test of `warta serve`: ingests the sample corpus and one hostile
# article into a temporary database, starts the server on a free loopback
# port, and drives Debian's Chromium with playwright-core (browser_test.cjs).
# A third article holds stances only, for a story without figure groups.
# Screenshots go to BUILD_DIR/artifacts/.
#
#   tests/browser/run.sh BUILD_DIR/warta BUILD_DIR
#
# playwright-core is installed by npm under BUILD_DIR/browser-test-node on the
# first run (never into the source tree). Exit 77 (skipped) when Chromium,
# node or the package are not available.
set -eu
WARTA=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUILD=$(cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

[ -x "$CHROMIUM" ] || { echo "skip: no $CHROMIUM"; exit 77; }
command -v node > /dev/null || { echo "skip: no node"; exit 77; }
NODE_DIR=$BUILD/browser-test-node
if [ ! -f "$NODE_DIR/node_modules/playwright-core/package.json" ]; then
  mkdir -p "$NODE_DIR"
  (cd "$NODE_DIR" && [ -f package.json ] || echo '{"private":true}' > package.json)
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error playwright-core@1) \
    || { echo "skip: cannot install playwright-core"; exit 77; }
fi

TMP=$(mktemp -d)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill -TERM "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

"$WARTA" -q --db "$TMP/w.db" ingest "$SRC/data/corpus/seeds"
cat > "$TMP/hostile.jsonl" <<'JSONL'
{"id":"hostile\"'><img src=x onerror=window.__pwned=1>","outlet":"<b>Evil</b> & \"Co\"","title":"<script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>","lang":"en","text":"<script>window.__pwned=1</script> The ministry said 7,000 troops arrived'); DROP TABLE claims;-- on Friday. \"><svg onload=window.__pwned=1>"}
JSONL
"$WARTA" -q --db "$TMP/w.db" ingest "$TMP/hostile.jsonl"
# A story whose claims are stances only: no figure group answers them.
cat > "$TMP/stances.jsonl" <<'JSONL'
{"id":"stances-only","outlet":"Test Wire","published":"2025-03-04","lang":"en","title":"Ministry rejects report","text":"The defence ministry denied the report on Tuesday. Officials said they could not confirm the account, the agency said. The governor denied that the dam had failed, a spokesman said."}
JSONL
"$WARTA" -q --db "$TMP/w.db" ingest "$TMP/stances.jsonl"

"$WARTA" --db "$TMP/w.db" serve --listen 127.0.0.1:0 2> "$TMP/serve.log" &
PID=$!
PORT=
i=0
while [ $i -lt 100 ]; do
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
  i=$((i + 1))
done
[ -n "$PORT" ] || { echo "server did not start:"; cat "$TMP/serve.log"; exit 1; }

mkdir -p "$BUILD/artifacts"
NODE_DIR="$NODE_DIR" CHROMIUM="$CHROMIUM" \
  node "$HERE/browser_test.cjs" "http://127.0.0.1:$PORT" "$BUILD/artifacts"
