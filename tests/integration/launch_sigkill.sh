# SIGKILL from outside (as the OOM killer would): 137, signaled, reported with a hint.
. "$OYA_ROOT/tests/lib.sh"
rc=0
"$LAUNCH" $FAST --no-heaptrack -d 60s -- "$TARGET" sleep 60000 >out 2>err &
lpid=$!
wait_start memory-profile.jsonl
tpid=$(sed -n 's/.*"pid":\([0-9]*\),.*"event":"start".*/\1/p' memory-profile.jsonl | head -n 1)
kill -KILL "$tpid"
wait "$lpid" || rc=$?
expect_rc 137
summary_has stop_reason '"signaled"'
summary_has signal 9
summary_has killed_externally true
has err "OOM killer"
has memory-profile.summary.json '"hint":'
summary_positive samples
