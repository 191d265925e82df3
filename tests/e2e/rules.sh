#!/bin/bash
# dyad's rules beyond TABARI (data/dict/dyad.options), one sentence each, with the
# bundled dictionaries: places, visits, reported speech, compounds, questions,
# third-location meetings, located agents, modality, planned dates.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
python3 - "$DYAD" tests/rules/cases.jsonl <<'PY'
import json, subprocess, sys
dyad, path = sys.argv[1], sys.argv[2]
cases = [json.loads(l) for l in open(path)]
def run(extra):
    docs = "".join(json.dumps({"id": c["id"], "date": c["date"], "text": c["text"]}) + "\n" for c in cases)
    out = subprocess.run([dyad, "code", "--input", "jsonl"] + extra + ["-"], input=docs,
                         capture_output=True, text=True)
    if out.returncode > 1:
        sys.exit("dyad failed: %s" % out.stderr)
    evs = {}
    for l in out.stdout.splitlines():
        e = json.loads(l)
        evs.setdefault(e["doc"], []).append(e)
    return evs
asserted, everything = run([]), run(["--modality", "all"])
fails = 0
for c in cases:
    got = asserted.get(c["id"], [])
    keys = sorted("%s %s %s" % (e["source"]["code"], e["target"]["code"], e["cameo"]) for e in got)
    ok = True
    if "expect" in c and keys != sorted(c["expect"]):
        ok = False
    if "expect_some" in c:
        pairs = ["%s %s" % (e["source"]["code"], e["target"]["code"]) for e in got]
        ok &= all(p in pairs for p in c["expect_some"])
    if "expect_all" in c:
        allk = ["%s %s %s %s" % (e["source"]["code"], e["target"]["code"], e["cameo"], e["modality"])
                for e in everything.get(c["id"], [])]
        ok &= all(k in allk for k in c["expect_all"])
    if "date_of" in c:
        ok &= all(e["date"] == c["date_of"] for e in got) and bool(got)
    if "place" in c:
        ok &= all(((e["location"] or {}).get("name") or "") == c["place"] for e in got) and bool(got)
    print(("ok   " if ok else "FAIL ") + c["id"] + ("" if ok else ": coded %s" % keys))
    fails += not ok
print("dyad rules: %d of %d cases pass" % (len(cases) - fails, len(cases)))
sys.exit(1 if fails else 0)
PY
