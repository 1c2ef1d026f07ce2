# A command that ignores SIGTERM is killed after --kill-after; still status 0 at the limit.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 1s -k 500ms -- "$TARGET" ignore-term 60000
expect_rc 0
summary_has stop_reason '"duration_limit"'
summary_has signal 9
hasnt memory-profile.summary.json "killed_externally"
has err "killed it"
