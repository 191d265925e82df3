#!/usr/bin/env python3
"""Generate data/dict/dyad.countries.actors (TABARI .actors format).

Inputs: data/src/countries.tsv (ours) and Debian iso-codes' iso_3166-1.json (ISO names).
Usage:  python3 data/gen/gen_actors.py [--iso PATH] [--tsv PATH] [--out PATH]
Warnings (phrase collisions, risky stems) go to stderr; exit status 1 on hard errors.

Phrase rules (TABARI manual 5.2): upper case, words joined by _, a trailing _ means the
last word must match exactly (regular plural and possessive endings are still matched by
the coder), no trailing _ means the last word is a stem. Our default is exact match; a
TSV phrase ending in * is written as a stem, and the script warns when such a stem is a
prefix of a word in another country's phrases (e.g. NIGER would swallow NIGERIA).
"""
import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"

# Priority of a phrase's origin: on a collision between codes the lower number wins.
P_TSV, P_ISO, P_DERIVED = 1, 2, 3
COLUMNS = ["alpha3", "cameo", "names", "demonyms", "capitals", "gov", "dates"]


def ascii_fold(s):
    s = s.replace("\u2019", "'")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def phrase_key(text):
    """Canonical upper-case phrase with _ between words, or None if unusable."""
    t = ascii_fold(text).strip()
    if t.endswith("*"):
        t = t[:-1]
    t = re.sub(r"^(the|The|THE)\s+", "", t)
    t = t.replace("-", " ")  # TABARI turns hyphens into blanks in text, _ in dictionaries
    words = t.upper().split()
    if not words or len("".join(words)) < 2:
        return None
    if any(re.search(r"[\[\];{}$+%*^~#/,()]", w) for w in words):
        return None
    return "_".join(words)


def iso_variants(entry):
    """ISO name, official and common names, plus normalised variants (priority, text)."""
    out = []
    for key in ("common_name", "name", "official_name"):
        if key in entry:
            out.append((P_ISO, entry[key]))
    for _, text in list(out):
        base = re.sub(r"\s*\(([^)]*)\)", "", text).strip()  # drop parentheticals
        if base != text:
            out.append((P_DERIVED, base))
            m = re.search(r"\(([^)]*)\)\s*$", text)
            if m and "part" not in m.group(1) and text.index("(") > 0 and not text.startswith("Cocos"):
                out.append((P_DERIVED, m.group(1)))
        if "," in base:
            head, tail = [p.strip() for p in base.split(",", 1)]
            out.append((P_DERIVED, head))
            if re.search(r"\b(of|of the)$", tail):  # "Korea, Republic of" -> "Republic of Korea"
                out.append((P_DERIVED, tail + " " + head))
            elif len(tail.split()) == 1 and "," not in tail:  # "Virgin Islands, British"
                out.append((P_DERIVED, tail + " " + head))
    return out


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("alpha3\t"):
                continue
            parts = line.split("\t")
            if len(parts) != len(COLUMNS):
                sys.exit("%s:%d: expected %d columns, got %d" % (path, n, len(COLUMNS), len(parts)))
            row = dict(zip(COLUMNS, parts))
            row["line"] = n
            rows.append(row)
    return rows


def split(field):
    return [v.strip() for v in field.split("|") if v.strip()]


class Table:
    """phrase -> (priority, code-block, alpha3, stem?, kind)"""

    def __init__(self):
        self.entries = {}
        self.ambiguous = {}  # phrase -> priority at which two codes claimed it
        self.warnings = []

    def add(self, text, block, alpha3, prio, kind):
        key = phrase_key(text)
        if key is None and prio == P_ISO:
            return  # raw ISO forms such as "Korea, Republic of": only their variants are used
        if key is None:
            self.warnings.append("skipped unusable phrase %r (%s)" % (text, alpha3))
            return
        stem = text.strip().endswith("*")
        if key in self.ambiguous and prio >= self.ambiguous[key]:
            return
        old = self.entries.get(key)
        if old is None or prio < old[0]:
            if old is not None and old[1] != block and old[0] <= P_ISO:
                self.warnings.append("%s: %s (%s) overrides %s (%s)" % (key, block, alpha3, old[1], old[2]))
            self.entries[key] = (prio, block, alpha3, stem, kind)
        elif old[1] != block:
            if prio == old[0]:  # ambiguous name (e.g. KOREA): leave it out
                self.warnings.append("ambiguous %s: %s (%s) vs %s (%s); dropped"
                                     % (key, old[1], old[2], block, alpha3))
                del self.entries[key]
                self.ambiguous[key] = prio


