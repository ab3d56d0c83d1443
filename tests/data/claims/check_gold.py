#!/usr/bin/env python3
"""Check the gold claim files of the test corpora in this folder.

usage: check_gold.py [CORPUS_DIR...]     (default: en and id next to this file)

For each corpus folder (articles *.txt plus gold.jsonl) it checks that
  - every gold line parses and has exactly the fields of shared/gold/README.md;
  - `doc` names an article of the folder and `quote` occurs in it exactly once;
  - qualifier, what and stance come from the allowed lists, and value, min and
    max agree with the qualifier (exact/approx: min = max = value; more_than:
    min = value, max null; less_than: max = value, min null; range: value
    null, min < max; vague: value null and the interval of the vague word in
    the quote; stance-only: all null);
  - the quote states the value (digits with the language's separators and
    scale words, or a spelled number);
  - source is a non-empty list of names; location is an ISO 3166 alpha-2
    code or null; said_date and event_date are ISO dates or null;
  - gold quotes of one article do not overlap;
  - each article has 6-15 gold claims with 1-3 stance-only ones, is 250-700
    words long, and every article has gold.
Prints the problems and per-corpus counts; exits non-zero if any.
"""
import datetime
import json
import os
import re
import sys

FIELDS = ["doc", "quote", "value", "min", "max", "qualifier", "what", "source",
          "stance", "location", "said_date", "event_date"]
QUALIFIERS = {"exact", "approx", "more_than", "less_than", "range", "vague"}
WHATS = {"troops", "officers", "generals", "killed", "wounded", "containers",
         "munitions", "weapons", "battalions", "brigades", "bases", "people",
         "money", "other", "stance"}
STANCES = {"asserts", "confirms", "hedged", "cannot_verify", "no_evidence", "denies"}

# Longest phrases first so that "puluhan ribu" wins over "puluhan".
VAGUE = [
    ("hundreds of thousands", (100000, 999999)),
    ("tens of thousands", (10000, 99999)),
    ("puluhan ribu", (10000, 99999)),
    ("ratusan ribu", (100000, 999999)),
    ("puluhan juta", (10000000, 99999999)),
    ("jutaan", (1000000, 9999999)),
    ("millions", (1000000, 9999999)),
    ("ribuan", (1000, 9999)),
    ("thousands", (1000, 9999)),
    ("ratusan", (100, 999)),
    ("hundreds", (100, 999)),
    ("puluhan", (10, 99)),
    ("dozens", (10, 99)),
]

SPELLED = {
    "en": {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
           "twelve": 12, "a dozen": 12, "dozen": 12, "one million": 1000000},
    "id": {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
           "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10,
           "sebelas": 11, "dua belas": 12, "seratus": 100, "seribu": 1000,
           "sejuta": 1000000},
}
SCALES = {
    "en": {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
           "trillion": 1e12},
    "id": {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "triliun": 1e12},
}


def numbers_in(quote, lang):
    """Every number the quote can be read as stating, scales applied."""
    found = set()
    low = quote.lower()
    if lang == "en":
        pat = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?"
    else:
        pat = r"(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?"
    scale_words = sorted(SCALES[lang], key=len, reverse=True)
    for m in re.finditer(pat, low):
        whole = re.sub(r"[.,]", "", m.group(1))
        num = float(whole + ("." + m.group(2) if m.group(2) else ""))
        found.add(num)
        rest = low[m.end():]
        for w in scale_words:
            if re.match(r"\s?" + re.escape(w) + r"\b", rest):
                found.add(num * SCALES[lang][w])
                break
    for w, v in SPELLED[lang].items():
        if re.search(r"\b" + re.escape(w) + r"\b", low):
            found.add(float(v))
    return found


def lang_of(corpus_dir):
    name = os.path.basename(os.path.normpath(corpus_dir))
    return "id" if name == "id" else "en"


def iso_date(s):
    try:
        datetime.date.fromisoformat(s)
        return True
    except (TypeError, ValueError):
        return False


