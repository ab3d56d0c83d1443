#!/usr/bin/env bash
# Makes the big hostile inputs in OUT (never committed; tests/bad_input_test.cc
# runs this at test time into the build folder):
#   big_line.jsonl   one JSON line of 100 MB (over the 32 MiB article limit)
#   big_page.html    one page of 100 MB
#   many/            10,000 small text files in one folder
# Usage: make_big.sh OUT
set -eu  # no pipefail: `yes | head` ends with SIGPIPE by design
out=${1:?usage: make_big.sh OUT}
mkdir -p "$out/many"
mb=$((1024 * 1024))

# 100 MB of words on one line, inside a JSON string.
{
  printf '{"url":"https://big.example/line","text":"'
  yes 'word' | head -c $((100 * mb)) | tr '\n' ' '
  printf '"}\n'
} > "$out/big_line.jsonl"

{
  printf '<!doctype html><html><body><article>'
  yes '<p>A paragraph of a page far too big to be an article.</p>' | head -c $((100 * mb)) | tr '\n' ' '
  printf '</article></body></html>\n'
} > "$out/big_page.html"

# 10,000 files, each a distinct short report.
for i in $(seq -w 1 10000); do
  printf 'Report %s from the many-files folder.\n\nOfficials said %d people were counted at site %s.\n' \
    "$i" "$((10#$i * 3))" "$i" > "$out/many/report_$i.txt"
done
