# Processes too short-lived for any scan (a loop of a static program that lives 20 ms, so
# the preload cannot sample it): with the kernel's process events oya-launch counts each one
# and samples it from outside at its exec, and the summary agrees with the loop's own count;
# the events' socket never reaches the command. With the events off (OYA_NO_PROC_EVENTS, the
# children files at each scan) most of them are never seen.
. "$OYA_ROOT/tests/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "the kernel's process events need root (CAP_NET_ADMIN)"; exit 77; }
N=150
unset OYA_NO_PROC_EVENTS # the first run is the one with the events

# LOOP.sh: N runs of the static program, the count, then what a child of the shell holds open
# and the connector's sockets on the machine (Eth 11 in /proc/net/netlink, inode last).
cat >loop.sh <<EOF
i=0
while [ \$i -lt $N ]; do "$STATIC" 20; i=\$((i + 1)); done
echo \$i >count
ls -l /proc/self/fd/ >fds
cat /proc/net/netlink >netlink
EOF

# static_images SUMMARY: the static program's images sampled, then those counted unsampled
# (by its name, or unnamed: gone before its name could be read)
static_images() {
	jq '[.processes[] | select(.exe == "static-target")] | length' "$1"
	jq '[.tree.unsampled[] | select(.exe == "static-target" or .exe == null) | .images] | add // 0' "$1"
}

run_launch -v --no-heaptrack -d 120s -- sh loop.sh
expect_rc 0
if grep -q 'not by the kernel.s process events' err; then
	echo "no process events here: $(grep 'not by the kernel' err)"
	exit 77
fi
has err "the tree is followed by the kernel's process events"
expect "the loop's count" "$(cat count)" "$N"
expect "followed_by" "$(jq -r .tree.followed_by memory-profile.summary.json)" proc_events
set -- $(static_images memory-profile.summary.json)
sampled=$1 unsampled=$2
echo "with the events: $sampled of $N sampled from outside, $unsampled counted without a sample"
expect "static images, sampled or counted" $((sampled + unsampled)) "$N"
[ "$sampled" -ge $((N / 2)) ] || fail "only $sampled of $N short-lived processes were sampled"
n=$(jq .tree.processes memory-profile.summary.json)
[ "$n" -ge $((N + 1)) ] || fail "the tree's processes: $n, expected at least $((N + 1))"
# each sampled one: a start line from outside, with the reason
n=$(count memory-profile.jsonl '.exe == "static-target" and .event == "start" and .source == "launcher"
	and .outside == "static binary"')
expect "launcher start lines of static-target" "$n" "$sampled"
# close-on-exec: no descriptor of the command is one of the connector's sockets
socks=$(sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' fds)
for s in $socks; do
	awk -v s="$s" '$2 == 11 && $NF == s { found = 1 } END { exit !found }' netlink &&
		fail "the command holds the process events socket (inode $s)"
done

# the same loop without the events: the scans (twice a second) see few of them
OYA_NO_PROC_EVENTS=1 run_launch -v --no-heaptrack -d 120s -o off.jsonl -- sh loop.sh
expect_rc 0
has err "not by the kernel's process events: OYA_NO_PROC_EVENTS is set"
expect "the loop's count without events" "$(cat count)" "$N"
expect "followed_by without events" "$(jq -r .tree.followed_by off.summary.json)" children_files
set -- $(static_images off.summary.json)
echo "without the events: $1 of $N sampled, $2 counted without a sample"
[ $(($1 + $2)) -lt "$N" ] || fail "without the events all $N were seen: the test shows nothing"

# A real short-lived static program: Debian's /sbin/ldconfig (libc-bin, static-pie) listing
# its cache, 50 times. With the events every run is an image of the tree, sampled from outside;
# the tree's count is the loop's processes, as the kernel ran them (the shell and 50 execs).
LDCONFIG=/sbin/ldconfig
if [ -x "$LDCONFIG" ]; then
	cat >ld.sh <<EOF2
i=0
while [ \$i -lt 50 ]; do "$LDCONFIG" -p >/dev/null; i=\$((i + 1)); done
EOF2
	run_launch --no-heaptrack -d 120s -o ld.jsonl -- sh ld.sh
	expect_rc 0
	got=$(jq '[.processes[] | select(.exe == "ldconfig")] | length' ld.summary.json)
	gone=$(jq '[.tree.unsampled[] | select(.exe == "ldconfig" or .exe == null) | .images] | add // 0' ld.summary.json)
	echo "ldconfig: $got of 50 sampled from outside, $gone counted without a sample"
	# (an unnamed image may be a fork's copy that ended before its name could be read)
	[ $((got + gone)) -ge 50 ] || fail "ldconfig: only $((got + gone)) of 50 images sampled or counted"
	[ "$got" -ge 25 ] || fail "ldconfig: only $got of 50 sampled from outside"
	n=$(jq .tree.processes ld.summary.json)
	[ "$n" -ge 51 ] || fail "ldconfig: the tree's processes $n, the shell and 50 runs are 51"
	expect "ldconfig start lines from outside, as a static binary" \
		"$(count ld.jsonl '.exe == "ldconfig" and .event == "start" and .outside == "static binary"')" "$got"
else
	echo "no /sbin/ldconfig here: the real-program case is not run"
fi
