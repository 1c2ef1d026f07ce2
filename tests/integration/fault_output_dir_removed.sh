# The output's directory is removed during the run: the target runs on unharmed,
# one warning, and the preload does not create the directory again.
set -eu
. "$OYA_ROOT/tests/lib.sh"
mkdir "$tmp/out"
LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$tmp/out/p.jsonl" \
	"$WAIT" "$tmp/go" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
wait_until has_lines "$tmp/out/p.jsonl" 2 || fail "no samples"
rm -rf "$tmp/out"
wait_until has_oya_line "$tmp/stderr" || fail "no warning after the directory was removed"
touch "$tmp/go"
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 7 ] || fail "exit status $rc, expected 7"
printf 'waiting\ndone 1\n' | cmp - "$tmp/stdout" || fail "stdout changed: $(cat "$tmp/stdout")"
one_warning "$tmp/stderr" "$tmp/out/p.jsonl: No such file or directory"
[ ! -e "$tmp/out" ] || fail "the directory was created again"
