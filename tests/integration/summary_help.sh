# oya-summary -h / -V
set -eu
. "$OYA_ROOT/tests/lib.sh"

expect_status 0 "$S" --help
has "$tmp/out" "usage: oya-summary"
has "$tmp/out" "Exit status: 0 ok; 1 --fail-above found a regression; 2 bad usage"
expect_status 0 "$S" -h
expect_status 0 "$S" -V
grep -Eq '^oya-summary [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "version: $(cat "$tmp/out")"
expect_status 0 "$S" --version
echo ok
