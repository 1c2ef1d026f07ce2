# A static binary ignores LD_PRELOAD: the launcher samples it from outside.
. "$OYA_ROOT/tests/integration/lib/launch-common.sh"
run_launch $FAST --no-heaptrack -d 20s -- "$STATIC" 1500
expect_rc 0
has memory-profile.jsonl '"exe":"static-target","event":"start","seq":0,"source":"launcher"'
has memory-profile.jsonl '"exe":"static-target","event":"sample","seq":1,"source":"launcher"'
hasnt memory-profile.jsonl '"source":"preload"'
