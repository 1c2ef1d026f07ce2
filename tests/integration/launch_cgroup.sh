# The run's cgroup for real (root, the v1 memory controller here): the kernel's
# exact peak sees a spike that no sample sees; --memory-limit ends a command
# that takes more with the OOM killer, counted (137, oom_killed true); the group
# is removed after the run; where no cgroup can be made (not root) one line says
# so, the cgroup fields are null and the run is otherwise the same, and a limit
# that cannot be enforced is refused.
. "$OYA_ROOT/tests/lib.sh"
SPIKE=$TARGETS/cgroup-spike
MIB=1048576

[ "$(id -u)" -eq 0 ] || { echo "skipped: not root, so no cgroup can be made here"; exit 77; }
awk '$(NF-2) == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { f = 1 } END { exit !f }' /proc/self/mountinfo ||
	{ echo "skipped: no cgroup v1 memory controller mounted"; exit 77; }
MEMROOT=$(awk '$(NF-2) == "cgroup" && $NF ~ /(^|,)memory(,|$)/ { print $5; exit }' /proc/self/mountinfo)

cg_lines() { count "$1" '.source == "cgroup"' 2>/dev/null || echo 0; }
more_cg_lines() { [ "$(cg_lines "$1")" -gt "$2" ]; } # more_cg_lines FILE N: more than N
# the group the summary names is gone from the hierarchy
group_removed() {
	p=$(jq -r '.cgroup.path' "$1")
	[ -n "$p" ] && [ "$p" != null ] || fail "$1: no cgroup path"
	[ ! -d "$MEMROOT$p" ] || fail "the run's cgroup $MEMROOT$p is still there"
}

# (a) 200 MiB for a moment, just after a tick. The launcher samples the process
# and the group at one tick (--sampler launcher), so the next tick 2 s later
# misses it, unless the machine is so loaded that taking 200 MiB lasts past it:
# then the run is tried again, at most three times.
spike_run() { # spike_run N: one run in the directory try-N; 0 when no line saw the spike
	mkdir "try-$1" && cd "try-$1" || fail "cannot make try-$1"
	mkfifo in
	"$LAUNCH" --no-heaptrack --sampler launcher --allow-fast-sampling -i 2s -d 60s -o spike.jsonl -- \
		"$SPIKE" spike 200 50 <in >got 2>err &
	lpid=$!
	bg_pids="$bg_pids $lpid"
	exec 3>in
	wait_until -n 400 grep -q r got || fail "the spike target never started"
	wait_until -n 400 more_cg_lines spike.jsonl 0 || fail "no cgroup line in spike.jsonl"
	n=$(cg_lines spike.jsonl)
	wait_until -n 400 more_cg_lines spike.jsonl "$n" || fail "no second cgroup line"
	printf g >&3
	wait_until -n 400 grep -q x got || fail "the spike never ended"
	n=$(cg_lines spike.jsonl)
	wait_until -n 400 more_cg_lines spike.jsonl "$n" || fail "no cgroup line after the spike"
	exec 3>&-
	rc=0
	wait "$lpid" || rc=$?
	expect_rc 0
	peak=$(jq '.cgroup.peak_bytes' spike.summary.json)
	lines_max=$(jq -s '[.[] | select(.source == "cgroup") | .metrics.current_bytes] | max' spike.jsonl)
	rss_max=$(jq -s '[.[] | select(.source != "cgroup") | .metrics.rss_kb * 1024] | max' spike.jsonl)
	echo "try $1: kernel's peak $peak bytes; highest cgroup line $lines_max, highest sample RSS $rss_max"
	[ "$peak" -ge $((200 * MIB)) ] || fail "cgroup.peak_bytes $peak is below the 200 MiB spike"
	[ "$lines_max" -lt $((100 * MIB)) ] && [ "$rss_max" -lt $((100 * MIB)) ]
}
try=1
until spike_run $try; do
	[ $try -lt 3 ] || fail "a line saw the spike in all of three runs: $lines_max bytes (cgroup), $rss_max (RSS)"
	cd .. || fail "cannot leave try-$try"
	try=$((try + 1))
