# Under heaptrack, the command's stdin, stdout and stderr are its own: heaptrack's
# messages never mix into them; oya-launch's own lines on stderr start "oya-launch:".
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
STDIO=$BUILD/tests/targets/stdio-target

# only_ours FILE: every line of FILE but the command's own starts with "oya-launch: ".
only_ours() {
	grep -v '^oya-launch: ' "$1" >"$tmp/other" || :
	[ ! -s "$tmp/other" ] || fail "$1 has lines that are neither the command's nor oya-launch's: $(cat "$tmp/other")"
}

# stdout and stderr: exactly the command's bytes (the human summary stays on).
run_launch $FAST -d 60s -- "$STDIO" print "to stdout" "to stderr"
expect_rc 0
printf 'to stdout\n' >want
cmp -s want out || fail "stdout is not the command's output alone: $(cat out)"
[ "$(grep -cx 'to stderr' err)" -eq 1 ] || fail "the command's stderr line is not in stderr once"
grep -vx 'to stderr' err >err.rest || :
only_ours err.rest
has err "oya-launch: "
summary_has exit_code 0
has memory-profile.summary.json '"complete":true'
exes=$(sed -n 's/.*"exe":"\([^"]*\)".*/\1/p' memory-profile.jsonl | sort -u)
[ "$exes" = stdio-target ] || fail "processes other than the target in the JSONL: $exes"

# stdin passes through to the command.
printf 'some input\nand more\n' >in.txt
rc=0
"$LAUNCH" -q $FAST -d 60s -o cat.jsonl -- "$STDIO" cat <in.txt >out 2>err || rc=$?
expect_rc 0
cmp -s in.txt out || fail "the command did not get stdin, or stdout holds more: $(cat out)"
only_ours err
rc=0
printf 'piped\n' | "$LAUNCH" -q $FAST -d 60s -o pipe.jsonl -- "$STDIO" cat >out 2>err || rc=$?
expect_rc 0
[ "$(cat out)" = piped ] || fail "stdin from a pipe did not reach the command: $(cat out)"
only_ours err

# A reader that goes away: the command gets SIGPIPE, oya-launch ends (timeout
# only guards against a hang; its 124 fails the test).
rc=0
timeout 300 sh -c '{ rc=0; "$1" -q --allow-fast-sampling -i 100ms -d 60s -o head.jsonl -- "$2" lines 200000 \
	2>err || rc=$?; echo "$rc" >head.rc; } | head -n 1 >first' sh "$LAUNCH" "$STDIO" || rc=$?
[ "$rc" -eq 0 ] || fail "the pipeline into head ended with $rc"
[ "$(cat first)" = "line 1" ] || fail "the first line on stdout is '$(cat first)', not the command's"
[ "$(cat head.rc)" -eq 141 ] || fail "oya-launch exited $(cat head.rc) under head, expected 141 (SIGPIPE)"
only_ours err
SUMMARY=head.summary.json summary_has stop_reason '"signaled"'
SUMMARY=head.summary.json summary_has signal 13
