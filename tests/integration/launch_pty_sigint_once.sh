# Ctrl-C typed at a terminal reaches the command once: the terminal sends it to
# the foreground group (the launcher's and the command's), and the launcher does
# not send it again; it still stops the run (interrupted, 130).
. "$OYA_ROOT/tests/lib.sh"
rc=0
python3 "$OYA_ROOT/tests/integration/lib/pty-interrupt.py" c.jsonl '"event":"start"' \
	"$LAUNCH" $FAST --no-heaptrack -o c.jsonl -d 60s -- "$BUILD/tests/targets/sigint-count" >err 2>&1 || rc=$?
expect_rc 130
SUMMARY=c.summary.json
summary_has stop_reason '"interrupted"'
summary_has exit_code 1
summary_has signal null
has err "got SIGINT"
