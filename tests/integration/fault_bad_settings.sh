# Bad settings, each on its own: one clear "oya:" line on stderr naming the value
# and what happens instead, and the target's results unchanged (stdout, checksum
# file, exit status). Paths that are merely unusual (spaces, quotes, a newline,
# bytes that are not UTF-8) are legal file names: they are used as given, with
# no message, and nothing is written anywhere else.
set -eu
. "$OYA_ROOT/tests/lib.sh"
run_work "$tmp/bare" 200000
case_no=0

# bad EXPECTED-TEXT VAR=VALUE...: one case that must give exactly one warning.
bad() {
	want=$1
	shift
	case_no=$((case_no + 1))
	d=$tmp/case$case_no
	run_work "$d" 200000 LD_PRELOAD="$PRELOAD" OYA_OUTPUT="$d/p.jsonl" "$@"
	same_results "$tmp/bare" "$d"
	one_warning "$d/err" "$want"
}

# interval: the default is used and the run is still sampled (start and exit lines)
for v in '' '-5s' '-1' '2401h' '99999999999999999999' '18446744073709551616ms' 'abc' '10x' \
	'1.5s' '5 s' '10d' 's' '1s1s' '1m1h' '0x10' '+5s' '0'; do
	bad "OYA_INTERVAL '$v' " OYA_INTERVAL="$v"
	grep -q 'using the default 10s' "$d/err" || fail "no fallback stated for '$v'"
	grep -q '"event":"start"' "$d/p.jsonl" || fail "not sampled after a bad OYA_INTERVAL '$v'"
	grep -q '"event":"exit"' "$d/p.jsonl" || fail "no exit line after a bad OYA_INTERVAL '$v'"
done
bad "OYA_INTERVAL '100ms' is below the 5s minimum (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms)" \
	OYA_INTERVAL=100ms
bad "OYA_INTERVAL '99ms' is below the 100ms minimum" OYA_INTERVAL=99ms OYA_ALLOW_FAST_SAMPLING=1
# a control character in the value stays on the one line
nl='
'
bad "OYA_INTERVAL '1\\x0as' " OYA_INTERVAL="1${nl}s"
bad "OYA_T0 'yesterday' is not a CLOCK_MONOTONIC time" OYA_T0=yesterday

# output: the empty template falls back to ./memory-profile.jsonl in the current directory
bad "OYA_OUTPUT is empty; writing to ./memory-profile.jsonl" OYA_OUTPUT=
[ -s "$d/memory-profile.jsonl" ] || fail "the default output was not written"
bad "OYA_OUTPUT '$tmp/x%q' has an unknown %-sequence" OYA_OUTPUT="$tmp/x%q"
bad "OYA_OUTPUT '$tmp/x%' ends with a lone %" OYA_OUTPUT="$tmp/x%"
bad "$tmp/none/p.jsonl: No such file or directory" OYA_OUTPUT="$tmp/none/p.jsonl"
[ ! -e "$tmp/none" ] || fail "a missing directory was created"
mkdir "$tmp/adir"
bad "$tmp/adir: Is a directory" OYA_OUTPUT="$tmp/adir"
[ -z "$(ls -A "$tmp/adir")" ] || fail "something was written into the directory"
long=$(printf '%5000s' '' | tr ' ' a)
bad "OYA_OUTPUT is longer than PATH_MAX; sampling is off" OYA_OUTPUT="$tmp/$long"
bad "is too long; sampling is off" OYA_OUTPUT="$tmp/$(printf '%1400s' '' | tr ' ' '.' | sed 's/\./%p/g')"
# a newline in a path that cannot be opened: still one line, the byte escaped
bad "$tmp/none/a\\x0ab: No such file or directory" OYA_OUTPUT="$tmp/none/a${nl}b"

# A symlink planted in a world-writable sticky directory is not followed: the
# file it points to is neither created nor written.
mkdir "$tmp/pub"
chmod 1777 "$tmp/pub"
ln -s "$tmp/victim-new" "$tmp/pub/new.jsonl"
bad "$tmp/pub/new.jsonl: Too many levels of symbolic links" OYA_OUTPUT="$tmp/pub/new.jsonl"
[ ! -e "$tmp/victim-new" ] || fail "the symlink was followed: its target was created"
echo precious >"$tmp/victim-old"
ln -s "$tmp/victim-old" "$tmp/pub/old.jsonl"
bad "$tmp/pub/old.jsonl: Too many levels of symbolic links" OYA_OUTPUT="$tmp/pub/old.jsonl"
[ "$(cat "$tmp/victim-old")" = precious ] || fail "the symlink was followed: its target was written"

# Unusual but legal names are used exactly as given.
for name in 'with space.jsonl' "quote'\"s.jsonl" "new${nl}line.jsonl" "$(printf 'bad\377\376utf8.jsonl')"; do
	case_no=$((case_no + 1))
	d=$tmp/case$case_no
	mkdir -p "$d/o"
	run_work "$d" 200000 LD_PRELOAD="$PRELOAD" OYA_OUTPUT="$d/o/$name"
	same_results "$tmp/bare" "$d"
	[ ! -s "$d/err" ] || fail "a message for a legal name: $(cat "$d/err")"
	[ -f "$d/o/$name" ] || fail "not written to the name as given"
	[ "$(find "$d/o" -mindepth 1 -printf x | wc -c)" -eq 1 ] || fail "other files written: $(ls -A "$d/o")"
	[ "$(grep -c '"event":"exit"' "$d/o/$name")" -eq 2 ] || fail "missing exit lines"
done
echo "$case_no cases"
