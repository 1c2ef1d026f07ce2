/* The human summary table of oya-summary. */
#include "text_report.h"
#include "cgroup_text.h"
#include "text_sites.h"
#include "json_member.h"
#include "sample_line.h"
#include "run_id.h"
#include "unfreed.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 200
#define NAME_COLS 24

static void kb_cell(struct oya_text *t, double kb, bool known)
{
	char b[32];

	if (known)
		oya_human_kb(b, sizeof(b), kb);
	else
		snprintf(b, sizeof(b), "-");
	oya_text_printf(t, " %10s", b); /* "1023.9 MiB", "123.45 GiB" */
}

static void growth_cell(struct oya_text *t, const struct oya_leak *l)
{
	char g[OYA_HUMAN_MAX];

	if (l->enough_data)
		oya_human_rate(g, sizeof(g), l->growth_kb_per_hour);
	else
		snprintf(g, sizeof(g), "n/a"); /* a rate from a few points would only alarm */
	oya_text_printf(t, " %11s  %s", g, l->leak_suspected ? "YES" : "no");
}

static void header(struct oya_text *t)
{
	oya_text_printf(t, "%-*s %8s %11s %10s %10s %10s %10s %10s %10s %11s  %s\n", NAME_COLS, "PROCESS",
			"SAMPLES", "DURATION", "MIN", "AVG", "P50", "P95", "MAX", "VmHWM", "GROWTH", "LEAK");
}

static void tree_row(struct oya_text *t, const struct oya_stats *st)
{
	char d[32];
	bool have = st->have_tree_dist;

	oya_human_dur(d, sizeof(d), (double)(st->last_ms - st->first_ms) / 1000.0);
	oya_text_printf(t, "%-*s %8llu %11s", NAME_COLS, "tree RSS (sum of live)",
			(unsigned long long)st->samples, d);
	kb_cell(t, (double)st->min_rss_kb, have);
	kb_cell(t, st->avg_rss_kb, true);
	kb_cell(t, (double)st->p50_rss_kb, have);
	kb_cell(t, (double)st->p95_rss_kb, have);
	kb_cell(t, (double)st->max_rss_kb, true);
	kb_cell(t, (double)st->peak_hwm_kb, st->peak_hwm_kb > 0);
	if (strcmp(st->tree_leak.measure, "pss") != 0)
		growth_cell(t, &st->tree_leak);
	oya_text_printf(t, "\n");
}

/* A footprint by PSS (a shared page counted once) beside its RSS row: the tree's
 * sum above it, a process's below; the growth where the verdict was on PSS. */
static void pss_row(struct oya_text *t, const char *label, const struct oya_dist *d, const struct oya_leak *l)
{
	if (!d->have)
		return;
	oya_text_printf(t, "%-*s %8s %11s", NAME_COLS, label, "", "");
	kb_cell(t, (double)d->min, true);
	kb_cell(t, d->avg, true);
	kb_cell(t, (double)d->p50, true);
	kb_cell(t, (double)d->p95, true);
	kb_cell(t, (double)d->max, true);
	kb_cell(t, 0, false);
	if (!strcmp(l->measure, "pss"))
		growth_cell(t, l);
	oya_text_printf(t, "\n");
}

/* "PID ", or "HOST/PID " when the images come from more than one host. */
static void pid_cell(char *buf, size_t cap, const struct oya_proc *p, bool hosts)
{
	if (hosts && p->host)
		snprintf(buf, cap, "%.10s/%lld ", p->host, (long long)p->pid);
	else
		snprintf(buf, cap, "%lld ", (long long)p->pid);
}

static void proc_row(struct oya_text *t, const struct oya_proc *p, bool hosts)
{
	char d[32], pid[48];

	pid_cell(pid, sizeof(pid), p, hosts);
	oya_text_printf(t, "%s", pid);
	oya_text_inert(t, p->exe, NAME_COLS - strlen(pid), NAME_COLS - strlen(pid));
	oya_human_dur(d, sizeof(d), (double)(p->last_ms - p->first_ms) / 1000.0);
	oya_text_printf(t, " %8llu %11s", (unsigned long long)p->samples, d);
	kb_cell(t, (double)p->rss_min, true);
	kb_cell(t, p->rss_avg, true);
	kb_cell(t, (double)p->rss_p50, true);
	kb_cell(t, (double)p->rss_p95, true);
	kb_cell(t, (double)p->rss_max, true);
	kb_cell(t, (double)p->vm_hwm_kb, p->vm_hwm_kb > 0);
	if (!p->pss.have || strcmp(p->leak.measure, "pss") != 0)
		growth_cell(t, &p->leak);
	oya_text_printf(t, "\n");
	pss_row(t, "  its PSS", &p->pss, &p->leak);
}

