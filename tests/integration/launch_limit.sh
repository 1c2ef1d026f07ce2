# Stopped at the limit (-d 2s): status 0, stop_reason duration_limit, a final sample.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 2s -- "$TARGET" sleep 60000
expect_rc 0
summary_has stop_reason '"duration_limit"'
summary_has planned_duration_secs 2
has memory-profile.jsonl '"event":"final"'
has err "stopped at the duration limit"
summary_positive samples
summary_positive max_rss_mb
summary_has signal 15
# --signal: the stop signal at the limit
run_launch $FAST --no-heaptrack -d 1s --signal INT -o int.jsonl -- "$TARGET" sleep 60000
expect_rc 0
SUMMARY=int.summary.json summary_has signal 2
SUMMARY=int.summary.json summary_has stop_reason '"duration_limit"'
