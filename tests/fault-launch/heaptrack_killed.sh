# heaptrack's interpreter killed during the run: the summary says the heap
# profile is incomplete instead of reporting zeros as if they were figures.
set -eu
. "$OYA_ROOT/tests/lib.sh"
"$BUILD/oya-launch" -q -d 60s -o "$tmp/p.jsonl" -- "$WAIT" "$tmp/go" >"$tmp/out" 2>"$tmp/err" &
lpid=$!
wait_until grep -qs '"exe":"fault-wait","event":"start"' "$tmp/p.jsonl" || fail "the target never started"
# heaptrack_interpret among the launcher's descendants (comm is cut to 15 bytes)
descendants() {
	ps -eo pid=,ppid=,comm= | awk -v root="$1" '
		{ parent[$1] = $2; comm[$1] = $3 }
		END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]
			if (q == root && p != root) print p, comm[p] } }'
}
find_interp() { descendants $lpid | awk '$2 ~ /^heaptrack_inter/ { print $1; exit }'; }
found_interp() { ipid=$(find_interp) && [ -n "$ipid" ]; }
wait_until -n 200 found_interp || fail "no heaptrack_interpret under the launcher"
kill -KILL "$ipid"
touch "$tmp/go"
set +e
wait $lpid
rc=$?
set -e
# The command's own status: 7, or 141 when heaptrack's pipe broke under it.
[ $rc -eq 7 ] || [ $rc -eq 141 ] || { cat "$tmp/err"; fail "oya-launch ended with $rc"; }
s=$tmp/p.summary.json
[ -s "$s" ] || fail "no summary"
grep -Eq '"heaptrack": ?\{' "$s" || fail "the summary has no heaptrack object"
grep -Eq '"complete": ?false' "$s" || fail "the summary does not say the heap profile is incomplete"
ht=$(tr -d ' \n' <"$s" | grep -o '"heaptrack":{[^}]*}')
echo "$ht"
# No zeros passed off as figures: what heaptrack_print could not read is null.
for k in peak_heap_bytes peak_rss_bytes leaked_bytes allocations temporary_allocations; do
	case $ht in
	*"\"$k\":null"*) ;;
	*"\"$k\":"[1-9]*) ;; # a partial figure read before the kill
	*) fail "heaptrack.$k is neither null nor a figure read from the data: $ht" ;;
	esac
done
echo "interpreter $ipid killed; summary: $(grep -Eo '"problem": ?"[^"]*"' "$s" | head -n 1)"
