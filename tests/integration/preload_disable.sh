# OYA_DISABLE=1: the preload loads and does nothing: no file, no thread, no
# output, same exit status; the _exit hook passes through.
. "$OYA_ROOT/tests/lib.sh"

for v in 1 yes true ON; do
	for mode in return _exit; do
		st=0
		OYA_DISABLE=$v run_preloaded "$tmp/out.jsonl" "$TARGETS/preload-work" "$tmp/out.jsonl" 0 "$mode" 4 \
			>"$tmp/stdout" 2>"$tmp/stderr" || st=$?
		expect "OYA_DISABLE=$v $mode: exit status" "$st" 4
		expect "OYA_DISABLE=$v $mode: stdout" "$(cat "$tmp/stdout")" "work done 63"
		[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
	done
done
# not even the default file, and no sampler thread in a running process
OYA_DISABLE=1 LD_PRELOAD=$PRELOAD "$TARGETS/preload-hold" "$tmp/stop" &
pid=$!
bg_pids="$bg_pids $pid"
wait_until -n 400 grep -qs liboya_preload "/proc/$pid/maps" || fail "the preload is not loaded"
sleep 0.2 # past the constructors, in main's loop
expect "threads" "$(ls "/proc/$pid/task" | wc -l)" 1
touch "$tmp/stop"
st=0
wait "$pid" || st=$?
expect "hold exit status" "$st" 0
expect "files written" "$(ls "$tmp" | grep -c jsonl || true)" 0

# OYA_DISABLE=0 is not "disabled": the control for the above
st=0
OYA_DISABLE=0 run_preloaded "$tmp/out.jsonl" "$TARGETS/preload-work" "$tmp/out.jsonl" 0 return 4 >/dev/null || st=$?
expect "OYA_DISABLE=0 exit status" "$st" 4
check_lines "$tmp/out.jsonl"
echo ok
