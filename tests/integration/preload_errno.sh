# The preload's constructor and fork handler leave errno as the program would
# see it without the preload, even when their own calls fail (the output cannot
# be opened here, so every sample's open() fails with ENOENT).
. "$OYA_ROOT/tests/lib.sh"

"$TARGETS/preload-errno" >"$tmp/bare"
expect "bare run" "$(cat "$tmp/bare")" "$(printf 'child errno 4242\nmain errno 0')"
LD_PRELOAD=$PRELOAD OYA_OUTPUT=$tmp/missing-dir/x.jsonl "$TARGETS/preload-errno" >"$tmp/pre" 2>"$tmp/stderr"
expect "with the preload" "$(cat "$tmp/pre")" "$(cat "$tmp/bare")"
grep -q '^oya: ' "$tmp/stderr" || fail "no warning for the missing directory"
echo ok
