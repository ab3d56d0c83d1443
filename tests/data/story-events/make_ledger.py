#!/usr/bin/env python3
"""Writes ledger.jsonl and stories.tsv: the ledger verdicts a careful reader
expects for the two developing events of this folder, in the format of
../../../../shared/gold/en-dev/README.md ("Ledger expectations"), and checks
that every document named is an article of the event.

usage: python3 make_ledger.py   (from this folder; rewrites both files)
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = {"cianjur": ("quakes-west-java-2022.jsonl", "cianjur-earthquake-2022"),
         "pilpres": ("elections-2024.jsonl", "indonesia-presidential-count-2024")}

BNPB = ["Badan Nasional Penanggulangan Bencana", "National Disaster Management Agency",
        "Suharyanto", "Abdul Muhari"]
KPU = ["General Elections Commission", "Komisi Pemilihan Umum", "Sirekap", "Hasyim Asy'ari",
       "Idham Kholik", "election commission"]
POLLSTERS = ["private pollsters", "lembaga survei", "quick counts", "hitung cepat"]


def origin(name, aliases, figures, docs):
    return {"origin": name, "aliases": aliases, "figures": figures,
            "docs": docs}


def outlet(doc, figures):
    return origin("OUTLET:" + doc, [], figures, [doc])


def bnpb_against_governor(group, bnpb, docs, governor, reason):
    """A Cianjur measure the BNPB revised and the governor gave once, on
    the first night, within the BNPB's range: one revision, no conflict."""
    return {"story": "cianjur", "group": group,
            "origins": [origin("BNPB", BNPB, bnpb, docs),
                        origin("Ridwan Kamil", ["West Java Governor", "Gubernur Jawa Barat"],
                               [governor], ["cianjur-en-03"])],
            "expected": ["revised BNPB"],
            "reason": reason}


def rival_share(pair, kpu, charta, reason):
    """A losing pair's share of the vote: the KPU's tallies in time order
    (the first Sirekap figures, the 16, 18 and 20 February tallies, the
    result) and Charta Politika's quick count."""
    return {"story": "pilpres", "group": "%s's share of the presidential vote (%%)" % pair,
            "origins": [
                origin("KPU", KPU, kpu,
                       ["pilpres-en-02", "pilpres-id-02", "pilpres-en-05", "pilpres-id-04",
                        "pilpres-en-06", "pilpres-en-07", "pilpres-en-08"]),
                origin("Charta Politika", [], [charta], ["pilpres-en-04"]),
            ],
            "expected": ["revised KPU"],
            "reason": reason}


