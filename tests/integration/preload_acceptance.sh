# The issue's acceptance command, as written there (default output in the cwd):
# start, periodic and exit lines for sh (dash on Debian), start and exit lines
# for ls, every line with every field.
. "$OYA_ROOT/tests/lib.sh"

st=0
LD_PRELOAD=$PRELOAD OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=200ms sh -c 'sleep 1; ls >/dev/null' \
	>"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
[ ! -s "$tmp/stdout" ] && [ ! -s "$tmp/stderr" ] || fail "output: $(cat "$tmp/stdout" "$tmp/stderr")"
out=$tmp/memory-profile.jsonl
check_lines "$out"
check_seq "$out"
sh_exe=$(basename "$(readlink -f /bin/sh)")
sh_pid=$(head -n 1 "$out" | jq .pid)
expect "first line" "$(head -n 1 "$out" | jq -r '"\(.exe) \(.event)"')" "$sh_exe start"
expect "sh events" "$(jq -s -r "[.[] | select(.pid == $sh_pid) | .event] | unique | join(\" \")" "$out")" "exit sample start"
expect "sh exit is its last line" "$(jq -s -r "[.[] | select(.pid == $sh_pid)][-1].event" "$out")" exit
[ "$(count "$out" ".pid == $sh_pid and .event == \"sample\"")" -ge 2 ] || fail "fewer than 2 samples of sh"
for prog in sleep ls; do
	expect "$prog processes" "$(count "$out" ".exe == \"$prog\" and .event == \"start\" and .ppid == $sh_pid")" 1
	expect "$prog exit lines" "$(count "$out" ".exe == \"$prog\" and .event == \"exit\"")" 1
done
echo ok
