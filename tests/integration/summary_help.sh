# oya-summary -h / -V
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$OYA_ROOT/tests/integration/lib/summary-fixtures.sh"

expect_status 0 "$S" --help
contains "$tmp/out" "usage: oya-summary"
contains "$tmp/out" "Exit status: 0 ok; 1 --fail-above found a regression; 2 bad usage"
expect_status 0 "$S" -h
expect_status 0 "$S" -V
grep -Eq '^oya-summary [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/out" || fail "version: $(cat "$tmp/out")"
expect_status 0 "$S" --version
echo ok
