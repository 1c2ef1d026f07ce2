# oya-summary --json: the summary object, exact figures, the round trip through a summary file.
set -eu
. "$OYA_ROOT/tests/lib.sh"

two_procs > "$tmp/run.jsonl"
echo 'not json' >> "$tmp/run.jsonl"
expect_status 0 "$S" --json "$tmp/run.jsonl"
cp "$tmp/out" "$tmp/s.json"
has "$tmp/err" "skipped 1 malformed line of 7 (first: line 7: not valid JSON)"
check() { # check JQ_EXPR EXPECTED
	got=$(jq -c "$1" "$tmp/s.json") || fail "jq $1"
	[ "$got" = "$2" ] || fail "$1: expected $2, got $got"
}
check .schema_version 1
check .samples 6
check .lost_samples 1
check .malformed_lines 1
check .max_rss_kb 3300
check .avg_rss_kb 1780
check .max_rss_mb 3.22
check .peak_hwm_kb 3000
check .command null
check .heaptrack null
check '.processes | length' 2
check '.processes[0] | [.pid, .ppid, .exe, .source, .samples, .lost_samples, .exited]' '[10,1,"a","preload",3,0,true]'
check '.processes[0].rss_kb' '{"min":100,"max":300,"avg":150,"p50":200,"p95":300,"first":100,"last":300}'
check '.processes[1].rss_kb' '{"min":1000,"max":3000,"avg":2000,"p50":2000,"p95":3000,"first":1000,"last":2000}'
check '.processes[1].lost_samples' 1
check '.processes[0].vm_size_kb.max' 600
check '.processes[0].vm_peak_kb' 900
check '.processes[0].vm_hwm_kb' 300
check '.processes[0].first_at' '"2026-11-26T19:00:00.000Z"'
check '.processes[1].last_at' '"2026-11-26T19:00:25.000Z"'
check '.processes[0] | has("growth_kb_per_hour") and has("leak_suspected") and has("leak_reason")' true
check '.leak_suspected' false
# 25 s of a few samples: too little data to judge, so no extrapolated growth rate
check '[.growth_kb_per_hour, .processes[0].growth_kb_per_hour, .processes[1].growth_kb_per_hour]' '[null,null,null]'

# A summary JSON read back and written again is the same document.
expect_status 0 "$S" --json "$tmp/s.json"
cmp -s "$tmp/out" "$tmp/s.json" || fail "summary JSON round trip differs"

# Old seed-format lines: only timestamp, pid and a few metrics.
printf '{"timestamp":"2026-11-26T19:00:00.000Z","pid":5,"metrics":{"rss_kb":10,"vm_size_kb":20,"vm_peak_kb":30,"rss_shared_kb":4},"elapsed_secs":0}\n' > "$tmp/seed.jsonl"
expect_status 0 "$S" --json "$tmp/seed.jsonl"
cp "$tmp/out" "$tmp/s.json"
check '.processes[0] | [.pid, .ppid, .exe, .source, .vm_hwm_kb, .rss_kb.max]' '[5,null,null,null,null,10]'
echo ok
