# Under heaptrack: with the preload sampling every 100 ms for over a second,
# no allocation has a backtrace through the sampler's code after start (only
# the constructor may allocate, once, inside pthread_attr_setsigmask_np).
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is missing (scripts/install-deps build)"

out=$tmp/ht.jsonl
st=0
# heaptrack's script and helpers inherit LD_PRELOAD; OYA_REQUIRE_HEAPTRACK=1
# keeps the sampler to heaptrack's target
OYA_REQUIRE_HEAPTRACK=1 run_preloaded "$out" heaptrack -o "$tmp/data" \
	"$TARGETS/preload-work" "$out" 15 return 0 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
grep -q '^work done 63$' "$tmp/stdout" || fail "target output: $(cat "$tmp/stdout")"
check_lines "$out"
check_seq "$out"
expect "sampled processes" "$(jq -s -r '[.[].exe] | unique | join(" ")' "$out")" preload-work
[ "$(count "$out" '.event == "sample"')" -ge 15 ] || fail "fewer than 15 samples"

# heaptrack_print exits 0 even on an empty or cut file: check the stream and the content
data=$tmp/data.zst
[ -s "$data" ] || fail "no heaptrack data"
zstd -tq "$data" || fail "heaptrack data is not a whole zstd stream"
heaptrack_print -f "$data" -F "$tmp/stacks" >"$tmp/print" 2>&1 || fail "heaptrack_print failed: $(tail -n 5 "$tmp/print")"
total=$(sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p' "$tmp/print")
[ "${total:-0}" -ge 64 ] || fail "heaptrack saw ${total:-no} allocations, the target makes 64"
# flame-graph stacks: one line per backtrace, "func (file.c);func (file.c);... count"
grep -q '^main (preload-work.c); 64$' "$tmp/stacks" || fail "the target's own 64 allocations are not in the stacks"
# every stack through the preload's code starts the sampler thread in the
# constructor (pthread internals: the attribute's signal mask, the thread's TLS)
if grep '(sampler.c)\|(sample_line.c)\|(status.c)' "$tmp/stacks" |
	grep -v ';oya_preload_init (sampler.c);\(start_sampling (sampler.c);\)\{0,1\}start_thread (sampler.c);[^(]* ([a-z_]*\.c);'; then
	fail "allocations through the sampler other than starting its thread (above)"
fi
n=$(grep -c 'oya_preload_init (sampler.c)' "$tmp/stacks" || true)
[ "$n" -le 2 ] || fail "$n allocation stacks through the constructor"
echo ok
