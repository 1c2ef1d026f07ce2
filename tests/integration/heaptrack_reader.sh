# oya's heaptrack reader against heaptrack_print on real files: a three-site target (a
# churn, a cache that fills then stops, a slow leak) stopped at the limit by SIGTERM to
# the target and ended by itself, the same without the leak, and a short program.
# Allocations and temporary allocations equal heaptrack_print's, the peak heap equal to
# what it prints; the growing sites are only the leak's; .gz, plain and damaged files.
# A command line with a newline in an argument (python3 -c).
set -eu
command -v heaptrack >/dev/null || { echo "FAIL: heaptrack is not installed"; exit 1; }
READ=$BUILD/tests/tools/ht-read
SITES=$BUILD/tests/targets/ht-three-sites
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# heaptrack_print's size (formatBytes): units of 1000, two decimals, the unit's first letter.
fmt_bytes() {
	awk -v b="$1" 'BEGIN { u = "BKMGT"; i = 1; x = b + 0
		while (i < 5 && (x > 1000 || x < -1000)) { x /= 1000; i++ }
		if (i == 1) printf "%dB\n", b; else printf "%.2f%s\n", x, substr(u, i, 1) }'
}

field() { # field FILE KEY: the value after "KEY " in ht-read's output
	sed -n "s/^$2 //p" "$1" | head -n 1
}

printed() { # printed FILE PREFIX: heaptrack_print's figure after PREFIX, without its rate
	sed -n "s/^$2: \([^ ]*\).*/\1/p" "$1" | tail -n 1
}

# compare DATA_FILE [totals]: oya's figures equal heaptrack_print's; and its folded stacks
# unless "totals" (heaptrack_print -F writes an instruction pointer's inlined frames
# innermost first, where oya writes them in call order: python3's libc has such frames)
compare() {
	"$READ" -s "$1" >"$1.oya" || fail "ht-read $1 failed"
	heaptrack_print "$1" >"$1.print" 2>/dev/null || fail "heaptrack_print $1 failed"
	[ "$(field "$1.oya" complete)" = true ] || fail "$1 not complete: $(field "$1.oya" problem)"
	a=$(field "$1.oya" allocations)
	t=$(field "$1.oya" temporary)
	p=$(fmt_bytes "$(field "$1.oya" peak_heap)")
	pa=$(printed "$1.print" "calls to allocation functions")
	pt=$(printed "$1.print" "temporary memory allocations")
	pp=$(printed "$1.print" "peak heap memory consumption")
	[ "$a" -gt 0 ] || fail "$1: no allocations read"
	[ "$a" = "$pa" ] || fail "$1: allocations $a, heaptrack_print $pa"
	[ "$t" = "$pt" ] || fail "$1: temporary allocations $t, heaptrack_print $pt"
	[ "$p" = "$pp" ] || fail "$1: peak heap $(field "$1.oya" peak_heap) ($p), heaptrack_print $pp"
	l=$(fmt_bytes "$(field "$1.oya" leaked)")
	pl=$(printed "$1.print" "total memory leaked")
	[ "$l" = "$pl" ] || fail "$1: leaked $(field "$1.oya" leaked) ($l), heaptrack_print $pl"
	s=$(field "$1.oya" suppressed)
	ps=$(printed "$1.print" "suppressed leaks")
	[ "$s" = 0 ] && [ -z "$ps" ] || [ "$(fmt_bytes "$s")" = "$ps" ] ||
		fail "$1: suppressed $s, heaptrack_print ${ps:-none}"
	# the flame graphs' stacks: each stack's bytes at the peak and at the end, as heaptrack_print -F
	for k in peak leaked; do
		[ "${2:-}" != totals ] || break
		"$READ" -F $k "$1" | sort >"$1.oya.$k"
		heaptrack_print -F "$1.print.$k" --flamegraph-cost-type $k "$1" >/dev/null 2>&1 ||
			fail "heaptrack_print -F $1 failed"
		sed 's/; \([0-9]*\)$/ \1/' "$1.print.$k" | grep -v ' 0$' | sort >"$1.print.$k.sorted"
		cmp -s "$1.oya.$k" "$1.print.$k.sorted" ||
			fail "$1: folded $k stacks differ from heaptrack_print's: $(diff "$1.oya.$k" "$1.print.$k.sorted" | head -5)"
	done
	echo "$1: allocations $a, temporary $t, peak $(field "$1.oya" peak_heap) ($pp), leaked $l, suppressed $s: equal"
}

