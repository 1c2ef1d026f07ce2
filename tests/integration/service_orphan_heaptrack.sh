# Under heaptrack, a command that forks a child and exits at once: the run ends with the command as
# it does with --no-heaptrack (the child is stopped, oya-launch says so), long before the child would
# end by itself (each run has a bound well below the child's life); with -d and -k, and when
# oya-launch gets SIGTERM.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
SERVICE=$BUILD/tests/targets/service-target
# The child lives longer than each run's bound: a run that waits for it is killed and named.
life=20000
bound=8

child_started() {
	test -s "$tmp/child.pid" || ! launch_running
}

# run_orphan NAP_MS OPTION...: the parent exits NAP_MS after it forked; $child is the child's pid.
run_orphan() {
	nap=$1
	shift
	rm -f "$tmp/child.pid" "$JSONL" "$SUMMARY"
	launch_bg "$bound" "$@" -i 200ms --allow-fast-sampling -- "$SERVICE" orphan "$tmp/child.pid" "$nap" $life
	child=""
	wait_secs 5 child_started || :
	if [ -s "$tmp/child.pid" ]; then
		child=$(cat "$tmp/child.pid")
		remember "$child"
	else
		problem "$*: the child never started"
	fi
}

# left_checks LABEL: the child was stopped and oya-launch said so.
left_checks() {
	grep -Eq '1 process of the command still running' "$tmp/err" ||
		problem "$1: oya-launch did not say it stops the 1 process left behind"
	grep -q -- '--daemon' "$tmp/err" || problem "$1: oya-launch did not name --daemon"
	gone
	forget
}

# -d 2s -k 2s: the run ends with the command, as with --no-heaptrack.
run_orphan 0 -d 2s -k 2s
launch_wait
[ "$rc" -eq 0 ] || problem "-d 2s -k 2s: oya-launch exited $rc, expected the command's status 0"
[ "$(summary_field stop_reason)" = exited ] ||
	problem "-d 2s -k 2s: stop_reason is $(summary_field stop_reason), expected exited"
[ -z "$child" ] || [ -n "$(proc_field "$child" .pid)" ] || problem "-d 2s -k 2s: the child is not in the summary"
left_checks "-d 2s -k 2s"

# SIGTERM to oya-launch once the child runs: the run ends, by the signal (143) or, when the command's
# end came first, with its status (0).
run_orphan 0 -d 20s -k 2s
p=$(launcher_pid)
[ -z "$p" ] || kill -TERM "$p"
launch_wait
case $rc in 0 | 143) ;; *) problem "SIGTERM: oya-launch exited $rc, expected 143 (or 0)" ;; esac
[ -s "$SUMMARY" ] || problem "SIGTERM: no summary"
[ -z "$child" ] || [ -n "$(proc_field "$child" .pid)" ] || problem "SIGTERM: the child is not in the summary"
gone
end_checks
