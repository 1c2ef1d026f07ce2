# The output file is made read-only during the run, then writable again: the
# target runs on unharmed, one warning, and the samples lost meanwhile show as a
# gap in seq (numbers keep counting), so a reader can tell that samples are missing.
# Root ignores file modes: as root the file is made immutable (chattr +i), or,
# where the file system cannot, the target runs as nobody (setpriv).
set -eu
. "$OYA_ROOT/tests/lib.sh"
out=$tmp/p.jsonl
as="env"
if [ "$(id -u)" -ne 0 ]; then
	lock() { chmod 0444 "$out"; }
	unlock() { chmod 0644 "$out"; }
elif touch "$tmp/probe" && chattr +i "$tmp/probe" 2>/dev/null; then
	chattr -i "$tmp/probe"
	lock() { chattr +i "$out"; }
	unlock() { chattr -i "$out"; }
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$PRELOAD"; then
	# setpriv itself must not carry the preload: only the target does.
	as="setpriv --reuid=65534 --regid=65534 --clear-groups env"
	chown 65534 "$tmp"
	lock() { chmod 0444 "$out"; }
	unlock() { chmod 0644 "$out"; }
else
	echo "SKIP: running as root on a file system without chattr +i, and nobody cannot read $PRELOAD"
	exit 0
fi
# shellcheck disable=SC2086 # $as is a command prefix (words)
$as LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms OYA_OUTPUT="$out" \
	"$WAIT" "$tmp/go" >"$tmp/stdout" 2>"$tmp/stderr" &
pid=$!
wait_until has_lines "$out" 2 || fail "no samples"
lock
wait_until has_oya_line "$tmp/stderr" || fail "no warning while the output was read-only"
n=$(lines "$out")
unlock
wait_until has_lines "$out" $((n + 2)) || fail "sampling did not resume"
touch "$tmp/go"
set +e
wait $pid
rc=$?
set -e
[ $rc -eq 7 ] || fail "exit status $rc, expected 7"
printf 'waiting\ndone 1\n' | cmp - "$tmp/stdout" || fail "stdout changed"
one_warning "$tmp/stderr" "$out: "
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
