# Shared by tests/integration/preload_*.sh (sourced; POSIX sh).
# Gives: $PRELOAD, $TARGETS, a scratch dir $tmp removed on exit, and checkers
# for the sampler's JSON lines (jq).
set -eu
: "${BUILD:?set BUILD to the build directory}"
: "${OYA_ROOT:?set OYA_ROOT to the repository root}"
PRELOAD=$BUILD/liboya_preload.so
TARGETS=$BUILD/tests/targets
command -v jq >/dev/null || { echo "jq is missing (scripts/install-deps test)" >&2; exit 1; }
[ -f "$PRELOAD" ] || { echo "no $PRELOAD: run make" >&2; exit 1; }
tmp=$(mktemp -d)
bg_pids=""
cleanup() {
	for p in $bg_pids; do kill -KILL "$p" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

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

# wait_samples FILE PID N: until FILE holds N periodic samples of PID (bounded).
wait_samples() {
	i=0
	while [ "$(jq -s "[.[] | select(.pid == $2 and .event == \"sample\")] | length" "$1" 2>/dev/null || echo 0)" -lt "$3" ]; do
		i=$((i + 1))
		[ $i -le 400 ] || fail "fewer than $3 samples of pid $2 in $1"
		sleep 0.05
	done
}

# The fields every line has, with their types; rss_shared_kb is RssFile + RssShmem.
JQ_LINE_OK='
def ok:
	type == "object"
	and (keys | sort) == (["timestamp","pid","ppid","exe","event","seq","source","metrics","elapsed_secs","elapsed_ms"] | sort)
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

# count FILE JQ-FILTER: number of lines for which the filter is true.
count() {
	jq -s "[.[] | select($2)] | length" "$1"
}

# expect NAME GOT WANT
expect() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# wait_for_file FILE: until FILE exists and is not empty (bounded, about 20 s).
wait_for_file() {
	i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -le 400 ] || fail "$1 never appeared"
		sleep 0.05
	done
}
