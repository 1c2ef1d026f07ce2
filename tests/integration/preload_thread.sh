# In a running program: the sampler is one thread named oya-sampler that blocks
# every signal, and no descriptor of the output is open between samples.
. "$OYA_ROOT/tests/lib.sh"

out=$tmp/thread.jsonl
OYA_TEST_INTERVAL=100ms start_preloaded "$out" "$TARGETS/preload-hold" "$tmp/stop"
pid=$bg_pid
wait_samples "$out" "$pid" 2

sampler=""
for task in /proc/"$pid"/task/*; do
	if [ "$(cat "$task/comm")" = oya-sampler ]; then
		[ -z "$sampler" ] || fail "two sampler threads"
		sampler=$task
	fi
done
[ -n "$sampler" ] || fail "no thread named oya-sampler: $(cat /proc/"$pid"/task/*/comm)"
expect "threads" "$(ls "/proc/$pid/task" | wc -l)" 2
# SigBlk: every signal the kernel lets a thread block; glibc keeps its two
# internal ones (32, 33) open, so bits 32 and 33 may be clear, no others.
blk=$(sed -n 's/^SigBlk:[[:space:]]*//p' "$sampler/status")
echo "sampler SigBlk $blk"
case $blk in
fffffffffffffeff | fffffffe7ffbfeff | fffffffc7ffbfeff | fffffffe7fffffff | fffffffc7fffffff | ffffffffffffffff) ;;
*) fail "sampler SigBlk is $blk" ;;
esac
# SIGKILL (bit 8) and SIGSTOP (bit 18) cannot be blocked; everything else from 1 to 31 must be
for sig in 1 2 3 10 12 13 14 15 17; do
	bit=$((sig - 1))
	nib=$(printf '%s' "$blk" | cut -c $((16 - bit / 4)))
	[ $((0x$nib >> (bit % 4) & 1)) = 1 ] || fail "signal $sig not blocked on the sampler thread (SigBlk $blk)"
done
# the main thread's mask is the program's own (empty here)
expect "main SigBlk" "$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$pid/status")" 0000000000000000

# no descriptor of the output while it runs (looked at many times between samples)
i=0
while [ $i -lt 40 ]; do
	if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "$out"; then
		# a sample may be in flight: only a descriptor seen twice in a row counts
		sleep 0.01
		! ls -l "/proc/$pid/fd" 2>/dev/null | grep -q "$out" || fail "output descriptor held: $(ls -l "/proc/$pid/fd")"
	fi
	i=$((i + 1))
	sleep 0.02
done
with=$(ls "/proc/$pid/fd" | sort -n | tr '\n' ' ')
"$TARGETS/preload-hold" "$tmp/stop2" &
bare=$!
bg_pids="$bg_pids $bare"
sleep 0.1
without=$(ls "/proc/$bare/fd" | sort -n | tr '\n' ' ')
touch "$tmp/stop2"
wait "$bare" || fail "bare hold failed"
expect "descriptors with and without the preload" "$with" "$without"
touch "$tmp/stop"
st=0
wait "$pid" || st=$?
expect "exit status" "$st" 0
check_lines "$out"
check_seq "$out"
echo ok
