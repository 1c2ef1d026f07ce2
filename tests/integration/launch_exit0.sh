# A command that ends by itself with status 0: status 0, stop_reason exited.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 20s -- "$TARGET" sleep 300
expect_rc 0
[ -s memory-profile.jsonl ] || fail "no samples"
has memory-profile.jsonl '"exe":"launch-target","event":"start"'
has memory-profile.jsonl '"event":"exit"'
summary_has stop_reason '"exited"'
summary_has exit_code 0
summary_has signal null
has err "exited with status 0"
summary_positive samples
summary_positive max_rss_kb
summary_positive max_rss_mb
summary_positive avg_rss_kb
summary_positive peak_hwm_kb
summary_has malformed_lines 0
has memory-profile.summary.json '"exe":"launch-target"'
has memory-profile.summary.json '"source":"preload"'
has memory-profile.summary.json '"started_at":"'
has memory-profile.summary.json '"heaptrack":null'
