#!/bin/bash
# bench/words.sh names|verbs FILE... - phrases for bench/gencorpus, drawn from
# dictionaries at bench time (never committed): actor names from TABARI or
# Phoenix actors files, verbs (past tense) from TABARI or PETRARCH2 verb files.
# Prints one phrase per line (a seventh of the names), at most 3000, deterministic.
set -eu
kind=$1; shift
case $kind in
names)
    # "PUTIN_ [RUSGOV]", "+KABUL_": the first field, '_' between words
    cat "$@" | grep -E '^\+?[A-Z][A-Z_.-]*[[:space:]]' | awk '{print $1}' |
        sed -E 's/^\+//; s/_+$//; s/_/ /g' | grep -E '^[A-Z][A-Z .-]{2,40}$' |
        sort -u | awk 'NR % 7 == 1' ;;
verbs)
    # TABARI roots with a code ("ACCUS  [112]"), PETRARCH2 verb lines ("ACCUSE",
    # "STEADY {STEADIES ...}"): add a regular past tense ending
    cat "$@" | grep -E '^[A-Z][A-Z_]*[[:space:]]*(\[[0-9]|\{|$)' | awk '{print $1}' |
        grep -vE '_.' | sed -E 's/_$//; /E$/{s/$/D/;b}; s/$/ED/' ;;
*) echo "usage: words.sh names|verbs FILE..." >&2; exit 2 ;;
esac | sort -u | head -n 3000
