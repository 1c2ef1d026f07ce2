# A program that closes every descriptor above 2 and then writes its own file:
# the file holds only the program's bytes, never a sampler line, because the
# sampler holds no descriptor between samples.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/closefds.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-closefds" "$out" "$tmp/data" 5 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
n=$(cat "$tmp/stdout")
[ "$n" -gt 0 ] || fail "no data lines written"
i=0
while [ $i -lt "$n" ]; do
	echo "data line $i"
	i=$((i + 1))
done >"$tmp/want"
cmp "$tmp/data" "$tmp/want" || fail "the program's file holds bytes it did not write: $(grep -v '^data line' "$tmp/data" | head -n 3)"
check_lines "$out"
check_seq "$out"
[ "$(count "$out" '.event == "sample"')" -ge 5 ] || fail "fewer than 5 samples"
expect "last line" "$(tail -n 1 "$out" | jq -r .event)" exit
echo ok
