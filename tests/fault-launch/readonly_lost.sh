# Under oya-launch, the output made read-only for a while: the target is
# unharmed (its own status, 7), one warning is printed, and the summary counts
# the samples lost.
set -eu
. "$OYA_ROOT/tests/lib.sh"
touch "$tmp/probe"
if ! chattr +i "$tmp/probe" 2>/dev/null; then
	echo "SKIP: this file system has no chattr +i (root ignores file modes)"
	exit 77 # counted and shown as skipped by tests/fault-launch/run, never as passed
fi
chattr -i "$tmp/probe"
out=$tmp/p.jsonl
"$BUILD/oya-launch" -q --no-heaptrack --allow-fast-sampling -i 100ms -d 60s -o "$out" -- \
	"$WAIT" "$tmp/go" >"$tmp/stdout" 2>"$tmp/stderr" &
lpid=$!
wait_until has_lines "$out" 3 || fail "no samples"
chattr +i "$out"
wait_until has_oya_line "$tmp/stderr" || { chattr -i "$out"; fail "no warning while the output was read-only"; }
n=$(lines "$out")
chattr -i "$out"
wait_until has_lines "$out" $((n + 2)) || fail "sampling did not resume"
touch "$tmp/go"
set +e
wait $lpid
rc=$?
set -e
[ $rc -eq 7 ] || fail "oya-launch ended with $rc, expected the command's 7"
lost=$(sed -n 's/.*"lost_samples": \{0,1\}\([0-9]*\).*/\1/p' "$tmp/p.summary.json" | head -n 1)
[ -n "$lost" ] && [ "$lost" -gt 0 ] || fail "the summary does not count the lost samples (lost_samples=${lost:-missing})"
# One warning, not one per lost sample (-q: the launcher adds nothing of its own).
one_warning "$tmp/stderr" "samples are lost"
echo "lost_samples=$lost; stderr: $(cat "$tmp/stderr")"
