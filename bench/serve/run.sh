#!/bin/sh
# The serve benchmark: latency of a story's ledger and of search with N
# articles stored, measured with wrk against a real `warta serve`.
#
#   bench/serve/run.sh BUILD_DIR [N]       # N defaults to 1,000,000
#
# 1. The database: N articles generated from the id-news pool by
#    make_corpus.py (distinct near-copies of 3,463 Indonesian articles, about
#    N / 3,463 per pool article) and stored by the real `warta ingest`, which
#    extracts claims, finds copies and assigns stories. It is kept in
#    bench/out/serve-N.db (with the query words beside it) and reused by later
#    runs; delete it to rebuild. The ingest time is printed when it is built.
#    Then `warta optimize` (a no-op when the database is current: the
#    search index merged, every story's ledger stored).
# 2. `warta serve` on a free loopback port over that database.
# 3. The answers are checked: a story's ledger covers exactly its members,
#    a search word finds documents. Then wrk (installed with apt-get when
#    missing) runs each endpoint for DURATION seconds (default 20) with
#    CONNECTIONS connections (default 4) on WRK_THREADS threads (default 2),
#    each request a random line of its list (paths.lua); ENDPOINTS picks
#    some of them (default all, in this order):
#      floor            /favicon.svg: HTTP and routing alone, the baseline
#      ledger           /api/ledger?story=ID, over up to 1,000 stories drawn
#                       uniformly from all stories
#      ledger-largest   the same over the 20 largest stories
#      story            /api/stories/ID: the members with their copy links
#      search           /api/search?q=..., words and pairs of words of the pool
#    and prints requests/s and p50/p95/p99 latency per endpoint, with the
#    target (SPEC.md: a story's ledger in <= 50 ms at p95 with 1,000,000
#    articles) checked for the ledger and search rows.
#
# Everything runs on 127.0.0.1; the server is stopped at the end.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR [N]" >&2; exit 2; }
BUILD=$(cd "$1" && pwd)
N=${2:-1000000}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
OUT=$SRC/bench/out
WARTA=$BUILD/warta
POOL=${POOL:-$SRC/../shared/data/id-news/indosum-dev.jsonl.gz}
DURATION=${DURATION:-20}
ENDPOINTS=${ENDPOINTS:-floor ledger ledger-largest story search}
CONNECTIONS=${CONNECTIONS:-4}
WRK_THREADS=${WRK_THREADS:-2}
TARGET_P95_MS=50
DB=$OUT/serve-$N.db
WORDS=$OUT/serve-$N.words

[ -x "$WARTA" ] || { echo "no $WARTA: build the warta target first" >&2; exit 1; }
if ! command -v wrk > /dev/null; then
  echo "installing wrk (apt-get)" >&2
  { apt-get install -y wrk > /dev/null 2>&1 || { apt-get update > /dev/null && apt-get install -y wrk > /dev/null; }; } \
    || { echo "cannot install wrk" >&2; exit 1; }
fi
mkdir -p "$OUT"

