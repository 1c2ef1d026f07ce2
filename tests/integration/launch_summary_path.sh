# The summary may not overwrite the samples or heaptrack's data (125, before
# anything starts); a .old copy that is replaced is said so.
. "$OYA_ROOT/tests/lib.sh"
echo previous >p.jsonl
run_launch $FAST --no-heaptrack -d 5s -o p.jsonl -s p.jsonl -- "$TARGET" exit 0
expect_rc 125
has err "oya-launch: --summary and --output are the same file $tmp/p.jsonl"
has p.jsonl previous
[ ! -e p.jsonl.old ] || fail "p.jsonl was renamed although the run was refused"
run_launch $FAST --no-heaptrack -d 5s -o p.jsonl -s "$tmp/./p.jsonl" -- "$TARGET" exit 0
expect_rc 125
has err "--summary and --output are the same file"
ln -s p.jsonl link.json
run_launch $FAST --no-heaptrack -d 5s -o p.jsonl -s link.json -- "$TARGET" exit 0
expect_rc 125
has err "--summary and --output are the same file"
if command -v heaptrack >/dev/null; then
	run_launch $FAST -d 5s -o h.jsonl -s h.heaptrack.zst -- "$TARGET" exit 0
	expect_rc 125
	has err "--summary $tmp/h.heaptrack.zst is the heaptrack data file of --output $tmp/h.jsonl"
fi
has p.jsonl previous

# PATH.old already there: it is replaced, and the message says so.
echo older >p.jsonl.old
run_launch $FAST --no-heaptrack -d 5s -o p.jsonl -- "$TARGET" exit 0
expect_rc 0
has p.jsonl.old previous
has err "p.jsonl exists: renamed to p.jsonl.old (replacing the previous p.jsonl.old)"
hasnt err "p.summary.json.old (replacing"
