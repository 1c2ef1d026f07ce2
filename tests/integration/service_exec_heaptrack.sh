# An entrypoint that execs its program (sh -c 'exec PROGRAM'), under heaptrack: the program's growth
# is in the run (peak RSS near what --no-heaptrack shows and near the kernel's), sampled while it runs.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
SERVICE=$BUILD/tests/targets/service-target
mb=64
hold=3000

# run_exec OPTION...: one run of the wrapper; $pid is the exec'd program, $kb its VmRSS once grown.
run_exec() {
	rm -f "$JSONL" "$SUMMARY"
	launch_bg 30 "$@" -d 20s -i 200ms --allow-fast-sampling -- sh -c "exec \"$SERVICE\" grow $mb $hold"
	pid=""
	kb=0
	if wait_secs 10 grown; then
		remember "$pid"
		kb=$(vm_rss "$pid")
	else
		problem "$*: the program never grew to $mb MiB"
	fi
	launch_wait
	[ "$rc" -eq 0 ] || problem "$*: oya-launch exited $rc, expected the program's status 0"
}
grown() {
	pid=$(pgrep -f "^$SERVICE grow $mb") && [ "$(vm_rss "$pid")" -ge $((mb * 1024)) ]
}

run_exec --no-heaptrack
plain=$(summary_field max_rss_kb)
run_exec
[ "$(summary_field stop_reason)" = exited ] || problem "stop_reason is $(summary_field stop_reason), expected exited"
expect_sampled "$pid" "the exec'd program under heaptrack" $((hold / 1000 - 1))
expect_rss "$pid" "the exec'd program under heaptrack" "$kb"
got=$(summary_field max_rss_kb)
[ "${got:-0}" -ge $((${plain:-0} * 8 / 10)) ] ||
	problem "peak RSS of the tree under heaptrack is $got kB, with --no-heaptrack $plain kB"
gone
end_checks
