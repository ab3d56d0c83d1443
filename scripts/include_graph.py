#!/usr/bin/env python3
"""Prints the include graph between the stages of src/ from the #include lines.

Each file under src/<stage>/ (tests left out unless --tests) is read for
  #include "warta/<name>.h"   a public header, owned by the stage whose
                              <name>.cc (or, failing that, whose file that
                              includes it first) implements it;
  #include "../<stage>/..."   a private header of another stage;
  #include "util/<name>.h"    a header of util/ for every stage (utf8.h).
The public headers in include/warta/ count as files of their owner.
An edge A -> B says a file of stage A includes a header of stage B. It is
marked
  up       when B comes after A in the order data flows (STAGES below): a
           stage reaching forward into one that is built on it;
  private  when A reaches into B's folder instead of its public header.

Usage: scripts/include_graph.py [--tests] [--markdown]   (from the repo root)
"""
import os
import re
import sys
from collections import defaultdict

# The layers, lowest first: a stage may include the ones before it. (The
# order data flows, src/README.md, differs only where a library layer serves
# an earlier step: read repairs UTF-8 with text/, ingest runs the ledger.)
STAGES = ["util", "text", "read", "clean", "dedup", "story", "facts", "ledger",
          "store", "ingest", "fetch", "serve", "cli"]
# Public headers no <name>.cc implements: plain types and stage interfaces.
OWNERS = {"warta/document.h": "util", "warta/story.h": "story"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources(stage, tests):
    folder = os.path.join("src", stage)
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith((".cc", ".h")):
                continue
            is_test = "_test" in name or name.startswith(("test_", "pg_test_")) \
                or "fuzz" in name or "bench" in name
            if is_test and not tests:
                continue
            yield os.path.join(root, name)


def includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = INCLUDE.match(line)
            if m:
                yield m.group(1)


def header_owners():
    """warta/<name>.h -> the stage that implements it."""
    owners = {}
    first_includer = {}
    for stage in STAGES:
        for path in sources(stage, tests=False):
            base = os.path.splitext(os.path.basename(path))[0]
            for i, inc in enumerate(includes(path)):
                if not inc.startswith("warta/"):
                    continue
                name = inc[len("warta/"):-2]
                if name == base:
                    owners[inc] = stage
                if i == 0:
                    first_includer.setdefault(inc, stage)
    for inc, stage in first_includer.items():
        owners.setdefault(inc, stage)
    owners.update(OWNERS)
    return owners


def main():
    tests = "--tests" in sys.argv
    markdown = "--markdown" in sys.argv
    owners = header_owners()
    edges = defaultdict(set)  # (from, to) -> {(file, header)}
    # The public headers count as files of the stage that owns them.
    files = [(owners.get("warta/" + name), os.path.join("include/warta", name))
             for name in sorted(os.listdir("include/warta")) if name.endswith(".h")]
    files += [(stage, path) for stage in STAGES for path in sources(stage, tests)]
    for stage, path in files:
        if stage is None:
            continue
        for inc in includes(path):
            if inc.startswith("warta/"):
                to = owners.get(inc)
            elif inc.startswith("../"):
                to = inc.split("/")[1]
            elif inc.startswith("util/"):
                to = "util"  # util's private headers serve every stage
            else:
                continue
            if to is None or to == stage:
                continue
            edges[(stage, to)].add((path, inc))
    rank = {s: i for i, s in enumerate(STAGES)}
    by_stage = defaultdict(list)
    notes = []
    for (a, b) in sorted(edges, key=lambda e: (rank[e[0]], rank[e[1]])):
        marks = []
        if rank[b] > rank[a]:
            marks.append("up")
        if any(inc.startswith("../") for _, inc in edges[(a, b)]):
            marks.append("private")
        by_stage[a].append(f"{b} [{' '.join(marks)}]" if marks else b)
        if marks:
            via = ", ".join(sorted(f"{p} ({inc})" for p, inc in edges[(a, b)]))
            notes.append(f"{a} -> {b} [{' '.join(marks)}]: {via}")
    for stage in STAGES:
        if stage in by_stage:
            line = f"{stage} -> {', '.join(by_stage[stage])}"
            print(f"- `{line}`" if markdown else line)
    for note in notes:
        print(("\n" if markdown and note is notes[0] else "") + ("- " if markdown else "  ") + note)

if __name__ == "__main__":
    main()
