#!/bin/bash
# The blind development set (tests/devset/README.md): precision, recall and F1
# (strict and lenient), modality, date and asserted precision on the held-out
# half first, then on the development half, with one line per class tag. The
# figures are only printed; the script fails only when dyad or the scorer
# cannot run.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}
command -v python3 >/dev/null || { echo "note: python3 not found; devset skipped"; exit 0; }
python3 tests/devset/score.py --classes tests/devset/heldout.jsonl tests/devset/dev.jsonl ||
    { echo "FAIL: devset scorer"; exit 1; }