def code_block(code, dates):
    if not dates:
        return "[%s]" % code
    return "[%s %s] [---]" % (code, dates)


def build(rows, iso):
    t = Table()
    by_alpha = {e["alpha_3"]: e for e in iso}
    missing = sorted(set(by_alpha) - {r["alpha3"] for r in rows})
    if missing:
        sys.exit("countries.tsv lacks ISO codes: %s" % " ".join(missing))
    for r in rows:
        a3, code, dates = r["alpha3"], r["cameo"] or r["alpha3"], r["dates"]
        if not re.fullmatch(r"[A-Z]{3}", code):
            sys.exit("line %d: bad code %r" % (r["line"], code))
        if dates and not re.fullmatch(r"(<|>)\d{6}|\d{6}-\d{6}", dates):
            sys.exit("line %d: bad date restriction %r" % (r["line"], dates))
        block = code_block(code, dates)
        for v in split(r["names"]) + split(r["demonyms"]) + split(r["capitals"]):
            kind = "name"
            t.add(v, block, a3, P_TSV, kind)
        for v in split(r["gov"]):
            phrase, _, sector = v.partition("=")
            t.add(phrase, code_block(code + (sector or "GOV"), dates), a3, P_TSV, "gov")
        if a3 in by_alpha:
            for prio, v in iso_variants(by_alpha[a3]):
                t.add(v, block, a3, prio, "iso")
        elif not dates and a3 != "XKX":
            sys.exit("line %d: %s is not in ISO 3166-1 and has no date restriction" % (r["line"], a3))
    return t


def check_stems(t):
    """Warn when a stem phrase is a prefix of a word in a phrase with another code."""
    warns = []
    for key, (_, block, a3, stem, _) in t.entries.items():
        if not stem:
            continue
        for other, (_, oblock, oa3, _, _) in t.entries.items():
            if other != key and oblock != block and other.startswith(key):
                warns.append("stem %s [%s] is a prefix of %s %s" % (key, a3, other, oblock))
    # Also warn for exact phrases that differ from another code's phrase only by a
    # regular ending the coder adds (S, ES): e.g. a phrase X_ and another X + "S".
    for key, (_, block, a3, stem, _) in t.entries.items():
        for end in ("S", "ES"):
            o = t.entries.get(key + end)
            if o and o[1] != block:
                warns.append("%s [%s] + regular ending %s equals %s %s" % (key, a3, end, key + end, o[1]))
    return warns


def render(t, rows, iso_path):
    names = {r["alpha3"]: r for r in rows}
    lines = [
        "; dyad.countries.actors - countries and territories, CAMEO actor codes.",
        "; GENERATED by data/gen/gen_actors.py from data/src/countries.tsv and",
        "; %s (Debian iso-codes). Do not edit: edit the TSV and regenerate." % iso_path,
        "; Format: TABARI .actors (manual 5.2-5.3, 6.5.2). PHRASE_ [CODE]; a trailing _ means exact match.",
        "; Capitals code as the country; seats of government used as metonyms code as country+GOV.",
        "",
    ]
    by_a3 = {}
    for key, (_, block, a3, stem, _) in t.entries.items():
        by_a3.setdefault(a3, []).append((key if stem else key + "_", block))
    for a3 in sorted(by_a3, key=lambda a: (bool(names[a]["dates"]), a)):
        r = names[a3]
        cameo = r["cameo"] or a3
        title = "; ---- %s%s" % (a3, "" if cameo == a3 else " (CAMEO %s)" % cameo)
        lines.append(title)
        for phrase, block in sorted(by_a3[a3]):
            lines.append("%-40s %s" % (phrase, block))
        lines.append("")
    lines.append("~FINISH")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", default=ISO_JSON)
    ap.add_argument("--tsv", default=os.path.join(ROOT, "data", "src", "countries.tsv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "dict", "dyad.countries.actors"))
    args = ap.parse_args()
    with open(args.iso, encoding="utf-8") as f:
        iso = json.load(f)["3166-1"]
    rows = read_tsv(args.tsv)
    t = build(rows, iso)
    warns = t.warnings + check_stems(t)
    for w in warns:
        print("warning: " + w, file=sys.stderr)
    with open(args.out, "w", encoding="ascii") as f:
        f.write(render(t, rows, args.iso))
    print("%s: %d phrases for %d entities, %d warnings"
          % (args.out, len(t.entries), len(rows), len(warns)), file=sys.stderr)


if __name__ == "__main__":
    main()
