# A program that blocks SIGTERM in main and takes it with sigwait still gets it:
# the sampler thread blocks every signal, so it never takes the default action.
# Exit status and output are the same with and without the preload.
. "$OYA_ROOT/tests/lib.sh"

run_case() { # run_case NAME [preload]
	rm -f "$tmp/ready"
	if [ "${2:-}" = preload ]; then
		start_preloaded "$tmp/sig.jsonl" "$TARGETS/preload-sigwait" "$tmp/ready" >"$tmp/$1.out" 2>"$tmp/$1.err"
		pid=$bg_pid
	else
		"$TARGETS/preload-sigwait" "$tmp/ready" >"$tmp/$1.out" 2>"$tmp/$1.err" &
		pid=$!
		bg_pids="$bg_pids $pid"
	fi
	wait_for_file "$tmp/ready"
	# with the preload, the sampler thread is up and sampling before the signal comes
	[ "${2:-}" != preload ] || wait_samples "$tmp/sig.jsonl" "$pid" 2
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	echo "$st"
}

st_bare=$(run_case bare)
st_pre=$(run_case pre preload)
expect "exit status without preload" "$st_bare" 42
expect "exit status with preload" "$st_pre" 42
expect "stdout" "$(cat "$tmp/pre.out")" "$(cat "$tmp/bare.out")"
expect "stdout text" "$(cat "$tmp/pre.out")" "got signal 15"
[ ! -s "$tmp/pre.err" ] || fail "stderr: $(cat "$tmp/pre.err")"
check_lines "$tmp/sig.jsonl"
check_seq "$tmp/sig.jsonl"
expect "last line" "$(tail -n 1 "$tmp/sig.jsonl" | jq -r .event)" exit
echo ok
