# nginx in the foreground (daemon off) with two workers that switch to www-data, driven by a few
# hundred requests: the master and both workers are sampled at every interval, the summary tells
# them apart by their titles, nginx shuts down cleanly and nothing is left running.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
. "$OYA_ROOT/tests/integration/lib/service-nginx.sh"
nginx_setup off
# shellcheck disable=SC2086 # $NGINX is the command and its arguments, one a word
launch_bg 40 --no-heaptrack -d 6s -i 200ms --allow-fast-sampling -- $NGINX
nginx_started
nginx_drive 300
launch_wait
[ "$rc" -eq 0 ] || problem "oya-launch exited $rc, expected 0 (stopped at the duration limit)"
nginx_checks
end_checks
