# Where memory grows, through oya-launch: the three-site target (a churn, a cache that
# fills then stops, a slow leak) stopped at the limit and ended by itself, the same
# without the leak, and a target whose RSS grows through the allocator while its heap
# stays flat. growing_sites names only the leak's function; the figures equal
# heaptrack_print's; --fail-on-leak gives 1 with the leak and 0 without; the report
# says fragmentation for the allocator's growth. Four runs at once.
. "$OYA_ROOT/tests/lib.sh"
command -v heaptrack >/dev/null || fail "heaptrack is not installed (scripts/install-deps build)"
SITES=$TARGETS/ht-three-sites
SLOW="--allow-fast-sampling -i 1s --fail-on-leak"

launch_bg() { # launch_bg NAME ARGS...: oya-launch -o NAME.jsonl ARGS in the background; NAME.rc its status
	n=$1
	shift
	(
		r=0
		"$LAUNCH" -q -o "$n.jsonl" "$@" >"$n.out" 2>"$n.err" || r=$?
		echo $r >"$n.rc"
	) &
	bg_pids="$bg_pids $!"
}
launch_bg limit $SLOW -d 14s -- "$SITES" 30
launch_bg ended $SLOW -d 60s -- "$SITES" 14
launch_bg noleak $SLOW -d 14s -- "$SITES" 30 noleak
launch_bg frag $SLOW -d 60s -- "$TARGETS/ht-fragment" 14
wait

# jqs NAME FILTER: FILTER on NAME's summary
jqs() { jq -r "$2" "$1.summary.json"; }

for n in limit ended noleak frag; do
	[ -s $n.summary.json ] || fail "$n: no summary ($(cat $n.err))"
	[ "$(jqs $n .heaptrack.complete)" = true ] || fail "$n: heaptrack data not complete"
	[ "$(jqs $n .heaptrack.figures_from)" = oya ] || fail "$n: figures not from oya's reader"
	heaptrack_print $n.heaptrack.zst >$n.print 2>/dev/null || fail "heaptrack_print $n failed"
	pa=$(sed -n 's/^calls to allocation functions: \([0-9]*\).*/\1/p' $n.print)
	pt=$(sed -n 's/^temporary memory allocations: \([0-9]*\).*/\1/p' $n.print)
	a=$(jqs $n .heaptrack.allocations)
	t=$(jqs $n .heaptrack.temporary_allocations)
	[ "$a" -gt 0 ] && [ "$a" = "$pa" ] || fail "$n: allocations $a, heaptrack_print $pa"
	[ "$t" = "$pt" ] || fail "$n: temporary allocations $t, heaptrack_print $pt"
	echo "$n: allocations $a, temporary $t: equal to heaptrack_print's"
	# the heap series is on the run's wall clock, within the run
	s=$(jqs $n '.started_at | sub("\\.[0-9]+Z$"; "Z") | fromdate')
	e=$(jqs $n '.ended_at | sub("\\.[0-9]+Z$"; "Z") | fromdate')
	first=$(jqs $n '.heaptrack.heap_series[0].at_ms / 1000 | floor')
	last=$(jqs $n '.heaptrack.heap_series[-1].at_ms / 1000 | floor')
	[ "$first" -ge "$s" ] && [ "$last" -le "$((e + 1))" ] || fail "$n: heap_series outside the run"
	[ "$(jqs $n '.heaptrack.heap_series | length')" -le 256 ] || fail "$n: heap_series not thinned"
done
jqs limit .stop_reason | grep -qx duration_limit || fail "limit: not stopped at the limit"
jqs ended .stop_reason | grep -qx exited || fail "ended: did not end by itself ($(jqs ended .stop_reason))"

# growing NAME: one growing site, the leak's; churn and cache never listed
for n in limit ended; do
	[ "$(jqs $n '.heaptrack.growing_sites | length')" = 1 ] || fail "$n: growing sites: $(jqs $n .heaptrack.growing_sites)"
	[ "$(jqs $n '.heaptrack.growing_sites[0].frames[0].function')" = leak_slowly ] ||
		fail "$n: the growing site is not leak_slowly"
	[ "$(jqs $n '.heaptrack.growing_sites[0].growth_bytes_per_hour > 0')" = true ] || fail "$n: no growth rate"
	[ "$(jqs $n '.heaptrack.growing_sites_more')" = 0 ] || fail "$n: growing_sites_more"
	! jqs $n '.heaptrack.growing_sites[].frames[].function' | grep -E 'churn_site|cache_fill' ||
		fail "$n: churn or cache listed as growing"
	[ "$(cat $n.rc)" = 1 ] || fail "$n: oya-launch --fail-on-leak exited $(cat $n.rc), expected 1"
	has $n.err "leak suspected"
	has $n.err "leak_slowly"
done
[ "$(jqs noleak '.heaptrack.growing_sites | length')" = 0 ] || fail "noleak: growing sites listed"
[ "$(cat noleak.rc)" = 0 ] || fail "noleak: oya-launch --fail-on-leak exited $(cat noleak.rc): $(cat noleak.err)"

# oya-summary's gate and table on the same summaries
expect_status 1 "$S" --fail-on-leak limit.summary.json
has "$tmp/err" "growing allocation site"
has "$tmp/out" "leak_slowly"
expect_status 0 "$S" --fail-on-leak noleak.summary.json
has "$tmp/out" "growing allocation sites: none"
# --diff: the leak's site grows in NEW and not in BASE
expect_status 0 "$S" --diff noleak.summary.json limit.summary.json
has "$tmp/out" "grow in NEW and did not in BASE"
expect_status 0 "$S" --json --diff noleak.summary.json limit.summary.json
[ "$(jq -r '.new_growing_sites[0].frames[0].function' "$tmp/out")" = leak_slowly ] || fail "diff: no new growing site"

# The allocator's growth: RSS climbs (its own verdict), the heap stays flat, no growing site;
# the report says fragmentation, not a leak.
[ "$(jqs frag '.processes[0].leak_suspected')" = true ] || fail "frag: RSS does not climb: $(jqs frag .processes[0].leak_reason)"
[ "$(jqs frag '.heaptrack.peak_heap_bytes < 1048576')" = true ] || fail "frag: the heap is not flat"
[ "$(jqs frag '.heaptrack.growing_sites | length')" = 0 ] || fail "frag: growing sites listed"
expect_status 0 "$S" --html frag.html frag.jsonl
has frag.html 'data-gap="2"'
has frag.html "fragmentation, arenas"
has frag.html "not a leak of the heap"
expect_status 0 "$S" --html limit.html limit.jsonl
has limit.html 'data-gap="3"'
has limit.html '<section id="growing-sites">'
has limit.html "<li><code>leak_slowly</code>"
echo "growing sites, gate and heap chart: as expected"
