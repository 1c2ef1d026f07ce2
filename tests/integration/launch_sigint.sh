# SIGINT to the launcher is passed on: 130, stop_reason interrupted, summary written.
. "$OYA_ROOT/tests/lib.sh"
rc=0
"$LAUNCH" $FAST --no-heaptrack -d 60s -- "$TARGET" sleep 60000 >out 2>err &
lpid=$!
wait_start memory-profile.jsonl
kill -INT "$lpid"
wait "$lpid" || rc=$?
expect_rc 130
summary_has stop_reason '"interrupted"'
summary_has signal 2
has memory-profile.jsonl '"event":"final"'
has err "got SIGINT"
summary_positive samples
