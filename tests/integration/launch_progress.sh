# On a terminal: a progress line that rewrites itself (elapsed / duration, RSS, processes),
# and none with -q. script(1) gives oya-launch a terminal.
. "$OYA_ROOT/tests/lib.sh"
command -v script >/dev/null || fail "script(1) (bsdutils) is missing"
script -qec "\"$LAUNCH\" --no-heaptrack $FAST -d 1s -- \"$TARGET\" sleep 60000" /dev/null >tty.out 2>&1 </dev/null ||
	fail "oya-launch failed on a terminal: $(cat tty.out)"
has tty.out " / 1 s  rss "
has tty.out "1 process"
has tty.out "$(printf '\r')oya-launch: "
has tty.out "stopped at the duration limit"
script -qec "\"$LAUNCH\" -q --no-heaptrack $FAST -d 1s -o q.jsonl -- \"$TARGET\" sleep 60000" /dev/null >q.out 2>&1 </dev/null ||
	fail "oya-launch -q failed on a terminal"
hasnt q.out " / 1 s  rss "
hasnt q.out "stopped at the duration limit"
