#!/usr/bin/env python3
"""Score a page export on the two fixed halves of a dev set.

usage: halves.py SCORER GOLD.json EXPORT

Half A is the pages at even positions of the gold's names sorted by code
point, half B those at odd positions: a fixed rule, so every run splits the
same way. Rules are tuned by looking at half A's pages only; half B is the
held-out figure. Prints the scorer's line for A, then for B.
"""
import json
import os
import subprocess
import sys
import tempfile


def main():
    scorer, gold_path, export_path = sys.argv[1:4]
    gold = json.load(open(gold_path, encoding="utf-8"))
    names = sorted(gold)
    halves = {"A": names[0::2], "B": names[1::2]}
    with tempfile.TemporaryDirectory() as tmp:
        for half, keys in halves.items():
            path = os.path.join(tmp, f"gold-{half}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({k: gold[k] for k in keys}, f)
            line = subprocess.run([sys.executable, scorer, path, export_path],
                                  check=True, capture_output=True, text=True).stdout.strip()
            print(f"half {half}: {line}")


if __name__ == "__main__":
    main()
