# A static binary ignores LD_PRELOAD: the launcher samples it from outside.
. "$OYA_ROOT/tests/lib.sh"
run_launch $FAST --no-heaptrack -d 20s -- "$STATIC" 1500
expect_rc 0
has memory-profile.jsonl '"exe":"static-target","event":"start","seq":0,"source":"launcher"'
has memory-profile.jsonl '"exe":"static-target","event":"sample","seq":1,"source":"launcher"'
hasnt memory-profile.jsonl '"source":"preload"'
# Without --no-heaptrack: heaptrack cannot trace a static binary (its script would wait
# forever), so the run goes on without it and says so.
run_launch $FAST -d 20s -o h.jsonl -- "$STATIC" 500
expect_rc 0
has err "statically linked: heaptrack cannot trace it"
has h.jsonl '"exe":"static-target","event":"start","seq":0,"source":"launcher"'
SUMMARY=h.summary.json summary_has heaptrack null
SUMMARY=memory-profile.summary.json
has memory-profile.summary.json '"source":"launcher"'
summary_positive samples
