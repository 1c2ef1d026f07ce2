# oya-launch --pss: the summary's tree total by PSS against the kernel's own Pss
# sum (/proc/PID/smaps_rollup, read while the tree is paused), on the
# copy-on-write target and on a real forked pool (python3 multiprocessing);
# summed RSS counts the shared pages once per process. --pss off: no PSS at all;
# a static program sampled from outside gets PSS from the launcher's reads.
. "$OYA_ROOT/tests/lib.sh"

# pss_run NAME CMD...: CMD under oya-launch --pss always in the background; once
# it wrote its pids to $tmp/NAME.ready and every one of them has two more
# samples, $kernel is their summed Pss; then it is told to stop.
pss_run() {
	name=$1
	shift
	ready=$tmp/$name.ready
	"$LAUNCH" $FAST --no-heaptrack --pss always -d 120s -o "$name.jsonl" -- "$@" "$ready" "$tmp/$name.stop" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" &
	bg_pid=$!
	bg_pids="$bg_pids $bg_pid"
	wait_until -n 600 test -s "$ready" || fail "$name: $ready never appeared"
	pids=$(cat "$ready")
	for p in $pids; do
		n=$(count "$name.jsonl" ".pid == $p and .event == \"sample\"")
		wait_samples "$name.jsonl" "$p" $((n + 2))
	done
	kernel=0
	for p in $pids; do
		k=$(awk '$1 == "Pss:" { print $2 }' "/proc/$p/smaps_rollup")
		[ -n "$k" ] || fail "$name: no Pss in /proc/$p/smaps_rollup"
		kernel=$((kernel + k))
	done
	touch "$tmp/$name.stop"
	rc=0
	wait "$bg_pid" || rc=$?
	expect "$name: oya-launch's status" "$rc" 0
}

# pss_check NAME MB: max_pss_kb within 15% of $kernel, above the MB written, and
# summed RSS at least 3 times it; every process line has swap_kb and PSS (the
# cgroup's lines are not a process's); the headline says PSS.
pss_check() {
	sum=$1.summary.json
	pss=$(jq .max_pss_kb "$sum")
	rss=$(jq .max_rss_kb "$sum")
	echo "$1: max_pss_kb $pss, kernel's summed Pss $kernel, max_rss_kb $rss"
	[ "$pss" != null ] || fail "$1: no max_pss_kb"
	diff=$((pss > kernel ? pss - kernel : kernel - pss))
	[ $((diff * 100)) -le $((kernel * 15)) ] || fail "$1: max_pss_kb $pss is not within 15% of $kernel"
	[ "$pss" -ge $(($2 * 1024)) ] || fail "$1: max_pss_kb $pss is below the $2 MB written"
	[ "$rss" -ge $((kernel * 3)) ] || fail "$1: max_rss_kb $rss is not 3 times the Pss sum $kernel"
	expect "$1: lines without swap_kb" "$(count "$1.jsonl" '.source != "cgroup" and .metrics.swap_kb == null')" 0
	expect "$1: lines without pss_kb" "$(count "$1.jsonl" '.source != "cgroup" and .metrics.pss_kb == null')" 0
	expect "$1: images counted by RSS" "$(jq .pss_rss_fallback_images "$sum")" 0
	jq -e '.pss_kb | .min <= .p50 and .p50 <= .p95 and .p95 <= .max' "$sum" >/dev/null ||
		fail "$1: pss_kb out of order: $(jq -c .pss_kb "$sum")"
	jq -e '[.processes[] | .pss_samples > 0 and .max_pss_kb <= .rss_kb.max and .uss_kb.max <= .max_pss_kb
		and .max_swap_kb >= 0] | all' "$sum" >/dev/null || fail "$1: a process without PSS figures"
	grep -q "peak PSS .* (RSS summed: .*)" "$tmp/$1.err" || fail "$1: headline: $(cat "$tmp/$1.err")"
}

pss_run cow "$TARGETS/pss-tree" cow 100 3
expect "cow stdout" "$(cat "$tmp/cow.out")" "cow 100 MB, 3 children: ok"
pss_check cow 100

if [ -x /usr/bin/python3 ]; then
	pss_run pool /usr/bin/python3 "$OYA_ROOT/tests/integration/lib/pss-pool.py"
	expect "pool stdout" "$(cat "$tmp/pool.out")" "pool: ok"
	pss_check pool 200
else
	echo "no /usr/bin/python3: the pool case is not run"
fi

# off: no line reads smaps_rollup; the summary's PSS fields are null; the headline is by RSS
run_launch $FAST --no-heaptrack --pss off -d 20s -o off.jsonl -- "$STATIC" 500
expect_rc 0
expect "off: lines with pss_kb" "$(count off.jsonl '.metrics.pss_kb? != null')" 0
expect "off: max_pss_kb" "$(jq .max_pss_kb off.summary.json)" null
expect "off: pss_kb" "$(jq .pss_kb off.summary.json)" null
has err "peak RSS "

# a static program is sampled from outside: the launcher reads its PSS too
run_launch $FAST --no-heaptrack --pss always -d 20s -o static.jsonl -- "$STATIC" 500
expect_rc 0
expect "static: launcher lines without pss_kb" \
	"$(count static.jsonl '.source == "launcher" and .metrics.pss_kb == null')" 0
[ "$(count static.jsonl '.source == "launcher"')" -gt 0 ] || fail "static: no launcher lines"
[ "$(jq .max_pss_kb static.summary.json)" -gt 0 ] || fail "static: no max_pss_kb"
# a mode that is not one of the three is refused before anything starts
run_launch --no-heaptrack --pss sometimes -- "$STATIC" 10
expect_rc 125
has err "oya-launch: --pss 'sometimes' is not auto, always or off"
[ ! -e memory-profile.jsonl ] || fail "a refused --pss still ran the command"
"$LAUNCH" --help | grep -q -- "--pss MODE" || fail "--help does not name --pss"
echo ok
