#!/usr/bin/env python3
"""Generates the serve benchmark's corpus and its query lists.

usage: make_corpus.py POOL N OUT.jsonl [--seed S] [--words WORDS.txt]
                      [--stopwords STOPWORDS.txt]

POOL is ../shared/data/id-news/indosum-dev.jsonl.gz (3,463 Indonesian
articles, one JSON object a line with id, outlet, url, published_unix, text).
Article i of the N written to OUT.jsonl (JSON Lines as `warta ingest` reads
them: id, url, outlet, published, title, lang, text) is a pool article with
3% of its words replaced by random words of the pool's vocabulary, so that
every article is distinct (no exact duplicate: ingest stores each one) while
the articles made from one pool article stay near-duplicates about one
event, as wire copies and rewrites are. Its date is the pool article's plus
0-6 days. Pool articles are drawn uniformly: about N / 3,463 versions each.
Like bench/dedup_bench.cc, everything follows from the seed.

--words writes the search words of the benchmark: words of the pool that
are not stop words, of 4 letters or more, found in 0.1% to 10% of the pool's
articles (so a query has work to do but is not a stop word), one a line;
then pairs of such words from one article, two a line.
"""
import argparse
import datetime
import gzip
import json
import random
import re
import sys

EDIT_SHARE = 0.03
DAYS = 7


def load_pool(path):
    pool = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a.get("text"):
                pool.append(a)
    return pool


def title_of(text):
    first = text.strip().split("\n", 1)[0]
    words = first.split()
    return " ".join(words[:10])


def write_words(pool, path, stopwords, rng):
    df = {}
    per_article = []
    for a in pool:
        words = {w for w in re.findall(r"[a-z]{4,}", a["text"].lower()) if w not in stopwords}
        per_article.append(sorted(words))
        for w in words:
            df[w] = df.get(w, 0) + 1
    lo, hi = max(2, len(pool) // 1000), len(pool) // 10
    good = sorted(w for w, n in df.items() if lo <= n <= hi)
    with open(path, "w", encoding="utf-8") as out:
        for w in rng.sample(good, min(400, len(good))):
            out.write(w + "\n")
        good_set = set(good)
        for _ in range(200):
            words = [w for w in rng.choice(per_article) if w in good_set]
            if len(words) >= 2:
                out.write(" ".join(rng.sample(words, 2)) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pool")
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--words")
    ap.add_argument("--stopwords")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = load_pool(args.pool)
    vocab = sorted({w for a in pool for w in a["text"].split()})
    split = [[p.split(" ") for p in a["text"].split("\n")] for a in pool]
    if args.words:
        stop = set()
        if args.stopwords:
            stop = {l.strip() for l in open(args.stopwords, encoding="utf-8") if l.strip() and not l.startswith("#")}
        write_words(pool, args.words, stop, random.Random(args.seed + 1))
    with open(args.out, "w", encoding="utf-8") as out:
        for i in range(args.n):
            b = rng.randrange(len(pool))
            base = pool[b]
            lines = [list(words) for words in split[b]]
            # Replace EDIT_SHARE of the words, chosen by position.
            slots = [(li, wi) for li, words in enumerate(lines) for wi in range(len(words)) if words[wi]]
            for li, wi in rng.sample(slots, max(1, int(len(slots) * EDIT_SHARE))):
                lines[li][wi] = vocab[rng.randrange(len(vocab))]
            text = "\n".join(" ".join(words) for words in lines)
            day = datetime.datetime.fromtimestamp(base.get("published_unix") or 1500000000,
                                                  datetime.timezone.utc).date()
            day += datetime.timedelta(days=rng.randrange(DAYS))
            rec = {
                "id": "bench-%07d" % i,
                "url": "https://bench.invalid/%d/%07d" % (b, i),
                "outlet": base.get("outlet") or "bench",
                "published": day.isoformat(),
                "title": title_of(text),
                "lang": "id",
                "text": text,
            }
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if (i + 1) % 100000 == 0:
                print("make_corpus: %d articles" % (i + 1), file=sys.stderr)


if __name__ == "__main__":
    main()
