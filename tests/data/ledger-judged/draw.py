#!/usr/bin/env python3
"""Draw a fixed random sample of 40 ledger verdict lines for hand judging.

Usage: python3 tests/data/ledger-judged/draw.py WARTA_BINARY DB > drawn.jsonl

Population: every verdict (kinds agreeing / conflicting / revised) of the
ledger of every story with two or more documents.  Stance lines (confirms /
denies / cannot_verify / no_evidence) are a separate `stances` list in the
ledger JSON, not verdicts, so they are not part of the population.
The population is sorted by (story, verdict index) and 40 lines are drawn
with random.Random(15).
"""
import json
import random
import subprocess
import sys

N = 40
SEED = 15


def run(binary, db, *args):
    out = subprocess.run([binary, "--db", db, *args], check=True,
                         capture_output=True, text=True).stdout
    return out


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: draw.py WARTA_BINARY DB")
    binary, db = sys.argv[1], sys.argv[2]
    stories = [json.loads(l) for l in run(binary, db, "stories", "--format", "jsonl").splitlines() if l.strip()]
    stories = sorted(s["story"] for s in stories if len(s.get("docs", [])) >= 2)

    population = []
    kinds = {}
    for story in stories:
        ledger = json.loads(run(binary, db, "ledger", story, "--format", "json"))
        index = 0
        for group in ledger.get("groups", []):
            for verdict in group.get("verdicts", []):
                population.append((story, index, group, verdict))
                kinds[verdict["kind"]] = kinds.get(verdict["kind"], 0) + 1
                index += 1
    population.sort(key=lambda p: (p[0], p[1]))
    print("population %d verdicts in %d stories: %s" % (len(population), len(stories), kinds), file=sys.stderr)

    rng = random.Random(SEED)
    drawn = rng.sample(population, min(N, len(population)))

    claim_cache = {}
    for story, index, group, verdict in drawn:
        if story not in claim_cache:
            claim_cache[story] = [json.loads(l) for l in run(binary, db, "claims", story, "--format", "jsonl").splitlines() if l.strip()]
        claims = claim_cache[story]
        out_claims = []
        for c in verdict.get("claims", []):
            cl = claims[c]
            out_claims.append({
                "claim": c,
                "doc": cl["doc"],
                "value": cl["value"],
                "min": cl.get("min"),
                "max": cl.get("max"),
                "unit": cl.get("measure", {}).get("unit"),
                "currency": cl.get("measure", {}).get("currency"),
                "source": cl.get("source"),
                "source_mention": cl.get("source_mention"),
                "via": cl.get("via"),
                "stance": cl.get("stance"),
                "date": cl.get("said_date"),
                "quote": cl["quote"],
            })
        print(json.dumps({
            "story": story,
            "verdict_index": index,
            "group": group.get("key"),
            "kind": verdict["kind"],
            "origins": verdict.get("origins"),
            "explanation": verdict.get("explanation"),
            "claims": out_claims,
        }, ensure_ascii=False))


if __name__ == "__main__":
    main()
