# The output file is made read-only during the run, then writable again: the
# target runs on unharmed, one warning, and the samples lost meanwhile show as a
# gap in seq (numbers keep counting), so a reader can tell that samples are missing.
# Root ignores file modes: as root the file is made immutable (chattr +i), or,
# where the file system cannot, the target runs as nobody (setpriv).
set -eu
. "$OYA_ROOT/tests/fault/lib.sh"
out=$T/p.jsonl
as="env"
if [ "$(id -u)" -ne 0 ]; then
	lock() { chmod 0444 "$out"; }
	unlock() { chmod 0644 "$out"; }
elif touch "$T/probe" && chattr +i "$T/probe" 2>/dev/null; then
	chattr -i "$T/probe"
	lock() { chattr +i "$out"; }
	unlock() { chattr -i "$out"; }
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$P"; then
	# setpriv itself must not carry the preload: only the target does.
	as="setpriv --reuid=65534 --regid=65534 --clear-groups env"
	chown 65534 "$T"
	lock() { chmod 0444 "$out"; }
	unlock() { chmod 0644 "$out"; }
else
	echo "SKIP: running as root on a file system without chattr +i, and nobody cannot read $P"
	exit 0
fi
# shellcheck disable=SC2086 # $as is a command prefix (words)
$as LD_PRELOAD="$P" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$out" \
	"$WAIT" "$T/go" >"$T/stdout" 2>"$T/stderr" &
pid=$!
wait_for has_lines "$out" 2 || fail "no samples"
lock
wait_for has_oya_line "$T/stderr" || fail "no warning while the output was read-only"
n=$(lines "$out")
unlock
wait_for has_lines "$out" $((n + 2)) || fail "sampling did not resume"
touch "$T/go"
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 7 ] || fail "exit status $rc, expected 7"
printf 'waiting\ndone 1\n' | cmp - "$T/stdout" || fail "stdout changed"
one_warning "$T/stderr" "$out: "
# seq: starts at 0, strictly increasing, at least one gap; the exit line is last.
prev=-1
gaps=0
for s in $(seqs "$out"); do
	[ "$s" -gt "$prev" ] || fail "seq $s after $prev"
	[ "$s" -eq $((prev + 1)) ] || gaps=$((gaps + 1))
	prev=$s
done
[ "$(seqs "$out" | head -n 1)" -eq 0 ] || fail "the first seq is not 0"
[ $gaps -ge 1 ] || fail "no seq gap although samples were lost"
tail -n 1 "$out" | grep -q '"event":"exit"' || fail "the last line is not the exit line"
echo "$(lines "$out") lines, $gaps gap(s), last seq $prev"
