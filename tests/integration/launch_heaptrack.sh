# Under heaptrack: only the target in the JSONL, and heaptrack's file whole after a stop at the limit.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
run_launch $FAST -d 2s -- "$TARGET" sleep 60000
expect_rc 0
summary_has stop_reason '"duration_limit"'
# heaptrack's script reports the stop the launcher sent ("Terminated"): expected, not shown
hasnt "$tmp/err" "heaptrack: Terminated"
[ -s memory-profile.heaptrack.zst ] || fail "no heaptrack data"
zstd -tq memory-profile.heaptrack.zst || fail "the heaptrack data is not a whole zstd stream"
heaptrack_print memory-profile.heaptrack.zst >print.txt 2>&1 || fail "heaptrack_print failed"
calls=$(sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p' print.txt)
[ "${calls:-0}" -gt 0 ] || fail "heaptrack recorded no allocations"
has memory-profile.jsonl '"exe":"launch-target"'
exes=$(sed -n 's/.*"exe":"\([^"]*\)".*/\1/p' memory-profile.jsonl | sort -u)
[ "$exes" = launch-target ] || fail "processes other than the target in the JSONL: $exes"
# The heaptrack fields in the summary, checked whole by the launcher.
has memory-profile.summary.json "\"data_file\":\"$tmp/memory-profile.heaptrack.zst\""
has memory-profile.summary.json '"complete":true'
allocs=$(sed -n 's/^    "allocations":\([0-9]*\),*$/\1/p' memory-profile.summary.json)
[ "${allocs:-0}" -gt 0 ] || fail "summary heaptrack allocations is '$allocs'"
for k in peak_heap_bytes peak_rss_bytes leaked_bytes temporary_allocations; do
	has memory-profile.summary.json "\"$k\":"
done
hasnt err "is not whole"
