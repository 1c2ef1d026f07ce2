# 8 processes append to one file at once: every line parses, and every process
# has all its lines (seq 0..last without a gap, one start, one exit).
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/shared.jsonl
pids=""
for i in 1 2 3 4 5 6 7 8; do
	start_preloaded "$out" "$TARGETS/preload-work" "$out" 4 exit "$i" >/dev/null 2>"$tmp/err$i"
	pids="$pids $bg_pid:$i"
done
for pair in $pids; do
	st=0
	wait "${pair%%:*}" || st=$?
	expect "exit status of process ${pair#*:}" "$st" "${pair#*:}"
	[ ! -s "$tmp/err${pair#*:}" ] || fail "stderr: $(cat "$tmp/err${pair#*:}")"
done
check_lines "$out"
check_seq "$out"
expect "processes" "$(jq -s '[.[].pid] | unique | length' "$out")" 8
for pair in $pids; do
	pid=${pair%%:*}
	lines=$(count "$out" ".pid == $pid")
	last=$(jq -s "[.[] | select(.pid == $pid) | .seq] | max" "$out")
	expect "lines of $pid" "$lines" $((last + 1))
	expect "start lines of $pid" "$(count "$out" ".pid == $pid and .event == \"start\"")" 1
	expect "exit lines of $pid" "$(count "$out" ".pid == $pid and .event == \"exit\"")" 1
	[ "$(count "$out" ".pid == $pid and .event == \"sample\"")" -ge 4 ] || fail "$pid: fewer than 4 samples"
done
expect "total lines" "$(wc -l <"$out")" "$(jq -s '[group_by(.pid)[] | length] | add' "$out")"
echo ok
