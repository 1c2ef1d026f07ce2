# No heap allocation per sample: a target with its own malloc family counts
# the calls made on the thread named oya-sampler (all its life), and all calls
# of every thread during a window in which main allocates nothing while the
# sampler writes 10 samples. Both must be 0; a thread of the target's own with
# the sampler's name shows that the counting sees allocations.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/noalloc.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-mallocount" "$out" 10 >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
expect "counts" "$(cat "$tmp/stdout")" "sampler_allocs=0 window_allocs=0 probe_allocs=1 samples=10"
check_lines "$out"
check_seq "$out"
[ "$(count "$out" '.event == "sample"')" -ge 10 ] || fail "fewer than 10 samples"
echo ok
