#!/usr/bin/env python3
"""Sanity checks for dyad's TABARI-format dictionaries (no coder needed).

Usage: python3 data/gen/check_dicts.py [data/dict/dyad.project]
Checks: every entry line has a well-formed [code] block; agent codes carry one ~;
{ } form lines follow a verb root and are balanced; patterns have exactly one * and
follow a root; synsets are declared before use; no phrase is listed twice with
different codes (within a file, and across the actors files); every verb code is a
CAMEO code from data/src/cameo.tsv; date restrictions are valid YYMMDD forms; and
that no line is identical to a line of the peers' dictionaries in ../shared/peers
(when present), so nothing is transcribed by accident.
Exit status 1 if any error was found; warnings do not fail.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CODE_RE = re.compile(r"\[([^\]]*)\]")
DATE_RE = re.compile(r"^(?:[<>]\s*\d{6}|\d{6}\s*-\s*\d{6})$")


class Report:
    def __init__(self):
        self.errors, self.warnings = [], []

    def err(self, where, msg):
        self.errors.append("%s: %s" % (where, msg))

    def warn(self, where, msg):
        self.warnings.append("%s: %s" % (where, msg))


def cameo_codes():
    codes = set()
    with open(os.path.join(ROOT, "data", "src", "cameo.tsv"), encoding="utf-8") as f:
        for line in f:
            if line[:1].isdigit():
                codes.add(line.split("\t")[0])
    return codes


def strip_comment(line):
    return line.split(";", 1)[0].rstrip()


def valid_date(d):
    return all(
        0 <= int(m.group(1)) <= 99 and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
        for m in re.finditer(r"(\d{2})(\d{2})(\d{2})", d))


def parse_blocks(rest, where, rep, kind):
    """Return list of (code, date) from '[X] [Y 900101-991231]'; report errors."""
    blocks = CODE_RE.findall(rest)
    leftover = CODE_RE.sub("", rest).strip()
    if leftover:
        rep.err(where, "text outside [ ]: %r" % leftover)
    if rest.count("[") != rest.count("]"):
        rep.err(where, "unbalanced [ ]")
    out = []
    for i, b in enumerate(blocks):
        b = b.strip()
        if b in ("---", "- - -", "###", "+++"):
            out.append((b, ""))
            continue
        parts = b.split(None, 1)
        code, date = parts[0], parts[1] if len(parts) > 1 else ""
        if date:
            if not DATE_RE.match(date) or not valid_date(date):
                rep.err(where, "bad date restriction %r" % date)
        elif i != len(blocks) - 1:
            rep.err(where, "an unrestricted code must come last")
        ok = re.fullmatch(r"~?[A-Z0-9]+~?(/[A-Z0-9]+)*(:[A-Z0-9]+)?[?!]?", code)
        if not ok:
            rep.err(where, "bad code %r" % code)
        if kind == "agents" and code.count("~") != 1:
            rep.err(where, "agent code needs exactly one ~: %r" % code)
        if kind == "actors" and "~" in code:
            rep.err(where, "~ in an actor code: %r" % code)
        out.append((code, date))
    if not out:
        rep.err(where, "no [code]")
    return out


def check_phrase(phrase, where, rep):
    if len(phrase.replace("_", "")) < 2:
        rep.err(where, "phrase too short: %r" % phrase)
    if re.search(r"[\[\]{}*$%^]", phrase):
        rep.err(where, "special character in phrase %r" % phrase)
    if phrase != phrase.upper():
        rep.err(where, "phrase not upper case: %r" % phrase)


def norm_phrase(p):
    return re.sub(r"[\s_]+", "_", p.strip()).rstrip("_")


def check_actors_like(path, kind, rep, seen):
    """One phrase per line with its [codes], or a synonym group: a phrase, '+PHRASE'
    synonyms and indented '[code]' lines (TABARI manual 5.3.1)."""
    n = 0
    group = []  # (phrase, where) waiting for their codes

    def record(phrase, where, blocks):
        nonlocal n
        check_phrase(phrase, where, rep)
        key = norm_phrase(phrase)
        if key in seen and seen[key][0] != blocks:
            rep.err(where, "%s also at %s with different code" % (phrase, seen[key][1]))
        elif key in seen:
            rep.warn(where, "%s duplicates %s" % (phrase, seen[key][1]))
        seen[key] = (blocks, where)
        n += 1

    def close(where):
        if group:
            rep.err(where, "synonym group %s has no [code] line" % group[0][0])
            group.clear()

    for i, raw in enumerate(open(path, encoding="utf-8"), 1):
        where = "%s:%d" % (os.path.basename(path), i)
        line = strip_comment(raw.rstrip("\n"))
        if not line.strip() or line.startswith(("#", "/")):
            continue
        if line.strip() == "~FINISH":
            break
        if line.startswith("<"):
            rep.err(where, "sections are not used in dyad's actor files")
            continue
        if line.startswith((" ", "\t")) and line.strip().startswith("["):
            if not group:
                rep.err(where, "code line without a phrase")
                continue
            blocks = parse_blocks(line.strip(), where, rep, kind)
            for phrase, w in group:
                record(phrase, w, blocks)
            group.clear()
            continue
        if line.startswith("+"):
            if not group:
                rep.err(where, "synonym without a first phrase")
                continue
            group.append((line[1:].strip(), where))
            continue
        close(where)
        if "[" not in line:
            group.append((line.strip(), where))  # head of a synonym group
            continue
        phrase, rest = line.split("[", 1)
        record(phrase.strip(), where, parse_blocks("[" + rest, where, rep, kind))
    close("%s:end" % os.path.basename(path))
    return n


def check_verbs(path, rep, cameo):
    stats = {"roots": 0, "forms": 0, "patterns": 0, "synsets": 0, "members": 0}
    synsets, roots, in_syn, cur, cur_pats = set(), {}, False, None, {}
    for i, raw in enumerate(open(path, encoding="utf-8"), 1):
        where = "%s:%d" % (os.path.basename(path), i)
        line = strip_comment(raw.rstrip("\n"))
        s = line.strip()
        if not s or line.startswith(("#", "/")):
            continue
        if s == "~FINISH":
            break
        if s == "<SYNSETS>":
            in_syn = True
            continue
        if s == "</SYNSETS>":
            in_syn = False
            continue
        if s in ("<NOMINAL>", "</NOMINAL>"):  # dyad extension: event nouns
            continue
        if in_syn:
            if s.startswith("&"):
                if s in synsets:
                    rep.err(where, "synset %s declared twice" % s)
                synsets.add(s)
                stats["synsets"] += 1
            elif s.startswith("+"):
                stats["members"] += 1
                for ref in re.findall(r"&[A-Z]+", s):
                    if ref not in synsets:
                        rep.err(where, "synset %s used before it is declared" % ref)
            else:
                rep.err(where, "synset lines start with & or +")
            continue
        if line.startswith("{"):
            if cur is None:
                rep.err(where, "verb forms before any verb")
            if not s.endswith("}") or s.count("{") != 1 or s.count("}") != 1:
                rep.err(where, "unbalanced { }")
            for form in s.strip("{}").split():
                check_phrase(form, where, rep)
                key = norm_phrase(form)
                if key in roots and roots[key] != cur:
                    rep.err(where, "form %s is also the root/form of %s" % (form, roots[key]))
                roots[key] = cur
                stats["forms"] += 1
            continue
        if s.startswith("-"):
            if cur is None:
                rep.err(where, "pattern before any verb")
                continue
            if "[" not in s:
                rep.err(where, "missing [code]")
                continue
            pat, rest = s[1:].split("[", 1)
            pat = pat.strip()
            if len(re.findall(r"(?:^|[\s_])\*(?=$|[\s_])", pat)) != 1 or pat.count("*") != 1:
                rep.err(where, "pattern needs exactly one * set off by blank or _: %r" % pat)
            if pat.count("{") != pat.count("}"):
                rep.err(where, "unbalanced { } in pattern")
            for ref in re.findall(r"&[A-Z]+", pat):
                if ref not in synsets:
                    rep.err(where, "unknown synset %s" % ref)
            blocks = parse_blocks("[" + rest, where, rep, "verbs")
            check_event_codes(blocks, where, rep, cameo)
            key = re.sub(r"\s+", " ", pat)
            if key in cur_pats and cur_pats[key] != blocks:
                rep.err(where, "pattern %r repeated with a different code" % pat)
            cur_pats[key] = blocks
            stats["patterns"] += 1
            continue
        if "[" not in s:
            rep.err(where, "verb root without [code]")
            continue
        phrase, rest = s.split("[", 1)
        phrase = phrase.strip()
        check_phrase(phrase, where, rep)
        key = norm_phrase(phrase)
        if key in roots:
            rep.err(where, "verb %s already defined (%s)" % (phrase, roots[key]))
        roots[key] = phrase
        cur, cur_pats = phrase, {}
        blocks = parse_blocks("[" + rest, where, rep, "verbs")
        check_event_codes(blocks, where, rep, cameo)
        stats["roots"] += 1
    return stats


def check_event_codes(blocks, where, rep, cameo):
    for code, _ in blocks:
        if code in ("---", "- - -", "###", "+++"):
            continue
        # subordinate (023?), dominant (111!) and paired (042:043) codes
        for part in code.rstrip("?!").split(":"):
            if part and part not in cameo:
                rep.err(where, "not a CAMEO code: %s" % code)


def check_options(path, rep):
    known = ("SET:", "LABEL:", "COMMA:", "COMPLEX:", "NONEVENTS:", "DEFAULT:", "OUTPUT:", "FORWARD:")
    for i, raw in enumerate(open(path, encoding="utf-8"), 1):
        s = raw.split("#", 1)[0].strip()
        if s and not s.startswith(known):
            rep.err("%s:%d" % (os.path.basename(path), i), "unknown options command %r" % s)


def read_project(path):
    files = []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*<(\w+)>\s+(\S+)", line)
        if m and m.group(1).endswith("file"):
            files.append((m.group(1), os.path.join(os.path.dirname(path), m.group(2))))
    return files


def peer_overlap(ours, rep):
    """Lines identical (after whitespace normalisation) to a line of the peers' files."""
    peers = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
    if not os.path.isdir(peers):
        return None
    norm = lambda s: re.sub(r"\s+", " ", s.split(";", 1)[0].split("#", 1)[0]).strip()
    theirs = set()
    for dirpath, _, names in os.walk(peers):
        for n in names:
            with open(os.path.join(dirpath, n), encoding="utf-8", errors="replace") as f:
                theirs.update(norm(l) for l in f)
    hits = 0
    for path in ours:
        for i, raw in enumerate(open(path, encoding="utf-8"), 1):
            s = norm(raw)
            if len(s) >= 3 and s in theirs and s not in ("~FINISH", "<SYNSETS>", "</SYNSETS>"):
                hits += 1
                if len(s) >= 24:  # short lines ("- * TALKS [046]") coincide by necessity
                    rep.warn("%s:%d" % (os.path.basename(path), i), "identical to a peer line: %r" % s)
    return hits


