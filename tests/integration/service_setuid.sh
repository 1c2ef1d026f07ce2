# A process that switches to nobody after it starts and then grows: it is sampled at every interval
# after the switch too, and its peak RSS is the kernel's.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
SERVICE=$BUILD/tests/targets/service-target
mb=64
launch_bg 30 --no-heaptrack -d 5s -i 200ms --allow-fast-sampling -- "$SERVICE" setuid 500 $mb 2000 20000
target_pid() {
	p=$(launcher_pid) && [ -n "$p" ] && pgrep -P "$p" -x service-target
}
wait_secs 10 target_pid || fail "the target never started"
pid=$(target_pid)
remember "$pid"
grown() {
	grep -q '^Uid:[[:space:]]*65534' "/proc/$pid/status" && [ "$(vm_rss "$pid")" -ge $((mb * 1024)) ]
}
wait_secs 10 grown || fail "the target never switched to nobody and grew to $mb MiB"
kb=$(vm_rss "$pid")
launch_wait
[ "$rc" -eq 0 ] || problem "oya-launch exited $rc, expected 0 (stopped at the duration limit)"
[ "$(summary_field stop_reason)" = duration_limit ] ||
	problem "stop_reason is $(summary_field stop_reason), expected duration_limit"
alive=$(awk -v d="$(summary_field duration_secs)" 'BEGIN { print (d > 1 ? d - 0.5 : 0.5) }')
expect_sampled "$pid" "the process that switched to nobody" "$alive"
expect_rss "$pid" "the process that switched to nobody" "$kb"
gone
end_checks
