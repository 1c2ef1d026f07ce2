# The output's directory is removed during the run: the target runs on unharmed,
# one warning, and the preload does not create the directory again.
set -eu
. "$OYA_ROOT/tests/fault/lib.sh"
mkdir "$T/out"
LD_PRELOAD="$P" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$T/out/p.jsonl" \
	"$WAIT" "$T/go" >"$T/stdout" 2>"$T/stderr" &
pid=$!
wait_for has_lines "$T/out/p.jsonl" 2 || fail "no samples"
rm -rf "$T/out"
wait_for has_oya_line "$T/stderr" || fail "no warning after the directory was removed"
touch "$T/go"
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 7 ] || fail "exit status $rc, expected 7"
printf 'waiting\ndone 1\n' | cmp - "$T/stdout" || fail "stdout changed: $(cat "$T/stdout")"
one_warning "$T/stderr" "$T/out/p.jsonl: No such file or directory"
[ ! -e "$T/out" ] || fail "the directory was created again"
