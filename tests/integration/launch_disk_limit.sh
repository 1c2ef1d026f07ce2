# Below the disk reserve the run ends like at the limit: status 0, stop_reason disk_limit.
# A reserve larger than any disk makes the first check stop it.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 60s --min-free 1000000T -- "$TARGET" sleep 60000
expect_rc 0
summary_has stop_reason '"disk_limit"'
has err "free on the output's file system: ending the run"
has memory-profile.jsonl '"event":"final"'
# --min-free 0 turns the check off
run_launch $FAST --no-heaptrack -d 10s --min-free 0 -o b.jsonl -- "$TARGET" exit 0
expect_rc 0
SUMMARY=b.summary.json summary_has stop_reason '"exited"'
