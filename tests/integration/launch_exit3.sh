# The command's own status comes back: exit 3 -> 3.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 20s -- "$TARGET" exit 3
expect_rc 3
summary_has stop_reason '"exited"'
summary_has exit_code 3
