#!/bin/sh
# The preload's own code under ASan+UBSan, inside real targets: a normal run at
# the fastest interval, bad settings and a full disk (the target forks). Each
# run must end with the target's own status and no sanitizer report.
# Run by `make check` (which builds build/liboya_preload-asan.so).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$root/build}
OYA_ROOT=$root
export BUILD OYA_ROOT
set -e
. "$root/tests/lib.sh"
set +e
SAN_PRELOAD="$(gcc -print-file-name=libasan.so) $BUILD/liboya_preload-asan.so"
[ -f "$BUILD/liboya_preload-asan.so" ] || fail "build/liboya_preload-asan.so is not built"
export ASAN_OPTIONS=exitcode=99:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
passed=0
failed=0
"$WORK" 200000 >/dev/null
want=$?

san() { # san NAME WANT VAR=VALUE... -- COMMAND...
	name=$1
	want_rc=$2
	shift 2
	log=$tmp/$name.log
	# A bound, so that a hang fails this case by name instead of the whole step.
	timeout -k 5 120 env LD_PRELOAD="$SAN_PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms "$@" >"$log" 2>&1
	got=$?
	[ $got -ne 124 ] || echo "    (hung: stopped after 120 s)" >>"$log"
	if [ $got -eq "$want_rc" ] && ! grep -Eq 'ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error' "$log"; then
		passed=$((passed + 1))
		echo "PASS preload-sanitized $name"
	else
		failed=$((failed + 1))
		echo "FAIL preload-sanitized $name (status $got, expected $want_rc)"
		head -n 40 "$log" | sed 's/^/    /'
	fi
}

nl='
'
san plain "$want" OYA_OUTPUT="$tmp/p.jsonl" "$WORK" 200000
san disk-full "$want" OYA_OUTPUT=/dev/full "$WORK" 200000
san bad-interval "$want" OYA_OUTPUT="$tmp/p.jsonl" OYA_INTERVAL="1${nl}x" OYA_T0=zz "$WORK" 200000
san newline-path "$want" OYA_OUTPUT="$tmp/none/a${nl}b" "$WORK" 200000
san long-path "$want" OYA_OUTPUT="$tmp/$(printf '%5000s' '' | tr ' ' a)" "$WORK" 200000
san long-template "$want" OYA_OUTPUT="$tmp/$(printf '%1400s' '' | tr ' ' . | sed 's/\./%h/g')" "$WORK" 200000
# No stress run here: a child forked from a threaded process can deadlock in
# LeakSanitizer's own exit check (gcc 12's runtime), with or without oya.
echo "preload-sanitized: $passed passed, $failed failed"
[ $failed -eq 0 ]
