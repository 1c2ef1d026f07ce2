# The one helper library of the shell tests (tests/integration, tests/fault,
# tests/fault-launch); sourced, POSIX sh. Needs BUILD and OYA_ROOT (tests/run
# sets them). Gives a scratch directory $tmp (the current directory, removed at
# exit with every process listed in $bg_pids), fail, wait_until, and the
# helpers of each kind of test below.
set -eu
: "${BUILD:?set BUILD to the build directory}"
: "${OYA_ROOT:?set OYA_ROOT to the repository root}"

PRELOAD=$BUILD/liboya_preload.so
TARGETS=$BUILD/tests/targets
LAUNCH=$BUILD/oya-launch
export OYA_PRELOAD="$PRELOAD"
command -v jq >/dev/null || { echo "jq is missing (scripts/install-deps test)" >&2; exit 1; }
for f in "$PRELOAD" "$TARGETS/fault-work" "$TARGETS/fault-wait"; do
	[ -e "$f" ] || { echo "missing $f (run make tests)" >&2; exit 1; }
done

# ---- scratch directory, cleanup, failure, waiting ----
tmp=$(mktemp -d)
chmod 755 "$tmp" # other users (setpriv, a dropped worker) may read inside it
bg_pids=""
exit_hooks=":"
# at_exit COMMAND: run COMMAND (eval'd) at the end of the test, before the scratch directory goes.
at_exit() {
	exit_hooks="$exit_hooks; $1"
}
cleanup() {
	eval "$exit_hooks" || :
	for p in $bg_pids; do kill -KILL "$p" 2>/dev/null || :; done
	chattr -R -i "$tmp" >/dev/null 2>&1 || :
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$tmp"

# fail MESSAGE: say what failed, show $tmp/err (the stderr of the command under
# test, when a helper kept it there), end the test.
fail() {
	echo "FAIL: $*" >&2
	if [ -s "$tmp/err" ]; then
		echo "--- $tmp/err:" >&2
		head -n 40 "$tmp/err" >&2
	fi
	exit 1
}

# wait_until [-n POLLS] COMMAND...: run COMMAND every 0.05 s until it succeeds;
# false after POLLS tries (600 by default). The bound stops a hang: it is not a
# claim about how long anything takes.
wait_until() {
	wu_polls=600
	if [ "$1" = -n ]; then
		wu_polls=$2
		shift 2
	fi
	wu_i=1
	until "$@"; do
		[ "$wu_i" -lt "$wu_polls" ] || return 1
		wu_i=$((wu_i + 1))
		sleep 0.05
	done
}

not_alive() { ! kill -0 "$1" 2>/dev/null; }

# has FILE TEXT: FILE contains TEXT (a fixed string); hasnt: it does not.
has() {
	grep -qF -- "$2" "$1" 2>/dev/null || {
		head -n 40 "$1" 2>/dev/null | sed 's/^/  | /' >&2
		fail "$1 does not contain: $2"
	}
}
hasnt() {
	! grep -qF -- "$2" "$1" || fail "$1 contains: $2"
}

# expect NAME GOT WANT
expect() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

lines() { # lines FILE: number of lines, 0 when missing
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
has_oya_line() { grep -q '^oya: ' "$1"; }

# ---- oya-launch (tests/integration/launch_*.sh) ----
TARGET=$TARGETS/launch-target
STATIC=$TARGETS/static-target
# Fast sampling: the common options.
FAST="--allow-fast-sampling -i 100ms"

# run_launch ARGS...: oya-launch with ARGS; $rc is its status, $tmp/out and
# $tmp/err its output.
run_launch() {
	rc=0
	"$LAUNCH" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

expect_rc() { # expect_rc N
	[ "$rc" -eq "$1" ] || fail "oya-launch exited $rc, expected $1"
}

# summary_has KEY VALUE: the summary (pretty JSON) has "KEY":VALUE.
summary_has() {
	has "${SUMMARY:-memory-profile.summary.json}" "\"$1\":$2"
}

# summary_num KEY: the first (top-level) numeric value of KEY in the summary.
summary_num() {
	sed -n "s/^  \"$1\":\([0-9.]*\),*$/\1/p" "${SUMMARY:-memory-profile.summary.json}" | head -n 1
}

# summary_positive KEY: the top-level KEY is a number above 0.
summary_positive() {
	v=$(summary_num "$1")
	[ -n "$v" ] && awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "summary $1 is '$v', expected > 0"
}

# wait_start FILE: until FILE holds a "start" line.
wait_start() {
	wait_until -n 200 grep -qs '"event":"start"' "$1" || fail "the target never started"
}

# ---- the preload's JSON lines (tests/integration/preload_*.sh) ----
# run_preloaded OUTPUT CMD...: CMD with the preload, fast sampling, OUTPUT.
run_preloaded() {
	out=$1
	shift
	env LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL="${OYA_TEST_INTERVAL:-100ms}" \
		OYA_OUTPUT="$out" "$@"
}

# start_preloaded OUTPUT CMD...: like run_preloaded, in the background; sets
# $bg_pid to the program's own pid (env execs it) and kills it at exit.
start_preloaded() {
	out=$1
	shift
	env LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL="${OYA_TEST_INTERVAL:-100ms}" \
		OYA_OUTPUT="$out" "$@" &
	bg_pid=$!
	bg_pids="$bg_pids $bg_pid"
}

# count FILE JQ-FILTER: number of lines for which the filter is true.
count() {
	jq -s "[.[] | select($2)] | length" "$1"
}

has_samples() { # has_samples FILE PID N
	[ "$(count "$1" ".pid == $2 and .event == \"sample\"" 2>/dev/null || echo 0)" -ge "$3" ]
}

# wait_samples FILE PID N: until FILE holds N periodic samples of PID.
wait_samples() {
	wait_until -n 400 has_samples "$1" "$2" "$3" || fail "fewer than $3 samples of pid $2 in $1"
}

# wait_for_file FILE: until FILE exists and is not empty.
wait_for_file() {
	wait_until -n 400 test -s "$1" || fail "$1 never appeared"
}

# The fields every line has, with their types; rss_shared_kb is RssFile + RssShmem.
JQ_LINE_OK='
def ok:
	type == "object"
	and (keys - ["cmdline", "run"] | sort) == (["timestamp","pid","ppid","exe","event","seq","source","host","metrics","elapsed_secs","elapsed_ms"] | sort)
	and (.host | type == "string" and length > 0)
	and ((has("run") | not) or (.run | type == "string" and length > 0))
	and ((has("cmdline") | not) or (.cmdline | type == "string" and length > 0))
	and (.event != "start" or has("cmdline"))
	and (.timestamp | type == "string" and test("^[0-9]{4}-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\\.[0-9]{3}Z$"))
	and (.pid | type == "number" and . > 0)
	and (.ppid | type == "number" and . >= 0)
	and (.exe | type == "string" and length > 0)
	and (.event | . == "start" or . == "sample" or . == "exit")
	and (.seq | type == "number" and . >= 0)
	and .source == "preload"
	and (.elapsed_secs | type == "number" and . >= 0)
	and (.elapsed_ms | type == "number" and . >= 0)
	and .elapsed_secs == ((.elapsed_ms / 1000) | floor)
	and (.metrics | type == "object")
	and (.metrics | keys - ["pss_kb","uss_kb","pss_anon_kb","pss_file_kb","pss_shmem_kb","swap_pss_kb"] | sort) == (["rss_kb","vm_size_kb","vm_peak_kb","rss_shared_kb","vm_hwm_kb","rss_anon_kb","rss_file_kb","rss_shmem_kb","threads","swap_kb"] | sort)
	and ([.metrics[] | type == "number" and . >= 0] | all)
	and .metrics.rss_kb > 0 and .metrics.vm_size_kb > 0 and .metrics.threads >= 1
	and .metrics.rss_shared_kb == .metrics.rss_file_kb + .metrics.rss_shmem_kb
	and .metrics.vm_peak_kb >= .metrics.vm_size_kb
	and .metrics.vm_hwm_kb >= .metrics.rss_kb;
'

# check_lines FILE: every line is one JSON object with every field; the file
# ends with a newline. Prints nothing on success.
check_lines() {
	[ -s "$1" ] || fail "$1 is empty or missing"
	[ "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" = '\n' ] || fail "$1 does not end with a newline"
	bad=$(jq -R -r "$JQ_LINE_OK"' . as $l | (try fromjson catch null) as $o
		| if $o == null or ($o | ok | not) then "bad line: \($l)" else empty end' "$1") ||
		fail "jq could not read $1"
	[ -z "$bad" ] || fail "$(printf '%s\n' "$bad" | head -n 5)"
}

# check_seq FILE: per pid, in file order, seq counts 0, 1, 2... without a gap,
# and starts over at 0 only with a "start" line (a new process image).
check_seq() {
	bad=$(jq -s -r 'group_by(.pid)[] | reduce .[] as $l ({prev: -1, bad: []};
		if $l.seq == 0 and $l.event == "start" then .prev = 0
		elif $l.seq == .prev + 1 and $l.event != "start" then .prev = $l.seq
		else .bad += ["pid \($l.pid): seq \($l.seq) (\($l.event)) after \(.prev)"] end)
		| .bad[]' "$1") || fail "jq could not read $1"
	[ -z "$bad" ] || fail "$(printf '%s\n' "$bad" | head -n 5)"
}

# ---- oya-summary (tests/integration/summary_*.sh) ----
S=$BUILD/oya-summary
GEN=$TARGETS/gen-jsonl

# expect_status N COMMAND...: run COMMAND (stdout to $tmp/out, stderr to
# $tmp/err) and check its exit status.
expect_status() {
	want=$1
	shift
	got=0
	"$@" >"$tmp/out" 2>"$tmp/err" || got=$?
	[ "$got" -eq "$want" ] || fail "expected exit $want, got $got: $*"
}

# line PID T_SECONDS RSS_KB EVENT SEQ [EXE]: one sampler line at 2026-11-26T19:00:00Z + T_SECONDS.
line() {
	printf '{"timestamp":"2026-11-26T19:%02d:%02d.000Z","pid":%s,"ppid":1,"exe":"%s","event":"%s","seq":%s,"source":"preload","metrics":{"rss_kb":%s,"vm_size_kb":%s,"vm_peak_kb":%s,"rss_shared_kb":100,"vm_hwm_kb":%s,"rss_anon_kb":0,"rss_file_kb":100,"rss_shmem_kb":0,"threads":1},"elapsed_secs":%s,"elapsed_ms":%s000}\n' \
		$(($2 / 60)) $(($2 % 60)) "$1" "${6:-app}" "$4" "$5" "$3" $(($3 * 2)) $(($3 * 3)) "$3" "$2" "$2"
}

# A run of two interleaved processes whose figures are known:
# pid 10: 100, 200, 300 kB at 0, 10, 20 s (exits); pid 11: 1000, 3000, 2000 kB at 5, 15, 25 s, seq 2 lost.
# tree: 100 1100 1200 3200 3300 2000 -> max 3300, time-weighted avg 1780.
two_procs() {
	line 10 0 100 start 0 a
	line 11 5 1000 start 0 b
	line 10 10 200 sample 1 a
	line 11 15 3000 sample 1 b
	line 10 20 300 exit 2 a
	line 11 25 2000 sample 3 b
}

# ---- faults (tests/integration/fault_*.sh, tests/fault-launch) ----
WORK=$TARGETS/fault-work
WAIT=$TARGETS/fault-wait
STRESS=$TARGETS/fault-stress

# The seq numbers of a JSONL file, one per line (the sampler's own fixed format).
seqs() { sed -n 's/.*"seq":\([0-9]*\).*/\1/p' "$1"; }

# run_work DIR ITER [VAR=VALUE...]: run fault-work in DIR with the given
# environment; leaves DIR/out, DIR/err, DIR/sum and DIR/rc.
run_work() {
	d=$1
	iter=$2
	shift 2
	mkdir -p "$d"
	rw_rc=0
	(cd "$d" && env "$@" "$WORK" "$iter" "$d/sum" >"$d/out" 2>"$d/err") || rw_rc=$?
	echo "$rw_rc" >"$d/rc"
}

# same_results BARE RUN: the target's own results are byte-identical.
same_results() {
	cmp "$1/out" "$2/out" || fail "stdout differs: $(cat "$1/out") / $(cat "$2/out")"
	cmp "$1/sum" "$2/sum" || fail "checksum file differs"
	cmp "$1/rc" "$2/rc" || fail "exit status differs: $(cat "$1/rc") / $(cat "$2/rc")"
}

# one_warning FILE PATTERN: FILE (stderr) is exactly one line, "oya: ..." matching PATTERN.
one_warning() {
	n=$(lines "$1")
	[ "$n" -eq 1 ] || { cat "$1"; fail "expected exactly one line on stderr, got $n"; }
	grep -q '^oya: ' "$1" || fail "the message lacks the oya: prefix: $(cat "$1")"
	grep -qF -- "$2" "$1" || fail "the message does not say '$2': $(cat "$1")"
}
