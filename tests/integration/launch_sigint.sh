# SIGINT to the launcher is passed on: 130, stop_reason interrupted, summary written.
. "$OYA_ROOT/tests/integration/lib/launch-common.sh"
rc=0
"$LAUNCH" $FAST --no-heaptrack -d 60s -- "$TARGET" sleep 60000 >out 2>err &
lpid=$!
i=0
while ! grep -q '"event":"start"' memory-profile.jsonl 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 200 ] || fail "the target never started"
	sleep 0.05
done
kill -INT "$lpid"
wait "$lpid" || rc=$?
expect_rc 130
summary_has stop_reason '"interrupted"'
summary_has signal 2
has memory-profile.jsonl '"event":"final"'
has err "got SIGINT"
summary_positive samples
