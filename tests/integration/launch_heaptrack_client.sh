# Under heaptrack, oya-launch hands heaptrack's script oya-exec (static, next to the
# preload) as the client, which gives the command its stdout and stderr back and execs
# it. oya-exec is never sampled as a process of the target, even when it is seen.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
STDIO=$BUILD/tests/targets/stdio-target

# A slow oya-exec (1.5 s before it execs the real one) in view of many scans.
mkdir lib
cp "$BUILD/liboya_preload.so" lib/
cp "$BUILD/tests/targets/static-slow-exec" lib/oya-exec
cp "$BUILD/oya-exec" lib/oya-exec.real
OYA_PRELOAD=$tmp/lib/liboya_preload.so run_launch $FAST -d 60s -- "$STDIO" print out err
expect_rc 0
[ "$(cat out)" = out ] || fail "stdout is not the command's: $(cat out)"
hasnt memory-profile.jsonl '"exe":"oya-exec'
hasnt memory-profile.jsonl '"exe":"static-slow-exec'
exes=$(sed -n 's/.*"exe":"\([^"]*\)".*/\1/p' memory-profile.jsonl | sort -u)
[ "$exes" = stdio-target ] || fail "processes other than the target in the JSONL: $exes"
has memory-profile.jsonl '"exe":"stdio-target","event":"start","seq":0,"source":"preload"'
summary_has exit_code 0
has memory-profile.summary.json '"complete":true'

# oya-exec must be static (a dynamic one would get heaptrack's preload, which
# removes LD_PRELOAD): refused before anything starts.
cp "$BUILD/tests/targets/launch-target" lib/oya-exec
OYA_PRELOAD=$tmp/lib/liboya_preload.so run_launch $FAST -d 60s -o dyn.jsonl -- "$STDIO" print out err
expect_rc 125
has err "oya-launch: $tmp/lib/oya-exec is not statically linked"
[ ! -s out ] || fail "the command ran: $(cat out)"

# -v shows heaptrack's routine messages too, prefixed; an error from heaptrack is
# always shown (here: an option heaptrack does not know, taken for its debuggee).
run_launch -v $FAST -d 60s -o verbose.jsonl -- "$STDIO" print out err
expect_rc 0
has err 'oya-launch: heaptrack: heaptrack output will be written to "'
has err 'oya-launch: heaptrack: Heaptrack finished!'
[ "$(cat out)" = out ] || fail "stdout is not the command's: $(cat out)"
run_launch -q -H --no-such-option $FAST -d 60s -o bad.jsonl -- "$STDIO" print out err
expect_rc 125 # heaptrack never started the command: oya-launch's own failure
has err 'oya-launch: heaptrack: Error: Debuggee "--no-such-option" was not found.'
[ ! -s out ] || fail "stdout is not empty: $(cat out)"

# oya-exec on its own: the descriptors land on 1 and 2 and are closed, the
# command runs with argv[0] as given; a failed exec is 127 or 126 as in a shell.
EXEC=$BUILD/oya-exec
rc=0
"$EXEC" 3 4 - - /bin/sh my-sh -c 'echo $$ >pid.txt; echo "$0"; echo to-err >&2; for f in 3 4; do [ ! -e /proc/$$/fd/$f ] || echo "fd $f open"; done' \
	3>o.txt 4>e.txt >m.txt 2>&1 || rc=$?
expect_rc 0
# its own stdout (heaptrack's pipe) gets one line: the launcher's sign that heaptrack started it,
# with the pid the command keeps (the process heaptrack traces)
[ "$(cat m.txt)" = "oya-exec: started $(cat pid.txt)" ] || fail "oya-exec: on heaptrack's pipe: $(cat m.txt)"
[ "$(cat o.txt)" = my-sh ] || fail "oya-exec: stdout of the command: $(cat o.txt)"
[ "$(cat e.txt)" = to-err ] || fail "oya-exec: stderr of the command: $(cat e.txt)"
rc=0
"$EXEC" 3 4 - - "$tmp/no-such-program" x 3>&1 4>e.txt || rc=$?
expect_rc 127
has e.txt "oya-launch: $tmp/no-such-program: command not found"
printf 'not a program\n' >plain.txt
rc=0
"$EXEC" 3 4 - - "$tmp/plain.txt" x 3>&1 4>e.txt || rc=$?
expect_rc 126
has e.txt "oya-launch: $tmp/plain.txt: cannot run it: Permission denied"
rc=0
"$EXEC" 1 2 - - /bin/true true 2>e.txt || rc=$?
expect_rc 126
has e.txt "oya-exec: the descriptor arguments must be numbers above 2 or -"