/* What ps shows for each process, and why the launcher sampled it from outside. */
static void titles(struct oya_text *t, const struct oya_stats *st, size_t shown)
{
	bool head = false;

	for (size_t i = 0; i < shown; i++) {
		const struct oya_proc *p = &st->procs[i];

		if (!p->cmdline && !p->outside)
			continue;
		if (!head)
			oya_text_printf(t, "\ncommand lines (as ps shows them):\n");
		head = true;
		oya_text_printf(t, "  %lld ", (long long)p->pid);
		oya_text_inert(t, p->cmdline ? p->cmdline : p->exe, 100, 0);
		if (p->outside) {
			oya_text_printf(t, "  [sampled from outside: ");
			oya_text_inert(t, p->outside, 40, 0);
			oya_text_printf(t, "]");
		}
		oya_text_printf(t, "\n");
	}
}

static void run_facts(struct oya_text *t, const json_object *sum)
{
	json_object *cmd = oya_json_member(sum, "command"), *v;

	if (cmd && json_object_is_type(cmd, json_type_array)) {
		oya_text_printf(t, "command:");
		for (size_t i = 0; i < json_object_array_length(cmd); i++) {
			oya_text_printf(t, " ");
			oya_text_inert(t, json_object_get_string(json_object_array_get_idx(cmd, i)), 200, 0);
		}
		oya_text_printf(t, "\n");
	}
	if ((v = oya_json_member(sum, "stop_reason")) && json_object_is_type(v, json_type_string)) {
		oya_text_printf(t, "stopped: ");
		oya_text_inert(t, json_object_get_string(v), 40, 0);
		if ((v = oya_json_member(sum, "exit_code")) && json_object_is_type(v, json_type_int))
			oya_text_printf(t, ", exit status %d", json_object_get_int(v));
		if ((v = oya_json_member(sum, "signal")) && json_object_is_type(v, json_type_int))
			oya_text_printf(t, ", signal %d", json_object_get_int(v));
		oya_text_printf(t, "\n");
	}
	if ((v = oya_json_member(sum, "hint")) && json_object_is_type(v, json_type_string)) {
		oya_text_printf(t, "note: ");
		oya_text_inert(t, json_object_get_string(v), 200, 0);
		oya_text_printf(t, "\n");
	}
}

static void heaptrack(struct oya_text *t, const json_object *ht, enum oya_unfreed uf)
{
	static const struct {
		const char *key, *label;
		bool bytes;
	} f[] = {
		{ "peak_heap_bytes", "peak heap", true },
		{ "leaked_bytes", NULL, true }, /* its label depends on how the run ended */
		{ "peak_rss_bytes", "peak RSS", true },
		{ "allocations", "allocations", false },
		{ "temporary_allocations", "temporary allocations", false },
	};
	json_object *v;
	char b[OYA_HUMAN_MAX];

	if (!ht || !json_object_is_type(ht, json_type_object))
		return;
	oya_text_printf(t, "\nheaptrack");
	if ((v = oya_json_member(ht, "data_file")) && json_object_is_type(v, json_type_string)) {
		oya_text_printf(t, " (");
		oya_text_inert(t, json_object_get_string(v), 120, 0);
		oya_text_printf(t, ")");
	}
	oya_text_printf(t, ":\n");
	if ((v = oya_json_member(ht, "pid")) && json_object_is_type(v, json_type_int)) {
		oya_text_printf(t, "  traced: pid %lld (", (long long)json_object_get_int64(v));
		oya_text_inert(t,
			       (v = oya_json_member(ht, "exe")) && json_object_is_type(v, json_type_string)
				       ? json_object_get_string(v)
				       : "?",
			       60, 0);
		oya_text_printf(
			t, ") only: heaptrack profiles one process, not its forked children, not "
			   "past an exec\n  (to profile a worker, run it under oya-launch itself; nginx: "
			   "master_process off)\n");
	}
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		v = oya_json_member(ht, f[i].key);
		if (!v ||
		    !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
			continue;
		if (f[i].bytes)
			oya_human_bytes(b, sizeof(b), json_object_get_double(v));
		else
			snprintf(b, sizeof(b), "%lld", (long long)json_object_get_int64(v));
		oya_text_printf(t, "  %-22s %s", f[i].label ? f[i].label : oya_unfreed_label(uf), b);
		if (!f[i].label && json_object_get_int64(v) > 0)
			oya_text_printf(t, "  (%s)", oya_unfreed_meaning(uf));
		oya_text_printf(t, "\n");
	}
	if ((v = oya_json_member(ht, "complete")) && json_object_is_type(v, json_type_boolean) &&
	    !json_object_get_boolean(v))
		oya_text_printf(t,
				"  warning: the heaptrack data file is not complete; figures may be low\n");
	oya_text_growing_sites(t, ht);
}

