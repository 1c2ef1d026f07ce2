# Shared by tests/integration/launch_*.sh (sourced; POSIX sh).
# Gives: $LAUNCH, $TARGET, $STATIC, $dir (a fresh directory removed on exit),
# run_launch (runs oya-launch, sets $rc, keeps stderr in $dir/err), and checks.
set -eu
LAUNCH=$BUILD/oya-launch
TARGET=$BUILD/tests/targets/launch-target
STATIC=$BUILD/tests/targets/static-target
export OYA_PRELOAD="$BUILD/liboya_preload.so"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

fail() {
	echo "FAIL: $*" >&2
	echo "--- stderr of oya-launch:" >&2
	cat "$dir/err" >&2 2>/dev/null || :
	exit 1
}

# run_launch ARGS...: oya-launch with ARGS; $rc is its status.
run_launch() {
	rc=0
	"$LAUNCH" "$@" >"$dir/out" 2>"$dir/err" || rc=$?
}

expect_rc() { # expect_rc N
	[ "$rc" -eq "$1" ] || fail "oya-launch exited $rc, expected $1"
}

# has FILE TEXT: FILE contains TEXT (fixed string).
has() {
	grep -qF -- "$2" "$1" || fail "$1 does not contain $2"
}

hasnt() {
	! grep -qF -- "$2" "$1" || fail "$1 contains $2"
}

# summary_has KEY VALUE: the summary (pretty JSON) has "KEY":VALUE.
summary_has() {
	has "${SUMMARY:-memory-profile.summary.json}" "\"$1\":$2"
}

# Fast sampling, RSS only, quiet: the common options.
FAST="--allow-fast-sampling -i 100ms"

# summary_num KEY: the first (top-level) numeric value of KEY in the summary.
summary_num() {
	sed -n "s/^  \"$1\":\([0-9.]*\),*$/\1/p" "${SUMMARY:-memory-profile.summary.json}" | head -n 1
}

# summary_positive KEY: the top-level KEY is a number above 0.
summary_positive() {
	v=$(summary_num "$1")
	[ -n "$v" ] && awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "summary $1 is '$v', expected > 0"
}

# wait_start FILE: until FILE holds a "start" line (bounded, about 10 s).
wait_start() {
	i=0
	while ! grep -q '"event":"start"' "$1" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 200 ] || fail "the target never started"
		sleep 0.05
	done
}
