# A program that closed stderr and opened its own file on descriptor 2: the
# sampler's warning must not land in that file.
. "$OYA_ROOT/tests/lib.sh"

st=0
run_preloaded "$tmp/s.jsonl" "$TARGETS/preload-fd2" "$tmp/data" || st=$?
expect "status" "$st" 0
expect "the program's file" "$(cat "$tmp/data")" "$(printf 'DATA\nMORE')"
echo ok
