# fork() right after start, while the sampler thread may still be starting: the
# fork waits for its start-up to finish, so the child never inherits a lock the
# thread's start-up held (gcc 12's ASan allocator hung children that way).
. "$OYA_ROOT/tests/lib.sh"

target=$TARGETS/preload-forkstart
st=0
"$target" >"$tmp/bare" 2>&1 || st=$?
expect "without the preload" "$st $(cat "$tmp/bare")" "0 child ok"
for i in 1 2 3; do
	st=0
	run_preloaded "$tmp/fs$i.jsonl" "$target" >"$tmp/out$i" 2>"$tmp/err$i" || st=$?
	expect "run $i" "$st $(cat "$tmp/out$i")" "0 child ok"
	[ ! -s "$tmp/err$i" ] || fail "stderr: $(cat "$tmp/err$i")"
	expect "run $i processes" "$(jq -s '[.[].pid] | unique | length' "$tmp/fs$i.jsonl")" 2
done
echo ok