/* The run's cgroup: the kernel's own accounting of the run's memory. */
static void cgroup(struct oya_text *t, const json_object *cg)
{
	const char *path;
	char figs[160];
	int version;

	if (oya_cgroup_text(cg, figs, sizeof(figs), &version, &path))
		return;
	oya_text_printf(t, "\ncgroup v%d", version);
	if (path) {
		oya_text_printf(t, " (");
		oya_text_inert(t, path, 120, 0);
		oya_text_printf(t, ")");
	}
	oya_text_printf(t, ": %s\n", figs);
}

char *oya_text_table(const struct oya_stats *st, const json_object *summary)
{
	struct oya_text t = { 0 };
	char span[OYA_HUMAN_MAX], a[32], b[32];
	json_object *v;
	size_t shown = st->nprocs < MAX_ROWS ? st->nprocs : MAX_ROWS;
	bool hosts = oya_stats_many_hosts(st);

	oya_human_dur(span, sizeof(span), (double)(st->last_ms - st->first_ms) / 1000.0);
	if (!oya_format_timestamp(a, sizeof(a), st->first_ms))
		snprintf(a, sizeof(a), "?");
	if (!oya_format_timestamp(b, sizeof(b), st->last_ms))
		snprintf(b, sizeof(b), "?");
	oya_text_printf(&t, "%zu process image%s, %llu sample%s over %s (%s to %s)\n", st->nprocs,
			st->nprocs == 1 ? "" : "s", (unsigned long long)st->samples,
			st->samples == 1 ? "" : "s", span, a, b);
	run_facts(&t, summary);
	oya_text_printf(&t, "\n");
	header(&t);
	pss_row(&t, "tree PSS (sum of live)", &st->pss, &st->tree_leak);
	tree_row(&t, st);
	// cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 misreads a value clamped with ?: (its ticket 11437)
	for (size_t i = 0; i < shown; i++)
		proc_row(&t, &st->procs[i], hosts);
	titles(&t, st, shown);
	if (shown < st->nprocs)
		oya_text_printf(&t, "(%zu more processes not shown; --json lists them all)\n",
				st->nprocs - shown);

	if (st->pss.have && st->pss_rss_fallback_images)
		oya_text_printf(
			&t,
			"PSS: %llu process image%s counted by RSS (an upper bound) until a first PSS read\n",
			(unsigned long long)st->pss_rss_fallback_images,
			st->pss_rss_fallback_images == 1 ? "" : "s");
	oya_text_printf(&t, "\nleak verdicts (rule: see README, \"Leak verdict\"):\n");
	oya_text_printf(&t, "  tree: %s: ", st->tree_leak.leak_suspected ? "LEAK SUSPECTED" : "no leak");
	oya_text_inert(&t, st->tree_leak.reason, 200, 0);
	oya_text_printf(&t, "\n");
	// cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 misreads a value clamped with ?: (its ticket 11437)
	for (size_t i = 0; i < shown; i++) {
		const struct oya_proc *p = &st->procs[i];
		char pid[48];

		pid_cell(pid, sizeof(pid), p, hosts);
		oya_text_printf(&t, "  %s", pid);
		oya_text_inert(&t, p->exe, 40, 0);
		oya_text_printf(&t, ": %s: ", p->leak.leak_suspected ? "LEAK SUSPECTED" : "no leak");
		oya_text_inert(&t, p->leak.reason, 200, 0);
		oya_text_printf(&t, "\n");
	}
	v = oya_json_member(summary, "stop_reason");
	heaptrack(&t, oya_json_member(summary, "heaptrack"),
		  oya_unfreed_kind(v && json_object_is_type(v, json_type_string) ? json_object_get_string(v)
										 : NULL));
	cgroup(&t, oya_json_member(summary, "cgroup"));
	oya_text_printf(&t, "\nskipped: %llu malformed line%s; lost: %llu sample%s (gaps in seq)\n",
			(unsigned long long)st->malformed_lines, st->malformed_lines == 1 ? "" : "s",
			(unsigned long long)st->lost_samples, st->lost_samples == 1 ? "" : "s");
	return oya_text_take(&t);
}
