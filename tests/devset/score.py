#!/usr/bin/env python3
"""Score dyad on the blind development set (tests/devset/, see README.md).

Runs `$DYAD code --input jsonl --modality all -` on the records of each file
given (their "events", "optional" and "classes" fields are not passed on) and
matches coded events to the required gold events of the same record, as
tests/gold/score.py does:

  strict   source, target and CAMEO code equal
  lenient  same CAMEO root, source/target equal on their first 3 letters

A coded event that matches no required event but matches (leniently) one of
the record's "optional" events is neither right nor wrong: it is left out of
precision. Reported per file: precision, recall and F1 (strict and lenient),
modality and date accuracy on the strict matches, asserted precision (coded
asserted events that match a gold asserted event, strictly), false events on
the negative records; with --classes, one line per class tag: records, gold
events, events found (strict / lenient), false events.

-v lists every record's expected and coded events: allowed on the development
half only (dev.jsonl). The held-out half is scored, never read record by
record: rules written from its misses would make it useless as a measure.

Usage: tests/devset/score.py [--classes] [--json] [-v] FILE...
Exit status 0 whatever the figures; 1 when dyad cannot be run; 2 on misuse.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "gold"))
import score as gold  # noqa: E402  (tests/gold/score.py: matching and formatting)


def load(path):
    docs = gold.load_gold(path)
    for d in docs:
        d.setdefault("optional", [])
        d.setdefault("classes", [])
    return docs


def run_dyad(dyad, docs):
    inp = "".join(json.dumps({"id": d["id"], "date": d.get("date"), "text": d["text"]},
                             ensure_ascii=False) + "\n" for d in docs)
    cmd = [dyad, "code", "--input", "jsonl", "--modality", "all", "-"]
    try:
        p = subprocess.run(cmd, input=inp.encode("utf-8"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except OSError as e:
        print("devset: cannot run %s: %s" % (dyad, e), file=sys.stderr)
        sys.exit(1)
    if p.returncode not in (0, 1):
        print("devset: %s exited with status %d\n%s" % (" ".join(cmd), p.returncode,
                                                        p.stderr.decode("utf-8", "replace")),
              file=sys.stderr)
        sys.exit(1)
    coded = collections.defaultdict(list)
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        if line.strip():
            e = json.loads(line)
            coded[str(e.get("doc"))].append(e)
    return coded


def norm(e):
    return dict(source=e.get("source", ""), target=e.get("target", ""),
                cameo=str(e.get("cameo", "")), modality=e.get("modality", "asserted"),
                date=e.get("date") or "", place=e.get("place"))


class Tally:
    def __init__(self):
        self.docs = self.gold = self.coded = 0
        self.tp = {"strict": 0, "lenient": 0}
        self.mod = [0, 0]
        self.dat = [0, 0]
        self.asserted = [0, 0]   # coded asserted that match a gold asserted (strict), coded asserted
        self.neg = [0, 0, 0]     # negative records, with a false event, false events
        self.fp = 0              # coded events matching nothing (lenient), optional excluded

    def row(self):
        sp, sr, sf = gold.prf(self.tp["strict"], self.coded, self.gold)
        lp, lr, lf = gold.prf(self.tp["lenient"], self.coded, self.gold)
        return dict(records=self.docs, gold=self.gold, coded=self.coded,
                    strict=dict(p=sp, r=sr, f1=sf, tp=self.tp["strict"]),
                    lenient=dict(p=lp, r=lr, f1=lf, tp=self.tp["lenient"]),
                    modality=self.mod, date=self.dat, asserted_precision=self.asserted,
                    negatives=self.neg)


def score_doc(d, coded_events, tallies, verbose):
    req = [norm(e) for e in d.get("events", [])]
    opt = [norm(e) for e in d.get("optional", [])]
    coded = [gold.view(e) for e in coded_events]
    strict = gold.match(req, coded, gold.strict_eq)
    lenient = gold.match(req, coded, gold.lenient_eq)
    used = {ci for _, ci in lenient} | {ci for _, ci in strict}
    # coded events an optional event allows are left out of precision
    optional_ok = {ci for ci, c in enumerate(coded)
                   if ci not in used and any(gold.lenient_eq(o, c) for o in opt)}
    counted = len(coded) - len(optional_ok)
    false = counted - len({ci for _, ci in lenient})
    gold_asserted = [g for g in req if g["modality"] == "asserted"]
    coded_asserted = [c for ci, c in enumerate(coded)
                      if c["modality"] == "asserted" and ci not in optional_ok]
    a_ok = len(gold.match(gold_asserted, coded_asserted, gold.strict_eq))
    for t in tallies:
        t.docs += 1
        t.gold += len(req)
        t.coded += counted
        t.tp["strict"] += len(strict)
        t.tp["lenient"] += len(lenient)
        t.fp += false
        t.asserted[0] += a_ok
        t.asserted[1] += len(coded_asserted)
        for gi, ci in strict:
            t.mod[1] += 1
            t.mod[0] += req[gi]["modality"] == coded[ci]["modality"]
            t.dat[1] += 1
            t.dat[0] += bool(req[gi]["date"]) and gold.date_ok(req[gi]["date"], coded[ci]["date"])
        if not req:
            t.neg[0] += 1
            t.neg[1] += counted > 0
            t.neg[2] += counted
    if verbose:
        sm = {gi for gi, _ in strict}
        lm = {gi for gi, _ in lenient}
        smc = {ci for _, ci in strict}
        lmc = {ci for _, ci in lenient}
        print("%s %s [%s]  %s" % (d["id"], d.get("date"), " ".join(d["classes"]), d["text"]))
        for gi, g in enumerate(req):
            tag = "ok " if gi in sm else ("~  " if gi in lm else "MISS")
            print("   expect %-4s %s" % (tag, gold.fmt_ev(g)))
        for o in opt:
            print("   option      %s" % gold.fmt_ev(o))
        for ci, c in enumerate(coded):
            tag = ("ok " if ci in smc else "~  " if ci in lmc else
                   "opt " if ci in optional_ok else "FP ")
            print("   coded  %-4s %s" % (tag, gold.fmt_ev(c)))


def frac(x):
    return "%d/%d" % (x[0], x[1]) if x[1] else "n/a"


def summary(label, t):
    r = t.row()
    s, l_ = r["strict"], r["lenient"]
    return ("%s: %d records, %d gold events, %d coded: strict P=%.2f R=%.2f F1=%.2f  "
            "lenient P=%.2f R=%.2f F1=%.2f  modality=%s date=%s asserted-precision=%s  "
            "negatives: %d false events in %d/%d records"
            % (label, t.docs, t.gold, t.coded, s["p"], s["r"], s["f1"], l_["p"], l_["r"],
               l_["f1"], frac(t.mod), frac(t.dat), frac(t.asserted), t.neg[2], t.neg[1],
               t.neg[0]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--classes", action="store_true", help="one line per class tag")
    ap.add_argument("--json", action="store_true", help="figures as one JSON object")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="every record's events (development half only)")
    args = ap.parse_args()
    if args.verbose and any("heldout" in os.path.basename(f) for f in args.files):
        print("devset: -v is refused on the held-out half: score it, do not read it",
              file=sys.stderr)
        return 2
    dyad = os.environ.get("DYAD") or "build/dyad"
    out = {}
    for path in args.files:
        docs = load(path)
        coded = run_dyad(dyad, docs)
        total = Tally()
        by_class = collections.defaultdict(Tally)
        for d in docs:
            tallies = [total] + [by_class[c] for c in d["classes"]]
            score_doc(d, coded.get(d["id"], []), tallies, args.verbose)
        label = os.path.splitext(os.path.basename(path))[0]
        out[label] = dict(total.row(), classes={c: t.row() for c, t in by_class.items()})
        if args.json:
            continue
        print(summary("devset " + label, total))
        if args.classes:
            print("  %-11s %7s %6s %7s %8s %6s" % ("class", "records", "gold", "strict",
                                                   "lenient", "false"))
            for c in sorted(by_class):
                t = by_class[c]
                print("  %-11s %7d %6d %7d %8d %6d" % (c, t.docs, t.gold, t.tp["strict"],
                                                       t.tp["lenient"], t.fp))
    if args.json:
        print(json.dumps(out, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
