# oya-launch --sampler launcher (OYA_SAMPLER=edges): the preload writes each
# process's start and exit lines and starts no thread; the launcher takes the
# periodic samples from outside. Checked on Debian's python3 holding 60 MB
# (its figures against the kernel's VmHWM in its own exit line), on a build with
# gcc (every compiler process seen, none with a thread of ours), against the
# default; the bare preload's OYA_SAMPLER, with unshare -U and setpriv, which need a
# single thread; bad values.
. "$OYA_ROOT/tests/lib.sh"
PY=/usr/bin/python3
[ -x "$PY" ] || fail "$PY is missing (scripts/install-deps test)"
command -v gcc >/dev/null || fail "gcc is missing"
hold='b = b"x" * (60 << 20)
import time
time.sleep(3)'

# py_run NAME ARGS...: python3 holding 60 MB under oya-launch ARGS.
py_run() {
	name=$1
	shift
	run_launch --no-heaptrack $FAST -d 30s -o "$name.jsonl" "$@" -- "$PY" -c "$hold"
	expect_rc 0
}
py() { # py NAME: python3's lines in NAME.jsonl, as a jq filter over them
	echo "select(.exe != null and (.exe | startswith(\"python3\")))"
}

py_run edges --sampler launcher
sel=$(py)
expect "edges: python3's start lines" "$(count edges.jsonl "$sel and .event == \"start\" and .source == \"preload\"")" 1
expect "edges: python3's exit lines" "$(count edges.jsonl "$sel and .event == \"exit\" and .source == \"preload\"")" 1
expect "edges: periodic lines of the preload" "$(count edges.jsonl "$sel and .event == \"sample\" and .source == \"preload\"")" 0
# one thread: the program's own (the kernel's count, in the exit line)
expect "edges: threads at exit" "$(jq -s "[.[] | $sel | select(.event == \"exit\")][0].metrics.threads" edges.jsonl)" 1
outside=$(count edges.jsonl "$sel and .event == \"sample\" and .source == \"launcher\" and .outside == \"preload without thread\"")
[ "$outside" -ge 5 ] || fail "edges: $outside periodic lines from the launcher over 3 s at 100ms"
hwm=$(jq -s "[.[] | $sel | select(.event == \"exit\")][0].metrics.vm_hwm_kb" edges.jsonl)
max=$(jq -s "[.[] | $sel | select(.source == \"launcher\") | .metrics.rss_kb] | max" edges.jsonl)
echo "edges: python3 peak RSS from outside $max kB, the kernel's VmHWM $hwm kB, $outside samples"
[ "$max" -ge $((60 * 1024)) ] || fail "edges: peak $max kB is below the 60 MB held"
# (the kernel's RSS counters are per-CPU and summed approximately: 1% of slack)
[ $((max * 100)) -le $((hwm * 101)) ] || fail "edges: peak $max kB above the kernel's VmHWM $hwm kB"
[ $((max * 100)) -ge $((hwm * 90)) ] || fail "edges: peak $max kB is not within 10% of VmHWM $hwm kB"
expect "edges: the summary's python3 max" \
	"$(jq "[.processes[] | select(.exe | startswith(\"python3\")) | .rss_kb.max] | max" edges.summary.json)" "$max"
expect "edges: lost samples" "$(jq .lost_samples edges.summary.json)" 0
expect "edges: the summary's sampler" "$(jq -r .tree.sampler edges.summary.json)" launcher

# the default: the preload's thread samples (two threads at exit), nothing from outside
py_run thread
expect "thread: threads at exit" "$(jq -s "[.[] | $sel | select(.event == \"exit\")][0].metrics.threads" thread.jsonl)" 2
expect "thread: lines from outside" "$(count thread.jsonl "$sel and .source == \"launcher\"")" 0
n=$(count thread.jsonl "$sel and .event == \"sample\" and .source == \"preload\"")
[ "$n" -ge 5 ] || fail "thread: $n periodic lines of the preload"
expect "thread: the summary's sampler" "$(jq -r .tree.sampler thread.summary.json)" thread

# a build: every compiler process of 12 compilations has its lines, none a thread of ours
mkdir src
i=1
while [ $i -le 12 ]; do
	printf 'int f%d(int x) { return x * %d; }\n' $i $i >src/f$i.c
	i=$((i + 1))
done
run_launch --no-heaptrack $FAST -d 60s -o build.jsonl --sampler launcher -- \
	sh -c 'for f in src/*.c; do gcc -O2 -c -o "${f%.c}.o" "$f" || exit 1; done'
expect_rc 0
expect "build: objects" "$(ls src/*.o | wc -l)" 12
expect "build: cc1 images with a start line" "$(count build.jsonl '.exe == "cc1" and .event == "start"')" 12
expect "build: cc1 images with an exit line" "$(count build.jsonl '.exe == "cc1" and .event == "exit"')" 12
expect "build: exit lines with our thread" "$(count build.jsonl '.event == "exit" and .metrics.threads > 1')" 0

# the bare preload: edges is two lines and one thread; another word is one warning and the thread
start_preloaded bare.jsonl env OYA_SAMPLER=edges "$TARGETS/preload-hold" "$tmp/stop"
wait_start bare.jsonl
sleep 0.5
expect "bare: threads while it runs" "$(awk '$1 == "Threads:" { print $2 }' "/proc/$bg_pid/status")" 1
touch "$tmp/stop"
wait "$bg_pid"
expect "bare: preload-hold's lines" "$(count bare.jsonl '.exe == "preload-hold"')" 2
expect "bare: periodic lines" "$(count bare.jsonl '.event == "sample"')" 0
rm -f "$tmp/stop"
run_preloaded bogus.jsonl env OYA_SAMPLER=edge "$TARGETS/preload-hold" "$tmp/stop" 2>bogus.err &
bg_pid=$!
wait_start bogus.jsonl
one_warning bogus.err "OYA_SAMPLER 'edge' is not thread or edges; using thread"
wait_until -n 200 has_samples bogus.jsonl "$(jq -s '.[0].pid' bogus.jsonl)" 1 || fail "bogus: no periodic sample"
touch "$tmp/stop"
wait "$bg_pid"

# programs that need one thread: unshare(CLONE_NEWUSER) refuses a process with two, and glibc
# aborts a uid change that one thread cannot follow; without the thread both run
for m in thread edges; do
	rc=0
	run_preloaded $m-ns.jsonl env OYA_SAMPLER=$m unshare -U /bin/true 2>$m-ns.err || rc=$?
	echo "unshare -U under OYA_SAMPLER=$m: status $rc"
	[ $m = thread ] || expect "unshare -U without the thread" "$rc" 0
	rc=0
	run_preloaded $m-uid.jsonl env OYA_SAMPLER=$m setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all /bin/true 2>$m-uid.err || rc=$?
	echo "setpriv under OYA_SAMPLER=$m: status $rc"
	[ $m = thread ] || expect "setpriv without the thread" "$rc" 0
done
expect "edges: unshare's lines" "$(count edges-ns.jsonl '.exe == "true"')" 2

run_launch --no-heaptrack --sampler outside -- /bin/true
expect_rc 125
grep -q "sampler 'outside' is neither thread nor launcher" "$tmp/err" || fail "bad --sampler: $(cat "$tmp/err")"
[ ! -e memory-profile.jsonl ] || fail "bad --sampler wrote a profile"
echo "ok"
