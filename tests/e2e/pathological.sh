#!/bin/bash
# Worst-case inputs for the coder: 10,000 actor names joined by "and",
# 10,000 verbs, a 1 MB sentence without punctuation, thousands of clauses,
# commas, quotes, dates and places, and many sentences each at the token limit
# (DYAD_MAX_SENTENCE_TOKENS). Each must finish inside a time and memory bound
# (a hang or a quadratic blow-up fails), never crash, and report a cut
# sentence. The bounds are generous enough for the ASan build on a loaded CI
# machine; the plain build needs well under a second for most.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
if [ -n "${DYAD_UNDER_VALGRIND:-}" ]; then
    echo "note: pathological inputs skipped under valgrind (too slow there; ASan runs them)"
    exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
names = ["Putin", "Lukashenka", "Russia", "Ukraine", "Poland", "Belarus", "NATO", "Germany"]
verbs = ["attacked", "accused", "met", "warned", "criticized", "praised", "visited"]
def w(name, text):
    open(d + "/" + name + ".txt", "w").write(text)
w("and10k", " and ".join(names[i % 8] for i in range(10000)) + " met in Moscow.")
w("verbs10k", "Russia " + " ".join(verbs[i % 7] for i in range(10000)) + " Ukraine.")
w("nopunct1mb", " ".join(["Russia", "attacked", "Ukraine", "and", "Poland", "said", "officials",
                          "in", "Minsk"][i % 9] for i in range(150000))[:1000000])
w("commas10k", ", ".join(names[i % 8] for i in range(10000)) + " met in Moscow.")
w("quotes", '"Russia "attacked" Ukraine", ' * 5000 + ".")
w("dates10k", "Russia attacked Ukraine on " + " and on ".join("%d April 2021" % (1 + i % 28) for i in range(10000)) + ".")
w("places10k", "Russia attacked Ukraine in " + " and in ".join(["Minsk", "Kyiv", "Moscow", "Warsaw"][i % 4] for i in range(10000)) + ".")
# many sentences, each just under the token limit: the per-sentence worst case, times 200
w("limit200", ("Russia accused " + " and ".join(names[i % 8] for i in range(495)) + ". ") * 200)
w("clauses", "Russia attacked Ukraine, accused Poland and met Belarus in Minsk " * 3000)
w("said", "officials said that the talks would continue and " * 4000)
w("the", "Russia " + "warned of the the the the " * 20000 + " Ukraine")
w("names", "Putin and " * 20000 + "Lukashenka met.")
w("line", "x" * 2000000)
PY
fail() { echo "FAIL: $*"; exit 1; }
for f in and10k verbs10k nopunct1mb commas10k quotes dates10k places10k limit200 clauses said the names line; do
    for dict in default bare; do
        if [ $dict = bare ]; then
            args=(--dict data/dict/dyad.countries.actors --dict data/dict/dyad.people.actors --dict data/dict/dyad.verbs)
        else
            args=()
        fi
        t0=$SECONDS
        /usr/bin/time -o "$tmp/rss" -f %M timeout 60 "$DYAD" code "${args[@]}" --modality all \
            --date 2021-04-26 "$tmp/$f.txt" > /dev/null 2> "$tmp/err"
        rc=$?
        kb=$(tail -n 1 "$tmp/rss")
        [ $rc -ne 124 ] || fail "$f ($dict dictionaries): longer than 60 s"
        [ $rc -le 1 ] || { cat "$tmp/err"; fail "$f ($dict dictionaries): exit status $rc"; }
        [ "$kb" -le $((400 * 1024)) ] || fail "$f ($dict dictionaries): peak memory $((kb / 1024)) MB > 400 MB"
        [ $((SECONDS - t0)) -le 2 ] || echo "  note: $f ($dict): $((SECONDS - t0)) s, peak $((kb / 1024)) MB"
        case $f in
        and10k | verbs10k | nopunct1mb | commas10k | dates10k | places10k)
            grep -q "$f.txt:1: document .*$f.txt, sentence 1: sentence longer than 1000 tokens" "$tmp/err" ||
                fail "$f: no warning about the cut sentence: $(head -c 300 "$tmp/err")" ;;
        esac
    done
done
echo "pathological inputs: ok"
