# The preload's lines carry the process's command line as ps shows it: on start (its argv), and
# again once a program rewrites its title (a daemon over argv and environ), on its exit too.
. "$OYA_ROOT/tests/lib.sh"
SERVICE=$TARGETS/service-target
out=$tmp/title.jsonl
title="oya-test-title $tmp"
st=0
run_preloaded "$out" "$SERVICE" daemon "$tmp/daemon.pid" "$title" 1 1500 >"$tmp/stdout" 2>"$tmp/err" || st=$?
expect "exit status" "$st" 0
wait_for_file "$tmp/daemon.pid"
daemon=$(cat "$tmp/daemon.pid")
bg_pids="$bg_pids $daemon"
exited() { grep -q "\"pid\":$daemon,.*\"event\":\"exit\"" "$out"; }
wait_until -n 200 exited || fail "the daemon $daemon never wrote its exit line"
check_lines "$out"
first=$(head -n 1 "$out" | jq .pid)
expect "the first process's start" "$(jq -r "select(.pid == $first and .event == \"start\") | .cmdline" "$out")" \
	"$SERVICE daemon $tmp/daemon.pid $title 1 1500"
# the daemon's lines: its title once it changed, and at its exit
expect "the daemon's exit" "$(jq -r "select(.pid == $daemon and .event == \"exit\") | .cmdline" "$out")" "$title"
expect "lines with the new title" \
	"$(count "$out" ".pid == $daemon and .event == \"sample\" and .cmdline == \"$title\"")" 1
