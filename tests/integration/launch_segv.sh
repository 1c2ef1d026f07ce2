# A crash: SIGSEGV -> 139, stop_reason signaled.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 20s -- "$TARGET" segv
expect_rc 139
summary_has stop_reason '"signaled"'
summary_has signal 11
summary_has exit_code null
summary_positive samples
