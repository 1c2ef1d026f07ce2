# The smaps_rollup budget on a target with 2 GB resident in 4 KiB pages (a read
# walks half a million page-table entries), sampled every 100 ms: under auto
# only some lines carry PSS (a read that took D is not repeated within 100 x D),
# under always every line, under off none. Counts, never times.
. "$OYA_ROOT/tests/lib.sh"

# run_big MODE SAMPLES [FILTER]: the target under OYA_PSS=MODE until it has
# written SAMPLES periodic samples with its 2 GB resident (and two lines that
# match FILTER); the lines are in $tmp/MODE.jsonl.
run_big() {
	out=$tmp/$1.jsonl
	rm -f "$tmp/ready" "$tmp/stop"
	OYA_PSS=$1 start_preloaded "$out" "$TARGETS/pss-big" 2048 "$tmp/ready" "$tmp/stop" >"$tmp/stdout" 2>"$tmp/stderr"
	wait_for_file "$tmp/ready"
	n=$(count "$out" '.event == "sample"')
	wait_samples "$out" "$bg_pid" $((n + $2))
	i=0
	while [ -n "${3:-}" ] && [ "$(count "$out" "$3")" -lt 2 ]; do
		i=$((i + 1))
		[ $i -le 600 ] || fail "$1: fewer than 2 lines with $3"
		sleep 0.05
	done
	touch "$tmp/stop"
	st=0
	wait "$bg_pid" || st=$?
	expect "$1 exit status" "$st" 0
	expect "$1 stdout" "$(cat "$tmp/stdout")" "2048 MB held: 90"
	[ ! -s "$tmp/stderr" ] || fail "$1 stderr: $(cat "$tmp/stderr")"
	check_lines "$out"
	check_seq "$out"
}

# periodic lines with the 2 GB resident
BIG='.event == "sample" and .metrics.rss_kb >= 2000000'

run_big off 10
expect "off: lines with pss_kb" "$(count "$tmp/off.jsonl" '.metrics.pss_kb != null')" 0

run_big always 10
all=$(count "$tmp/always.jsonl" "$BIG")
[ "$all" -ge 10 ] || fail "always: only $all big samples"
expect "always: big samples without pss_kb" "$(count "$tmp/always.jsonl" "$BIG and .metrics.pss_kb == null")" 0
expect "always: lines without pss_kb" "$(count "$tmp/always.jsonl" '.metrics.pss_kb == null')" 0
[ "$(jq -s "[.[] | select($BIG) | .metrics.pss_kb] | min" "$tmp/always.jsonl")" -ge 2000000 ] ||
	fail "always: pss_kb below the 2 GB the process alone holds"

# auto: 40 samples and two reads (each read takes milliseconds, so tens of
# intervals pass between two reads once the 2 GB are resident)
run_big auto 40 "$BIG and .metrics.pss_kb != null"
big=$(count "$tmp/auto.jsonl" "$BIG")
with=$(count "$tmp/auto.jsonl" "$BIG and .metrics.pss_kb != null")
echo "auto: $with of $big samples with 2 GB resident carry PSS"
[ "$with" -ge 2 ] || fail "auto: fewer than 2 of $big samples carry PSS"
[ $((with * 4)) -le "$big" ] || fail "auto: $with of $big samples carry PSS; the budget allows far fewer"
# the start line of a process is never read under auto; its first periodic one is
expect "auto: start with pss_kb" "$(count "$tmp/auto.jsonl" '.event == "start" and .metrics.pss_kb != null')" 0
expect "auto: first sample has pss_kb" \
	"$(jq -s '[.[] | select(.event == "sample")][0].metrics.pss_kb != null' "$tmp/auto.jsonl")" true
echo ok
