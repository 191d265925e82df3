#!/bin/bash
# WordNet-derived data (data/gen/gen_wordnet.py): when WordNet 3.0 is installed
# (/usr/share/wordnet, Debian's wordnet-base), the generator is re-run on a copy of
# data/ and its outputs must equal the committed ones (dyad.verbs and
# dyad.nominal.verbs forms, nominalisations.tsv, wordnet_candidates.txt); then
# sentences with irregular and spelling-changed verb forms, and reviewed synonyms,
# must be coded with the expected source, target and CAMEO code (these need only
# the committed dictionaries).
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
WORDNET=${WORDNET:-/usr/share/wordnet}
fail=0
if [ -f "$WORDNET/data.verb" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/data"
    cp -r data/dict data/gen "$tmp/data/"
    if ! python3 "$tmp/data/gen/gen_wordnet.py" --root "$tmp" --wordnet "$WORDNET" >"$tmp/gen.log" 2>&1; then
        cat "$tmp/gen.log"; echo "FAIL: wordnet: gen_wordnet.py failed"; fail=1
    fi
    for f in data/dict/dyad.verbs data/dict/dyad.nominal.verbs data/gen/nominalisations.tsv \
             data/gen/wordnet_candidates.txt; do
        if ! cmp -s "$f" "$tmp/$f"; then
            diff -u "$f" "$tmp/$f" | head -20
            echo "FAIL: wordnet: $f is not what data/gen/gen_wordnet.py makes (re-run it)"
            fail=1
        fi
    done
    [ $fail -eq 0 ] && echo "ok   wordnet outputs up to date"
else
    echo "wordnet: skipped: WordNet not installed"
fi
python3 - "$DYAD" <<'PY' || fail=1
import json, subprocess, sys
dyad = sys.argv[1]
# text, expected "SOURCE TARGET CAMEO" lines (* matches any target)
cases = [
    ("Israel withdrew its troops from Lebanon.", ["ISR * 0874"]),          # verb.exc
    ("Russian forces fought Ukrainian troops near Bakhmut.", ["RUSMIL UKRMIL 190"]),
    ("Iran sought talks with the United States.", ["IRN USA 026"]),
    ("Israeli jets struck Syria.", ["ISR SYR 195"]),
    ("The United Nations is evacuating civilians from Gaza.", ["IGOUNO PSECVL 0863"]),  # -E + ING
    ("Egypt is repatriating Sudanese refugees.", ["EGY SDNREF 0841"]),
    ("Police nabbed the opposition leader in Minsk.", ["BLRCOP BLROPP 173"]),  # doubled, reviewed
    ("China snubbed Japan.", ["CHN JPN 120"]),
    ("Russia reprimanded the Polish ambassador.", ["RUS POLGOV 111"]),
    ("Turkey is impounding Russian ships.", ["TUR RUS 1711"]),
    ("Norway is interceding between Israel and the Palestinians.", ["NOR ISR 045", "NOR PSE 045"]),
    ("Germany is scrambling to secure gas from Qatar.", []),  # SCRAMBLING is excluded
]
docs = "".join(json.dumps({"id": "w%d" % i, "date": "2024-01-01", "text": t}) + "\n"
               for i, (t, _) in enumerate(cases))
out = subprocess.run([dyad, "code", "--input", "jsonl", "-"], input=docs, capture_output=True,
                     text=True)
if out.returncode != 0:
    sys.exit("FAIL: wordnet: dyad code exited %d: %s" % (out.returncode, out.stderr))
got = {}
for l in out.stdout.splitlines():
    e = json.loads(l)
    got.setdefault(e["doc"], []).append((e["source"]["code"], e["target"]["code"], e["cameo"]))
fails = 0
for i, (text, want) in enumerate(cases):
    have = sorted(got.get("w%d" % i, []))
    ok = len(have) == len(want)
    for w, h in zip(sorted(want), have):
        s, t, c = w.split()
        ok = ok and s == h[0] and t in ("*", h[1]) and c == h[2]
    if not ok:
        fails += 1
        print("FAIL: wordnet: %r: want %s, got %s" % (text, want, [" ".join(x) for x in have]))
print("wordnet: %d of %d sentences coded as expected" % (len(cases) - fails, len(cases)))
sys.exit(1 if fails else 0)
PY
exit $fail
