# The helpers of tests/integration/service_*.sh, over tests/lib.sh (sourced after it; POSIX sh).
# A service test checks many things of one run: `problem` records a failure and goes on, so one run
# names every way it went wrong; `end_checks` exits 1 when any was recorded.
# Gives: launch_bg/launch_wait (oya-launch in the background under a bound), free_port,
# stat_start/remember/gone (processes seen by the test, checked gone), lines_of/expect_sampled
# (JSONL lines per pid against the run's interval), proc_field (a summary process's field),
# vm_rss (the kernel's figure).
SUMMARY=memory-profile.summary.json
JSONL=memory-profile.jsonl
: >"$tmp/problems"
: >"$tmp/seen"
launch_pid=""

# forget: end what the test saw and still runs (so that a failing step leaves nothing to the next).
forget() {
	while read -r pid start; do
		! running "$pid" "$start" || kill -KILL "$pid" 2>/dev/null || :
	done <"$tmp/seen"
	: >"$tmp/seen"
}

service_cleanup() {
	[ -z "$launch_pid" ] || kill -KILL "$launch_pid" 2>/dev/null || :
	forget
}
at_exit service_cleanup

problem() {
	echo "FAIL: $*" >&2
	echo "$*" >>"$tmp/problems"
}

end_checks() {
	if [ -s "$tmp/problems" ]; then
		echo "--- $(wc -l <"$tmp/problems") problem(s); stderr of oya-launch:" >&2
		tail -n 30 "$tmp/err" >&2 2>/dev/null || :
		exit 1
	fi
	exit 0
}

# launch_bg BOUND ARGS...: oya-launch ARGS in the background; timeout ends it after BOUND seconds
# so that a hang is a failure, not a stuck test. $launch_pid is timeout's pid.
launch_bg() {
	bound=$1
	shift
	timeout -s KILL "$bound" "$LAUNCH" "$@" >"$tmp/out" 2>"$tmp/err" &
	launch_pid=$!
}

# launcher_pid: oya-launch's own pid (the child of timeout), empty when it is gone.
launcher_pid() {
	pgrep -P "$launch_pid" -x oya-launch | head -n 1
}

# launch_running: the background oya-launch has not ended yet.
launch_running() {
	[ -n "$launch_pid" ] && running "$launch_pid" "$(stat_start "$launch_pid")"
}

# launch_wait: wait for the background oya-launch; $rc is its status (137: it hung past the bound).
launch_wait() {
	rc=0
	wait "$launch_pid" || rc=$?
	launch_pid=""
	[ "$rc" -ne 137 ] || problem "oya-launch did not end within its bound (killed)"
}

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# stat_start PID: the process's start time (clock ticks since boot), empty when it is gone.
stat_start() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20
}

remember() { # remember PID...: processes the test saw; checked by gone and ended by the trap
	for pid in "$@"; do
		s=$(stat_start "$pid")
		[ -z "$s" ] || echo "$pid $s" >>"$tmp/seen"
	done
}

# running PID START: the process PID that started at START still runs (a zombie has ended: pid 1
# may be slow to reap what it inherits).
running() {
	[ "$(stat_start "$1")" = "$2" ] && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]
}

# gone: every remembered process has ended (the same pid with the same start time is the same process).
gone() {
	while read -r pid start; do
		! running "$pid" "$start" ||
			problem "pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)) still runs after oya-launch ended"
	done <"$tmp/seen"
}

# wait_secs SECONDS COMMAND...: wait_until COMMAND succeeds, its output dropped, for a bound of SECONDS.
wait_secs() {
	ws_polls=$(($1 * 20))
	shift
	wait_until -n "$ws_polls" quiet "$@"
}
quiet() { "$@" >/dev/null 2>&1; }

vm_rss() { # vm_rss PID: the kernel's VmRSS in kB
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || :
}

lines_of() { # lines_of PID: the JSONL lines of PID (malformed lines skipped)
	jq -cR "fromjson? | select(.pid == $1)" "$JSONL" 2>/dev/null | wc -l
}

# summary_field FIELD: a top-level field of the summary.
summary_field() {
	jq -r ".$1" "$SUMMARY" 2>/dev/null
}

# proc_field PID FILTER: FILTER applied to the summary's process PID, its latest image when it exec'd
# ("" when it is absent).
proc_field() {
	jq -r "[.processes[]? | select(.pid == $1)] | last // empty | $2" "$SUMMARY" 2>/dev/null
}

# proc_cmdline PID: the summary's cmdline of PID as one line (a string, or an array joined by spaces).
proc_cmdline() {
	proc_field "$1" '(.cmdline // "") | if type == "array" then join(" ") else . end | sub("\\s+$"; "")'
}

# expect_sampled PID WHAT SECS: PID, alive for at least SECS of the run, has at least half the lines
# SECS / interval gives (timing noise on a loaded machine stays well inside half), and is in the summary.
expect_sampled() {
	interval=$(summary_field interval_secs)
	case $interval in '' | null) interval=1 ;; esac
	want=$(awk -v s="$3" -v i="$interval" 'BEGIN { printf "%d", s / i / 2 }')
	got=$(lines_of "$1")
	[ "$got" -ge "$want" ] ||
		problem "$2 (pid $1, alive ${3}s): $got JSONL lines, expected at least $want (interval ${interval}s)"
	[ -n "$(proc_field "$1" .pid)" ] || problem "$2 (pid $1) is not in the summary's processes"
}

# expect_rss PID WHAT KB: the summary's peak RSS of PID is at least 80% of KB, a VmRSS the test read.
expect_rss() {
	max=$(proc_field "$1" '.rss_kb.max')
	case $max in '' | null) max=0 ;; esac
	[ "$max" -ge $(($3 * 8 / 10)) ] ||
		problem "$2 (pid $1): summary peak RSS ${max} kB, the kernel showed VmRSS $3 kB during the run"
}
