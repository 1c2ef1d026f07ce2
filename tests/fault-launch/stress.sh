# Stress under oya-launch --allow-fast-sampling -i 100ms for a bounded time
# (OYA_STRESS_SECS, default 60): the stress target of fault_stress_preload.sh,
# stopped by the launcher at its duration limit. Must hold: the launcher exits 0
# (a stop at the limit) within the limit plus its grace (no deadlock), every line
# is well formed, no seq gap in any process image, every process image of the
# tree is present, and the summary counts no malformed line and no lost sample.
# --no-heaptrack: heaptrack's data for this many allocating threads would run to
# gigabytes in a minute; heaptrack mode has its own cases (heaptrack_killed here;
# fault_launcher_sigkill and launch_heaptrack* in tests/integration).
set -eu
. "$OYA_ROOT/tests/lib.sh"
secs=${OYA_STRESS_SECS:-60}
set +e
timeout -s KILL $((secs + 120)) env STRESS_PIDS="$tmp/pids" "$BUILD/oya-launch" -q --no-heaptrack \
	--allow-fast-sampling -i 100ms -d "${secs}s" -k 5s -o "$tmp/p.jsonl" -- "$STRESS" \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
set -e
[ $rc -eq 0 ] || { cat "$tmp/err"; fail "oya-launch ended with status $rc, expected 0 (stopped at the limit)"; }
[ "$(lines "$tmp/pids")" -ge 20 ] || fail "only $(lines "$tmp/pids") process images: the stress did not run"
CHECK_STOPPED=1 "$OYA_ROOT/tests/fault/check-profile.sh" "$tmp/p.jsonl" "$tmp/pids"
s=$tmp/p.summary.json
[ -s "$s" ] || fail "no summary"
grep -Eq '"stop_reason": ?"duration_limit"' "$s" || fail "stop_reason is not duration_limit"
grep -Eq '"malformed_lines": ?0[,} ]' "$s" || fail "the summary counts malformed lines"
grep -Eq '"lost_samples": ?0[,} ]' "$s" || fail "the summary counts lost samples"
for p in $(cut -d' ' -f1 "$tmp/pids" | sort -u); do
	wait_until not_alive "$p" || fail "process $p outlived the run"
done
echo "$(lines "$tmp/pids") process images, $(lines "$tmp/p.jsonl") lines"
