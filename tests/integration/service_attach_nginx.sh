# oya-launch --pid on nginx that runs on its own (started by the test, daemon off): the master and
# both workers are observed from outside while requests come in, the run detaches at the limit,
# and nginx is unharmed: the same master and workers still serve requests afterwards.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
. "$OYA_ROOT/tests/integration/lib/service-nginx.sh"
nginx_setup off
# shellcheck disable=SC2086 # $NGINX is the command and its arguments, one a word
$NGINX >"$tmp/nginx.out" 2>&1 &
bg_pids="$bg_pids $!"
nginx_started
launch_bg 40 --pid "$master" -d 4s -i 200ms --allow-fast-sampling
nginx_drive 300
launch_wait
[ "$rc" -eq 0 ] || problem "oya-launch exited $rc, expected 0 (detached at the limit)"
[ "$(summary_field stop_reason)" = detached ] ||
	problem "stop_reason is $(summary_field stop_reason), expected detached"
expect_sampled "$master" "nginx's master" 3
for w in $workers; do
	expect_sampled "$w" "an nginx worker" 3
	[ "$(proc_field "$w" .ppid)" = "$master" ] ||
		problem "worker $w: the summary's ppid is '$(proc_field "$w" .ppid)', expected $master"
done
# Unharmed: the same processes run and answer.
while read -r pid start; do
	running "$pid" "$start" || problem "pid $pid ended while (or after) oya-launch observed it"
done <"$tmp/seen"
[ "$(nginx_workers | sort | tr '\n' ' ')" = "$(echo "$workers" | sort | tr '\n' ' ')" ] ||
	problem "nginx's workers changed: $(nginx_workers | tr '\n' ' '), were $(echo "$workers" | tr '\n' ' ')"
nginx_drive 50
! grep -E '\[(emerg|alert|crit)\]' "$tmp/error.log" >&2 || problem "nginx's error log has the errors above"
end_checks
