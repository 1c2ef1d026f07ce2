# oya-summary --diff BASE NEW [--fail-above PCT]: the comparison and the CI gate's exit status.
set -eu
. "$OYA_ROOT/tests/lib.sh"

# base: one process at 1000 kB; new: the same at 1200 kB (+20%); same: identical.
for t in 0 10 20 30; do line 20 "$t" 1000 sample "$((t / 10))"; done > "$tmp/base.jsonl"
for t in 0 10 20 30; do line 20 "$t" 1200 sample "$((t / 10))"; done > "$tmp/new.jsonl"
for t in 0 10 20 30; do line 20 "$t" 900 sample "$((t / 10))"; done > "$tmp/lower.jsonl"

expect_status 1 "$S" --diff "$tmp/base.jsonl" "$tmp/new.jsonl" --fail-above 10
has "$tmp/out" "max RSS (tree)"
has "$tmp/out" "+20.0%  REGRESSION"
has "$tmp/out" "regression: max RSS (tree), avg RSS (tree) grew by more than 10%"
# 30 s of 4 samples is too little to judge growth: n/a on both sides, not an extrapolated rate
has "$tmp/out" "$(printf '%-22s %14s %14s %10s' 'growth per hour' n/a n/a n/a)"

expect_status 0 "$S" --diff "$tmp/base.jsonl" "$tmp/base.jsonl" --fail-above 10
has "$tmp/out" "+0.0%"
has "$tmp/out" "ok: max RSS, avg RSS and peak heap grew by at most 10%"

expect_status 0 "$S" --diff "$tmp/base.jsonl" "$tmp/new.jsonl" --fail-above 25
expect_status 0 "$S" --diff "$tmp/base.jsonl" "$tmp/lower.jsonl" --fail-above 0
has "$tmp/out" "-10.0%"
expect_status 0 "$S" --diff "$tmp/base.jsonl" "$tmp/new.jsonl"
has "$tmp/out" "no --fail-above given: compared only"
has "$tmp/out" "skipped: 0 malformed lines in base, 0 in new"

# Summary JSON on either side, with heaptrack figures: the peak heap is gated too.
expect_status 0 "$S" --json "$tmp/base.jsonl"
jq '.heaptrack = {"peak_heap_bytes": 1000000, "leaked_bytes": 0, "allocations": 10}' "$tmp/out" > "$tmp/base.summary.json"
jq '.heaptrack = {"peak_heap_bytes": 1500000, "leaked_bytes": 4096, "allocations": 12}' "$tmp/out" > "$tmp/heap.summary.json"
expect_status 1 "$S" --diff "$tmp/base.summary.json" "$tmp/heap.summary.json" --fail-above 10
has "$tmp/out" "heaptrack peak heap"
has "$tmp/out" "+50.0%  REGRESSION"
has "$tmp/out" "heaptrack leaked"
expect_status 1 "$S" --diff "$tmp/base.summary.json" "$tmp/new.jsonl" --fail-above 10.5

# --json: the comparison as JSON
expect_status 1 "$S" --json --diff "$tmp/base.jsonl" "$tmp/new.jsonl" --fail-above 10%
[ "$(jq .regression "$tmp/out")" = true ] || fail "--json diff regression"
[ "$(jq '.rows[0].change_pct' "$tmp/out")" = 20 ] || fail "--json diff change_pct: $(jq '.rows[0]' "$tmp/out")"
[ "$(jq -c '.rows[] | select(.name == "growth per hour") | [.base, .new, .change_pct]' "$tmp/out")" = '[null,null,null]' ] ||
	fail "--json diff growth on too little data: $(jq -c '.rows' "$tmp/out")"

# An unreadable side is exit 2, not a regression
expect_status 2 "$S" --diff "$tmp/base.jsonl" "$tmp/nothing.jsonl" --fail-above 10
has "$tmp/err" "$tmp/nothing.jsonl: no such file"
echo ok
