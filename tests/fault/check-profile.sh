#!/bin/sh
# Check a JSONL profile after a stress run: every line is a well-formed sample
# line, no process image has a seq gap, every process listed in PIDS-FILE (one
# "pid what" line per process image) has exactly as many "start" lines, and each
# pid's last line ends it ("exit", or "final" from the launcher). With
# CHECK_STOPPED=1 (a run the launcher stopped at its limit), a pid may instead
# have its "final" line anywhere: the stop signal can land after one more sample.
# The launcher's "source":"cgroup" lines are checked against their own format
# and left out of the per-process checks.
# Usage: [CHECK_STOPPED=1] tests/fault/check-profile.sh JSONL PIDS-FILE
set -eu
jsonl=$1
pids=$2
cg_re='^\{"timestamp":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z","event":"sample","seq":[0-9]+,"source":"cgroup","version":[12],"host":"([^"\\]|\\.)*","run":"[0-9a-f-]{36}","cgroup":("([^"\\]|\\.)*"|null),"metrics":\{"current_bytes":([0-9]+|null)(,"[a-z_]+_bytes":([0-9]+|null)){6}\},"kernel_from":("[a-z_+]+"|null),"elapsed_secs":[0-9]+,"elapsed_ms":[0-9]+(,"cmdline":"([^"\\]|\\.)*")?(,"outside":"([^"\\]|\\.)*")?\}$'
line_re='^\{"timestamp":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z","pid":[0-9]+,"ppid":-?[0-9]+,"exe":"([^"\\]|\\.)*","event":"(start|sample|exit|final)","seq":[0-9]+,"source":"(preload|launcher)","host":"([^"\\]|\\.)*"(,"run":"([^"\\]|\\.)*")?,"metrics":\{"rss_kb":[0-9]+,"vm_size_kb":[0-9]+,"vm_peak_kb":[0-9]+,"rss_shared_kb":[0-9]+,"vm_hwm_kb":[0-9]+,"rss_anon_kb":[0-9]+,"rss_file_kb":[0-9]+,"rss_shmem_kb":[0-9]+,"threads":[0-9]+,"swap_kb":[0-9]+(,"[a-z_]+_kb":[0-9]+)*\},"elapsed_secs":[0-9]+,"elapsed_ms":[0-9]+(,"cmdline":"([^"\\]|\\.)*")?(,"outside":"([^"\\]|\\.)*")?\}$'
[ -s "$jsonl" ] || { echo "empty profile $jsonl"; exit 1; }
bad=$(grep -Ev "$cg_re" "$jsonl" | grep -Evc "$line_re" || :)
if [ "$bad" -ne 0 ]; then
	echo "$bad malformed line(s), for example:"
	grep -Ev "$cg_re" "$jsonl" | grep -Ev "$line_re" | head -n 3
	exit 1
fi
awk -v pidsfile="$pids" -v stopped="${CHECK_STOPPED:-0}" '
function field(name,   s) {
	if (!match($0, "\"" name "\":\"?[a-z0-9]*")) return ""
	s = substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
	sub(/^"/, "", s)
	return s
}
BEGIN {
	while ((getline l < pidsfile) > 0) { split(l, f, " "); want[f[1]]++ }
	bad = 0
}
/"source":"cgroup"/ { next }
{
	pid = field("pid"); seq = field("seq") + 0; ev = field("event"); src = field("source")
	key = pid "/" src
	if (seq == 0) {
		if (ev != "start" && src == "preload") { print "pid " pid ": seq 0 is a " ev " line"; bad = 1 }
	} else if (!(key in last) || seq != last[key] + 1) {
		print "pid " pid " (" src "): seq " seq " after " (key in last ? last[key] : "nothing"); bad = 1
	}
	last[key] = seq
	if (ev == "start") starts[pid]++
	if (ev == "final") final[pid] = 1
	lastev[pid] = ev
	seen[pid] = 1
}
END {
	for (p in want) {
		if (!(p in seen)) { print "pid " p " is not in the profile"; bad = 1; continue }
		if (starts[p] != want[p]) { print "pid " p ": " starts[p] + 0 " start lines for " want[p] " images"; bad = 1 }
	}
	for (p in seen)
		if (lastev[p] != "exit" && lastev[p] != "final" && !(stopped && (p in final))) { print "pid " p " ends with a " lastev[p] " line"; bad = 1 }
	n = 0; for (p in want) n++
	if (n == 0) { print "no process listed in " pidsfile; bad = 1 }
	exit bad
}' "$jsonl"
