# Disk full (the output is /dev/full): the target runs on unharmed, and the
# problem is reported exactly once, although the parent, its forked child and
# every periodic sample failed to write.
set -eu
. "$OYA_ROOT/tests/lib.sh"
run_work "$tmp/bare" 2000000
run_work "$tmp/oya" 2000000 LD_PRELOAD="$PRELOAD" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
	OYA_OUTPUT=/dev/full
same_results "$tmp/bare" "$tmp/oya"
one_warning "$tmp/oya/err" "oya: /dev/full: No space left on device"