# --- 1. The database, built once per N. An interrupted build resumes: the
# corpus file stays until ingest has finished, and ingest is idempotent (what
# is stored already is recognised and skipped).
CORPUS=$OUT/serve-$N.jsonl
if [ ! -f "$DB.done" ]; then
  if [ ! -f "$CORPUS.complete" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    echo "generating $N articles from $POOL" >&2
    python3 "$HERE/make_corpus.py" "$POOL" "$N" "$CORPUS" --words "$WORDS" \
      --stopwords "$SRC/data/lang/id/stopwords.txt"
    touch "$CORPUS.complete"
  fi
  echo "warta ingest of $N articles into $DB" >&2
  start=$(date +%s)
  rc=0
  "$WARTA" -q --db "$DB" ingest "$CORPUS" || rc=$?
  end=$(date +%s)
  # 1: some input was rejected (reported above); anything else is a failure.
  [ $rc -le 1 ] || { echo "warta ingest failed ($rc)" >&2; exit 1; }
  rm -f "$CORPUS" "$CORPUS.complete"
  secs=$((end - start))
  [ $secs -gt 0 ] || secs=1
  echo "ingest: $N articles in $secs s ($((N / secs)) articles/s), $(du -h "$DB" | cut -f1) on disk" \
    | tee "$DB.done"
else
  echo "reusing $DB ($(cat "$DB.done"))"
fi
# A database kept from an earlier build may lack stored ledgers (schema 5 and
# before, or another ledger format): store them now, so that the server's
# ledger thread does not build them while wrk measures. Nothing to do when
# they are current.
"$WARTA" --db "$DB" optimize 2>&1 | sed 's/^/  /' >&2

# --- 2. The server.
TMP=$(mktemp -d)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill -TERM "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
"$WARTA" --db "$DB" serve --listen 127.0.0.1:0 2> "$TMP/serve.log" &
PID=$!
PORT=
i=0
while [ $i -lt 600 ]; do
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.log")
  [ -n "$PORT" ] && break
  kill -0 "$PID" 2> /dev/null || break
  sleep 0.1
  i=$((i + 1))
done
[ -n "$PORT" ] || { echo "server did not start:" >&2; cat "$TMP/serve.log" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT

# --- 3. Query lists, checked answers.
python3 - "$BASE" "$WORDS" "$TMP" <<'PY'
import json, random, sys, urllib.parse, urllib.request
base, words_file, tmp = sys.argv[1:4]
def get(path):
    with urllib.request.urlopen(base + path, timeout=120) as r:
        return json.load(r)
stories, offset = [], 0
while True:
    page = get("/api/stories?sort=id&limit=1000&offset=%d" % offset)
    stories += page["stories"]
    offset += len(page["stories"])
    if not page["stories"] or offset >= page["total"]:
        break
if not stories:
    sys.exit("no stories stored: did ingest assign them?")
rng = random.Random(7)
sample = rng.sample(stories, min(1000, len(stories)))
largest = sorted(stories, key=lambda s: -s["size"])[:20]
q = lambda s: urllib.parse.quote(s["id"], safe="")
def write(name, lines):
    with open("%s/%s.paths" % (tmp, name), "w") as f:
        f.write("\n".join(lines) + "\n")
write("floor", ["/favicon.svg"])
write("ledger", ["/api/ledger?story=" + q(s) for s in sample])
write("ledger-largest", ["/api/ledger?story=" + q(s) for s in largest])
write("story", ["/api/stories/" + q(s) for s in sample])
words = [l.strip() for l in open(words_file, encoding="utf-8") if l.strip()]
write("search", ["/api/search?q=" + urllib.parse.quote(w) for w in words])
# Check the answers before timing them.
sizes = [s["size"] for s in stories]
print("stories: %d, documents per story: median %d, largest %d" %
      (len(stories), sorted(sizes)[len(sizes) // 2], max(sizes)))
for s in [largest[0], sample[0]]:
    ledger = get("/api/ledger?story=" + q(s))
    members = get("/api/stories/%s?limit=10000" % q(s))["members_total"]
    if len(ledger["documents"]) != members:
        sys.exit("ledger of %s covers %d documents, the story has %d members" %
                 (s["id"], len(ledger["documents"]), members))
    if members != s["size"]:
        print("note: story %s lists %d members but its size says %d" % (s["id"], members, s["size"]))
found = sum(1 for w in words[:50] if get("/api/search?q=" + urllib.parse.quote(w))["results"])
if found < 40:
    sys.exit("only %d of 50 search words found anything" % found)
print("checked: ledgers cover their stories' members; %d of 50 search words found documents" % found)
PY

echo "wrk: ${DURATION}s per endpoint, $CONNECTIONS connections, $WRK_THREADS threads, N=$N"
printf '%-16s %9s %9s %9s %9s %9s %8s  %s\n' endpoint requests req/s p50_ms p95_ms p99_ms errors target
status=0
for name in $ENDPOINTS; do
  WRK_PATHS=$TMP/$name.paths wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
    -s "$HERE/paths.lua" "$BASE" > "$TMP/$name.out" 2>&1 || { cat "$TMP/$name.out" >&2; exit 1; }
  line=$(grep '^RESULT ' "$TMP/$name.out") || { cat "$TMP/$name.out" >&2; exit 1; }
  val() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  errors=$(( $(val non2xx) + $(val socket_errors) ))
  verdict=
  case $name in
    ledger|search)
      if awk "BEGIN { exit !($(val p95_ms) <= $TARGET_P95_MS) }"; then
        verdict="p95 <= ${TARGET_P95_MS} ms: yes"
      else
        verdict="p95 <= ${TARGET_P95_MS} ms: NO"
        status=1
      fi ;;
  esac
  [ "$errors" -eq 0 ] || status=1
  printf '%-16s %9s %9s %9s %9s %9s %8s  %s\n' "$name" "$(val requests)" "$(val rps)" \
    "$(val p50_ms)" "$(val p95_ms)" "$(val p99_ms)" "$errors" "$verdict"
done
exit $status
