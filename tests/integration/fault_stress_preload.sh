# Stress under the preload alone, at the fastest interval: four threads churning
# malloc/free, a SIGALRM timer every 10 ms, a sigwait thread that ends the run on
# SIGTERM, and every 200 ms a child that forks a grandchild which execs a chain
# of four images; every third child closes all its descriptors and checks that
# its own file holds only its own bytes. Must hold: no deadlock (the run ends on
# SIGTERM with status 0 and every process is gone), no crash, nothing on stderr,
# every line well formed, no seq gap in any process image, and every process
# image present with its start line and an exit line at its end.
# OYA_STRESS_SECS (default 5) sets the length of the run.
set -eu
. "$OYA_ROOT/tests/lib.sh"
secs=${OYA_STRESS_SECS:-5}
# timeout passes our SIGTERM on, and kills a run that hangs (status 137).
timeout -s KILL $((secs + 60)) env STRESS_PIDS="$tmp/pids" LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 \
	OYA_INTERVAL=100ms OYA_OUTPUT="$tmp/p.jsonl" "$STRESS" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep "$secs" # the length of the run, not a claim about timing
kill -TERM $pid
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 0 ] || fail "the stress target ended with status $rc"
for p in $(cut -d' ' -f1 "$tmp/pids" | sort -u); do
	wait_until not_alive "$p" || fail "process $p is still running (deadlock?)"
done
[ ! -s "$tmp/err" ] || fail "stderr: $(head -n 5 "$tmp/err")"
[ "$(lines "$tmp/pids")" -ge 20 ] || fail "only $(lines "$tmp/pids") process images: the stress did not run"
"$OYA_ROOT/tests/fault/check-profile.sh" "$tmp/p.jsonl" "$tmp/pids"
echo "$(lines "$tmp/pids") process images, $(lines "$tmp/p.jsonl") lines"
