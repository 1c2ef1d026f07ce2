# stderr a pipe whose reader is gone: the launcher's messages fail with EPIPE,
# it does not die of SIGPIPE; the run ends at the limit (0) with its summary.
. "$OYA_ROOT/tests/lib.sh"
{
	rc=0
	"$LAUNCH" --no-heaptrack -o r.jsonl -d 2s -k 1s -- sh -c 'trap "" TERM; echo a; sleep 10' 2>&1 || rc=$?
	echo "$rc" >rc.txt
} | head -n 1 >first.txt
rc=$(cat rc.txt)
expect_rc 0
[ "$(cat first.txt)" = a ] || fail "the first line is not the command's: $(cat first.txt)"
SUMMARY=r.summary.json
summary_has stop_reason '"duration_limit"'
# The command gets the caller's signal mask, SIGPIPE not blocked.
run_launch --no-heaptrack -o m.jsonl -d 5s -- sh -c 'grep "^SigBlk" /proc/self/status'
expect_rc 0
has out 'SigBlk:	0000000000000000'
