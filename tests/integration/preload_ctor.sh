# A program with its own constructors (one that runs before everyone else's,
# one that starts a thread): they and main behave as without the preload, and
# the preload still writes its start and exit lines.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/ctor.jsonl
st=0
"$TARGETS/preload-ctor" >"$tmp/bare" 2>&1 || st=$?
expect "exit status without preload" "$st" 7
st=0
run_preloaded "$out" "$TARGETS/preload-ctor" >"$tmp/pre" 2>"$tmp/stderr" || st=$?
expect "exit status with preload" "$st" 7
expect "stdout" "$(cat "$tmp/pre")" "$(cat "$tmp/bare")"
expect "stdout text" "$(cat "$tmp/pre")" "$(printf 'early constructor\nlate constructor\nmain: early=1 late=2 thread=1 block=7')"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
check_lines "$out"
check_seq "$out"
expect "events" "$(jq -s -r '[.[] | select(.event != "sample") | .event] | join(" ")' "$out")" "start exit"
echo ok
