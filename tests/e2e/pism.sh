#!/bin/bash
# End to end on a real foreign-policy brief (PISM Spotlight 36/2021, read from
# ../shared; copyrighted, never copied here): the events an analyst expects.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
BRIEF=${DYAD_SHARED:-../shared}/corpus/pism-spotlight-36-2021.txt
if [ ! -f "$BRIEF" ]; then
    echo "note: $BRIEF not found; PISM brief test skipped"
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$DYAD" code --modality all "$BRIEF" > "$tmp/all.jsonl" || { echo "FAIL: dyad code"; exit 1; }
"$DYAD" code "$BRIEF" > "$tmp/asserted.jsonl" || { echo "FAIL: dyad code"; exit 1; }
python3 - "$tmp/all.jsonl" "$tmp/asserted.jsonl" <<'PY'
import json, sys
all_ev = [json.loads(l) for l in open(sys.argv[1])]
asserted = [json.loads(l) for l in open(sys.argv[2])]
failures = []

def find(desc, pred, events=all_ev):
    hits = [e for e in events if pred(e)]
    print(("ok   " if hits else "MISS ") + desc)
    if not hits:
        failures.append(desc)
    return hits

def cc(e, side):
    return e[side]["code"][:3]

def pair(e, a, b):
    return cc(e, "source") == a and cc(e, "target") == b

find("Putin and Lukashenka consult in Moscow on 22 April (RUS->BLR and BLR->RUS, 04x)",
     lambda e: pair(e, "RUS", "BLR") and e["root"] == "04" and e["date"] == "2021-04-22"
     and e["modality"] == "asserted" and e["source"]["code"] == "RUSGOV"
     and (e["location"] or {}).get("name") == "Moscow" and e["location"]["country"] == "RUS")
find("... and the other direction",
     lambda e: pair(e, "BLR", "RUS") and e["root"] == "04" and e["date"] == "2021-04-22")
find("Mishustin (RUSGOV) visits Minsk on 16 April (042)",
     lambda e: e["source"]["code"] == "RUSGOV" and cc(e, "target") == "BLR"
     and e["cameo"] == "042" and e["date"] == "2021-04-16" and e["modality"] == "asserted"
     and (e["location"] or {}).get("name") == "Minsk" and "lat" in e["location"])
find("military cooperation plan adopted in February (RUS/BLR, dated 2021-02)",
     lambda e: {cc(e, "source"), cc(e, "target")} == {"RUS", "BLR"}
     and e["date"].startswith("2021-02") and e["modality"] == "asserted")
for tgt in ("USA", "POL"):
    find("Lukashenka accuses %s (BLRGOV -> %s, 112)" % (tgt, tgt),
         lambda e, t=tgt: e["source"]["code"] == "BLRGOV" and cc(e, "target") == t
         and e["cameo"].startswith("112"), asserted)
find("signing of the integration documents this autumn is planned (057, 2021 autumn)",
     lambda e: e["cameo"] == "057" and e["modality"] == "planned"
     and e["date"] in ("2021-09-01",) and {cc(e, "source"), cc(e, "target")} == {"RUS", "BLR"})
find("Zapad manoeuvres in September are planned (15x, 2021-09)",
     lambda e: e["root"] == "15" and e["modality"] == "planned" and e["date"] == "2021-09-01"
     and {cc(e, "source"), cc(e, "target")} == {"RUS", "BLR"})
find("no agreement reached by Mishustin: coded as negated",
     lambda e: e["modality"] == "negated" and e["source"]["code"] == "RUSGOV"
     and cc(e, "target") == "BLR")
bad = [e for e in asserted if "did not manage" in e["text"]]
print(("ok   " if not bad else "FAIL ") + "no asserted event where the text says none was reached")
if bad:
    failures.append("asserted event from a negated sentence")
bad = [e for e in asserted if e["text"].rstrip().endswith("?")]
print(("ok   " if not bad else "FAIL ") + "headings that are questions assert nothing")
if bad:
    failures.append("asserted event from a question")
print("PISM brief: %d events with --modality all, %d asserted; %d checks failed"
      % (len(all_ev), len(asserted), len(failures)))
sys.exit(1 if failures else 0)
PY
