# A command that ends and leaves a process behind: the process is stopped too (it would
# outlive the run), and the status is the command's own.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 60s -- sh -c "\"$TARGET\" sleep 60000 & sleep 0.5; exit 4"
expect_rc 4
has err "1 process of the command still running: stopping them"
summary_has stop_reason '"exited"'
summary_has exit_code 4
n=$(grep -c '"exe":"launch-target","event":"final"' memory-profile.jsonl)
[ "$n" -eq 1 ] || fail "expected a final sample of the process left behind, saw $n"
! pgrep -f "$TARGET sleep 60000" >/dev/null || fail "the process left behind still runs"
