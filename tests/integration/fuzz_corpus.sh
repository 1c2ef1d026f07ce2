# Every fuzz harness whose library code has landed replays its seed corpus (and
# every crash kept there) through the plain or sanitized build: the corpus is a
# regression test that needs no clang.
set -eu
ran=0
for src in "$OYA_ROOT"/tests/fuzz/fuzz_*.c; do
	h=$(basename "$src" .c)
	corpus=$OYA_ROOT/tests/fuzz/corpus/${h#fuzz_}
	archives=$BUILD/liboya.a
	[ -f "$BUILD/libreport.a" ] && archives="$archives $BUILD/libreport.a"
	# shellcheck disable=SC2086 # one word per archive
	if ! "$OYA_ROOT/tests/fuzz/ready" "$src" $archives; then
		continue
	fi
	[ -x "$BUILD/tests/fuzz/$h" ] || { echo "$h is ready but $BUILD/tests/fuzz/$h was not built"; exit 1; }
	n=$(find "$corpus" -type f | wc -l)
	[ "$n" -gt 0 ] || { echo "$h: no seed inputs in $corpus"; exit 1; }
	echo "$h: $n inputs"
	"$BUILD/tests/fuzz/$h" "$corpus"
	ran=$((ran + 1))
done
[ "$ran" -ge 5 ] || { echo "only $ran harnesses ran; the five preload-core ones are always ready"; exit 1; }
