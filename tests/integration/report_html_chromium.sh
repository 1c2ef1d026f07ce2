#!/bin/sh
# The HTML report in a real browser: headless Chromium draws it (a screenshot that is not blank, with
# the chart's colours), and its DOM has one chart series per process, the table rows, and no script
# (a hostile exe name must stay text). The SVGs are well-formed XML.
. "$OYA_ROOT/tests/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "chromium is missing: run scripts/install-deps test" >&2
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is missing: run scripts/install-deps test" >&2
	exit 1
fi

OYA_REPORT_DIR=$tmp "$BUILD/tests/test_report_page" >"$tmp/page.log" 2>&1 || {
	cat "$tmp/page.log"
	exit 1
}

for f in chart.svg flame.svg; do
	python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$tmp/$f"
done

browser() { # browser ARG... : headless, offline, a throwaway profile; bounded in time
	HOME=$tmp timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d -p "$tmp")" "$@" 2>>"$tmp/chromium.log"
}

shot_check() { # shot_check PNG: decode it (8-bit RGB/RGBA, as Chromium writes) and judge it
	python3 - "$1" <<'EOF2'
import struct, sys, zlib
from itertools import accumulate
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat, w = 8, b'', 0
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b'IHDR':
        w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
        assert depth == 8 and ctype in (2, 6), 'unexpected PNG format %d/%d' % (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif kind == b'IDAT':
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytes(stride)
colours, ink, reds, total = set(), 0, 0, 0
for y in range(h):
    f = raw[y * (stride + 1)]
    cur = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
    if f == 1:
        line = bytearray(stride)
        for c in range(bpp):
            line[c::bpp] = bytes(v & 255 for v in accumulate(cur[c::bpp]))
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(cur, prev))
    elif f in (3, 4):
        line = bytearray(cur)
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            if f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            else:
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    else:
        line = cur
    prev = line
    if y % 2:
        continue
    px = [line[x:x + 3] for x in range(0, stride, 3 * bpp)]
    total += len(px)
    for r, g, bl in px:
        colours.add((r >> 3, g >> 3, bl >> 3))
        if r + g + bl < 600:
            ink += 1
        if r > 180 and g < 120 and bl < 120:
            reds += 1
print('%s %dx%d: %d colours, %.1f%% ink, %d red-ish samples' % (sys.argv[1].split('/')[-1], w, h, len(colours), 100.0 * ink / total, reds))
assert len(colours) >= 20, 'the screenshot is (nearly) blank: %d colours' % len(colours)
assert ink / total > 0.02, 'the screenshot is (nearly) blank: %.2f%% ink' % (100.0 * ink / total)
assert reds > 50, 'no flame-graph or limit colours drawn'
EOF2
}

dom_bad=0
dom_expect() { # dom_expect WHAT ACTUAL WANTED
	if [ "$2" != "$3" ]; then
		echo "DOM: $1: $2, expected $3"
		dom_bad=1
	fi
}

check_page() { # check_page NAME PROCESSES [shot]: the DOM of $tmp/NAME.html, and a screenshot if asked
	name=$1
	if [ "${3:-}" = shot ]; then
		browser --screenshot="$tmp/$name.png" --window-size=1200,2600 "file://$tmp/$name.html" >/dev/null
		[ -s "$tmp/$name.png" ] || {
			echo "$name: no screenshot"
			grep -v dbus "$tmp/chromium.log" | tail -n 20
			exit 1
		}
		shot_check "$tmp/$name.png"
	fi
	browser --dump-dom "file://$tmp/$name.html" >"$tmp/$name.dom"
	dom_count() { grep -o "$1" "$tmp/$name.dom" | wc -l | tr -d ' '; }
	dom_expect "$name: process series in the chart" "$(dom_count 'class="series" data-kind="process"')" "$2"
	dom_expect "$name: tree series" "$(dom_count 'class="series tree"')" 1
	dom_expect "$name: process table rows" "$(dom_count '<tr class="proc"')" "$2"
	dom_expect "$name: flame graphs" "$(dom_count 'class="oya-flame"')" 2
	dom_expect "$name: script elements" "$(dom_count '<script')" 0
}

# the screenshot check has teeth: a blank page fails it
printf '<!DOCTYPE html><html><body></body></html>\n' >"$tmp/blank.html"
browser --screenshot="$tmp/blank.png" --window-size=1200,2600 "file://$tmp/blank.html" >/dev/null
if shot_check "$tmp/blank.png" >"$tmp/blank.log" 2>&1; then
	echo "the screenshot check passed a blank page"
	exit 1
fi

# the demo page: hand-built stats with a hostile exe name
check_page report 3 shot
# the hostile name: chart tooltip, legend, table row, leak verdict
dom_expect "hostile name shown as text" "$(grep -o '&lt;script&gt;document.title' "$tmp/report.dom" | wc -l | tr -d ' ')" 4
grep -q '<title>oya memory report: ./server</title>' "$tmp/report.dom" || {
	echo "DOM: the page title changed"
	dom_bad=1
}
# the real page: gen-jsonl through the summary library, a real heaptrack profile
check_page real 4

if [ $dom_bad -ne 0 ]; then
	grep -v dbus "$tmp/chromium.log" | tail -n 20
	exit 1
fi
echo "chromium drew both reports: one chart series and one table row per process, 2 flame graphs, no script"
