# The output path is made absolute at start: a relative OYA_OUTPUT stays in the
# start directory after the program changes directory.
. "$OYA_ROOT/tests/lib.sh"

mkdir "$tmp/start" "$tmp/elsewhere"
cd "$tmp/start"
st=0
run_preloaded out.jsonl "$TARGETS/preload-chdir" "$tmp/start/out.jsonl" "$tmp/elsewhere" 3 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
expect "files elsewhere" "$(ls "$tmp/elsewhere" | wc -l)" 0
check_lines "$tmp/start/out.jsonl"
check_seq "$tmp/start/out.jsonl"
expect "events" "$(jq -s -r '[.[] | select(.event != "sample") | .event] | join(" ")' out.jsonl)" "start exit"
[ "$(count out.jsonl '.event == "sample"')" -ge 3 ] || fail "fewer than 3 samples"

# the same with the default output name and with a "./" path
for o in "" ./x.jsonl; do
	rm -f ./*.jsonl
	st=0
	if [ -z "$o" ]; then
		LD_PRELOAD=$PRELOAD OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
			"$TARGETS/preload-chdir" "$tmp/start/memory-profile.jsonl" "$tmp/elsewhere" 2 || st=$?
		f=memory-profile.jsonl
	else
		run_preloaded "$o" "$TARGETS/preload-chdir" "$tmp/start/x.jsonl" "$tmp/elsewhere" 2 || st=$?
		f=x.jsonl
	fi
	expect "exit status ($f)" "$st" 0
	check_lines "$tmp/start/$f"
	expect "files elsewhere ($f)" "$(ls "$tmp/elsewhere" | wc -l)" 0
done
echo ok
