# Under heaptrack the target is heaptrack's child, not the launcher's: its end is read from
# heaptrack's status (128+N for a signal, like any shell) and from the target's "exit" sample.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
run_launch $FAST -d 20s -- "$TARGET" exit 139
expect_rc 139
summary_has stop_reason '"exited"'
summary_has exit_code 139
run_launch $FAST -d 20s -o segv.jsonl -- "$TARGET" segv
expect_rc 139
SUMMARY=segv.summary.json
summary_has stop_reason '"signaled"'
summary_has signal 11
summary_has exit_code null

# heaptrack that ends before it starts the command (here a bad -H option): its
# status is not the command's. oya-launch's own failure, 125, with heaptrack's words.
run_launch $FAST -d 20s -o bad.jsonl -H --no-such-heaptrack-option -- "$TARGET" exit 0
expect_rc 125
has "$tmp/err" "no-such-heaptrack-option"
has "$tmp/err" "before it started"
SUMMARY=bad.summary.json
summary_has stop_reason '"heaptrack_failed"'
# A command that did start under heaptrack keeps its own status, 1 included.
run_launch $FAST -d 20s -o one.jsonl -- "$TARGET" exit 1
expect_rc 1
SUMMARY=one.summary.json
summary_has stop_reason '"exited"'
summary_has exit_code 1
# A program heaptrack saw no allocation in (dash's `exit`): the data is whole and
# empty, its figures real zeros, not "incomplete".
run_launch $FAST -d 20s -o dash.jsonl -- /bin/sh -c 'exit 2'
expect_rc 2
hasnt "$tmp/err" "not whole"
[ "$(jq -r .heaptrack.complete dash.summary.json)" = true ] ||
	fail "heaptrack data of sh -c exit: $(jq -c .heaptrack dash.summary.json)"
# -H --raw: heaptrack writes unprocessed data, which is named, not called missing.
run_launch $FAST -d 20s -o raw.jsonl -H --raw -- "$TARGET" exit 0
expect_rc 0
has "$tmp/err" "raw.heaptrack.raw.zst, from -H --raw"
hasnt "$tmp/err" "wrote no data file"
