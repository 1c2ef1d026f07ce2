# nginx for the service_nginx*.sh tests (sourced after service.sh; POSIX sh, needs curl).
# nginx_setup MODE writes the configuration (daemon MODE) and $NGINX, the command line;
# nginx_started waits for the master and its two workers; nginx_drive N sends N requests;
# nginx_checks checks the run's JSONL, summary, nginx's log and that nothing is left.
NGINX_BIN=/usr/sbin/nginx
[ -x "$NGINX_BIN" ] || fail "nginx is not installed (scripts/install-deps test)"
command -v curl >/dev/null || fail "curl is not installed (scripts/install-deps test)"

nginx_setup() {
	# The workers (www-data) read the document root: the directory must be traversable.
	chmod 0755 "$tmp"
	mkdir -p "$tmp/www" "$tmp/tmp"
	echo "oya service test" >"$tmp/www/index.html"
	port=$(free_port)
	sed -e "s|@DIR@|$tmp|g" -e "s|@PORT@|$port|g" -e "s|@DAEMON@|$1|g" \
		"$OYA_ROOT/tests/fixtures/service/nginx.conf" >"$tmp/nginx.conf"
	NGINX="$NGINX_BIN -p $tmp/ -e $tmp/error.log -c $tmp/nginx.conf"
	at_exit 'nginx_kill'
}

nginx_kill() {
	p=$(cat "$tmp/nginx.pid" 2>/dev/null) || return 0
	kill -TERM "$p" 2>/dev/null || :
}

nginx_workers() {
	pgrep -P "$master" -x nginx
}

two_workers() {
	[ "$(nginx_workers | wc -l)" -eq 2 ]
}

nginx_started() {
	wait_secs 10 test -s "$tmp/nginx.pid" || fail "nginx never wrote its pid file ($(cat "$tmp/error.log" 2>/dev/null))"
	master=$(cat "$tmp/nginx.pid")
	remember "$master"
	wait_secs 10 two_workers || fail "nginx's master $master never had two workers"
	workers=$(nginx_workers)
	# shellcheck disable=SC2086 # one pid a word
	remember $workers
}

nginx_drive() {
	codes=$(curl -s -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$port/index.html?[1-$1]" | grep -c '^200$') || :
	[ "$codes" -eq "$1" ] || problem "nginx answered $codes of $1 requests with 200"
	# The kernel's figures while nginx runs, for the summary's peaks.
	tree_kb=$(vm_rss "$master")
	for w in $workers; do
		kb=$(vm_rss "$w")
		echo "$w $kb" >>"$tmp/rss"
		tree_kb=$((tree_kb + kb))
	done
}

nginx_checks() {
	[ "$(summary_field stop_reason)" = duration_limit ] ||
		problem "stop_reason is $(summary_field stop_reason), expected duration_limit"
	# Everything but the start-up second ran under the run's whole length.
	alive=$(awk -v d="$(summary_field duration_secs)" 'BEGIN { print (d > 2 ? d - 1 : 1) }')
	expect_sampled "$master" "nginx's master" "$alive"
	case $(proc_cmdline "$master") in
	"nginx: master process"*) ;;
	*) problem "the summary's cmdline of the master is '$(proc_cmdline "$master")', expected nginx: master process ..." ;;
	esac
	while read -r w kb; do
		expect_sampled "$w" "an nginx worker" "$alive"
		[ "$(proc_field "$w" .ppid)" = "$master" ] ||
			problem "worker $w: the summary's ppid is '$(proc_field "$w" .ppid)', expected $master"
		[ "$(proc_cmdline "$w")" = "nginx: worker process" ] ||
			problem "worker $w: the summary's cmdline is '$(proc_cmdline "$w")', expected nginx: worker process"
		expect_rss "$w" "an nginx worker" "$kb"
	done <"$tmp/rss"
	# The tree's average against the tree's VmRSS the test read: all three processes counted.
	avg=$(summary_field avg_rss_kb)
	awk -v a="$avg" -v t="$tree_kb" 'BEGIN { exit !(a >= t * 0.75) }' ||
		problem "the summary's average RSS is $avg kB, the kernel's VmRSS of the tree was $tree_kb kB"
	! grep -E '\[(emerg|alert|crit)\]' "$tmp/error.log" >&2 || problem "nginx's error log has the errors above"
	grep -q "\[notice\] $master#$master: exit\$" "$tmp/error.log" ||
		problem "nginx's error log does not show the master's clean exit"
	gone
	! pgrep -f "$tmp/nginx.conf" >/dev/null || problem "an nginx of this test's configuration still runs"
}
