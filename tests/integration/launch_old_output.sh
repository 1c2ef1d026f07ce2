# An existing output is renamed to .old, and the message says so.
. "$OYA_ROOT/tests/lib.sh"
echo previous >p.jsonl
echo previous-summary >p.summary.json
run_launch $FAST --no-heaptrack -d 5s -o p.jsonl -- "$TARGET" exit 0
expect_rc 0
has p.jsonl.old previous
has p.summary.json.old previous-summary
has err "p.jsonl exists: renamed to p.jsonl.old"
has p.jsonl '"event":"start"'
SUMMARY=p.summary.json summary_has stop_reason '"exited"'
