# sh -c starting children: the shell and both children are sampled.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 20s -- sh -c "\"$TARGET\" sleep 700 & \"$TARGET\" sleep 900 & wait"
expect_rc 0
pids=$(sed -n 's/.*"pid":\([0-9]*\),.*"event":"start".*/\1/p' memory-profile.jsonl | sort -u | wc -l)
[ "$pids" -ge 3 ] || fail "expected 3 sampled processes, saw $pids"
n=$(grep -c '"exe":"launch-target","event":"start"' memory-profile.jsonl)
[ "$n" -eq 2 ] || fail "expected 2 launch-target processes, saw $n"
has memory-profile.jsonl '"exe":"dash"'
n=$(grep -c '^      "pid":' memory-profile.summary.json)
[ "$n" -ge 3 ] || fail "expected 3 processes in the summary, saw $n"
summary_positive max_rss_kb
