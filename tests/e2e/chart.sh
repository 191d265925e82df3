#!/bin/bash
# End-to-end checks of the chart module: tests/chart_demo writes example
# charts as SVG and PNG; the SVG must parse as XML with the expected series and
# periods, the PNG must be a real image of the default size.
set -u
DEMO=${CHART_DEMO:-build/tests/chart_demo}
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$DEMO" ] || fail "$DEMO not built (make $DEMO)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# kind, periods, series
for spec in "quads 24 6" "decade 120 6" "many 500 6" "single 1 6" "edge 18 6" "three 36 6" \
            "weeks 261 6" "days 400 6"; do
    set -- $spec
    "$DEMO" "$1" "$tmp/$1.svg" || fail "$1.svg"
    "$DEMO" "$1" "$tmp/$1.png" || fail "$1.png"
    python3 - "$tmp/$1.svg" "$tmp/$1.png" "$2" "$3" <<'PY' || fail "$1"
import struct, sys, zlib
import xml.etree.ElementTree as ET
svg, png, nperiods, nseries = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(svg).getroot()
assert root.tag == "{http://www.w3.org/2000/svg}svg", root.tag
assert root.find("s:title", ns).text, "no title"
series = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "series"]
assert len(series) == nseries, f"{len(series)} series"
names = [g.get("data-name") for g in series]
assert "material conflict" in names and "Goldstein mean" in names, names
axis = [g for g in root.iter() if g.get("class") == "axis x"][0]
xlabels = [t.text for t in axis.iter("{http://www.w3.org/2000/svg}text") if not t.get("class")]
assert 1 <= len(xlabels) <= 16, xlabels
if svg.endswith("/days.svg"):  # labels on firsts of months
    assert all(x.endswith("-01") for x in xlabels), xlabels
if svg.endswith("/weeks.svg"):  # labels on round weeks, never week 53 beside week 1
    assert all(x[-2:] in ("01", "14", "27", "40") for x in xlabels), xlabels
for g in series:
    marks = [e for e in g.iter() if e.get("data-period") is not None]
    assert len(marks) == nperiods, f"{g.get('data-name')}: {len(marks)} marks"
    for e in marks:
        v = e.get("data-value")
        assert v == "NaN" or float(v) == float(v), v
legend = [g for g in root.iter() if g.get("class") == "legend"]
assert len(legend) in (2, 3), "legend per panel"
with open(png, "rb") as f:
    data = f.read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "PNG signature"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1000, 600), (w, h)
# the image is not blank: its pixel data holds many distinct byte values
idat, pos = b"", 8
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    if kind == b"IDAT":
        idat += data[pos + 8:pos + 8 + n]
    pos += 12 + n
assert len(set(zlib.decompress(idat))) > 50, "blank image"
print(f"{svg.rsplit('/', 1)[1]}: {len(series)} series x {nperiods} periods, png {w}x{h}")
PY
done

# the edge chart's title is escaped text, not markup
grep -q '&lt;script&gt;' "$tmp/edge.svg" || fail "title not escaped"
! grep -q '<script' "$tmp/edge.svg" || fail "raw <script> in SVG"
# unknown formats are refused with a message
"$DEMO" quads "$tmp/c.jpg" 2>"$tmp/err" && fail "accepted .jpg"
grep -q '.svg or .png' "$tmp/err" || fail "message for .jpg: $(cat "$tmp/err")"
echo "chart: ok"
