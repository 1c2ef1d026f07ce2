# nginx in its default daemonizing mode under --daemon: the command (nginx's first process) ends at
# once, the run goes on while the daemon lives, until the limit; then the daemon is stopped, the
# master and both workers were sampled at every interval and nothing is left running.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
. "$OYA_ROOT/tests/integration/lib/service-nginx.sh"
nginx_setup on
# shellcheck disable=SC2086 # $NGINX is the command and its arguments, one a word
launch_bg 40 --no-heaptrack --daemon -d 6s -i 200ms --allow-fast-sampling -- $NGINX
if ! wait_secs 10 test -s "$tmp/nginx.pid"; then
	launch_wait
	fail "nginx never started (oya-launch exited $rc)"
fi
nginx_started
nginx_drive 300
launch_wait
[ "$rc" -eq 0 ] || problem "oya-launch exited $rc, expected 0 (stopped at the duration limit)"
nginx_checks
end_checks
