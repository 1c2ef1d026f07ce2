# Stress under oya-launch --allow-fast-sampling -i 100ms for a bounded time
# (OYA_STRESS_SECS, default 60): the stress target of fault_stress_preload.sh,
# stopped by the launcher at its duration limit. Must hold: the launcher exits 0
# (a stop at the limit) within the limit plus its grace (no deadlock), every line
# is well formed, no seq gap in any process image, every process image of the
# tree is present, and the summary counts no malformed line and no lost sample.
# --no-heaptrack: heaptrack's data for this many allocating threads would run to
# gigabytes in a minute; heaptrack mode has its own cases (launcher_sigkill,
# heaptrack_killed here; launch_heaptrack* in tests/integration).
set -eu
. "$OYA_ROOT/tests/fault/lib.sh"
secs=${OYA_STRESS_SECS:-60}
set +e
timeout -s KILL $((secs + 120)) env STRESS_PIDS="$T/pids" "$BUILD/oya-launch" -q --no-heaptrack \
	--allow-fast-sampling -i 100ms -d "${secs}s" -k 5s -o "$T/p.jsonl" -- "$STRESS" \
	>"$T/out" 2>"$T/err"
rc=$?
set -e
[ $rc -eq 0 ] || { cat "$T/err"; fail "oya-launch ended with status $rc, expected 0 (stopped at the limit)"; }
[ "$(lines "$T/pids")" -ge 20 ] || fail "only $(lines "$T/pids") process images: the stress did not run"
CHECK_STOPPED=1 "$OYA_ROOT/tests/fault/check-profile.sh" "$T/p.jsonl" "$T/pids"
s=$T/p.summary.json
[ -s "$s" ] || fail "no summary"
grep -Eq '"stop_reason": ?"duration_limit"' "$s" || fail "stop_reason is not duration_limit"
grep -Eq '"malformed_lines": ?0[,} ]' "$s" || fail "the summary counts malformed lines"
grep -Eq '"lost_samples": ?0[,} ]' "$s" || fail "the summary counts lost samples"
for p in $(cut -d' ' -f1 "$T/pids" | sort -u); do
	wait_for not_alive "$p" || fail "process $p outlived the run"
done
echo "$(lines "$T/pids") process images, $(lines "$T/p.jsonl") lines"
