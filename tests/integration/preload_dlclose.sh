# A program that dlopens and dlcloses the preload keeps running: the library
# stays mapped while its sampler thread runs.
. "$OYA_ROOT/tests/lib.sh"

st=0
timeout 20 env OYA_OUTPUT="$tmp/d.jsonl" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
	"$TARGETS/preload-dlclose" "$PRELOAD" >"$tmp/out" 2>"$tmp/err" || st=$?
expect "status (139 = crashed)" "$st" 0
expect "stdout" "$(cat "$tmp/out")" "done"
check_lines "$tmp/d.jsonl"
echo ok
