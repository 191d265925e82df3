#!/bin/bash
# The hand-written gold standard (tests/gold/sentences.jsonl): strict and
# lenient precision/recall/F1, modality, date and place accuracy, and false
# events on the negative sentences. The figures are only printed; the script
# fails only when dyad or the scorer cannot run.
set -u
DYAD=${DYAD:-build/dyad}
export DYAD
export DYAD_DATA=${DYAD_DATA:-$PWD/data/dict}  # sanitizer builds live in build/asan/
command -v python3 >/dev/null || { echo "note: python3 not found; gold standard skipped"; exit 0; }
python3 tests/gold/score.py || { echo "FAIL: gold scorer"; exit 1; }
