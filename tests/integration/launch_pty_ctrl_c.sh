# Ctrl-C typed at a terminal, under heaptrack: the terminal's SIGINT reaches the
# command (in the foreground group) but not heaptrack's script and helpers (a
# group of their own), so heaptrack's data file stays whole: 130, interrupted.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
rc=0
python3 "$OYA_ROOT/tests/integration/lib/pty-interrupt.py" d.jsonl '"event":"start"' \
	"$LAUNCH" -o d.jsonl -- "$BUILD/tests/targets/oya-demo" >err 2>&1 || rc=$?
expect_rc 130
SUMMARY=d.summary.json
summary_has stop_reason '"interrupted"'
[ -s d.heaptrack.zst ] || fail "the heaptrack data file is empty"
zstd -tq d.heaptrack.zst || fail "the heaptrack data is not a whole zstd stream"
has d.summary.json '"complete":true'
allocs=$(sed -n 's/^    "allocations":\([0-9]*\),*$/\1/p' d.summary.json)
[ "${allocs:-0}" -gt 0 ] || fail "summary heaptrack allocations is '$allocs'"
has err "got SIGINT"
