# A main thread that ends with pthread_exit: the process ends when its last
# thread does (status 0, as without the preload), not kept alive by the sampler,
# and its lines carry real memory figures up to the exit line.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/pexit.jsonl
st=0
timeout -k 5 30 "$TARGETS/preload-pexit" || st=$?
expect "status without the preload" "$st" 0
st=0
timeout -k 5 30 env LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$out" \
	"$TARGETS/preload-pexit" || st=$?
expect "status with the preload (124 = still running after 30 s)" "$st" 0
check_lines "$out"
expect "last event" "$(jq -s -r '.[-1].event' "$out")" "exit"
expect "lines with no memory figures" "$(jq -s '[.[] | select(.metrics.rss_kb == 0)] | length' "$out")" 0
echo ok
