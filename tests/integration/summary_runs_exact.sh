# --runs rows and the metrics against the full summary of the same file: a real run with PSS on
# every line (a shell that forks two soaks), synthetic runs with and without PSS; each row's
# figures are those of `oya-summary --json` of its file, and PEAK/AVG say which measure they are.
# --openmetrics has the PSS series and, over the files of two runs, one set of run series per run,
# each with that run's own figures.
set -eu
. "$OYA_ROOT/tests/lib.sh"

run_launch --no-heaptrack --pss always $FAST -d 30s -o "$tmp/real.jsonl" -q -- \
	sh -c "\"$TARGETS/soak-grow\" 24 / & \"$TARGETS/soak-grow\" 8 /; wait"
expect_rc 0
[ "$(count "$tmp/real.jsonl" '.source != "cgroup" and .metrics.pss_kb == null')" -eq 0 ] ||
	fail "a line of the real run has no pss_kb"
[ "$(jq -r .pid "$tmp/real.jsonl" | sort -u | grep -c .)" -ge 3 ] || fail "the real run has fewer than 3 pids"

# synthetic: two processes climbing for 1,000 s; with PSS on every second line (the growth is then
# judged on PSS), and a sawtooth without any
"$GEN" 2000 2 climb 1000 100000 36000 >"$tmp/climb.jsonl"
jq -c 'if .seq % 2 == 0 then .metrics.pss_kb = (.metrics.rss_kb / 3 | floor) else . end' \
	"$tmp/climb.jsonl" >"$tmp/climb-pss.jsonl"
"$GEN" 3000 3 sawtooth 500 80000 >"$tmp/saw.jsonl"

mkdir "$tmp/runs"
cp "$tmp/real.jsonl" "$tmp/climb-pss.jsonl" "$tmp/saw.jsonl" "$tmp/runs/"
expect_status 0 "$S" --runs --json "$tmp/runs"
cp "$tmp/out" "$tmp/rows.json"
expect "rows" "$(jq '.runs | length' "$tmp/rows.json")" 3
for f in real climb-pss saw; do
	expect_status 0 "$S" --json "$tmp/$f.jsonl"
	cp "$tmp/out" "$tmp/$f.summary"
	jq -e --slurpfile s "$tmp/$f.summary" --arg f "$f.jsonl" '
		($s[0]) as $s | (.runs[] | select(.file | endswith("/" + $f))) as $r |
		(if $s.max_pss_kb != null then "pss" else "rss" end) as $m |
		$r.measure == $m and
		$r.peak_kb == (if $m == "pss" then $s.max_pss_kb else $s.max_rss_kb end) and
		$r.avg_kb == (if $m == "pss" then $s.avg_pss_kb else $s.avg_rss_kb end) and
		$r.peak_rss_kb == $s.max_rss_kb and $r.avg_rss_kb == $s.avg_rss_kb and
		$r.peak_pss_kb == $s.max_pss_kb and $r.avg_pss_kb == $s.avg_pss_kb and
		$r.growth_kb_per_hour == $s.growth_kb_per_hour and
		(if $s.growth_kb_per_hour == null then $r.leak_suspected == null and $r.growth_measure == null
		 else $r.leak_suspected == $s.leak_suspected and $r.growth_measure == $s.leak_measure end) and
		$r.started_at == $s.first_sample_at and $r.host == $s.processes[0].host' \
		"$tmp/rows.json" >/dev/null ||
		fail "$f: the row $(jq -c --arg f "$f.jsonl" '.runs[] | select(.file | endswith("/" + $f))' \
			"$tmp/rows.json") is not the summary's $(jq -c '{max_rss_kb, avg_rss_kb, max_pss_kb,
			avg_pss_kb, growth_kb_per_hour, leak_measure, leak_suspected}' "$tmp/$f.summary")"
done
expect "climb-pss: judged on" "$(jq -r .leak_measure "$tmp/climb-pss.summary")" pss
expect "saw: measure" "$(jq -r '.runs[] | select(.file | endswith("/saw.jsonl")) | .measure' "$tmp/rows.json")" rss

# the table names the measure; the summary oya-launch wrote says the same as its JSONL
expect_status 0 "$S" --runs "$tmp/real.summary.json"
head -n 1 "$tmp/out" | grep -q '^HOST  *RUN  *START  *DURATION  *MEASURE  *PEAK  *AVG  *GROWTH' ||
	fail "--runs header: $(head -n 1 "$tmp/out")"
