# oya-summary --svg, --html, --heaptrack, and --diff with heaptrack data on both sides.
set -eu
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack > /dev/null || fail "heaptrack is missing: run scripts/install-deps build"
ALLOC=$BUILD/tests/targets/alloc-pattern

two_procs > "$tmp/run.jsonl"

# The chart alone: one series per process and one for the tree.
expect_status 0 "$S" --svg "$tmp/chart.svg" "$tmp/run.jsonl"
has "$tmp/err" "wrote $tmp/chart.svg"
[ ! -s "$tmp/out" ] || fail "--svg printed on stdout"
[ "$(grep -o 'class="series"' "$tmp/chart.svg" | wc -l)" -eq 2 ] || fail "not 2 process series"
has "$tmp/chart.svg" 'class="series tree"'
has "$tmp/chart.svg" 'data-pid="10"'

# The page without heaptrack data.
expect_status 0 "$S" --html "$tmp/plain.html" "$tmp/run.jsonl"
has "$tmp/plain.html" "<svg"
has "$tmp/plain.html" 'data-pid="11"'

# heaptrack's file next to the JSONL is found: figures in every output, flame graphs in the page.
heaptrack -o "$tmp/run.heaptrack" "$ALLOC" 1 > "$tmp/ht.log" 2>&1 || { cat "$tmp/ht.log"; fail "heaptrack"; }
ht=$(ls "$tmp"/run.heaptrack.*)
expect_status 0 "$S" --json "$tmp/run.jsonl"
[ "$(jq '.heaptrack.complete' "$tmp/out")" = true ] || fail "heaptrack figures: $(jq .heaptrack "$tmp/out")"
[ "$(jq '.heaptrack.allocations > 0 and .heaptrack.peak_heap_bytes > 0' "$tmp/out")" = true ] ||
	fail "heaptrack figures: $(jq .heaptrack "$tmp/out")"
expect_status 0 "$S" "$tmp/run.jsonl"
has "$tmp/out" "heaptrack ("
has "$tmp/out" "peak heap"
has "$tmp/out" "leaked at exit"
expect_status 0 "$S" --html "$tmp/full.html" --svg "$tmp/full.svg" "$tmp/run.jsonl"
[ "$(grep -o '<svg' "$tmp/full.html" | wc -l)" -ge 3 ] || fail "the page lacks the flame graphs"
has "$tmp/full.html" "hold_block"

# --heaptrack names the file for a JSONL that has none next to it; a missing one is an error.
cp "$tmp/run.jsonl" "$tmp/other.jsonl"
expect_status 0 "$S" --json "$tmp/other.jsonl"
[ "$(jq '.heaptrack' "$tmp/out")" = null ] || fail "heaptrack data from nowhere"
expect_status 0 "$S" --json --heaptrack "$ht" "$tmp/other.jsonl"
[ "$(jq '.heaptrack.complete' "$tmp/out")" = true ] || fail "--heaptrack not read"
expect_status 2 "$S" --heaptrack "$tmp/nothing.zst" "$tmp/other.jsonl"
has "$tmp/err" "$tmp/nothing.zst: cannot read it"

# A summary JSON takes its series from NAME.jsonl next to it, and its heaptrack file from data_file.
expect_status 0 "$S" --json "$tmp/run.jsonl"
cp "$tmp/out" "$tmp/run.summary.json"
expect_status 0 "$S" --svg "$tmp/again.svg" "$tmp/run.summary.json"
[ "$(grep -o 'class="series"' "$tmp/again.svg" | wc -l)" -eq 2 ] || fail "summary JSON: no series"

# --diff with heaptrack data on both sides: peak heap gated, and the call stacks that changed.
cp "$tmp/run.jsonl" "$tmp/new.jsonl"
heaptrack -o "$tmp/new.heaptrack" "$ALLOC" 3 > "$tmp/ht.log" 2>&1 || { cat "$tmp/ht.log"; fail "heaptrack"; }
expect_status 1 "$S" --diff "$tmp/run.jsonl" "$tmp/new.jsonl" --fail-above 10
has "$tmp/out" "heaptrack peak heap"
has "$tmp/out" "regression: heaptrack peak heap grew by more than 10%"
has "$tmp/out" "call stacks whose peak memory changed most"
has "$tmp/out" "hold_block"
expect_status 1 "$S" --json --diff "$tmp/run.jsonl" "$tmp/new.jsonl" --fail-above 10
[ "$(jq '.stack_changes | length > 0' "$tmp/out")" = true ] || fail "--json diff: no stack changes"

expect_status 2 "$S" --diff --svg "$tmp/x.svg" "$tmp/run.jsonl" "$tmp/new.jsonl"
has "$tmp/err" "--svg works on one run"
echo ok
