# PSS against the kernel: a copy-on-write tree (the parent writes 100 MB, 3
# children keep it without writing) and a 100 MB MAP_SHARED region read by 3
# children. With OYA_PSS=always, the sum of each process's last pss_kb is within
# 10% of the sum of Pss read from /proc/PID/smaps_rollup while they are alive;
# summed RSS counts the shared pages once per process.
. "$OYA_ROOT/tests/lib.sh"

export OYA_PSS=always
for mode in cow shared; do
	out=$tmp/$mode.jsonl
	ready=$tmp/$mode.ready
	stop=$tmp/$mode.stop
	start_preloaded "$out" "$TARGETS/pss-tree" $mode 100 3 "$ready" "$stop" >"$tmp/stdout" 2>"$tmp/stderr"
	wait_for_file "$ready"
	pids=$(cat "$ready")
	# two more samples of every process after the tree is complete
	for p in $pids; do
		n=$(count "$out" ".pid == $p and .event == \"sample\"")
		wait_samples "$out" "$p" $((n + 2))
	done
	kernel=0
	for p in $pids; do
		k=$(awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup")
		[ -n "$k" ] || fail "$mode: no Pss in /proc/$p/smaps_rollup"
		kernel=$((kernel + k))
	done
	ours=0
	rss=0
	for p in $pids; do
		last=$(jq -s -c "[.[] | select(.pid == $p and .metrics.pss_kb != null)][-1].metrics" "$out")
		[ "$last" != null ] || fail "$mode: no pss_kb for pid $p"
		ours=$((ours + $(printf '%s' "$last" | jq .pss_kb)))
		rss=$((rss + $(printf '%s' "$last" | jq .rss_kb)))
	done
	touch "$stop"
	st=0
	wait "$bg_pid" || st=$?
	expect "$mode exit status" "$st" 0
	expect "$mode stdout" "$(cat "$tmp/stdout")" "$mode 100 MB, 3 children: ok"
	[ ! -s "$tmp/stderr" ] || fail "$mode stderr: $(cat "$tmp/stderr")"
	check_lines "$out"
	check_seq "$out"
	echo "$mode: summed pss_kb $ours, kernel's summed Pss $kernel, summed rss_kb $rss"
	parent=${pids%% *}
	# the 100 MB were really written: resident in the parent
	[ "$(jq -s "[.[] | select(.pid == $parent) | .metrics.rss_kb] | max" "$out")" -ge 102400 ] ||
		fail "$mode: the parent never had 100 MB resident"
	diff=$((ours > kernel ? ours - kernel : kernel - ours))
	[ $((diff * 10)) -le "$kernel" ] || fail "$mode: summed pss_kb $ours is not within 10% of $kernel"
	# 4 processes map the same 100 MB: RSS counts it 4 times, PSS once
	[ "$rss" -ge $((ours * 3)) ] || fail "$mode: summed rss_kb $rss is not about 4x summed pss_kb $ours"
	[ "$ours" -ge 102400 ] || fail "$mode: summed pss_kb $ours is below the 100 MB written"
	# always: every line carries PSS, with its split and USS
	expect "$mode lines without pss_kb" "$(count "$out" '.metrics.pss_kb == null')" 0
	expect "$mode lines with a partial split" \
		"$(count "$out" '(.metrics | .uss_kb == null or .pss_anon_kb == null or .pss_file_kb == null or .pss_shmem_kb == null or .swap_pss_kb == null)')" 0
	if [ $mode = shared ]; then
		# the region is shmem: each process's last line carries its share
		for p in $pids; do
			s=$(jq -s "[.[] | select(.pid == $p)][-2].metrics.pss_shmem_kb" "$out")
			[ "$s" -ge 20000 ] || fail "shared: pid $p has pss_shmem_kb $s, not a quarter of 100 MB"
		done
	fi
done
echo ok
