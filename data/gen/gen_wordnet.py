#!/usr/bin/env python3
"""WordNet 3.0 data for dyad's verb dictionaries (build-the-data time only).

Usage: python3 data/gen/gen_wordnet.py [--root REPO] [--wordnet DIR] [--check]

Reads Princeton WordNet 3.0 (Debian's wordnet-base: /usr/share/wordnet, WordNet 3.0
licence) and writes three things; dyad itself never reads WordNet, the outputs are
committed.

1. Inflections, in place, in data/dict/dyad.verbs and data/dict/dyad.nominal.verbs.
   The coder matches a root written WORD_ with the regular endings -S -ES -ED -EN -ING
   (and -D after a final E; dict/dict.c is_regular_ending), and a phrase's endings only
   on its last word (code/parse.c). Every other form goes in the { } list after the
   root. For each verb root (and the first word of a multi-word root that is a WordNet
   verb: PULL in PULL_OUT_) this computes the forms WordNet's morphology gives -- verb.exc's irregular
   and consonant-doubling forms (BEGAN BEGUN, WITHDREW WITHDRAWN, STOPPED STOPPING)
   and the regular spelling rules that WordNet's morphy undoes (-IES -IED after a
   consonant + Y, -ING after a dropped E, -YING for -IE) -- and adds those the
   endings do not already produce to the root's { } list (the list on the line right
   after the root, or a new such line). Noun roots (<NOMINAL>) get their noun.exc and
   -IES plurals. Forms in EXCLUDED_FORMS are never added: they are common words of
   another part of speech (LEFT, FOUND, LAY ...) that would make false events. All
   other bytes of the files are kept; a second run changes nothing.

2. data/gen/nominalisations.tsv: the event nouns of each verb root, from WordNet's
   derivational ("+") pointers from the root's verb senses to noun senses. Only nouns
   of the lexicographer files noun.act, noun.event, noun.communication and
   noun.possession are kept, so agent and patient nouns (NEGOTIATOR, noun.person),
   places, artefacts and groups are left out. Format: '#' lines are comments; every
   other line is
       VERB<TAB>NOUN NOUN ...
   VERB is the root as written in dyad.verbs without its final _ (upper case);
   the nouns are upper case, a multi-word noun joined with _ (PEACE_TALKS), ordered
   by the verb's WordNet sense and then the noun's. Plurals are not listed: the
   coder's regular endings give -S and -ES; a noun whose plural is irregular
   (noun.exc, -IES) has it after a '/' (ASSEMBLY/ASSEMBLIES). A root without such
   nouns has no line. The table is WordNet's, not reviewed: it has rare nouns
   (EXPRESSAGE, USANCE) that a rule using it with light verbs ("launched an invasion
   of", "began negotiations with") will simply never meet.

3. data/gen/wordnet_candidates.txt: for each root with a CAMEO code (not [---]), the
   other words of its first two WordNet verb senses' synsets that are neither a verb
   root nor a form in the two files, one line each (roots of the reviewed block are not
   searched):
       CANDIDATE_ [code] ; synonym of ROOT (synset OFFSET, gloss excerpt)
   For human review only; dyad does not load it. Reviewed ones are added by hand to
   the block "; reviewed WordNet synonyms (data/gen/wordnet_candidates.txt)" of
   dyad.verbs, after which they are in the dictionary and drop out of this file.

--check writes nothing and exits 1 when an output would change.
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

LEXNAMES = [
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event",
    "noun.feeling", "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object",
    "noun.person", "noun.phenomenon", "noun.plant", "noun.possession", "noun.process",
    "noun.quantity", "noun.relation", "noun.shape", "noun.state", "noun.substance",
    "noun.time", "verb.body", "verb.change", "verb.cognition", "verb.communication",
    "verb.competition", "verb.consumption", "verb.contact", "verb.creation", "verb.emotion",
    "verb.motion", "verb.perception", "verb.possession", "verb.social", "verb.stative",
    "verb.weather", "adj.ppl",
]
EVENT_LEXNAMES = {"noun.act", "noun.event", "noun.communication", "noun.possession"}
CANDIDATE_SENSES = 2

# Forms WordNet gives that are, in news text, mostly another word: adding them would
# code events from nouns and adjectives. Reviewed by hand (see the generated diff).
EXCLUDED_FORMS = {
    "LEFT",      # leave: the left, left-wing
    "FOUND",     # find: to found a party
    "LAY",       # lie
    "SAW",       # see
    "BORE", "BORNE", "BORN",  # bear
    "WOUND",     # wind
    "GROUND",    # grind
    "ROSE",      # rise
    "FELT",      # feel
    "LIT",       # light
    "SHOT",      # shoot: a shot
    "SLEW",      # slay: a slew of
    "SCRAMBLING",  # scramble [150]: "scrambling to find gas" is hurrying, not scrambling jets
    "BANI",      # ban: plural of the Romanian coin
    "BEEVES",    # beef: cattle
}

# The block of dyad.verbs that holds the reviewed candidates: its roots get forms and
# nominalisations but are not themselves searched for candidates.
REVIEWED = "; ==== reviewed WordNet synonyms (data/gen/wordnet_candidates.txt)"

# The coder's regular verb endings (dict/dict.c is_regular_ending).
VERB_ENDINGS = ("", "S", "ES", "ED", "EN", "ING")


# ---------------------------------------------------------------- WordNet

class WordNet:
    def __init__(self, path):
        self.path = path
        self.index = {"v": self._index("index.verb"), "n": self._index("index.noun")}
        self.exc = {"v": self._exc("verb.exc"), "n": self._exc("noun.exc")}
        self.data = {"v": self._data("data.verb"), "n": self._data("data.noun")}

    def _lines(self, name):
        with open(os.path.join(self.path, name), encoding="latin-1") as f:
            for line in f:
                if not line.startswith("  "):
                    yield line.rstrip("\n")

    def _index(self, name):
        idx = {}
        for line in self._lines(name):
            f = line.split()
            synset_cnt, p_cnt = int(f[2]), int(f[3])
            offsets = f[4 + p_cnt + 2:]
            assert len(offsets) == synset_cnt, line
            idx[f[0]] = offsets
        return idx

    def _exc(self, name):
        """base -> inflected forms, in file order."""
        exc = {}
        for line in self._lines(name):
            f = line.split()
            for base in f[1:]:
                exc.setdefault(base, [])
                if f[0] not in exc[base]:
                    exc[base].append(f[0])
        return exc

    def _data(self, name):
        data = {}
        for line in self._lines(name):
            body, _, gloss = line.partition(" | ")
            f = body.split()
            off, lexfn, wcnt = f[0], int(f[1]), int(f[3], 16)
            words = [f[4 + 2 * i].lower() for i in range(wcnt)]
            i = 4 + 2 * wcnt
            pcnt = int(f[i])
            ptrs = []
            for k in range(pcnt):
                sym, toff, tpos, st = f[i + 1 + 4 * k: i + 5 + 4 * k]
                ptrs.append((sym, toff, tpos, int(st[:2], 16), int(st[2:], 16)))
            data[off] = {"lex": LEXNAMES[lexfn], "words": words, "ptrs": ptrs,
                         "gloss": gloss.strip()}
        return data

    def senses(self, word, pos):
        return self.index[pos].get(word, [])

    def word(self, w):
        """WordNet's word: strip the adjective markers like (a), (p)."""
        return re.sub(r"\(.*\)$", "", w)


