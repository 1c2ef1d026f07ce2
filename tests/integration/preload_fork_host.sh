# A forked child reads the host name again: a shell in its own UTS namespace renames the host
# (hostname, a child of the shell), then forks; the fork's start line, written before its exec,
# already has the new name, while the shell's own lines keep the name it started with.
. "$OYA_ROOT/tests/lib.sh"

unshare --uts true 2>/dev/null || { echo "unshare --uts is not permitted here: skipped"; exit 77; }
out=$tmp/uts.jsonl
st=0
unshare --uts -- env LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$out" \
	sh -c 'hostname oya-uts-child; sleep 0.3 & wait' >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
check_lines "$out"
shell=$(head -n 1 "$out" | jq .pid)
first=$(head -n 1 "$out" | jq -r .host)
[ "$first" != oya-uts-child ] || fail "the shell started with the new name already"
expect "the shell's hosts" "$(jq -r "select(.pid == $shell) | .host" "$out" | sort -u)" "$first"
sleeper=$(jq -r 'select(.exe == "sleep") | .pid' "$out" | head -n 1)
[ -n "$sleeper" ] || fail "no line of sleep: $(cat "$out")"
expect "the fork's start line, before its exec" \
	"$(jq -r "select(.pid == $sleeper and .exe == \"dash\" and .event == \"start\") | .host" "$out")" oya-uts-child
expect "sleep's hosts" "$(jq -r "select(.exe == \"sleep\") | .host" "$out" | sort -u)" oya-uts-child
