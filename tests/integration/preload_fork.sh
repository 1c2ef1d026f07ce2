# fork(): 20 children, each with its own start and exit lines under its own pid,
# whether it ends with _exit, exit or a return from main.
. "$OYA_ROOT/tests/integration/lib/preload.sh"

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
echo ok