def main():
    project = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "data", "dict", "dyad.project")
    rep, cameo, seen = Report(), cameo_codes(), {}
    summary = []
    files = read_project(project)
    for kind, path in files:
        if not os.path.exists(path):
            rep.err(project, "missing %s" % path)
            continue
        name = os.path.basename(path)
        if kind == "actorsfile":
            summary.append("%s: %d actor phrases" % (name, check_actors_like(path, "actors", rep, seen)))
        elif kind == "agentsfile":
            summary.append("%s: %d agent phrases" % (name, check_actors_like(path, "agents", rep, {})))
        elif kind == "verbsfile":
            st = check_verbs(path, rep, cameo)
            summary.append("%s: %d verb roots, %d extra forms, %d patterns, %d synsets (%d members)"
                           % (name, st["roots"], st["forms"], st["patterns"], st["synsets"], st["members"]))
        elif kind == "optionsfile":
            check_options(path, rep)
            summary.append("%s: options ok" % name)
    hits = peer_overlap([p for k, p in files if os.path.exists(p)], rep)
    for w in rep.warnings:
        print("warning: " + w)
    for e in rep.errors:
        print("error: " + e)
    for s in summary:
        print(s)
    if hits is not None:
        print("lines identical to a peer dictionary line: %d" % hits)
    print("%d errors, %d warnings" % (len(rep.errors), len(rep.warnings)))
    return 1 if rep.errors else 0


if __name__ == "__main__":
    sys.exit(main())
