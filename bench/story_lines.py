#!/usr/bin/env python3
"""One-line JSON Lines articles for the story stage's memory at scale.

    python3 bench/story_lines.py 200000 > lines.jsonl
    /usr/bin/time -v build/warta --db lines.db ingest lines.jsonl

Each line is four words drawn (fixed seed) from twenty and the line's
number: `{"id":"t7","text":"rose train fell vote 7"}`. The numbers make
every line a story of its own, the story stage's worst case for memory
(docs/stories.md, "Memory over one-line documents").
"""
import random
import sys


def main():
    n = int(sys.argv[1])
    rng = random.Random(7)
    words = ("rice price rose fell market city flood quake police court minister vote bank "
             "storm fire school road train port farm").split()
    out = sys.stdout
    for i in range(n):
        w = " ".join(rng.choice(words) for _ in range(4))
        out.write('{"id":"t%d","text":"%s %d"}\n' % (i, w, i))


if __name__ == "__main__":
    main()
