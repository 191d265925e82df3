#!/usr/bin/env python3
"""PETRARCH2 unit-test records for tests/e2e/petr_unittest.sh (stdlib only).

  petr_records.py jsonl RECORDS.xml            records as JSON Lines {id,date,text}
  petr_records.py compare RECORDS.xml CODED    compare dyad's events with the
                                               expected (source, target, cameo)

Records whose <EventCoding> is noevents="True" or error="..." expect no event.
Duplicate record ids get a "#2", "#3" ... suffix so every document is distinct.
"""
import json
import sys
import xml.etree.ElementTree as ET


def records(path):
    seen = {}
    for s in ET.parse(path).getroot().iter("Sentence"):
        rid = s.get("id", "").strip()
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            rid = "%s#%d" % (rid, seen[rid])
        d = s.get("date", "").strip()
        date = "%s-%s-%s" % (d[0:4], d[4:6], d[6:8]) if len(d) == 8 else d
        text = " ".join((s.findtext("Text") or "").split())
        expected = set()
        for ec in s.iter("EventCoding"):
            if ec.get("eventcode") is not None:
                expected.add((ec.get("sourcecode", ""), ec.get("targetcode", ""),
                              ec.get("eventcode", "")))
        yield rid, date, text, expected


def to_jsonl(path):
    for rid, date, text, _ in records(path):
        print(json.dumps({"id": rid, "date": date, "text": text}))


def compare(path, coded_path):
    coded = {}
    with open(coded_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            ev = json.loads(line)
            key = ((ev.get("source") or {}).get("code", ""),
                   (ev.get("target") or {}).get("code", ""), ev.get("cameo", ""))
            coded.setdefault(ev.get("doc"), set()).add(key)
    found = total = extra = correct = nrec = 0
    for rid, _, _, expected in records(path):
        got = coded.get(rid, set())
        nrec += 1
        total += len(expected)
        found += len(expected & got)
        extra += len(got - expected)
        correct += got == expected
    pct = 100.0 * found / total if total else 0.0
    print("PETR unit tests: %d of %d expected events coded (%.1f%%), "
          "%d extra events, %d records fully correct" % (found, total, pct, extra, correct))
    print("(%d records)" % nrec)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "jsonl":
        to_jsonl(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
