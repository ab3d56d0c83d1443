#!/bin/sh
# The browser test of `warta serve`: ingests the sample corpus and one hostile
# article into a temporary database, starts the server on a free loopback
# port, and drives Debian's Chromium with playwright-core (browser_test.cjs).
# A third article holds stances only, for a story without figure groups.
# An alert with markup in every field is written into the alerts table.
#
# Alerts: a folder with a feed of two articles is served on 127.0.0.1 by
# python3's http.server and polled by `warta watch --once` into a second
# database, which a second server serves. The browser test visits its
# alerts, then runs poll.sh: the feed gains an article whose troop figure
# conflicts with the first ones', and a second poll raises the conflict,
# which the page must show as what changed since the visit.
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
PID2=
SITE_PID=
cleanup() {
  for p in $PID $PID2 $SITE_PID; do kill -TERM "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done
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

# An alert whose every field is markup, as a hostile feed could make one.
sqlite3 "$TMP/w.db" <<'SQL'
INSERT INTO alerts (story_id, group_key, kind, line, verdict, created_at) VALUES (
  'story-"><img src=x onerror=window.__pwned=1>', 'troops|<b>KP</b>|abroad',
  'conflicting"><img src=x onerror=window.__pwned=1>',
  '<script>window.__pwned=1</script> 7,000 vs <img src=x onerror=window.__pwned=1>',
  '{"kind":"conflicting","origins":["<b>Evil</b>"],"explanation":"x","figures":[{"origin":"<svg onload=window.__pwned=1>","figure":0,"label":"<img src=x onerror=window.__pwned=1>","date":"<i>2024</i>","reports":[{"outlet":"<script>window.__pwned=1</script>"}]}],"claims":[]}',
  CAST(strftime('%s', 'now') AS INTEGER));
SQL

# Prints the port a server wrote in its log $1, as the sed script $2 finds
# it, once it is there (10 s at most); else says the log and exits.
port_in_log() {
  i=0
  while [ $i -lt 100 ]; do
    p=$(sed -n "$2" "$1")
    [ -n "$p" ] && { echo "$p"; return 0; }
    sleep 0.1
    i=$((i + 1))
  done
  echo "a server did not start:" >&2
  cat "$1" >&2
  exit 1
}

# Starts `warta serve` on database $1 logging to $2; sets STARTED_PID and
# STARTED_PORT.
start_server() {
  "$WARTA" --db "$1" serve --listen 127.0.0.1:0 2> "$2" &
  STARTED_PID=$!
  STARTED_PORT=$(port_in_log "$2" 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p') || exit 1
}
start_server "$TMP/w.db" "$TMP/serve.log"
PID=$STARTED_PID
PORT=$STARTED_PORT

# The followed site: a feed of the folder's articles, on a free port.
SITE=$TMP/site
mkdir -p "$SITE"
cat > "$TMP/add.sh" <<SH
set -eu
cp "$SRC"/data/corpus/seeds/\$1_*.txt "$SITE/"
{ echo '<rss version="2.0"><channel><title>Local desk</title>'
  for f in "$SITE"/*.txt; do echo "<item><link>\$(basename "\$f")</link></item>"; done
  echo '</channel></rss>'; } > "$SITE/feed.xml"
SH
sh "$TMP/add.sh" 000
sh "$TMP/add.sh" 001
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$SITE" > "$TMP/site.log" 2>&1 &
SITE_PID=$!
SITE_PORT=$(port_in_log "$TMP/site.log" 's|^Serving HTTP on .* port \([0-9]*\).*|\1|p') || exit 1
echo "http://127.0.0.1:$SITE_PORT/feed.xml" > "$TMP/feeds.txt"
WATCH="$WARTA --db $TMP/follow.db watch --feeds $TMP/feeds.txt --once --delay 0 --contact test@example.org"
$WATCH 2> "$TMP/watch1.log" || { cat "$TMP/watch1.log"; exit 1; }
cat > "$TMP/poll.sh" <<SH
set -eu
sh "$TMP/add.sh" 002
$WATCH
SH
start_server "$TMP/follow.db" "$TMP/serve2.log"
PID2=$STARTED_PID

mkdir -p "$BUILD/artifacts"
NODE_DIR="$NODE_DIR" CHROMIUM="$CHROMIUM" POLL="$TMP/poll.sh" \
  node "$HERE/browser_test.cjs" "http://127.0.0.1:$PORT" "$BUILD/artifacts" "http://127.0.0.1:$STARTED_PORT"