done
cp spike.jsonl spike.summary.json .. && cd .. || fail "cannot keep try-$try's files"
[ "$(jq '.cgroup.version' spike.summary.json)" -eq 1 ] || fail "cgroup.version is not 1"
[ "$(jq '.cgroup.limit_bytes' spike.summary.json)" = null ] || fail "a limit without --memory-limit"
[ "$(jq '.cgroup.oom_kills' spike.summary.json)" -eq 0 ] || fail "an OOM kill without a limit"
[ "$(jq '.oom_killed' spike.summary.json)" = false ] || fail "oom_killed is not false"
[ "$(jq '.malformed_lines' spike.summary.json)" -eq 0 ] || fail "cgroup lines counted as malformed"
# every cgroup line is one object with the fields of the line format
[ "$(count spike.jsonl '.source == "cgroup" and .event == "sample" and .version == 1 and
	(.cgroup | type) == "string" and (.metrics.current_bytes | type) == "number" and
	(.metrics | keys) == ["anon_bytes", "current_bytes", "file_bytes", "file_mapped_bytes",
	"kernel_bytes", "shmem_bytes", "sock_bytes"] and (.seq | type) == "number"')" -eq "$(cg_lines spike.jsonl)" ] ||
	fail "a cgroup line without the line format's fields"
group_removed spike.summary.json
# oya-summary reads the lines back: the same group, no peak from moments
expect_status 0 "$S" --json spike.jsonl
[ "$(jq -r '.cgroup.path' out)" = "$(jq -r '.cgroup.path' spike.summary.json)" ] ||
	fail "oya-summary --json: cgroup.path $(jq -r '.cgroup.path' out)"
[ "$(jq '.cgroup.peak_bytes' out)" = null ] || fail "a peak made up from lines"
[ "$(jq '.malformed_lines' out)" -eq 0 ] || fail "oya-summary: cgroup lines counted as malformed"
expect_status 0 "$S" spike.summary.json
has out "cgroup v1"
has out "peak"

# (b) 300 MiB under a 64 MiB limit, under heaptrack (oya-exec enters the group).
run_launch --allow-fast-sampling -i 1s -d 60s --memory-limit 64M -o oom.jsonl -- "$SPIKE" hog 300
expect_rc 137
SUMMARY=oom.summary.json
summary_has oom_killed true
summary_has stop_reason '"signaled"'
summary_has signal 9
[ "$(jq '.cgroup.oom_kills' oom.summary.json)" -eq 1 ] || fail "cgroup.oom_kills is not 1"
[ "$(jq '.cgroup.limit_bytes' oom.summary.json)" -eq $((64 * MIB)) ] || fail "cgroup.limit_bytes"
has err "was killed by the kernel's OOM killer at the memory limit of"
hasnt err "likely cause"
group_removed oom.summary.json
unset SUMMARY

# (c) not root: no cgroup, one line says so; the run is otherwise the same.
mkdir nobody
chown nobody nobody
cd nobody
rc=0
setpriv --reuid=nobody --regid=nogroup --clear-groups "$LAUNCH" --no-heaptrack $FAST -d 3s \
	-- "$TARGET" sleep 500 >out 2>err || rc=$?
expect_rc 0
[ "$(grep -c 'no cgroup for the run' err)" -eq 1 ] || fail "not one line about the missing cgroup"
[ "$(jq -c '.cgroup' memory-profile.summary.json)" = \
	'{"version":null,"path":null,"peak_bytes":null,"limit_bytes":null,"oom_kills":null,"oom_events":null}' ] ||
	fail "cgroup fields are not null: $(jq -c '.cgroup' memory-profile.summary.json)"
[ "$(jq '.oom_killed' memory-profile.summary.json)" = null ] || fail "oom_killed is not null"
summary_has stop_reason '"exited"'
summary_has exit_code 0
summary_positive samples
[ "$(cg_lines memory-profile.jsonl)" -eq 0 ] || fail "cgroup lines without a cgroup"
# a limit that cannot be enforced is refused before the command runs
rc=0
setpriv --reuid=nobody --regid=nogroup --clear-groups "$LAUNCH" --no-heaptrack $FAST -d 3s \
	--memory-limit 64M -o refused.jsonl -- "$TARGET" sleep 500 >out 2>err || rc=$?
expect_rc 125
has err "oya-launch: --memory-limit cannot be enforced: no cgroup for the run: "
[ ! -e refused.jsonl ] || fail "the command ran without its limit"
cd ..

# --cgroup off: no group, no notice
run_launch --no-heaptrack $FAST -d 3s --cgroup off -o off.jsonl -- "$TARGET" sleep 300
expect_rc 0
hasnt err "cgroup"
[ "$(jq '.cgroup.version' off.summary.json)" = null ] || fail "a cgroup with --cgroup off"

# (d) a launcher killed with SIGKILL leaves its group behind; the next run beside it removes it
"$LAUNCH" --no-heaptrack $FAST -d 60s -o killed.jsonl -- "$TARGET" sleep 60000 >/dev/null 2>killed.err &
kpid=$!
bg_pids="$bg_pids $kpid"
wait_start killed.jsonl
tpid=$(sed -n 's/.*"pid":\([0-9]*\),.*"event":"start".*/\1/p' killed.jsonl | head -n 1)
stale=$MEMROOT$(awk -F: '$2 == "memory" { print $3 }' "/proc/$tpid/cgroup")
case $stale in */oya-"$kpid"-*) ;; *) fail "the target is not in its launcher's group: $stale" ;; esac
kill -KILL "$kpid"
wait "$kpid" || :
wait_until not_alive "$tpid" || fail "the target outlived its launcher"
[ -d "$stale" ] || fail "no group left behind by the killed launcher: the case proves nothing"
run_launch --no-heaptrack $FAST -d 3s -o after.jsonl -- "$TARGET" sleep 200
expect_rc 0
[ ! -d "$stale" ] || fail "the group of the killed launcher is still there: $stale"
group_removed after.summary.json
