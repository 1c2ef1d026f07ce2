# The child's environment: the preload appended to LD_PRELOAD (never overwriting it),
# OYA_OUTPUT (absolute), OYA_INTERVAL, OYA_T0, fast sampling; stdout passes through.
. "$OYA_ROOT/tests/lib.sh"
libm=$(ls /lib/x86_64-linux-gnu/libm.so.6 /usr/lib/*/libm.so.6 /lib/libm.so.6 2>/dev/null | head -n 1)
[ -n "$libm" ] || fail "no libm.so.6 to preload"
# (a sanitizer build of oya-launch must not mind a preload before its runtime)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
OYA_DISABLE=1 LD_PRELOAD=$libm run_launch $FAST --no-heaptrack -d 10s -o 'a%b.jsonl' -- sh -c \
	'echo "P=$LD_PRELOAD"; echo "O=$OYA_OUTPUT"; echo "I=$OYA_INTERVAL"; echo "T=$OYA_T0"; echo "F=$OYA_ALLOW_FAST_SAMPLING"; echo "H=${OYA_REQUIRE_HEAPTRACK:-unset}"; echo "D=${OYA_DISABLE:-unset}"'
expect_rc 0
has out "P=$libm:$BUILD/liboya_preload.so"
has out "O=$tmp/a%%b.jsonl"
has out "I=100ms"
has out "F=1"
has out "H=unset"
has out "D=unset"
grep -q '^T=[0-9][0-9]*$' out || fail "OYA_T0 is not an integer: $(grep '^T=' out)"
has 'a%b.jsonl' '"event":"start"'
