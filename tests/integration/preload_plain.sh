# A plain run, for every way a process can end normally: one start line, periodic
# samples, one exit line last; seq without gaps; every field on every line; the
# program's output and exit status unchanged.
. "$OYA_ROOT/tests/lib.sh"

for mode in return exit _exit _Exit thread-exit; do
	out=$tmp/$mode.jsonl
	st=0
	run_preloaded "$out" "$TARGETS/preload-work" "$out" 3 "$mode" 5 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
	expect "$mode: exit status" "$st" 5
	expect "$mode: stdout" "$(cat "$tmp/stdout")" "work done 63"
	[ ! -s "$tmp/stderr" ] || fail "$mode: stderr: $(cat "$tmp/stderr")"
	check_lines "$out"
	check_seq "$out"
	expect "$mode: pids" "$(jq -s '[.[].pid] | unique | length' "$out")" 1
	expect "$mode: ppid is this shell" "$(jq -s '[.[].ppid] | unique' -c "$out")" "[$$]"
	expect "$mode: exe" "$(jq -s -r '[.[].exe] | unique | join(",")' "$out")" preload-work
	expect "$mode: first line" "$(head -n 1 "$out" | jq -r '"\(.event) \(.seq)"')" "start 0"
	expect "$mode: last line" "$(tail -n 1 "$out" | jq -r .event)" exit
	expect "$mode: start lines" "$(count "$out" '.event == "start"')" 1
	expect "$mode: exit lines" "$(count "$out" '.event == "exit"')" 1
	n=$(count "$out" '.event == "sample"')
	[ "$n" -ge 3 ] || fail "$mode: $n periodic samples, want at least 3"
	# the sampler thread is counted in the periodic samples
	expect "$mode: threads in samples" "$(jq -s '[.[] | select(.event == "sample") | .metrics.threads >= 2] | all' "$out")" true
	# elapsed never goes back
	expect "$mode: elapsed order" "$(jq -s '[.[].elapsed_ms] as $e | $e == ($e | sort)' "$out")" true

	# the same run without the preload: same output, same status
	st=0
	"$TARGETS/preload-work" "$out" 0 "$mode" 5 >"$tmp/stdout2" 2>/dev/null || st=$?
	expect "$mode: exit status without preload" "$st" 5
	expect "$mode: stdout without preload" "$(cat "$tmp/stdout2")" "work done 63"
done
echo "ok"
