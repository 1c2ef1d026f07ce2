# oya-summary FILE...: the table, merging several files, reading stdin and a summary JSON.
set -eu
. "$OYA_ROOT/tests/lib.sh"

two_procs > "$tmp/run.jsonl"
expect_status 0 "$S" "$tmp/run.jsonl"
has "$tmp/out" "2 process images, 6 samples"
has "$tmp/out" "tree RSS (sum of live)"
has "$tmp/out" "10 a"
has "$tmp/out" "11 b"
has "$tmp/out" "3.2 MiB"   # tree max 3300 KiB
has "$tmp/out" "1.7 MiB"   # tree time-weighted avg 1780 KiB
has "$tmp/out" "leak verdicts"
has "$tmp/out" "skipped: 0 malformed lines; lost: 1 sample (gaps in seq)"
[ ! -s "$tmp/err" ] || fail "unexpected stderr: $(cat "$tmp/err")"

# Two files merged (each process in its own file) give the same figures as one.
grep '"pid":10' "$tmp/run.jsonl" > "$tmp/a.jsonl"
grep '"pid":11' "$tmp/run.jsonl" > "$tmp/b.jsonl"
expect_status 0 "$S" "$tmp/a.jsonl" "$tmp/b.jsonl"
cp "$tmp/out" "$tmp/merged"
expect_status 0 "$S" "$tmp/run.jsonl"
cmp -s "$tmp/out" "$tmp/merged" || fail "merged files summarise differently"

# stdin
expect_status 0 sh -c "\"$S\" - < \"$tmp/run.jsonl\""
has "$tmp/out" "2 process images, 6 samples"

# A summary JSON in place of the JSONL.
expect_status 0 "$S" --json "$tmp/run.jsonl"
cp "$tmp/out" "$tmp/run.summary.json"
expect_status 0 "$S" "$tmp/run.summary.json"
has "$tmp/out" "2 process images, 6 samples"
has "$tmp/out" "10 a"

# ...but not merged with a JSONL file
expect_status 2 "$S" "$tmp/run.summary.json" "$tmp/a.jsonl"
has "$tmp/err" "cannot be merged"

# A generated long climb is called a leak; a flat one is not.
"$GEN" 2000 2 climb 10000 > "$tmp/climb.jsonl"
expect_status 0 "$S" "$tmp/climb.jsonl"
has "$tmp/out" "LEAK SUSPECTED: steady climb"
"$GEN" 2000 2 flat 10000 > "$tmp/flat.jsonl"
expect_status 0 "$S" "$tmp/flat.jsonl"
grep -q "LEAK SUSPECTED" "$tmp/out" && fail "flat series called a leak"
has "$tmp/out" "no leak: flat"
echo ok