def is_vowel(c):
    return c in "aeiou"


def verb_forms(wn, base):
    """Inflected forms of verb base (lower case) that WordNet's morphology maps back to
    it: verb.exc's, and the regular spelling rules' where verb.exc has none of that
    kind (no -ED when it lists a past form or a doubled -ING without a doubled -ED:
    SETTING means the past is SET; no -ING when it lists one)."""
    forms = list(wn.exc["v"].get(base, []))
    ings = [f for f in forms if f.endswith("ing")]
    past = [f for f in forms if not f.endswith("ing")]
    doubled = any(f == base + base[-1] + "ing" for f in ings)
    regular = [base[:-1] + "ies" if len(base) > 1 and base.endswith("y") and not is_vowel(base[-2])
               else base + "es" if base.endswith(("s", "x", "z", "ch", "sh")) else base + "s"]
    if not past and not doubled:
        regular.append(base[:-1] + "ied" if len(base) > 1 and base.endswith("y")
                       and not is_vowel(base[-2])
                       else base + "d" if base.endswith("e") else base + "ed")
    if not ings:
        regular.append(base[:-2] + "ying" if base.endswith("ie")
                       else base[:-1] + "ing" if base.endswith("e") and len(base) > 2
                       and not base.endswith(("ee", "oe", "ye"))
                       else base + "ing")
    for r in regular:
        if r not in forms and morphy(wn, r, "v", base):
            forms.append(r)
    return forms


# WordNet's detachment rules (morph.c).
DETACH = {
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")],
    "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")],
}


