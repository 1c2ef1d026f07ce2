# OYA_OUTPUT is a FIFO nobody reads: the program must not hang on opening it;
# it runs as without the preload and the problem is reported once.
. "$OYA_ROOT/tests/lib.sh"

mkfifo "$tmp/fifo"
st=0
timeout 20 env LD_PRELOAD="$PRELOAD" OYA_OUTPUT="$tmp/fifo" /bin/echo hello >"$tmp/out" 2>"$tmp/err" || st=$?
expect "status (124 = hung)" "$st" 0
expect "stdout" "$(cat "$tmp/out")" "hello"
expect "warnings" "$(grep -c '^oya: ' "$tmp/err")" 1
echo ok
