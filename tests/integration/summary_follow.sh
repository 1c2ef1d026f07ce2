# oya-summary --follow: a live view of a growing file; truncation, rotation, Ctrl-C.
. "$OYA_ROOT/tests/lib.sh"

# --once: read what is there, draw once
two_procs > "$tmp/live.jsonl"
expect_status 0 "$S" --follow --once "$tmp/live.jsonl"
has "$tmp/out" "6 lines, 0 malformed"
has "$tmp/out" "PEAK"
has "$tmp/out" "exited"
has "$tmp/out" "2.9 MiB"   # pid 11 peak 3000 KiB

expect_status 2 "$S" --follow "$tmp/none.jsonl"
has "$tmp/err" "$tmp/none.jsonl: no such file"

# wait_for TEXT: until the view shows TEXT
wait_for() {
	wait_until -n 100 grep -qF -- "$1" "$tmp/view" || { cat "$tmp/view" >&2; fail "the view never showed: $1"; }
}

"$S" --follow --interval 50 "$tmp/live.jsonl" > "$tmp/view" 2> "$tmp/verr" &
pid=$!
bg_pids="$bg_pids $pid"
wait_for "6 lines, 0 malformed"
line 12 30 4096 start 0 late >> "$tmp/live.jsonl"
printf 'garbage\n' >> "$tmp/live.jsonl"
wait_for "8 lines, 1 malformed"
has "$tmp/view" "late"

# truncated in place: starts over
line 13 40 100 start 0 fresh > "$tmp/live.jsonl"
wait_for "1 lines, 0 malformed"

# rotated: renamed away and created anew; the view carries on with the new file
mv "$tmp/live.jsonl" "$tmp/live.jsonl.1"
line 14 50 200 start 0 rotated > "$tmp/live.jsonl"
wait_for "rotated"

kill -INT "$pid"
set +e
wait "$pid"
status=$?
set -e
[ "$status" -eq 0 ] || fail "--follow ended with $status after SIGINT"
has "$tmp/verr" "stopped following"
echo ok