def morphy(wn, form, pos, base):
    """1 when WordNet's morphy turns form into base (or base is not a WordNet word of
    pos, in which case the rules alone decide)."""
    known = base in wn.index[pos]
    if form in wn.exc[pos] and base in wn.exc[pos][form]:
        return True
    for suf, rep in DETACH[pos]:
        if form.endswith(suf) and form[: len(form) - len(suf)] + rep == base:
            return True if not known else base in wn.index[pos]
    return False


def noun_plurals(wn, base):
    """Plurals of noun base that the coder's -S and -ES endings do not give."""
    forms = list(wn.exc["n"].get(base, []))
    if len(base) > 1 and base.endswith("y") and not is_vowel(base[-2]):
        forms.append(base[:-1] + "ies")
    return [f for f in forms if f not in (base, base + "s", base + "es")
            and f.upper() not in EXCLUDED_FORMS]


# ---------------------------------------------------------------- dictionaries

ROOT_RE = re.compile(r"^([A-Za-z][^\s\[;]*)(\s*)(\[[^\]]*\])")
FORMS_RE = re.compile(r"^\{([^}]*)\}")


def covered(form, listed):
    """1 when the coder already matches form from one of the listed words."""
    for w in listed:
        if w.endswith("_"):
            s = w[:-1]
            ends = VERB_ENDINGS + (("D",) if s.endswith("E") else ())
            if any(form == s + e for e in ends):
                return True
        elif form.startswith(w):
            return True
    return False


class VerbFile:
    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8", newline="") as f:
            self.lines = f.read().splitlines(keepends=True)
        self.roots = []  # [line index of root, phrase, code, [form line indexes]]
        cur = None
        self.reviewed = len(self.lines)
        for i, line in enumerate(self.lines):
            if line.startswith(REVIEWED):
                self.reviewed = i
            if line.startswith(("<", "&", "+", "~")):
                cur = None
                continue
            m = ROOT_RE.match(line)
            if m:
                cur = [i, m.group(1), m.group(3), []]
                self.roots.append(cur)
            elif line.startswith("{") and cur is not None:
                cur[3].append(i)
        braced = [l for l in self.lines if l.startswith("{")]
        spaced = sum(1 for l in braced if l.startswith("{ "))
        self.spaced = spaced * 2 > len(braced)

    def forms(self, root):
        out = []
        for i in root[3]:
            m = FORMS_RE.match(self.lines[i])
            if m:
                out += [w.lstrip("+") for w in m.group(1).split()]
        return out

    def words(self):
        """Every root and form, upper case without the final _."""
        ws = set()
        for r in self.roots:
            for w in [r[1]] + self.forms(r):
                ws.add(w.rstrip("_").upper())
        return ws

    def add_forms(self, root, new):
        """Adds forms (with their final _) to root's { } list."""
        i = root[0]
        nxt = i + 1
        if root[3] and root[3][0] == nxt:
            line = self.lines[nxt]
            close = line.index("}")
            before = line[:close]
            sep = "" if before.endswith(" ") else " "
            tail = " " if before.endswith(" ") else ""
            self.lines[nxt] = before + sep + " ".join(new) + tail + line[close:]
        else:
            eol = self.lines[i][len(self.lines[i].rstrip("\r\n")):] or "\n"
            text = ("{ %s }" if self.spaced else "{%s}") % " ".join(new)
            self.lines.insert(nxt, text + eol)
            for r in self.roots:
                r[0] += r[0] >= nxt
                r[3] = [k + (k >= nxt) for k in r[3]]
            root[3].insert(0, nxt)

    def text(self):
        return "".join(self.lines)


def phrase_words(phrase):
    return [w for w in phrase.rstrip("_").split("_") if w]


def inflect(wn, vf, nominal):
    """Adds the missing forms to every root of vf; returns [(root, [forms])]."""
    added = []
    for root in vf.roots:
        phrase = root[1]
        if not phrase.endswith("_"):
            continue  # a stem: the coder matches every continuation
        words = phrase_words(phrase)
        listed = [phrase] + vf.forms(root)
        have = {w.rstrip("_").upper() for w in listed}
        new = []
        for k, w in enumerate(words):
            low = w.lower()
            if nominal:
                if len(words) > 1 or low not in wn.index["n"]:
                    continue
                forms = noun_plurals(wn, low)
            else:
                # a phrase's verb is its first word that is a WordNet verb (PULL in
                # PULL_OUT_; not UP in SET_UP_)
                if len(words) > 1 and (low not in wn.index["v"] or
                                       any(x.lower() in wn.index["v"] for x in words[:k])):
                    continue
                forms = verb_forms(wn, low)
            for f in forms:
                F = f.upper()
                if F in EXCLUDED_FORMS or F == w:
                    continue
                full = "_".join(words[:k] + [F] + words[k + 1:])
                if full in have:
                    continue
                if k == len(words) - 1 and covered(full, listed):
                    continue
                have.add(full)
                new.append(full + "_")
        if new:
            vf.add_forms(root, new)
            added.append((phrase, new))
    return added


