# heaptrack not on PATH: 125 before anything starts, with what to do.
. "$OYA_ROOT/tests/lib.sh"
PATH=/nonexistent run_launch $FAST -d 5s -- "$TARGET" exit 0
expect_rc 125
has err "heaptrack is not on PATH"
has err "--no-heaptrack"
[ ! -e memory-profile.jsonl ] || fail "the run started"