# growing FILE N: N growing sites, and with one it is the leak's (the others are not in its stack)
growing() {
	n=$(field "$1.oya" growing_sites)
	[ "$n" = "$2" ] || { cat "$1.oya" >&2; fail "$1: $n growing sites, expected $2"; }
	if [ "$2" -gt 0 ]; then
		sed -n 's/^frame 0 \([^ ]*\) .*/\1/p' "$1.oya" | head -n 1 | grep -qx leak_slowly ||
			fail "$1: the growing site is not leak_slowly: $(grep '^frame' "$1.oya")"
	fi
	! grep -E '^frame .*(churn_site|cache_fill)' "$1.oya" || fail "$1: churn or cache listed as growing"
}

# Three runs at once: stopped at 14 s of 24 by SIGTERM to the target alone (as oya-launch
# stops it), ended by itself after 14 s, and without the leak.
heaptrack -o limit "$SITES" 24 leak "$dir/pid" >limit.log 2>&1 &
hlimit=$!
heaptrack -o ended "$SITES" 14 >ended.log 2>&1 &
hended=$!
heaptrack -o noleak "$SITES" 14 noleak >noleak.log 2>&1 &
hnoleak=$!
i=0
until [ -s "$dir/pid" ]; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the target under heaptrack did not start"
	sleep 0.1
done
sleep 14
kill -TERM "$(cat "$dir/pid")"
wait $hlimit || :
wait $hended || fail "heaptrack on the target that ends by itself failed"
wait $hnoleak || fail "heaptrack on the target without leak failed"

for f in limit ended noleak; do
	[ -s $f.zst ] || fail "heaptrack wrote no $f.zst"
	compare $f.zst
done
growing limit.zst 1
growing ended.zst 1
growing noleak.zst 0

# A short program: heaptrack's own first allocations, a few frees, one leaked block.
heaptrack -o short "$BUILD/tests/targets/alloc-pattern" 3 >short.log 2>&1 || fail "heaptrack short run failed"
compare short.zst
# an argument with a newline: heaptrack's command line record goes on over two lines
heaptrack -o newline /usr/bin/python3 -c 'b = b"x" * (8 << 20)
print(len(b))' >newline.log 2>&1 || fail "heaptrack on python3 -c failed"
compare newline.zst totals
grep -qxF 'command /usr/bin/python3 -c b = b"x" * (8 << 20)' newline.zst.oya &&
	grep -qxF 'print(len(b))' newline.zst.oya || fail "newline.zst: command line: $(head -n 2 newline.zst.oya)"
growing short.zst 0

# Suppressed leaks: heaptrack's built-in list (localtime's time zone data); the program's
# own "leak:" line is in the file, and heaptrack_print does not apply it to format 3.
heaptrack -o sup "$BUILD/tests/targets/ht-suppressed" >sup.log 2>&1 || fail "heaptrack ht-suppressed failed"
compare sup.zst
[ "$(field sup.zst.oya suppressed)" -gt 0 ] || fail "sup.zst: nothing suppressed"

# The same data gzip-compressed and plain: the same figures.
zstd -dcq ended.zst >ended.txt
gzip -c ended.txt >ended.gz
for f in ended.gz ended.txt; do
	"$READ" "$f" >"$f.oya"
	for k in complete allocations temporary peak_heap leaked; do
		[ "$(field "$f.oya" $k)" = "$(field ended.zst.oya $k)" ] || fail "$f: $k differs from the .zst's"
	done
done

# Damaged files: a clear problem, complete false, no crash.
check_bad() { # check_bad FILE WORDS
	"$READ" "$1" >"$1.oya" || fail "ht-read $1 failed"
	[ "$(field "$1.oya" complete)" = false ] || fail "$1 read as complete"
	grep -q "^problem .*$2" "$1.oya" || fail "$1: problem \"$(field "$1.oya" problem)\" does not say $2"
}
size=$(wc -c <ended.zst)
head -c $((size / 2)) ended.zst >half.zst
check_bad half.zst "truncated zstd stream"
head -c $((size / 2)) ended.gz >half.gz
check_bad half.gz "truncated gzip stream"
: >empty.zst
check_bad empty.zst "empty"
head -c 100000 ended.txt >cut.txt
check_bad cut.txt "truncated"
sed 's/^v 10400 3$/v 10600 4/' ended.txt >v4.txt
check_bad v4.txt "version 4"
printf 'not heaptrack at all\n' | zstd -q >garbage.zst
check_bad garbage.zst "not heaptrack data"
check_bad missing.zst "cannot open"
echo "heaptrack reader: all figures equal heaptrack_print's"
