# oya-launch --pid: a running program that grows and forks is observed from outside for the
# duration, the run detaches (status 0, stop_reason detached) and the program runs on unharmed;
# a program that ends by itself ends the run ("exited", status unknown); SIGTERM detaches; bad
# pids are refused with 125 and nothing written.
. "$OYA_ROOT/tests/lib.sh"
ATTACH=$TARGETS/attach-target
JSONL=memory-profile.jsonl
SUMMARY=memory-profile.summary.json

state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }
vm_rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
pid_lines() { jq -cR "fromjson? | select(.pid == $1)" "$JSONL" | wc -l; }
field() { jq -r ".$1" "$SUMMARY"; }
rss_over() { [ "$(vm_rss "$1")" -ge "$2" ]; }
is_zombie() { [ "$(state "$1")" = Z ]; }
has_child() { pgrep -P "$1" >/dev/null; }

# The acceptance: 4 MiB more every 200 ms up to 40 MiB, a child forked after 1.5 s.
"$ATTACH" 4 200 40 1500 120000 >"$tmp/target.out" &
t=$!
bg_pids="$bg_pids $t"
wait_until rss_over "$t" 6000 || fail "the target never grew"
run_launch --pid "$t" -d 3s -i 500ms --allow-fast-sampling
expect_rc 0
expect "stop_reason" "$(field stop_reason)" detached
expect "the summary's sampler when attached" "$(jq -r .tree.sampler memory-profile.summary.json)" launcher
expect "exit_code" "$(field exit_code)" null
expect "command" "$(jq -r '.command | join(" ")' "$SUMMARY")" "$ATTACH 4 200 40 1500 120000"
[ "$(pid_lines "$t")" -ge 4 ] || fail "$(pid_lines "$t") lines for pid $t, expected at least 4"
has err "it runs on"
# Sampled from outside, on the same line as the launcher's other outside samples.
expect "sources" "$(jq -cR "fromjson? | select(.pid == $t) | .source" "$JSONL" | sort -u)" '"launcher"'
expect "outside" "$(jq -cR "fromjson? | select(.pid == $t) | .outside" "$JSONL" | sort -u)" '"attached"'
# It grew while observed.
first=$(jq -cR "fromjson? | select(.pid == $t) | .metrics.rss_kb" "$JSONL" | head -n 1)
last=$(jq -cR "fromjson? | select(.pid == $t) | .metrics.rss_kb" "$JSONL" | tail -n 1)
[ "$last" -gt "$first" ] || fail "the target's samples did not grow: $first kB then $last kB"
# The child it forked during the observation is in the summary.
c=$(pgrep -P "$t" | head -n 1)
[ -n "$c" ] || fail "the target's child is not running"
bg_pids="$bg_pids $c"
[ "$(pid_lines "$c")" -ge 1 ] || fail "the child $c has no line"
[ -n "$(jq -r ".processes[] | select(.pid == $c) | .pid" "$SUMMARY")" ] || fail "the child $c is not in the summary"
# Unharmed: running (not stopped), its pages intact, its memory as the kernel shows it still there.
kill -0 "$t" || fail "the target ended"
case $(state "$t") in R | S) ;; *) fail "the target is in state $(state "$t")" ;; esac
peak=$(jq -r ".processes[] | select(.pid == $t) | .rss_max_kb // .max_rss_kb // empty" "$SUMMARY" | head -n 1)
[ -z "$peak" ] || [ "$(vm_rss "$t")" -ge "$((peak * 9 / 10))" ] ||
	fail "the target's VmRSS is $(vm_rss "$t") kB after the run, its observed peak $peak kB"
kill -USR1 "$t"
wait_until grep -q '^ok ' "$tmp/target.out" || fail "the target's check: $(cat "$tmp/target.out")"

# SIGTERM to oya-launch detaches too (status 0); the target still runs.
mv "$JSONL" first.jsonl
"$LAUNCH" --pid "$t" -d 60s -i 200ms --allow-fast-sampling -q >"$tmp/out" 2>"$tmp/err" &
l=$!
wait_until grep -qs "\"pid\":$t," "$JSONL" || fail "no line for the target"
kill -TERM "$l"
rc=0
wait "$l" || rc=$?
expect_rc 0
expect "stop_reason after SIGTERM" "$(field stop_reason)" detached
kill -0 "$t" || fail "the target ended after oya-launch's SIGTERM"
kill -KILL "$c" "$t"

# A program that ends by itself ends the run: "exited", its status unknown (not our child).
"$ATTACH" 1 100 2 100000 1500 >/dev/null &
e=$!
run_launch --pid "$e" -d 60s -i 200ms --allow-fast-sampling -q
expect_rc 0
expect "stop_reason of an ended program" "$(field stop_reason)" exited
expect "exit_code of an ended program" "$(field exit_code)" null
wait "$e" || fail "the program that ended by itself exited $?"

# Bad pids: 125, the pid and the reason named, nothing written.
rm -f ./*.jsonl ./*.json
sh -c 'exit 0' &
gone_pid=$!
wait "$gone_pid"
run_launch --pid "$gone_pid" -d 3s
expect_rc 125
has err "pid $gone_pid: no such process"
# A zombie: sleep 0.1's parent execs a program that never waits for it.
sh -c 'sleep 0.1 & exec sleep 30' &
zp=$!
bg_pids="$bg_pids $zp"
wait_until has_child "$zp" || fail "no child"
z=$(pgrep -P "$zp")
wait_until is_zombie "$z" || fail "no zombie"
run_launch --pid "$z" -d 3s
expect_rc 125
has err "pid $z is a zombie"
run_launch --pid 0 -d 3s
expect_rc 125
has err "is not a process id"
run_launch --pid "$zp" -d 3s -- true
expect_rc 125
has err "give one or the other"
run_launch --pid "$zp" --heaptrack -d 3s
expect_rc 125
has err "heaptrack -p gives no way to detach"
[ -z "$(ls ./*.jsonl ./*.json 2>/dev/null)" ] || fail "a refused run wrote $(ls ./*.jsonl ./*.json)"
# Another user's process (root's, seen by nobody): its /proc/PID/exe cannot be read.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir -m 777 nobody
	rc=0
	(cd nobody && setpriv --reuid=nobody --regid=nogroup --clear-groups "$LAUNCH" --pid "$zp" -d 3s) \
		>"$tmp/out" 2>"$tmp/err" || rc=$?
	expect_rc 125
	has err "pid $zp: cannot read /proc/$zp/exe: Permission denied (it belongs to another user"
	[ -z "$(ls nobody)" ] || fail "a refused run wrote $(ls nobody)"
else
	echo "not root or no setpriv: the other user's case is not run"
fi
