# Disk full (the output is /dev/full): the target runs on unharmed, and the
# problem is reported exactly once, although the parent, its forked child and
# every periodic sample failed to write.
set -eu
. "$OYA_ROOT/tests/fault/lib.sh"
run_work "$T/bare" 2000000
run_work "$T/oya" 2000000 LD_PRELOAD="$P" OYA_ALLOW_FAST_SAMPLING=1 OYA_INTERVAL=100ms \
	OYA_OUTPUT=/dev/full
same_results "$T/bare" "$T/oya"
one_warning "$T/oya/err" "oya: /dev/full: No space left on device"
