# oya-summary --follow: a live view of a growing file; truncation, rotation, Ctrl-C.
set -eu
tmp=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
. "$OYA_ROOT/tests/integration/lib/summary-fixtures.sh"

# --once: read what is there, draw once
two_procs > "$tmp/live.jsonl"
expect_status 0 "$S" --follow --once "$tmp/live.jsonl"
contains "$tmp/out" "6 lines, 0 malformed"
contains "$tmp/out" "PEAK"
contains "$tmp/out" "exited"
contains "$tmp/out" "2.9 MiB"   # pid 11 peak 3000 KiB

expect_status 2 "$S" --follow "$tmp/none.jsonl"
contains "$tmp/err" "$tmp/none.jsonl: no such file"

# wait_for TEXT: until the view shows TEXT (at most about 5 s)
wait_for() {
	n=0
	until grep -qF -- "$1" "$tmp/view"; do
		n=$((n + 1))
		[ "$n" -lt 100 ] || { cat "$tmp/view" >&2; fail "the view never showed: $1"; }
		sleep 0.05
	done
}

"$S" --follow --interval 50 "$tmp/live.jsonl" > "$tmp/view" 2> "$tmp/verr" &
pid=$!
wait_for "6 lines, 0 malformed"
line 12 30 4096 start 0 late >> "$tmp/live.jsonl"
printf 'garbage\n' >> "$tmp/live.jsonl"
wait_for "8 lines, 1 malformed"
contains "$tmp/view" "late"

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
pid=
[ "$status" -eq 0 ] || fail "--follow ended with $status after SIGINT"
contains "$tmp/verr" "stopped following"
echo ok
