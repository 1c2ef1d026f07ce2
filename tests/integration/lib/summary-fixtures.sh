# Sourced by tests/integration/summary_*.sh: fixtures and checks for oya-summary.
S=$BUILD/oya-summary
GEN=$BUILD/tests/targets/gen-jsonl

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status N COMMAND...: run COMMAND (stdout to $tmp/out, stderr to $tmp/err) and check its exit status.
expect_status() {
	want=$1
	shift
	set +e
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || {
		sed 's/^/  stderr: /' "$tmp/err" >&2
		fail "expected exit $want, got $got: $*"
	}
}

# contains FILE TEXT: FILE has the fixed string TEXT.
contains() {
	grep -qF -- "$2" "$1" || { sed 's/^/  | /' "$1" >&2; fail "$1 lacks: $2"; }
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
