#!/usr/bin/env python3
"""Build tests/devset/dev.jsonl and heldout.jsonl from tests/devset/raw/part*.jsonl.

The raw parts were written by helpers who did not see dyad's dictionaries or
code (README.md). Each part is split once, at random with a fixed seed, into
a development half and a held-out half, so that every style (wire copy,
today's news, 1946-1990 news, briefs, event-language sentences) is in both.
The split is deterministic: re-running this script gives the same files.

Two conventions of the raw parts are normalised, mechanically and in both
halves alike (no record is read to do it):
  * the Soviet Union: the writers used USR or RUS before 26 December 1991;
    dyad's actor dictionaries (like several CAMEO editions) write SUN.
  * appeals: the writers' instructions wrongly told them to code "urged Y to"
    and "called on Y to" as demands (10x); CAMEO codes them as appeals (02x),
    whose subcodes run parallel (1053 -> 0253). A 10x event of a record whose
    text has urge / call on / call upon / appeal and none of demand / insist /
    must / order becomes 02x.

Usage: python3 tests/devset/build.py
"""
import glob
import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261207

APPEAL = re.compile(r"\b(urg(e|es|ed|ing)|call(s|ed|ing)? (on|upon)|appeal(s|ed|ing)?)\b", re.I)
DEMAND = re.compile(r"\b(demand\w*|insist\w*|must|order(s|ed|ing)?)\b", re.I)


def soviet(code, date):
    if not code or not date or date[:10] >= "1991-12-26":
        return code
    if code.startswith("USR") or code.startswith("RUS"):
        return "SUN" + code[3:]
    return code


def normalise(rec):
    appeal = bool(APPEAL.search(rec["text"])) and not DEMAND.search(rec["text"])
    for key in ("events", "optional"):
        for e in rec.get(key, []):
            when = e.get("date") or rec.get("date") or ""
            e["source"] = soviet(e.get("source", ""), when)
            e["target"] = soviet(e.get("target", ""), when)
            c = str(e.get("cameo", ""))
            if appeal and c.startswith("10"):
                e["cameo"] = "02" + c[2:]
    return rec


def main():
    dev, held = [], []
    for path in sorted(glob.glob(os.path.join(HERE, "raw", "part*.jsonl"))):
        recs = [normalise(json.loads(l)) for l in open(path, encoding="utf-8") if l.strip()]
        order = list(range(len(recs)))
        random.Random("%d %s" % (SEED, os.path.basename(path))).shuffle(order)
        half = len(order) // 2
        dev += [recs[i] for i in sorted(order[:half])]
        held += [recs[i] for i in sorted(order[half:])]
    for name, recs in (("dev.jsonl", dev), ("heldout.jsonl", held)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("devset: %d development records, %d held-out records" % (len(dev), len(held)))


if __name__ == "__main__":
    main()
