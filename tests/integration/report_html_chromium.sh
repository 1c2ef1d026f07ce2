#!/bin/sh
# The HTML report in a real browser: headless Chromium draws it (a screenshot that is not blank, with
# the chart's colours), and its DOM has one chart series per process, the table rows, and no script
# (a hostile exe name must stay text). The SVGs are well-formed XML.
set -eu
: "${BUILD:?}" "${OYA_ROOT:?}"

if ! command -v chromium >/dev/null 2>&1; then
	echo "chromium is missing: run scripts/install-deps test" >&2
	exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "python3 is missing: run scripts/install-deps test" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

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

browser --screenshot="$tmp/shot.png" --window-size=1200,2000 "file://$tmp/report.html" >/dev/null
[ -s "$tmp/shot.png" ] || {
	echo "no screenshot"
	grep -v dbus "$tmp/chromium.log" | tail -n 20
	exit 1
}

# Decode the PNG (8-bit RGB/RGBA, as Chromium writes) and judge it.
python3 - "$tmp/shot.png" <<'EOF'
import struct, sys, zlib
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
prev = bytearray(stride)
colours, ink, reds, total = set(), 0, 0, 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    prev = line
    for x in range(0, w, 3):
        r, g, bl = line[x * bpp:x * bpp + 3]
        total += 1
        colours.add((r >> 3, g >> 3, bl >> 3))
        if r + g + bl < 600:
            ink += 1
        if r > 180 and g < 120 and bl < 120:
            reds += 1
print('screenshot %dx%d: %d colours, %.1f%% ink, %d red-ish samples' % (w, h, len(colours), 100.0 * ink / total, reds))
assert len(colours) >= 20, 'the screenshot is (nearly) blank: %d colours' % len(colours)
assert ink / total > 0.02, 'the screenshot is (nearly) blank: %.2f%% ink' % (100.0 * ink / total)
assert reds > 50, 'no flame-graph or limit colours drawn'
EOF

browser --dump-dom "file://$tmp/report.html" >"$tmp/dom.html"
count() { grep -o "$1" "$tmp/dom.html" | wc -l | tr -d ' '; }
fail=0
expect() { # expect WHAT ACTUAL WANTED
	if [ "$2" != "$3" ]; then
		echo "DOM: $1: $2, expected $3"
		fail=1
	fi
}
expect "process series in the chart" "$(count 'class="series" data-kind="process"')" 3
expect "tree series" "$(count 'class="series tree"')" 1
expect "process table rows" "$(count '<tr class="proc"')" 3
expect "flame graphs" "$(count 'class="oya-flame"')" 2
expect "script elements" "$(count '<script')" 0
# the hostile name: chart tooltip, legend, table row, leak verdict
expect "hostile name shown as text" "$(count '&lt;script&gt;document.title')" 4
grep -q '<title>oya memory report: ./server</title>' "$tmp/dom.html" || {
	echo "DOM: the page title changed"
	fail=1
}
if [ $fail -ne 0 ]; then
	grep -v dbus "$tmp/chromium.log" | tail -n 20
	exit 1
fi
echo "chromium drew the report; DOM has 3 process series, 3 table rows, 2 flame graphs, no script"
