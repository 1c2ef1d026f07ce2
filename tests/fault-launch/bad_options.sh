# Bad input to oya-launch: every option with empty, negative, huge, overflowing,
# non-numeric, unit-less and wrong-unit values, bad paths, and commands that do
# not exist or cannot run. Each gets one clear "oya-launch:" message naming the
# value, the documented status (125, or 126/127 for the command), and nothing is
# written (the default output in the current directory is not created).
set -eu
. "$OYA_ROOT/tests/lib.sh"
L=$BUILD/oya-launch
mkdir "$tmp/run" "$tmp/adir"
cd "$tmp/run"
n=0
expect() { # expect STATUS TEXT ARG...: oya-launch ARG... ends with STATUS, says TEXT
	want_rc=$1
	want=$2
	shift 2
	n=$((n + 1))
	set +e
	"$L" "$@" >"$tmp/out$n" 2>"$tmp/err$n"
	got=$?
	set -e
	[ $got -eq "$want_rc" ] || fail "oya-launch $*: status $got, expected $want_rc ($(cat "$tmp/err$n"))"
	grep -q '^oya-launch: ' "$tmp/err$n" || fail "oya-launch $*: no oya-launch: message"
	grep -qF -- "$want" "$tmp/err$n" || fail "oya-launch $*: the message does not say '$want': $(cat "$tmp/err$n")"
	[ -z "$(ls -A "$tmp/run")" ] || fail "oya-launch $*: wrote $(ls -A "$tmp/run")"
}
for v in -1s 0 0s 5h 14401s 99999999999999999999 18446744073709551616ms 10x 1.5s abc 1s1s; do
	expect 125 "$v" -d "$v" -- "$WORK" 1000
done
expect 125 "-d" -d "" -- "$WORK" 1000
for v in 2s 99ms abc -5s 10x 99999999999999999999; do
	expect 125 "$v" -i "$v" -- "$WORK" 1000
done
expect 125 "99ms" --allow-fast-sampling -i 99ms -- "$WORK" 1000
for v in -1s abc 10x; do
	expect 125 "$v" -k "$v" -- "$WORK" 1000
done
for v in NOPE 999 -3 SIGNOPE; do
	expect 125 "$v" --signal "$v" -- "$WORK" 1000
done
expect 125 "$tmp/adir" --no-heaptrack -o "$tmp/adir" -- "$WORK" 1000
expect 125 "$tmp/none/p.jsonl" --no-heaptrack -o "$tmp/none/p.jsonl" -- "$WORK" 1000
long=$tmp/$(head -c 5000 /dev/zero | tr '\0' a).jsonl
expect 125 "the output path $tmp/aaaa" --no-heaptrack -o "$long" -- "$WORK" 1000
expect 125 "--no-such-option" --no-such-option -- "$WORK" 1000
expect 125 "-d" -d
expect 127 "/nonexistent/command" --no-heaptrack -o "$tmp/o1.jsonl" -- /nonexistent/command
expect 126 "$tmp/adir" --no-heaptrack -o "$tmp/o2.jsonl" -- "$tmp/adir"
printf '#!/bin/sh\nexit 0\n' >"$tmp/noexec"
chmod 0644 "$tmp/noexec"
expect 126 "$tmp/noexec" --no-heaptrack -o "$tmp/o3.jsonl" -- "$tmp/noexec"
# Odd but valid paths (spaces, a newline, a quote, a byte that is not UTF-8) are
# written exactly where asked; a symlink planted in a world-writable sticky
# directory is moved aside (.old), never followed into its victim.
odd=$(printf '%s/o d\n"\377.jsonl' "$tmp")
"$L" -q --no-heaptrack -o "$odd" -- /bin/true >/dev/null 2>"$tmp/odd.err" ||
	fail "an output path with odd bytes: status $? ($(cat "$tmp/odd.err"))"
[ -s "$odd" ] || fail "no JSONL at the odd path"
mkdir "$tmp/ww"
chmod 1777 "$tmp/ww"
echo victim >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/ww/p.jsonl"
"$L" -q --no-heaptrack -o "$tmp/ww/p.jsonl" -- /bin/true >/dev/null 2>"$tmp/ww.err" ||
	fail "output over a symlink: status $? ($(cat "$tmp/ww.err"))"
[ "$(cat "$tmp/victim")" = victim ] || fail "the symlink was followed: the victim file changed"
[ -L "$tmp/ww/p.jsonl.old" ] && [ -f "$tmp/ww/p.jsonl" ] && [ ! -L "$tmp/ww/p.jsonl" ] ||
	fail "the symlink was not moved aside for a new file"
[ -z "$(ls -A "$tmp/run")" ] || fail "wrote $(ls -A "$tmp/run")"
echo "$n cases"
