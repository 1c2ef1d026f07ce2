# PostgreSQL as user postgres (started by root through runuser), on a Unix socket in the test's
# directory, driven by a short pgbench: the postmaster, its auxiliary processes and the backends are
# all sampled across their lives and in the summary with the titles ps shows; stopping oya-launch
# shuts the server down cleanly and leaves nothing running.
. "$OYA_ROOT/tests/lib.sh"
. "$OYA_ROOT/tests/integration/lib/service.sh"
PG=/usr/lib/postgresql/15/bin
[ -x "$PG/postgres" ] && [ -x "$PG/pgbench" ] ||
	fail "PostgreSQL 15 is not installed (scripts/install-deps test)"
id postgres >/dev/null 2>&1 || fail "there is no user postgres (scripts/install-deps test)"
clients=4
bench_secs=4

# The server (user postgres) must reach its directory: the test's directory is traversable.
chmod 0755 "$tmp"
mkdir "$tmp/pg"
chown postgres: "$tmp/pg"
as_pg() {
	runuser -u postgres -- "$@"
}
as_pg "$PG/initdb" -D "$tmp/pg/data" -U postgres -A trust --no-sync --no-instructions >"$tmp/initdb.log" 2>&1 ||
	fail "initdb failed: $(tail -n 5 "$tmp/initdb.log")"
at_exit 'as_pg "$PG/pg_ctl" -D "$tmp/pg/data" -m immediate stop >/dev/null 2>&1'

launch_bg 60 --no-heaptrack -d 40s -i 200ms --allow-fast-sampling -- runuser -u postgres -- \
	"$PG/postgres" -D "$tmp/pg/data" -k "$tmp/pg" -c listen_addresses= -c fsync=off
ready() {
	as_pg "$PG/pg_isready" -q -h "$tmp/pg"
}
wait_secs 20 ready || fail "PostgreSQL never accepted connections"
postmaster=$(head -n 1 "$tmp/pg/data/postmaster.pid")
remember "$postmaster"
as_pg "$PG/pgbench" -h "$tmp/pg" -i -s 1 -q postgres >"$tmp/pgbench-init.log" 2>&1 ||
	problem "pgbench -i failed: $(tail -n 3 "$tmp/pgbench-init.log")"
as_pg "$PG/pgbench" -h "$tmp/pg" -c $clients -j 2 -T $bench_secs postgres >"$tmp/pgbench.log" 2>&1 &
bench=$!

# titles: "PID TITLE" for the postmaster's children, as ps shows them.
titles() {
	ps -o pid=,args= --ppid "$postmaster" | sed 's/^ *//; s/ *$//' >"$tmp/titles"
}
all_clients() {
	titles
	[ "$(grep -c ' postgres: postgres postgres \[local\]' "$tmp/titles")" -ge "$clients" ]
}
wait_secs 10 all_clients || problem "ps never showed $clients pgbench backends"
while read -r pid title; do
	remember "$pid"
	echo "$pid $(vm_rss "$pid") $title" >>"$tmp/seen-titles"
done <"$tmp/titles"
wait "$bench" || problem "pgbench failed: $(tail -n 3 "$tmp/pgbench.log")"

kill -TERM "$(launcher_pid)" || problem "oya-launch was gone before the test stopped it"
launch_wait
[ "$rc" -eq 143 ] || problem "oya-launch exited $rc after SIGTERM, expected 143"
grep -q 'database system is shut down' "$tmp/err" ||
	problem "PostgreSQL's log does not say \"database system is shut down\""

alive=$(awk -v d="$(summary_field duration_secs)" 'BEGIN { print (d > 2 ? d - 1 : 1) }')
expect_sampled "$postmaster" "the postmaster" "$alive"
case $(proc_cmdline "$postmaster") in
*postgres\ -D\ "$tmp/pg/data"*) ;;
*) problem "the postmaster's cmdline in the summary is '$(proc_cmdline "$postmaster")'" ;;
esac
for aux in checkpointer "background writer" walwriter "autovacuum launcher"; do
	grep -q " postgres: $aux\$" "$tmp/seen-titles" || problem "ps showed no postgres: $aux"
done
while read -r pid kb title; do
	case $title in
	*"[local]"*)
		what="a backend"
		secs=$((bench_secs - 1))
		title=${title%%\[local\]*}"[local]"
		;;
	"postgres: checkpointer" | "postgres: background writer" | "postgres: walwriter" | \
		"postgres: autovacuum launcher" | "postgres: logical replication launcher")
		what="an auxiliary process"
		secs=$alive
		;;
	*) continue ;; # short-lived workers (autovacuum worker, ...): their lives are not known here
	esac
	expect_sampled "$pid" "$what ($title)" "$secs"
	case $(proc_cmdline "$pid") in
	"$title"*) ;;
	*) problem "pid $pid: the summary's cmdline is '$(proc_cmdline "$pid")', ps showed '$title'" ;;
	esac
	expect_rss "$pid" "$what ($title)" "$kb"
done <"$tmp/seen-titles"
gone
end_checks
