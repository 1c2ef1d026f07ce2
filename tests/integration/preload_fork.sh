# fork(): 20 children, each with its own start and exit lines under its own pid,
# whether it ends with _exit, exit or a return from main.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/fork.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-fork" 20 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
expect "stdout" "$(cat "$tmp/stdout")" "20 children, 0 bad"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
check_lines "$out"
check_seq "$out"
parent=$(head -n 1 "$out" | jq .pid)
expect "first line" "$(head -n 1 "$out" | jq -r .event)" start
expect "processes" "$(jq -s '[.[].pid] | unique | length' "$out")" 21
expect "children" "$(count "$out" ".pid != $parent and .event == \"start\" and .ppid == $parent")" 20
for ev in start exit; do
	# one line of each kind per process, and the child's start is its seq 0
	expect "$ev lines per process" \
		"$(jq -s -c "[group_by(.pid)[] | [.[] | select(.event == \"$ev\")] | length] | unique" "$out")" "[1]"
done
expect "child start seq" "$(count "$out" ".pid != $parent and .event == \"start\" and .seq != 0")" 0
# each child's exit is its last line
expect "exit is last" "$(jq -s '[group_by(.pid)[] | .[-1].event == "exit"] | all' "$out")" true

# vfork: no fork handler runs. A child that _exits writes nothing (its _exit
# is not the parent's exit), one that execs samples as its new program, and the
# parent keeps sampling afterwards and writes its own exit line.
out=$tmp/vfork.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-vfork" "$out" 3 /bin/true >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "vfork exit status" "$st" 0
expect "vfork stdout" "$(cat "$tmp/stdout")" "vfork children ok"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
check_lines "$out"
check_seq "$out"
parent=$(head -n 1 "$out" | jq .pid)
expect "vfork processes" "$(jq -s -r '[.[] | select(.event == "start") | .exe] | join(" ")' "$out")" "preload-vfork true"
expect "parent events" "$(jq -s -r "[.[] | select(.pid == $parent and .event != \"sample\") | .event] | join(\" \")" "$out")" "start exit"
expect "parent's last line" "$(jq -s -r "[.[] | select(.pid == $parent)][-1].event" "$out")" exit
[ "$(count "$out" ".pid == $parent and .event == \"sample\"")" -ge 3 ] || fail "parent stopped sampling after vfork"
expect "exec'd child" "$(count "$out" '.exe == "true" and .event == "exit"')" 1
echo ok
