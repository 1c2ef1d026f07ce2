# An output that cannot be written: the program's stdout and exit status are
# what they are without the preload, and stderr holds exactly one "oya:" line.
. "$OYA_ROOT/tests/lib.sh"

: >"$tmp/file"
bad=$tmp/file/sub/out.jsonl    # a path through a regular file: ENOTDIR, even for root

for mode in return exit _exit thread-exit; do
	st=0
	"$TARGETS/preload-work" "$bad" 0 "$mode" 9 >"$tmp/bare.out" 2>"$tmp/bare.err" || st=$?
	expect "$mode: exit status without preload" "$st" 9
	st=0
	run_preloaded "$bad" "$TARGETS/preload-work" "$bad" 0 "$mode" 9 >"$tmp/pre.out" 2>"$tmp/pre.err" || st=$?
	expect "$mode: exit status with preload" "$st" 9
	expect "$mode: stdout" "$(cat "$tmp/pre.out")" "$(cat "$tmp/bare.out")"
	expect "$mode: stderr lines" "$(wc -l <"$tmp/pre.err")" 1
	grep -q "^oya: $bad: Not a directory; " "$tmp/pre.err" || fail "$mode: warning: $(cat "$tmp/pre.err")"
done

# Processes that live through several failing periodic samples: still one
# warning per process.
st=0
run_preloaded "$bad" sh -c "sleep 0.6; touch '$tmp/stop'" >"$tmp/sh.out" 2>"$tmp/sh.err" || st=$?
expect "sh exit status" "$st" 0
# one warning per process: sh, sleep and touch each write one
expect "sh stderr lines" "$(grep -c '^oya: ' "$tmp/sh.err")" 3
expect "sh stderr other lines" "$(grep -vc '^oya: ' "$tmp/sh.err" || true)" 0
[ ! -e "$tmp/file/sub" ] || fail "something was created under $tmp/file"
echo ok
