# oya-launch itself killed with SIGKILL, with and without heaptrack, and with the
# target a grandchild (sh starts it): the target does not outlive it (no orphan
# left running). PR_SET_PDEATHSIG reaches only the launcher's own child; the
# rest is the guard's work (launcher/shell/guard.c).
set -eu
. "$OYA_ROOT/tests/lib.sh"
n=0
for mode in no-heaptrack heaptrack grandchild; do
	n=$((n + 1))
	opt=""
	[ $mode != heaptrack ] && opt=--no-heaptrack
	if [ $mode = grandchild ]; then
		set -- sh -c '"$0" "$1" & wait' "$WAIT" "$tmp/never$n"
	else
		set -- "$WAIT" "$tmp/never$n"
	fi
	# shellcheck disable=SC2086 # $opt is one option or nothing
	"$BUILD/oya-launch" -q $opt -d 60s -o "$tmp/p$n.jsonl" -- "$@" >/dev/null 2>&1 &
	lpid=$!
	wait_until grep -qs '"exe":"fault-wait","event":"start"' "$tmp/p$n.jsonl" ||
		fail "the target never started (mode '$mode')"
	tpid=$(sed -n 's/.*"pid":\([0-9]*\),"ppid":[-0-9]*,"exe":"fault-wait","event":"start".*/\1/p' \
		"$tmp/p$n.jsonl" | head -n 1)
	[ -n "$tpid" ] || fail "no target pid in the profile"
	kill -0 "$tpid" || fail "the target $tpid is not running before the kill"
	kill -KILL $lpid
	set +e
	wait $lpid
	rc=$?
	set -e
	[ $rc -eq 137 ] || fail "the launcher ended with $rc, expected 137"
	wait_until not_alive "$tpid" || fail "the target $tpid outlived the launcher (mode '$mode')"
	echo "mode '$mode': target $tpid gone after the launcher's SIGKILL"
done
