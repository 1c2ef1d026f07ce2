# A process that switches user (a service's worker): with %u in OYA_OUTPUT and a
# directory every user may create files in (mode 1733), its lines before the
# switch go to 0-PID.jsonl and after it to 65534-PID.jsonl, owned by that user.
# Without %u, the file root created is not writable after the switch: one
# warning, the lines after the switch are lost, the program is not affected.
. "$OYA_ROOT/tests/lib.sh"

[ "$(id -u)" = 0 ] || { echo "skipped: needs root to switch users"; exit 0; }
dir=$tmp/out
mkdir -m 1733 "$dir"
chmod 711 "$tmp" # mktemp's 0700 would keep nobody out of $dir
nobody=65534

st=0
run_preloaded "$dir/%u-%p.jsonl" "$TARGETS/preload-setuid" $nobody "$dir/0-%p.jsonl" \
	"$dir/$nobody-%p.jsonl" >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status" "$st" 0
expect "stdout" "$(cat "$tmp/stdout")" "uid $nobody"
[ ! -s "$tmp/stderr" ] || fail "stderr: $(cat "$tmp/stderr")"
expect "files" "$(cd "$dir" && ls | sed 's/-[0-9]*\.jsonl$//' | sort | tr '\n' ' ')" "0 $nobody "
root_file=$(ls "$dir"/0-*.jsonl)
user_file=$(ls "$dir"/$nobody-*.jsonl)
expect "owner of the user's file" "$(stat -c %u "$user_file")" $nobody
check_lines "$root_file"
check_lines "$user_file"
pid=$(head -n 1 "$root_file" | jq .pid)
expect "file names" "$root_file $user_file" "$dir/0-$pid.jsonl $dir/$nobody-$pid.jsonl"
expect "root's lines" "$(jq -r .event "$root_file" | sort -u | tr '\n' ' ')" "sample start "
[ "$(count "$root_file" '.event == "sample"')" -ge 2 ] || fail "fewer than 2 samples before the switch"
[ "$(count "$user_file" '.event == "sample"')" -ge 2 ] || fail "fewer than 2 samples after the switch"
expect "user's last line" "$(tail -n 1 "$user_file" | jq -r .event)" exit
# one process, one count: seq goes on across the two files
expect "seq across files" "$(cat "$root_file" "$user_file" | jq -s '[.[].seq] == ([range(length)])')" true

# Without %u: root's 0644 file refuses the appends after the switch.
rm -f "$dir"/*
out=$dir/all.jsonl
st=0
run_preloaded "$out" "$TARGETS/preload-setuid" $nobody "$out" - >"$tmp/stdout" 2>"$tmp/stderr" || st=$?
expect "exit status without %u" "$st" 0
expect "stdout without %u" "$(cat "$tmp/stdout")" "uid $nobody"
expect "warnings" "$(grep -c '^oya: ' "$tmp/stderr")" 1
grep -q "^oya: $out: Permission denied; samples are lost while this lasts" "$tmp/stderr" ||
	fail "warning: $(cat "$tmp/stderr")"
check_lines "$out"
expect "exit lines without %u" "$(count "$out" '.event == "exit"')" 0
echo ok
