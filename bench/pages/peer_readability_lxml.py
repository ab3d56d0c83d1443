#!/usr/bin/env python3
"""Peer for bench/pages/run.sh: readability-lxml (Debian python3-readability).

usage: peer_readability_lxml.py PAGES_DIR OUT.json

Writes {NAME: {"articleBody": TEXT}} as score_pages.py reads it, and prints
pages, CPU seconds and pages per second per core (extraction only, not
reading or gunzip) to stderr.
"""
import gzip
import json
import os
import sys
import time

import lxml.html
from readability import Document


def main():
    pages_dir, out_path = sys.argv[1], sys.argv[2]
    out = {}
    cpu = 0.0
    names = sorted(os.listdir(pages_dir))
    for name in names:
        with gzip.open(os.path.join(pages_dir, name)) as f:
            raw = f.read()
        t0 = time.process_time()
        try:
            summary = Document(raw).summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        except Exception as e:  # a peer's failure on one page is its miss
            text = ""
            print(f"readability-lxml: {name}: {e}", file=sys.stderr)
        cpu += time.process_time() - t0
        out[name[:-3] if name.endswith(".gz") else name] = {"articleBody": text}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    print(f"readability-lxml: {len(names)} pages, {cpu:.3f} s CPU, "
          f"{len(names) / cpu if cpu else 0:.1f} pages/s per core", file=sys.stderr)


if __name__ == "__main__":
    main()
