# oya-summary on bad input: clear messages naming the file, exit 2, skipped lines counted, strings escaped.
set -eu
. "$OYA_ROOT/tests/lib.sh"

: > "$tmp/empty.jsonl"
expect_status 2 "$S" "$tmp/empty.jsonl"
has "$tmp/err" "$tmp/empty.jsonl: empty file"

mkdir "$tmp/dir"
expect_status 2 "$S" "$tmp/dir"
has "$tmp/err" "$tmp/dir: is a directory"

expect_status 2 "$S" "$tmp/missing.jsonl"
has "$tmp/err" "$tmp/missing.jsonl: no such file"

head -c 100000 /dev/urandom > "$tmp/binary.jsonl"
expect_status 2 "$S" "$tmp/binary.jsonl"
has "$tmp/err" "$tmp/binary.jsonl"
has "$tmp/err" "no valid samples"

printf '\377\376{"timestamp":"2026-11-26T19:00:00.000Z","pid":1,"metrics":{"rss_kb":1}}\n' > "$tmp/latin.jsonl"
two_procs >> "$tmp/latin.jsonl"
expect_status 0 "$S" "$tmp/latin.jsonl"
has "$tmp/err" "skipped 1 malformed line of 7 (first: line 1: bytes that are not UTF-8)"

# A line of 3 MB between good lines, and a truncated last line.
two_procs > "$tmp/huge.jsonl"
{ printf '{"exe":"'; head -c 3000000 /dev/zero | tr '\0' x; printf '"}\n'; } >> "$tmp/huge.jsonl"
printf '{"timestamp":"2026-11-26T19:00:30.000Z","pid":11,"metr' >> "$tmp/huge.jsonl"
expect_status 0 "$S" "$tmp/huge.jsonl"
has "$tmp/out" "skipped: 2 malformed lines"
has "$tmp/err" "first: line 7: line longer than 64 KiB"
expect_status 0 "$S" --json "$tmp/huge.jsonl"
[ "$(jq .malformed_lines "$tmp/out")" = 2 ] || fail "malformed_lines in --json"
[ "$(jq .samples "$tmp/out")" = 6 ] || fail "samples in --json"

# The huge line first
{ printf '{"exe":"'; head -c 200000 /dev/zero | tr '\0' x; printf '"}\n'; two_procs; } > "$tmp/huge-first.jsonl"
expect_status 0 "$S" "$tmp/huge-first.jsonl"
has "$tmp/out" "2 process images, 6 samples"
has "$tmp/err" "first: line 1: line longer than 64 KiB"

# A compact summary JSON of more than 64 KiB on one line
"$GEN" 3000 1000 flat 1000 > "$tmp/many.jsonl"
"$S" --json "$tmp/many.jsonl" | jq -c . > "$tmp/many.summary.json"
expect_status 0 "$S" "$tmp/many.summary.json"
has "$tmp/out" "1000 process images, 3000 samples"

# A broken summary JSON
printf '{\n  "processes": [\n' > "$tmp/broken.summary.json"
expect_status 2 "$S" "$tmp/broken.summary.json"
has "$tmp/err" "$tmp/broken.summary.json: not valid JSON"

# Input strings come out inert: quotes, <script>, an escape sequence, a newline.
printf '{"timestamp":"2026-11-26T19:00:00.000Z","pid":7,"exe":"q\\"<script>alert(1)</script>\\u001b[31m\\nx","metrics":{"rss_kb":5}}\n' > "$tmp/evil.jsonl"
expect_status 0 "$S" --json "$tmp/evil.jsonl"
[ "$(jq '.processes[0].exe == "q\"<script>alert(1)</script>\u001b[31m\nx"' "$tmp/out")" = true ] ||
	fail "exe not kept: $(jq '.processes[0].exe' "$tmp/out")"
grep -q "$(printf '\033')" "$tmp/out" && fail "raw ESC in --json output"
expect_status 0 "$S" "$tmp/evil.jsonl"
grep -q "$(printf '\033')" "$tmp/out" && fail "raw ESC in the table"
has "$tmp/out" '\x1b[31m'
has "$tmp/out" '7 q"<script>'

# Usage errors
expect_status 2 "$S"
has "$tmp/err" "no FILE given"
expect_status 2 "$S" --bogus "$tmp/evil.jsonl"
has "$tmp/err" "--bogus is not an option"
expect_status 2 "$S" --fail-above 10 "$tmp/evil.jsonl"
has "$tmp/err" "--fail-above works only with --diff"
expect_status 2 "$S" --diff "$tmp/evil.jsonl"
has "$tmp/err" "--diff needs two files"
expect_status 2 "$S" --diff --fail-above ten "$tmp/evil.jsonl" "$tmp/evil.jsonl"
has "$tmp/err" "--fail-above ten is not a percentage"
expect_status 2 "$S" --diff --fail-above=-5 "$tmp/evil.jsonl" "$tmp/evil.jsonl"
expect_status 2 "$S" --follow "$tmp/evil.jsonl" "$tmp/evil.jsonl"
has "$tmp/err" "--follow needs exactly one file"
echo ok
