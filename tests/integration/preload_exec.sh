# exec: the same pid samples again in each new image, seq starts over, and exe
# names the new program. The old image writes no exit line (no destructor runs).
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/exec.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-exec" 2 "$TARGETS/preload-work" "$out" 2 return 3 \
	>"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 3
pid=$(head -n 1 "$tmp/stdout" | sed 's/.* pid //')
expect "stdout" "$(cat "$tmp/stdout")" "$(printf 'exec 2 pid %s\nexec 1 pid %s\nexec 0 pid %s\nwork done 63' "$pid" "$pid" "$pid")"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
check_lines "$out"
check_seq "$out"
expect "one pid" "$(jq -s -c '[.[].pid] | unique' "$out")" "[$pid]"
expect "images" "$(jq -s -r '[.[] | select(.event == "start") | .exe] | join(" ")' "$out")" \
	"preload-exec preload-exec preload-exec preload-work"
expect "exit lines" "$(jq -s -r '[.[] | select(.event == "exit") | .exe] | join(" ")' "$out")" preload-work
expect "last line" "$(tail -n 1 "$out" | jq -r '"\(.event) \(.exe)"')" "exit preload-work"
n=$(count "$out" '.event == "sample" and .exe == "preload-work"')
[ "$n" -ge 2 ] || fail "$n samples of the last image, want at least 2"
echo ok
