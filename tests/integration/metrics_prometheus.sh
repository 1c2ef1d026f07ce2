# oya-launch --metrics-file into node_exporter's textfile collector, scraped by a real Prometheus:
# the live peak of a running soak is found through Prometheus' HTTP API by the run's "run" label.
set -eu
. "$OYA_ROOT/tests/lib.sh"

for p in prometheus prometheus-node-exporter promtool curl; do
	command -v "$p" >/dev/null || { echo "SKIP: $p is not installed (scripts/install-deps test)"; exit 77; }
done

# a port nobody listens on now (another program could take it before ours: the wait below says so)
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
ne_port=$(free_port)
prom_port=$(free_port)
mkdir -p "$tmp/textfile" "$tmp/tsdb"

prometheus-node-exporter --web.listen-address="127.0.0.1:$ne_port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tmp/textfile" >"$tmp/ne.log" 2>&1 &
bg_pids="$bg_pids $!"
cat >"$tmp/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$ne_port']
EOC
promtool check config "$tmp/prometheus.yml" >"$tmp/err" 2>&1 || fail "promtool rejects the test's config"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
	--web.listen-address="127.0.0.1:$prom_port" >"$tmp/prom.log" 2>&1 &
bg_pids="$bg_pids $!"

# the soak: grows to 24 MiB and holds until told to stop
"$LAUNCH" --no-heaptrack $FAST -d 60s -o "$tmp/soak.jsonl" --metrics-file "$tmp/textfile/oya.prom" -q -- \
	"$TARGETS/soak-grow" 24 "$tmp/stop" >"$tmp/out" 2>"$tmp/err" &
launch_pid=$!
bg_pids="$bg_pids $launch_pid"

wait_start "$tmp/soak.jsonl"
run=$(head -n 1 "$tmp/soak.jsonl" | jq -r .run)
host=$(head -n 1 "$tmp/soak.jsonl" | jq -r .host)
[ -n "$run" ] && [ "$run" != null ] || fail "the soak's lines carry no run id"
wait_until -n 400 test -s "$tmp/textfile/oya.prom" || fail "no metrics file"
promtool check metrics <"$tmp/textfile/oya.prom" >"$tmp/lint" 2>&1 || {
	cat "$tmp/lint" >&2
	fail "promtool check metrics rejects the metrics file"
}

# Prometheus' view of the soak's peak, in bytes ("" until it has one)
peak() {
	curl -fsS "http://127.0.0.1:$prom_port/api/v1/query" \
		--data-urlencode "query=oya_run_rss_peak_bytes{run=\"$run\",host=\"$host\"}" 2>/dev/null |
		jq -r '.data.result[0].value[1] // empty'
}
# the soak has touched all of its 24 MiB once its lines show it (RSS counts it then)
grown() {
	tail -n 1 "$tmp/soak.jsonl" | jq -e '.metrics.rss_kb >= 24 * 1024' >/dev/null
}
wait_until -n 400 grown || fail "the soak never reached 24 MiB"
live_at_least() { # live_at_least BYTES: Prometheus holds a peak of at least BYTES
	v=$(peak)
	[ -n "$v" ] && awk -v v="$v" -v m="$1" 'BEGIN { exit !(v >= m) }'
}
wait_until -n 600 live_at_least $((24 * 1024 * 1024)) ||
	fail "Prometheus never showed the live peak (last: '$(peak)'; prometheus log: $(tail -n 3 "$tmp/prom.log"))"
kill -0 "$launch_pid" || fail "the run ended before Prometheus saw it"
echo "Prometheus: oya_run_rss_peak_bytes{run=\"$run\"} = $(peak) while the soak runs"

# the per-process series carry host, run, exe and pid
curl -fsS "http://127.0.0.1:$prom_port/api/v1/series" --data-urlencode "match[]={__name__=~\"oya_.*\",run=\"$run\"}" \
	>"$tmp/series" || fail "the series query failed"
jq -e --arg run "$run" '[.data[] | select(.__name__ == "oya_process_rss_peak_bytes" and .exe == "soak-grow"
	and .run == $run and (.pid | test("^[0-9]+$")))] | length == 1' "$tmp/series" >/dev/null ||
	fail "no oya_process_rss_peak_bytes series for soak-grow: $(head -c 400 "$tmp/series")"

touch "$tmp/stop"
wait_until -n 400 not_alive "$launch_pid" || fail "the soak did not end"
wait "$launch_pid" || fail "oya-launch exited $?"
# the last version is the finished run's and is whole
tail -n 1 "$tmp/textfile/oya.prom" | grep -qx '# EOF' || fail "the last metrics file does not end with # EOF"
has "$tmp/textfile/oya.prom" "oya_run_samples_total{host=\"$host\",run=\"$run\"}"
[ -z "$(ls -A "$tmp/textfile" | grep -v '^oya.prom$')" ] || fail "temporary files left: $(ls -A "$tmp/textfile")"
