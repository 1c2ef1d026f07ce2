# Bad values are refused before anything starts: 125 and a message naming option and value.
. "$OYA_ROOT/tests/lib.sh"
check() { # check MESSAGE ARGS...
	msg=$1
	shift
	run_launch "$@"
	expect_rc 125
	has err "$msg"
}
check "--interval 2s is below the 5s minimum" -i 2s -- true
check "--duration 5h is above the 4h maximum" -d 5h -- true
check "--duration 'abc' is not a duration" --duration abc -- true
check "-d 'abc' is not a duration" -d abc -- true
check "--signal 'NOPE' is not a signal" --signal NOPE -- true
check "--bogus is not an option" --bogus true
check "no command given" -d 5s
run_launch --no-heaptrack -d 5s -o /nonexistent-dir/x.jsonl -- true
expect_rc 125
has err "cannot write the output"
[ ! -e memory-profile.jsonl ] || fail "the run started"
"$LAUNCH" --help >help.txt
has help.txt "Exit status"
has help.txt "127"
mkdir ro
run_launch --no-heaptrack -d 5s -s ro/sub/x.json -- true
expect_rc 125
has err "cannot write the summary ro/sub/x.json"
[ ! -e memory-profile.jsonl ] || fail "an output was created"
