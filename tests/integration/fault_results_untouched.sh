# The target's own results are untouched at the fastest interval: a program that
# checksums its work (two threads, a forked child, malloc/free) gives the same
# stdout, checksum file and exit status with and without the preload, and writes
# nothing on stderr; meanwhile the preload did sample it (start, periodic, exit).
set -eu
. "$OYA_ROOT/tests/fault/lib.sh"
run_work "$T/bare" 5000000
run_work "$T/oya" 5000000 LD_PRELOAD="$P" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
	OYA_OUTPUT="$T/prof.jsonl"
same_results "$T/bare" "$T/oya"
[ "$(cat "$T/bare/rc")" -ge 10 ] || fail "the workload itself failed: $(cat "$T/bare/rc")"
[ ! -s "$T/oya/err" ] || fail "stderr is not empty: $(cat "$T/oya/err")"
[ ! -s "$T/bare/err" ] || fail "bare stderr is not empty"
# Both processes (parent and forked child) were sampled, start to exit.
[ "$(grep -c '"event":"start"' "$T/prof.jsonl")" -eq 2 ] || fail "expected 2 start lines"
[ "$(grep -c '"event":"exit"' "$T/prof.jsonl")" -eq 2 ] || fail "expected 2 exit lines"
grep -q '"event":"sample"' "$T/prof.jsonl" || fail "no periodic sample during the work"
echo "identical results; $(lines "$T/prof.jsonl") lines sampled"