sed -n 2p "$tmp/out" | grep -q ' pss ' || fail "the real run's row is not by PSS: $(cat "$tmp/out")"
expect_status 0 "$S" --runs --json "$tmp/real.summary.json"
jq -e --slurpfile s "$tmp/real.summary.json" '.runs[0] | .measure == "pss" and
	.peak_kb == $s[0].max_pss_kb and .avg_kb == $s[0].avg_pss_kb and .stop_reason == "exited"' "$tmp/out" \
	>/dev/null || fail "the summary's row: $(cat "$tmp/out")"

# OpenMetrics: PSS series with the summary's figures, in bytes
expect_status 0 "$S" --openmetrics "$tmp/real.jsonl"
cp "$tmp/out" "$tmp/real.prom"
promtool check metrics <"$tmp/real.prom" >"$tmp/err" 2>&1 || fail "promtool rejects the PSS metrics"
run=$(head -n 1 "$tmp/real.jsonl" | jq -r .run)
host=$(head -n 1 "$tmp/real.jsonl" | jq -r .host)
has "$tmp/real.prom" "oya_run_pss_peak_bytes{host=\"$host\",run=\"$run\"} $(($(jq .max_pss_kb "$tmp/real.summary") * 1024))"
has "$tmp/real.prom" "oya_run_rss_peak_bytes{host=\"$host\",run=\"$run\"} $(($(jq .max_rss_kb "$tmp/real.summary") * 1024))"
grep -q '^oya_run_pss_average_bytes{' "$tmp/real.prom" || fail "no oya_run_pss_average_bytes"
for pid in $(jq -r '.processes[] | select(.max_pss_kb != null) | .pid' "$tmp/real.summary"); do
	exe=$(jq -r --argjson p "$pid" '[.processes[] | select(.pid == $p)] | last | .exe' "$tmp/real.summary")
	peak=$(jq -r --argjson p "$pid" '[.processes[] | select(.pid == $p)] | last | .max_pss_kb' "$tmp/real.summary")
	has "$tmp/real.prom" "oya_process_pss_peak_bytes{host=\"$host\",run=\"$run\",exe=\"$exe\",pid=\"$pid\"} $((peak * 1024))"
done
grep -q '^oya_process_pss_average_bytes{' "$tmp/real.prom" || fail "no oya_process_pss_average_bytes"
# the growth is named after the series it was judged on
expect_status 0 "$S" --openmetrics "$tmp/climb-pss.jsonl"
grep -q '^oya_run_pss_growth_bytes_per_second{' "$tmp/out" || fail "no PSS growth for a run judged on PSS"
hasnt "$tmp/out" "oya_run_rss_growth_bytes_per_second{"

# two runs in one call: each run's series carry its own figures, as when its file is given alone
jq -c '.run = "run-b" | .host = "host-b"' "$tmp/climb-pss.jsonl" >"$tmp/b.jsonl"
expect_status 0 "$S" --openmetrics "$tmp/real.jsonl" "$tmp/b.jsonl"
cp "$tmp/out" "$tmp/two.prom"
promtool check metrics <"$tmp/two.prom" >"$tmp/err" 2>&1 || fail "promtool rejects the metrics of two runs"
expect "run peak series" "$(grep -c '^oya_run_rss_peak_bytes{' "$tmp/two.prom")" 2
expect_status 0 "$S" --openmetrics "$tmp/b.jsonl"
for name in oya_run_rss_peak_bytes oya_run_pss_peak_bytes oya_run_samples_total oya_run_duration_seconds; do
	has "$tmp/two.prom" "$(grep "^$name{" "$tmp/out")"
	has "$tmp/two.prom" "$(grep "^$name{" "$tmp/real.prom")"
done
# lines without a run id go with the one run there is; beside two they are a run of their own
expect_status 0 "$S" --openmetrics "$tmp/real.jsonl" "$tmp/saw.jsonl"
expect "run series with lines without a run id" "$(grep -c '^oya_run_rss_peak_bytes{' "$tmp/out")" 1
grep -q "^oya_run_rss_peak_bytes{host=\"\",run=\"$run\"} " "$tmp/out" || fail "the one run's series: $(cat "$tmp/out")"
expect_status 0 "$S" --openmetrics "$tmp/real.jsonl" "$tmp/b.jsonl" "$tmp/saw.jsonl"
expect "run series of two runs and lines without a run id" "$(grep -c '^oya_run_rss_peak_bytes{' "$tmp/out")" 3
grep -q '^oya_run_rss_peak_bytes{host="",run=""} ' "$tmp/out" || fail "no series for the lines without a run id"
expect_status 2 "$S" --openmetrics --heaptrack "$tmp/none.zst" "$tmp/real.jsonl" "$tmp/b.jsonl"
has "$tmp/err" "the files hold 2 runs and heaptrack's data belongs to one"
