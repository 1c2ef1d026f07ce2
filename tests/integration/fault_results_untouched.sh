# The target's own results are untouched at the fastest interval: a program that
# checksums its work (two threads, a forked child, malloc/free) gives the same
# stdout, checksum file and exit status with and without the preload, and writes
# nothing on stderr; meanwhile the preload did sample it (start, periodic, exit).
set -eu
. "$OYA_ROOT/tests/lib.sh"
run_work "$tmp/bare" 5000000
run_work "$tmp/oya" 5000000 LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
	OYA_OUTPUT="$tmp/prof.jsonl"
same_results "$tmp/bare" "$tmp/oya"
[ "$(cat "$tmp/bare/rc")" -ge 10 ] || fail "the workload itself failed: $(cat "$tmp/bare/rc")"
[ ! -s "$tmp/oya/err" ] || fail "stderr is not empty: $(cat "$tmp/oya/err")"
[ ! -s "$tmp/bare/err" ] || fail "bare stderr is not empty"
# Both processes (parent and forked child) were sampled, start to exit.
[ "$(grep -c '"event":"start"' "$tmp/prof.jsonl")" -eq 2 ] || fail "expected 2 start lines"
[ "$(grep -c '"event":"exit"' "$tmp/prof.jsonl")" -eq 2 ] || fail "expected 2 exit lines"
grep -q '"event":"sample"' "$tmp/prof.jsonl" || fail "no periodic sample during the work"
echo "identical results; $(lines "$tmp/prof.jsonl") lines sampled"
