# Under heaptrack, programs the target starts have no LD_PRELOAD (heaptrack removes it):
# the launcher samples them from outside; heaptrack's own processes never appear.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
run_launch $FAST -d 20s -- sh -c "\"$TARGET\" sleep 1200; exit 5"
expect_rc 5
summary_has stop_reason '"exited"'
summary_has exit_code 5
has memory-profile.jsonl '"exe":"dash","event":"start","seq":0,"source":"preload"'
has memory-profile.jsonl '"exe":"launch-target","event":"start","seq":0,"source":"launcher"'
has memory-profile.jsonl '"exe":"launch-target","event":"sample","seq":1,"source":"launcher"'
for helper in heaptrack_interpret zstd gzip readlink mkfifo; do
	hasnt memory-profile.jsonl "\"exe\":\"$helper\""
done
has memory-profile.summary.json '"complete":true'
# the traced process named as its rows name it: /bin/sh is dash here
expect "heaptrack.exe" "$(jq -r .heaptrack.exe memory-profile.summary.json)" \
	"$(basename "$(readlink -f /bin/sh)")"