GROUPS = [
    # ---------------------------------------------------------------- Cianjur
    {"story": "cianjur", "group": "people killed by the Cianjur earthquake",
     "origins": [
         origin("BNPB", BNPB, [">14", 46, 62, 268, 271, 272, 310],
                ["cianjur-en-01", "cianjur-id-01", "cianjur-id-02", "cianjur-id-03", "cianjur-en-04",
                 "cianjur-en-05", "cianjur-id-05", "cianjur-en-07", "cianjur-id-07", "cianjur-en-08",
                 "cianjur-en-09", "cianjur-id-08", "cianjur-en-10"]),
         origin("PMI", ["Indonesian Red Cross", "Red Cross", "Palang Merah Indonesia", "Ujang Muhammad"],
                [56], ["cianjur-en-02"]),
         origin("Ridwan Kamil", ["West Java Governor", "Gubernur Jawa Barat"], [162],
                ["cianjur-en-03", "cianjur-en-04", "cianjur-id-03"]),
         origin("Herman Suherman", ["Cianjur Regent", "Bupati Cianjur"], [329],
                ["cianjur-en-11", "cianjur-id-10"]),
         origin("Cecep Alamsyah", ["regency secretary", "Sekda Cianjur"], [334],
                ["cianjur-en-12", "cianjur-id-11"]),
         outlet("cianjur-en-01", [">14"]),
         outlet("cianjur-id-02", [46]),
         outlet("cianjur-en-05", [268]),
         outlet("cianjur-id-05", [268]),
         outlet("cianjur-en-07", [271]),
         outlet("cianjur-id-07", [271]),
         outlet("cianjur-en-08", [272]),
         outlet("cianjur-en-09", [">300"]),
         outlet("cianjur-id-08", [310]),
         outlet("cianjur-en-11", [329]),
         outlet("cianjur-id-10", [329]),
         outlet("cianjur-en-12", [334]),
         outlet("cianjur-id-11", [334]),
     ],
     "expected": [
         "revised BNPB",
         "conflicting BNPB | Ridwan Kamil",
         "agreeing BNPB | OUTLET:cianjur-en-01",
         "agreeing BNPB | OUTLET:cianjur-id-02",
         "agreeing BNPB | OUTLET:cianjur-en-05 | OUTLET:cianjur-id-05",
         "agreeing BNPB | OUTLET:cianjur-en-07 | OUTLET:cianjur-id-07",
         "agreeing BNPB | OUTLET:cianjur-en-08",
         "agreeing BNPB | OUTLET:cianjur-en-09 | OUTLET:cianjur-id-08",
         "agreeing Herman Suherman | OUTLET:cianjur-en-11 | OUTLET:cianjur-id-10",
         "agreeing Cecep Alamsyah | OUTLET:cianjur-en-12 | OUTLET:cianjur-id-11",
     ],
     "reason": "The BNPB's toll rose day by day from at least 14 to 310, and each headline repeats "
               "the figure of the source it reports; the governor's 162 of Monday night is the one "
               "disagreement (the BNPB had verified 62 and said the rest rested on an oral report); "
               "the Red Cross's 56 of Monday evening lies between the BNPB's 46 and 62 of the same "
               "evening, and the regency's 329 and 334 of 1 and 3 December follow the BNPB's 310 of "
               "25 November, so none of these is a conflict."},
    {"story": "cianjur", "group": "people missing after the Cianjur earthquake",
     "origins": [
         origin("BNPB", BNPB, [151, 40, 24],
                ["cianjur-en-05", "cianjur-id-05", "cianjur-en-07", "cianjur-id-07", "cianjur-en-09",
                 "cianjur-id-08", "cianjur-en-10"]),
         origin("Herman Suherman", ["Cianjur Regent", "Bupati Cianjur"], [11],
                ["cianjur-en-11", "cianjur-id-10"]),
         origin("Cecep Alamsyah", ["regency secretary", "Sekda Cianjur"], [8],
                ["cianjur-en-12", "cianjur-id-11"]),
     ],
     "expected": ["revised BNPB"],
     "reason": "The BNPB's missing fell from 151 to 40 to 24 as bodies were found; the regency's 11 "
               "and 8 come a week later, a falling count, not a conflict."},
    bnpb_against_governor(
        "people injured by the Cianjur earthquake", [17, "~700", 79, 1083],
        ["cianjur-en-01", "cianjur-id-01", "cianjur-id-02", "cianjur-en-04", "cianjur-en-05",
         "cianjur-id-05"], 326,
        "The BNPB moved its injured from 17 to about 700, then 79 verified, then 1,083; the "
        "governor's 326 of Monday night lies within the BNPB's own range that day."),
    bnpb_against_governor(
        "people displaced by the Cianjur earthquake", [5389, 58362],
        ["cianjur-en-04", "cianjur-en-05", "cianjur-id-05"], 13784,
        "The BNPB's displaced rose from 5,389 to 58,362 in a day; the governor's 13,784 of "
        "the night before lies between them."),
    # ---------------------------------------------------------------- the count
    {"story": "pilpres", "group": "Prabowo-Gibran's share of the presidential vote (%)",
     "origins": [
         origin("KPU", KPU, [57.74, 56.71, 57, 57.95, 58.62, 58.59],
                ["pilpres-en-02", "pilpres-id-02", "pilpres-en-05", "pilpres-id-04", "pilpres-en-06",
                 "pilpres-id-05", "pilpres-en-07", "pilpres-id-06", "pilpres-en-08"]),
         origin("pollsters", POLLSTERS, ["~58"], ["pilpres-en-01", "pilpres-id-01"]),
         origin("Charta Politika", [], [57.81], ["pilpres-en-04"]),
         origin("KawalPemilu", [], [54.22], ["pilpres-en-05"]),
     ],
     "expected": ["revised KPU", "agreeing pollsters | Charta Politika", "agreeing pollsters | KPU"],
     "reason": "The KPU's tally moved with each batch of polling stations, 57.74% of the first 5.6% "
               "to 58.59% in the official result, which the quick counts' about 58% foresaw; "
               "KawalPemilu's 54.22% of a tenth of the stations is another partial count, not a "
               "conflict with the KPU's 57% of half of them."},
    # The other two pairs' shares: the KPU's tallies and the quick count.
    rival_share("Anies-Muhaimin", [21.85, 23.88, 24.98, 24.48, 24.27, 24.95], 25.66,
                "The KPU's partial tallies moved day by day to the official 24.95%; a quick "
                "count's 25.66% is an estimate within its own margin, not a conflict."),
    rival_share("Ganjar-Mahfud", [20.41, 19.63, 18.02, 17.57, 17.11, 16.47], 16.51,
                "The KPU's share for Ganjar fell from 20.41% of the first stations to the "
                "official 16.47%; the quick count's 16.51% is an estimate, not a conflict."),
    {"story": "pilpres", "group": "votes for Prabowo-Gibran",
     "origins": [
         origin("KPU", KPU, [1776633, 4991078, 33526056, 49747461, 56929049, 96214691],
                ["pilpres-en-02", "pilpres-id-02", "pilpres-en-05", "pilpres-id-04", "pilpres-en-06",
                 "pilpres-id-05", "pilpres-en-07", "pilpres-id-06", "pilpres-en-08", "pilpres-id-07"]),
         outlet("pilpres-id-07", [96214691]),
     ],
     "expected": ["revised KPU", "agreeing KPU | OUTLET:pilpres-id-07"],
     "reason": "The KPU's count of Prabowo-Gibran's votes grew with every tally to 96,214,691 in the "
               "result, which the result's headline repeats."},
]


def main():
    docs = {}
    for story, (name, event) in FILES.items():
        with open(os.path.join(HERE, name), encoding="utf-8") as f:
            docs[story] = [json.loads(l)["doc"] for l in f if json.loads(l)["event"] == event]
    for g in GROUPS:
        for o in g["origins"]:
            for d in o["docs"]:
                assert d in docs[g["story"]], (g["group"], o["origin"], d)
        names = {o["origin"] for o in g["origins"]}
        for e in g["expected"]:
            kind, _, rest = e.partition(" ")
            for n in rest.split(" | "):
                assert n in names, (g["group"], e, n)
    with open(os.path.join(HERE, "ledger.jsonl"), "w", encoding="utf-8") as f:
        for g in GROUPS:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "stories.tsv"), "w", encoding="utf-8") as f:
        f.write("id\tstory\n")
        for story, ids in docs.items():
            for d in ids:
                f.write("%s\t%s\n" % (d, story))


if __name__ == "__main__":
    main()
