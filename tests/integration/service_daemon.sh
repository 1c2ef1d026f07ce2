# A classic daemon (double fork, setsid, chdir /, every descriptor closed, title rewritten over argv
# and environ). Without --daemon the command's end ends the run: oya-launch says how many processes it
# stops, names --daemon, and stops the daemon, with and without heaptrack. With --daemon the run lasts
# to the limit, the daemon is sampled at every interval under its new title, and is stopped.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
SERVICE=$BUILD/tests/targets/service-target
mb=32
title="oya-test-daemon $tmp"

started_or_ended() {
	test -s "$tmp/daemon.pid" || ! launch_running
}

# left: processes of this test's daemon (its path before the title changes, its title after).
left() {
	pgrep -f "$tmp" | grep -v "^$$\$" || :
}

# run_daemon OPTION...: one run; $daemon is the daemon's pid (empty when it was stopped before it
# wrote it), $kb its VmRSS once it has grown.
run_daemon() {
	rm -f "$tmp/daemon.pid" "$JSONL" "$SUMMARY"
	launch_bg 20 "$@" -i 200ms --allow-fast-sampling -- "$SERVICE" daemon "$tmp/daemon.pid" "$title" $mb 20000
	daemon=""
	wait_secs 10 started_or_ended || :
	if [ -s "$tmp/daemon.pid" ]; then
		daemon=$(cat "$tmp/daemon.pid")
		remember "$daemon"
		kb=$(vm_rss "$daemon")
	fi
	launch_wait
}

# all_gone LABEL: nothing of the daemon runs (then anything left is ended for the next step).
all_gone() {
	gone
	[ -z "$(left)" ] || problem "$1: processes of the daemon still run: $(left | tr '\n' ' ')"
	# shellcheck disable=SC2046 # one pid a word
	remember $(left)
	forget
}

# heaptrack_checks: the summary names the process heaptrack traced (the command's first process),
# and its data is whole or the summary says why not.
heaptrack_checks() {
	ht_pid=$(summary_field heaptrack.pid)
	ht_exe=$(summary_field heaptrack.exe)
	[ "$ht_exe" = service-target ] || problem "heaptrack: the summary's heaptrack.exe is '$ht_exe', expected service-target"
	case $ht_pid in
	'' | null | *[!0-9]*) problem "heaptrack: the summary's heaptrack.pid is '$ht_pid'" ;;
	*) [ -n "$(proc_field "$ht_pid" .pid)" ] || problem "heaptrack: heaptrack.pid $ht_pid is not a process of the run" ;;
	esac
	[ "$(summary_field heaptrack.complete)" = true ] || [ "$(summary_field heaptrack.problem)" != null ] ||
		problem "heaptrack: the data is not complete and the summary does not say why"
}

# Without --daemon: the run ends with the command and the daemon is stopped.
for mode in --no-heaptrack heaptrack; do
	case $mode in heaptrack) opts="" ;; *) opts=$mode ;; esac
	# shellcheck disable=SC2086 # no option or one
	run_daemon $opts -d 10s -k 2s
	[ "$rc" -eq 0 ] || problem "$mode: oya-launch exited $rc, expected the command's status 0"
	grep -Eq '[0-9]+ process(es)? of the command still running' "$tmp/err" ||
		problem "$mode: oya-launch did not say how many processes left behind it stops"
	grep -q -- '--daemon' "$tmp/err" || problem "$mode: oya-launch did not name --daemon"
	[ "$(summary_field stop_reason)" = exited ] ||
		problem "$mode: stop_reason is $(summary_field stop_reason), expected exited"
	[ $mode = --no-heaptrack ] || heaptrack_checks
	all_gone "$mode"
done

# With --daemon: the run lasts until the limit.
run_daemon --no-heaptrack --daemon -d 4s
[ "$rc" -eq 0 ] || problem "--daemon: oya-launch exited $rc, expected 0 (stopped at the duration limit)"
[ "$(summary_field stop_reason)" = duration_limit ] ||
	problem "--daemon: stop_reason is $(summary_field stop_reason), expected duration_limit"
if [ -z "$daemon" ]; then
	problem "--daemon: the daemon never started"
else
	alive=$(awk -v d="$(summary_field duration_secs)" 'BEGIN { print (d > 1 ? d - 0.5 : 0.5) }')
	expect_sampled "$daemon" "--daemon: the daemon" "$alive"
	expect_rss "$daemon" "--daemon: the daemon" "$kb"
	[ "$(proc_cmdline "$daemon")" = "$title" ] ||
		problem "--daemon: the daemon's cmdline in the summary is '$(proc_cmdline "$daemon")', expected '$title'"
fi
all_gone --daemon
end_checks
