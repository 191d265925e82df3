#!/usr/bin/env python3
"""Score dyad against the hand-written gold standard in sentences.jsonl.

Runs `$DYAD code --input jsonl --modality all -` (DYAD defaults to build/dyad)
on the gold sentences (the "events" field is not passed on), then matches the
coded events to the gold events of the same sentence:

  strict   source, target and CAMEO code equal
  lenient  same CAMEO root, and source/target equal on their first 3 letters

and reports precision, recall and F1 for both, the modality and date accuracy
on the strictly matched events (lenient in brackets), the place accuracy when
dyad writes a location, and the events coded on the negative sentences (those
whose gold "events" list is empty).

A gold date "YYYY-MM-DD" must be equal; "YYYY-MM" (a month-level phrase such as
"in February" or "next month") accepts any day of that month.

Usage: tests/gold/score.py [-v] [--gold FILE]
Exit status is 0 whatever the figures; 1 only when dyad cannot be run.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load_gold(path):
    docs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                d = json.loads(line)
            except ValueError as e:
                sys.exit("%s:%d: %s" % (path, n, e))
            docs.append(d)
    return docs


def run_dyad(dyad, docs):
    inp = "".join(json.dumps({"id": d["id"], "date": d["date"], "text": d["text"]},
                             ensure_ascii=False) + "\n" for d in docs)
    cmd = [dyad, "code", "--input", "jsonl", "--modality", "all", "-"]
    try:
        p = subprocess.run(cmd, input=inp.encode("utf-8"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE)
    except OSError as e:
        print("gold: cannot run %s: %s" % (dyad, e), file=sys.stderr)
        sys.exit(1)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode not in (0, 1):
        print("gold: %s exited with status %d\n%s" % (" ".join(cmd), p.returncode, err),
              file=sys.stderr)
        sys.exit(1)
    if p.returncode == 1:
        print("gold: warning: dyad reported problems (status 1):\n" + err.strip(),
              file=sys.stderr)
    coded = collections.defaultdict(list)
    for line in p.stdout.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            e = json.loads(line)
        except ValueError:
            print("gold: warning: unparsable output line: %s" % line[:200], file=sys.stderr)
            continue
        coded[str(e.get("doc"))].append(e)
    return coded


def code_of(actor):
    if isinstance(actor, dict):
        return actor.get("code") or ""
    return actor or ""


def view(e):
    """(source, target, cameo, modality, date, place) of a coded event."""
    loc = e.get("location")
    place = None
    if isinstance(loc, dict):
        place = loc.get("name")
    elif isinstance(loc, str):
        place = loc
    return dict(source=code_of(e.get("source")), target=code_of(e.get("target")),
                cameo=str(e.get("cameo") or ""), modality=e.get("modality", "asserted"),
                date=e.get("date") or "", place=place, has_loc="location" in e)


def strict_eq(g, c):
    return g["source"] == c["source"] and g["target"] == c["target"] and g["cameo"] == c["cameo"]


def lenient_eq(g, c):
    return (g["cameo"][:2] == c["cameo"][:2] and g["source"][:3] == c["source"][:3]
            and g["target"][:3] == c["target"][:3])


def match(gold, coded, eq):
    """Pairs (gi, ci), each event used once. Strict pairs are taken first so that
    the lenient matching keeps the exact ones."""
    used_c = set()
    pairs = []
    for crit in ((strict_eq, eq) if eq is not strict_eq else (strict_eq,)):
        for gi, g in enumerate(gold):
            if any(p[0] == gi for p in pairs):
                continue
            for ci, c in enumerate(coded):
                if ci not in used_c and crit(g, c):
                    pairs.append((gi, ci))
                    used_c.add(ci)
                    break
    return pairs


def date_ok(gold_date, coded_date):
    if len(gold_date) == 7:
        return coded_date[:7] == gold_date
    return coded_date == gold_date


def place_ok(gold_place, coded_place):
    if not coded_place:
        return False
    a, b = gold_place.strip().lower(), coded_place.strip().lower()
    return a == b or a in b or b in a


def prf(tp, n_coded, n_gold):
    p = tp / n_coded if n_coded else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def fmt_ev(e):
    s = "%s -> %s %s %s %s" % (e["source"] or "-", e["target"] or "-", e["cameo"],
                               e["modality"], e["date"])
    if e.get("place"):
        s += " @" + e["place"]
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="print each sentence's expected and coded events")
    ap.add_argument("--gold", default=os.path.join(HERE, "sentences.jsonl"))
    args = ap.parse_args()
    dyad = os.environ.get("DYAD") or "build/dyad"

    docs = load_gold(args.gold)
    coded_by_doc = run_dyad(dyad, docs)

    n_gold = n_coded = 0
    tp = {"strict": 0, "lenient": 0}
    mod = {"strict": [0, 0], "lenient": [0, 0]}
    dat = {"strict": [0, 0], "lenient": [0, 0]}
    plc = [0, 0]
    any_loc = False
    neg_sent = neg_hit = neg_events = 0
    by_root = collections.defaultdict(lambda: [0, 0])       # root -> [matched, gold]
    by_mod = collections.defaultdict(lambda: [0, 0, 0])     # gold modality -> [matched, right, gold]

    for d in docs:
        gold = [dict(e, place=e.get("place")) for e in d["events"]]
        coded = [view(e) for e in coded_by_doc.get(d["id"], [])]
        any_loc = any_loc or any(c["has_loc"] for c in coded)
        n_gold += len(gold)
        n_coded += len(coded)
        if not gold:
            neg_sent += 1
            neg_events += len(coded)
            neg_hit += bool(coded)
        res = {}
        for kind, eq in (("strict", strict_eq), ("lenient", lenient_eq)):
            pairs = match(gold, coded, eq)
            res[kind] = pairs
            tp[kind] += len(pairs)
            for gi, ci in pairs:
                g, c = gold[gi], coded[ci]
                mod[kind][1] += 1
                mod[kind][0] += g["modality"] == c["modality"]
                dat[kind][1] += 1
                dat[kind][0] += date_ok(g["date"], c["date"])
                if kind == "strict" and g.get("place") and c["has_loc"]:
                    plc[1] += 1
                    plc[0] += place_ok(g["place"], c["place"])
        sm = {gi for gi, _ in res["strict"]}
        for gi, g in enumerate(gold):
            by_root[g["cameo"][:2]][1] += 1
            by_root[g["cameo"][:2]][0] += gi in sm
            by_mod[g["modality"]][2] += 1
            for a, b in res["strict"]:
                if a == gi:
                    by_mod[g["modality"]][0] += 1
                    by_mod[g["modality"]][1] += g["modality"] == coded[b]["modality"]
        if args.verbose:
            smc = {ci for _, ci in res["strict"]}
            lm = {gi for gi, _ in res["lenient"]}
            lmc = {ci for _, ci in res["lenient"]}
            print("%s %s  %s" % (d["id"], d["date"], d["text"]))
            if not gold and not coded:
                print("   (negative; nothing coded)")
            for gi, g in enumerate(gold):
                tag = "ok " if gi in sm else ("~  " if gi in lm else "MISS")
                print("   expect %-4s %s" % (tag, fmt_ev(g)))
            for ci, c in enumerate(coded):
                tag = "ok " if ci in smc else ("~  " if ci in lmc else "FP ")
                print("   coded  %-4s %s" % (tag, fmt_ev(c)))

    sp, sr, sf = prf(tp["strict"], n_coded, n_gold)
    lp, lr, lf = prf(tp["lenient"], n_coded, n_gold)

    def frac(x):
        return "%d/%d" % (x[0], x[1]) if x[1] else "n/a"

    if args.verbose:
        print()
        print("recall by root (strict): " + " ".join(
            "%s:%d/%d" % (r, v[0], v[1]) for r, v in sorted(by_root.items())))
        print("by gold modality (strict matched / modality right / gold): " + " ".join(
            "%s:%d/%d/%d" % (m, v[0], v[1], v[2]) for m, v in sorted(by_mod.items())))
    print("gold: %d sentences, %d gold events, %d coded events" % (len(docs), n_gold, n_coded))
    print("gold: P=%.2f R=%.2f F1=%.2f (strict)  P=%.2f R=%.2f F1=%.2f (lenient)  "
          "modality=%s [%s]  date=%s [%s]  place=%s  negatives: %d false events in %d/%d sentences"
          % (sp, sr, sf, lp, lr, lf, frac(mod["strict"]), frac(mod["lenient"]),
             frac(dat["strict"]), frac(dat["lenient"]),
             frac(plc) if any_loc else "n/a (no location field)",
             neg_events, neg_hit, neg_sent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
