# Under heaptrack the target is heaptrack's child, not the launcher's: its end is read from
# heaptrack's status (128+N for a signal, like any shell) and from the target's "exit" sample.
. "$OYA_ROOT/tests/integration/lib/launch-common.sh"
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
