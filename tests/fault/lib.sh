# Helpers for the fault suite (tests/integration/fault_*.sh); sourced, POSIX sh.
# Needs BUILD and OYA_ROOT (set by tests/run). Sets P (the preload), WORK, WAIT
# (the targets) and T (a private temporary directory, removed at exit).
P=$BUILD/liboya_preload.so
WORK=$BUILD/tests/targets/fault-work
WAIT=$BUILD/tests/targets/fault-wait
T=$(mktemp -d)
chmod 755 "$T"
cleanup() {
	chattr -R -i "$T" >/dev/null 2>&1 || :
	rm -rf "$T"
}
trap cleanup EXIT
for f in "$P" "$WORK" "$WAIT"; do
	[ -e "$f" ] || { echo "missing $f (run make tests)"; exit 1; }
done

fail() {
	echo "FAIL: $*"
	exit 1
}

# wait_for COMMAND...: poll until it succeeds; a bound (30 s), not a timing claim.
wait_for() {
	i=0
	while ! "$@"; do
		i=$((i + 1))
		[ $i -lt 600 ] || return 1
		sleep 0.05
	done
}

lines() { # lines FILE: number of lines, 0 when missing
	if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi
}
has_lines() { [ "$(lines "$1")" -ge "$2" ]; }
has_oya_line() { grep -q '^oya: ' "$1"; }

# The seq numbers of a JSONL file, one per line (the sampler's own fixed format).
seqs() { sed -n 's/.*"seq":\([0-9]*\).*/\1/p' "$1"; }

# run_work DIR ITER [VAR=VALUE...]: run fault-work in DIR with the given
# environment; leaves DIR/out, DIR/err, DIR/sum and DIR/rc.
run_work() {
	d=$1
	iter=$2
	shift 2
	mkdir -p "$d"
	set +e
	(cd "$d" && env "$@" "$WORK" "$iter" "$d/sum" >"$d/out" 2>"$d/err")
	echo $? >"$d/rc"
	set -e
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

STRESS=$BUILD/tests/targets/fault-stress
not_alive() { ! kill -0 "$1" 2>/dev/null; }
