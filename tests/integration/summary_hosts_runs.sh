# Host and run identity end to end: every line of two oya-launch runs has host and run (the runs'
# differ); two hosts' files with the same pid stay apart; --openmetrics passes promtool with
# hostile label values; --runs lists the runs of two hosts, sorted, and counts files it cannot use;
# --metrics-file never follows a symlink in a world-writable directory.
set -eu
. "$OYA_ROOT/tests/lib.sh"

for n in 1 2; do
	run_launch --no-heaptrack $FAST -d 30s -o "$tmp/r$n.jsonl" -q -- "$TARGETS/soak-grow" $((n * 4)) /
	expect_rc 0
	jq -e -s 'length > 0 and all(.[]; (.host | type == "string" and length > 0) and
		(.run | type == "string" and length == 36))' "$tmp/r$n.jsonl" >/dev/null ||
		fail "a line of run $n lacks host or run"
	[ "$(jq -r .run "$tmp/r$n.jsonl" | sort -u | wc -l)" -eq 1 ] || fail "run $n has more than one run id"
	[ "$(jq -r .run "$tmp/r$n.summary.json")" = "$(head -n 1 "$tmp/r$n.jsonl" | jq -r .run)" ] ||
		fail "the summary of run $n names another run"
done
run1=$(head -n 1 "$tmp/r1.jsonl" | jq -r .run)
run2=$(head -n 1 "$tmp/r2.jsonl" | jq -r .run)
[ "$run1" != "$run2" ] || fail "two runs have the same run id $run1"
host=$(head -n 1 "$tmp/r1.jsonl" | jq -r .host)

# the same file "from another host": same pids, same times
jq -c '.host = "other-host"' "$tmp/r1.jsonl" >"$tmp/other.jsonl"
pid=$(head -n 1 "$tmp/r1.jsonl" | jq -r .pid)
expect_status 0 "$S" "$tmp/r1.jsonl" "$tmp/other.jsonl"
has "$tmp/out" "$(printf '%.10s' "$host")/$pid soak-grow"
has "$tmp/out" "other-host/$pid soak-grow"
expect_status 0 "$S" --json "$tmp/r1.jsonl" "$tmp/other.jsonl"
jq -e --argjson pid "$pid" --arg h "$host" '[.processes[] | select(.pid == $pid and .exe == "soak-grow")] |
	(map(.host) | sort) == ([$h, "other-host"] | sort) and .[0].samples == .[1].samples' "$tmp/out" >/dev/null ||
	fail "the two hosts' images of pid $pid were not kept apart"
expect_status 0 "$S" --html "$tmp/two.html" "$tmp/r1.jsonl" "$tmp/other.jsonl"
has "$tmp/two.html" "<code>soak-grow</code> on <code>other-host</code>"

# hostile label values: quote, backslash, newline, a control character
jq -c '.host = "h\"q\\b\nn\u0001" | .exe = "e\\x\"y"' "$tmp/r1.jsonl" >"$tmp/hostile.jsonl"
expect_status 0 "$S" --openmetrics "$tmp/hostile.jsonl"
cp "$tmp/out" "$tmp/hostile.prom"
promtool check metrics <"$tmp/hostile.prom" >"$tmp/err" 2>&1 || fail "promtool rejects the hostile labels"
has "$tmp/hostile.prom" 'host="h\"q\\b\nn'
has "$tmp/hostile.prom" 'exe="e\\x\"y"'
expect_status 0 "$S" --openmetrics "$tmp/r2.summary.json"
promtool check metrics <"$tmp/out" >"$tmp/err" 2>&1 || fail "promtool rejects a summary's metrics"
grep -q "^oya_run_rss_peak_bytes{host=\"$host\",run=\"$run2\"} [0-9]" "$tmp/out" || fail "no run peak for run 2"
grep -q "^oya_process_rss_peak_bytes{host=\"$host\",run=\"$run2\",exe=\"soak-grow\",pid=\"[0-9]*\"} " "$tmp/out" ||
	fail "no process peak for run 2"

# --runs over a directory: summaries used where they exist, JSONL streamed otherwise, bad files counted
mkdir "$tmp/runs"
cp "$tmp/r1.jsonl" "$tmp/r1.summary.json" "$tmp/r2.jsonl" "$tmp/other.jsonl" "$tmp/runs/"
echo 'not json' >"$tmp/runs/bad.jsonl"
ln -s "$tmp/nowhere" "$tmp/runs/dangling.summary.json"
expect_status 0 "$S" --runs --sort peak "$tmp/runs"
cp "$tmp/out" "$tmp/runs.txt"
head -n 1 "$tmp/runs.txt" | grep -q '^HOST  *RUN  *START  *DURATION  *MEASURE  *PEAK  *AVG' || fail "no --runs header"
has "$tmp/runs.txt" "3 runs; 2 files skipped"
has "$tmp/runs.txt" "other-host"
[ "$(sed -n 2p "$tmp/runs.txt" | awk '{print $2}')" = "$(printf '%.8s' "$run2")" ] ||
	fail "--sort peak does not put the bigger run 2 first"
expect_status 0 "$S" --runs --json --sort start "$tmp/runs"
jq -e --arg r1 "$run1" --arg r2 "$run2" '.skipped_files == 2 and (.runs | length) == 3 and
	([.runs[].run] | sort) == ([$r1, $r1, $r2] | sort) and
	([.runs[] | select(.file | endswith("r1.summary.json"))][0].stop_reason == "exited") and
	([.runs[].host] | unique | length) == 2 and ([.runs[].peak_rss_kb > 0] | all)' "$tmp/out" >/dev/null ||
	fail "--runs --json: $(head -c 600 "$tmp/out")"
expect_status 2 "$S" --runs --sort size "$tmp/runs"
has "$tmp/err" "--sort size is not one of peak, growth, start, duration"

# --metrics-file in a world-writable directory whose name is a symlink to someone's file
mkdir -m 1777 "$tmp/public"
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/public/oya.prom"
run_launch --no-heaptrack $FAST -d 30s -o "$tmp/p.jsonl" --metrics-file "$tmp/public/oya.prom" -- \
	"$TARGETS/soak-grow" 2 /
expect_rc 0
expect victim "$(cat "$tmp/victim")" precious
[ -L "$tmp/public/oya.prom" ] || fail "the symlink was replaced"
has "$tmp/err" "--metrics-file $tmp/public/oya.prom: in a world-writable directory it is a symlink"
[ "$(ls -A "$tmp/public")" = oya.prom ] || fail "files left in the directory: $(ls -A "$tmp/public")"