def check_corpus(cdir):
    errors = []
    lang = lang_of(cdir)
    gold_path = os.path.join(cdir, "gold.jsonl")
    texts = {}
    for name in sorted(os.listdir(cdir)):
        if name.endswith(".txt"):
            with open(os.path.join(cdir, name), "rb") as f:
                texts[name] = f.read()
    per_doc = {d: [] for d in texts}
    spans = {d: [] for d in texts}
    rows = []
    with open(gold_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = f"{gold_path}:{n}"
            if not line.strip():
                continue
            try:
                g = json.loads(line)
            except json.JSONDecodeError as e:
                errors.append(f"{where}: not JSON: {e}")
                continue
            if not isinstance(g, dict):
                errors.append(f"{where}: not an object")
                continue
            missing = [k for k in FIELDS if k not in g]
            extra = [k for k in g if k not in FIELDS]
            if missing:
                errors.append(f"{where}: missing fields {missing}")
                continue
            if extra:
                errors.append(f"{where}: unknown fields {extra}")
            rows.append(g)
            doc, quote = g["doc"], g["quote"]
            if doc not in texts:
                errors.append(f"{where}: doc {doc!r} not in {cdir}")
                continue
            per_doc[doc].append(g)
            q = quote.encode("utf-8") if isinstance(quote, str) else b""
            cnt = texts[doc].count(q) if q else 0
            if cnt != 1:
                errors.append(f"{where}: quote occurs {cnt} times in {doc}: {quote!r}")
            else:
                pos = texts[doc].find(q)
                spans[doc].append((pos, pos + len(q), quote))
            v, lo, hi, qual, what, stance = (g["value"], g["min"], g["max"],
                                             g["qualifier"], g["what"], g["stance"])
            if what not in WHATS:
                errors.append(f"{where}: bad what {what!r}")
            if stance not in STANCES:
                errors.append(f"{where}: bad stance {stance!r}")
            for k in ("value", "min", "max"):
                if g[k] is not None and not isinstance(g[k], (int, float)):
                    errors.append(f"{where}: {k} is not a number: {g[k]!r}")
            if what == "stance":
                if any(x is not None for x in (v, lo, hi, qual)):
                    errors.append(f"{where}: stance-only claim with value/min/max/qualifier")
            else:
                if qual not in QUALIFIERS:
                    errors.append(f"{where}: bad qualifier {qual!r}")
                if v is not None and ((lo is not None and lo > v) or (hi is not None and v > hi)):
                    errors.append(f"{where}: not min <= value <= max")
                if lo is not None and hi is not None and lo > hi:
                    errors.append(f"{where}: min > max")
                if qual in ("exact", "approx") and not (v is not None and lo == v and hi == v):
                    errors.append(f"{where}: {qual} needs min = max = value")
                if qual == "more_than" and not (v is not None and lo == v and hi is None):
                    errors.append(f"{where}: more_than needs min = value, max null")
                if qual == "less_than" and not (v is not None and hi == v and lo is None):
                    errors.append(f"{where}: less_than needs max = value, min null")
                if qual == "range" and not (v is None and lo is not None and hi is not None and lo < hi):
                    errors.append(f"{where}: range needs value null and min < max")
                if qual == "vague":
                    low = quote.lower()
                    hit = next((iv for w, iv in VAGUE if w in low), None)
                    if v is not None:
                        errors.append(f"{where}: vague needs value null")
                    if hit is None:
                        errors.append(f"{where}: vague claim without a vague word in the quote")
                    elif (lo, hi) != hit:
                        errors.append(f"{where}: vague interval {lo}-{hi}, table says {hit[0]}-{hit[1]}")
                stated = numbers_in(quote, lang)
                want = [x for x in ((v,) if v is not None else (() if qual == "vague" else (lo, hi))) if x is not None]
                for x in want:
                    if not any(abs(x - s) <= 1e-9 * max(1.0, abs(x)) for s in stated):
                        errors.append(f"{where}: quote does not state {x}: {quote!r}")
            src = g["source"]
            if not (isinstance(src, list) and src and all(isinstance(s, str) and s.strip() for s in src)):
                errors.append(f"{where}: source must be a non-empty list of names")
            loc = g["location"]
            if loc is not None and not (isinstance(loc, str) and re.fullmatch(r"[A-Z]{2}", loc)):
                errors.append(f"{where}: location must be ISO 3166 alpha-2 or null: {loc!r}")
            for k in ("said_date", "event_date"):
                if g[k] is not None and not iso_date(g[k]):
                    errors.append(f"{where}: {k} not an ISO date: {g[k]!r}")

    for doc, text in texts.items():
        ss = sorted(spans[doc])
        for a, b in zip(ss, ss[1:]):
            if b[0] < a[1]:
                errors.append(f"{cdir}/{doc}: gold quotes overlap: {a[2]!r} / {b[2]!r}")
        claims = per_doc[doc]
        n_stance = sum(1 for g in claims if g["what"] == "stance")
        if not claims:
            errors.append(f"{cdir}/{doc}: no gold")
        elif not 6 <= len(claims) <= 15:
            errors.append(f"{cdir}/{doc}: {len(claims)} gold claims, want 6-15")
        if claims and not 1 <= n_stance <= 3:
            errors.append(f"{cdir}/{doc}: {n_stance} stance-only claims, want 1-3")
        nwords = len(text.decode("utf-8").split())
        if not 250 <= nwords <= 700:
            errors.append(f"{cdir}/{doc}: {nwords} words, want 250-700")
    n_st = sum(1 for g in rows if g.get("what") == "stance")
    print(f"{cdir}: {len(texts)} articles, {len(rows)} gold claims "
          f"({len(rows) - n_st} quantity, {n_st} stance-only)")
    return errors


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    dirs = sys.argv[1:] or [os.path.join(here, "en"), os.path.join(here, "id")]
    errors = []
    for d in dirs:
        errors += check_corpus(d)
    for e in errors:
        print("  " + e)
    print("OK" if not errors else f"{len(errors)} problem(s)")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