# ---------------------------------------------------------------- tables

def nominalisations(wn, roots):
    lines = []
    for phrase in roots:
        base = phrase.rstrip("_").lower()
        nouns = []
        for off in wn.senses(base, "v"):
            syn = wn.data["v"][off]
            try:
                wnum = [wn.word(x) for x in syn["words"]].index(base) + 1
            except ValueError:
                continue
            for sym, toff, tpos, src, dst in syn["ptrs"]:
                if sym != "+" or tpos != "n" or src != wnum:
                    continue
                nsyn = wn.data["n"][toff]
                if nsyn["lex"] not in EVENT_LEXNAMES:
                    continue
                noun = wn.word(nsyn["words"][dst - 1])
                if noun not in nouns:
                    nouns.append(noun)
        if nouns:
            cells = []
            for n in nouns:
                pl = noun_plurals(wn, n) if "_" not in n else []
                cells.append(n.upper() + "".join("/" + p.upper() for p in pl))
            lines.append("%s\t%s\n" % (base.upper(), " ".join(cells)))
    head = ("# verb<TAB>event nouns (WordNet 3.0 derivational pointers; noun.act, noun.event,\n"
            "# noun.communication, noun.possession). Generated by data/gen/gen_wordnet.py.\n")
    return head + "".join(lines)


def gloss_excerpt(gloss, n=60):
    g = gloss.split(";")[0].strip().strip('"').strip()
    return g if len(g) <= n else g[: n - 3].rstrip() + "..."


def candidates(wn, vf, known):
    out = []
    for root in vf.roots:
        if root[0] > vf.reviewed:
            break
        code = root[2]
        if code.replace(" ", "") == "[---]":
            continue
        base = root[1].rstrip("_").lower()
        seen = set()
        for off in wn.senses(base, "v")[:CANDIDATE_SENSES]:
            syn = wn.data["v"][off]
            for w in syn["words"]:
                w = wn.word(w)
                W = w.upper()
                if w == base or W in known or W in seen:
                    continue
                seen.add(W)
                out.append("%s_ %s ; synonym of %s (synset %s, %s)\n"
                           % (W, code, root[1].rstrip("_"), off, gloss_excerpt(syn["gloss"])))
    head = ("; WordNet 3.0 synonyms of dyad.verbs roots that are not in the dictionary, for review;\n"
            "; not loaded by dyad. Generated by data/gen/gen_wordnet.py (first %d senses).\n"
            % CANDIDATE_SENSES)
    return head + "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=ROOT)
    ap.add_argument("--wordnet", default="/usr/share/wordnet")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    wn = WordNet(a.wordnet)
    vpath = os.path.join(a.root, "data", "dict", "dyad.verbs")
    npath = os.path.join(a.root, "data", "dict", "dyad.nominal.verbs")
    verbs, nominal = VerbFile(vpath), VerbFile(npath)
    before = {vpath: verbs.text(), npath: nominal.text()}
    added_v = inflect(wn, verbs, False)
    added_n = inflect(wn, nominal, True)
    known = verbs.words() | nominal.words()
    outputs = {
        vpath: verbs.text(),
        npath: nominal.text(),
        os.path.join(a.root, "data", "gen", "nominalisations.tsv"):
            nominalisations(wn, [r[1] for r in verbs.roots]),
        os.path.join(a.root, "data", "gen", "wordnet_candidates.txt"):
            candidates(wn, verbs, known),
    }
    nv = sum(len(f) for _, f in added_v)
    nn = sum(len(f) for _, f in added_n)
    print("gen_wordnet: %d verb forms added to %d roots, %d noun forms to %d roots"
          % (nv, len(added_v), nn, len(added_n)))
    changed = []
    for path, text in outputs.items():
        old = before.get(path)
        if old is None and os.path.exists(path):
            with open(path, encoding="utf-8", newline="") as f:
                old = f.read()
        if old != text:
            changed.append(path)
            if not a.check:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(text)
    for path in changed:
        print("gen_wordnet: %s %s" % ("out of date:" if a.check else "wrote",
                                      os.path.relpath(path, a.root)))
    print("gen_wordnet: %d nominalisation lines, %d candidates"
          % (outputs[list(outputs)[2]].count("\t"),
             sum(1 for l in outputs[list(outputs)[3]].splitlines() if not l.startswith(";"))))
    return 1 if a.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
