/*
 * The summary JSON, written from the statistics and the run facts
 * (summary_read.c reads it back).
 */
#include "summary_int.h"
#include "cgroup_parse.h"
#include "sample_line.h"
#include "utf8.h"
#include "json_member.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of S with every byte that is not UTF-8 replaced by U+FFFD (json-c would copy it
   as it is and write invalid JSON); json-c escapes quotes and control characters. */
json_object *oya_json_text(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), o = 0;
	json_object *obj;
	char *buf;

	buf = malloc(n * 3 + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = oya_utf8_len(u + i, n - i);

		if (k) {
			memcpy(buf + o, s + i, k);
			o += k;
			i += k;
		} else {
			/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): BUF goes by its length O */
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	obj = json_object_new_string_len(buf, (int)o);
	free(buf);
	return obj;
}

/* A number with a fixed number of decimals, as written (not %.17g). */
static json_object *new_fixed(double v, int decimals)
{
	char buf[64];

	if (!isfinite(v))
		return NULL;
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	return json_object_new_double_s(v, buf);
}

static json_object *new_time(int64_t ms)
{
	char buf[32];

	if (ms <= 0 || !oya_format_timestamp(buf, sizeof(buf), ms))
		return NULL;
	return json_object_new_string(buf);
}

static json_object *new_u64(uint64_t v)
{
	return json_object_new_int64(v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* Adds; a NULL value (absent or out of memory) becomes null, an out-of-memory add is counted. */
static void add(json_object *o, const char *key, json_object *v, int *fail)
{
	if (json_object_object_add(o, key, v))
		(*fail)++;
}

static void add_leak(json_object *o, const struct oya_leak *l, int *fail)
{
	add(o, "growth_kb_per_hour", l->enough_data ? new_fixed(l->growth_kb_per_hour, 1) : NULL, fail);
	add(o, "leak_suspected", json_object_new_boolean(l->leak_suspected), fail);
	add(o, "leak_reason", oya_json_text(l->reason), fail);
	add(o, "leak_measure", l->measure[0] ? json_object_new_string(l->measure) : NULL, fail);
}

/* "max_NAME_kb", "avg_NAME_kb" and "NAME_kb" {min,avg,p50,p95,max}: all null without a series. */
static void add_dist(json_object *o, const char *name, const struct oya_dist *d, int *fail)
{
	json_object *obj = NULL;
	char key[32];

	snprintf(key, sizeof(key), "max_%s_kb", name);
	add(o, key, d->have ? new_u64(d->max) : NULL, fail);
	snprintf(key, sizeof(key), "avg_%s_kb", name);
	add(o, key, d->have ? new_fixed(d->avg, 1) : NULL, fail);
	if (d->have) {
		obj = json_object_new_object();
		if (obj) {
			add(obj, "min", new_u64(d->min), fail);
			add(obj, "avg", new_fixed(d->avg, 1), fail);
			add(obj, "p50", new_u64(d->p50), fail);
			add(obj, "p95", new_u64(d->p95), fail);
			add(obj, "max", new_u64(d->max), fail);
		} else {
			(*fail)++;
		}
	}
	snprintf(key, sizeof(key), "%s_kb", name);
	add(o, key, obj, fail);
}

static json_object *proc_json(const struct oya_proc *p, int *fail)
{
	json_object *o = json_object_new_object(), *rss, *vs;

	if (!o) {
		(*fail)++;
		return NULL;
	}
	add(o, "pid", json_object_new_int64(p->pid), fail);
	add(o, "ppid", p->ppid >= 0 ? json_object_new_int64(p->ppid) : NULL, fail);
	add(o, "exe", p->exe ? oya_json_text(p->exe) : NULL, fail);
	if (p->host)
		add(o, "host", oya_json_text(p->host), fail);
	if (p->run)
		add(o, "run", oya_json_text(p->run), fail);
	add(o, "source", p->source[0] ? oya_json_text(p->source) : NULL, fail);
	add(o, "cmdline", p->cmdline ? oya_json_text(p->cmdline) : NULL, fail);
	add(o, "outside", p->outside ? oya_json_text(p->outside) : NULL, fail);
	add(o, "samples", new_u64(p->samples), fail);
	add(o, "lost_samples", new_u64(p->lost_samples), fail);
	add(o, "first_at", new_time(p->first_ms), fail);
	add(o, "last_at", new_time(p->last_ms), fail);
	add(o, "duration_secs", new_fixed((double)(p->last_ms - p->first_ms) / 1000.0, 3), fail);
	add(o, "exited", json_object_new_boolean(p->saw_exit), fail);
	rss = json_object_new_object();
	if (rss) {
		add(rss, "min", new_u64(p->rss_min), fail);
		add(rss, "max", new_u64(p->rss_max), fail);
		add(rss, "avg", new_fixed(p->rss_avg, 1), fail);
		add(rss, "p50", new_u64(p->rss_p50), fail);
		add(rss, "p95", new_u64(p->rss_p95), fail);
		add(rss, "first", new_u64(p->rss_first), fail);
		add(rss, "last", new_u64(p->rss_last), fail);
	} else {
		(*fail)++;
	}
	add(o, "rss_kb", rss, fail);
	vs = json_object_new_object();
	if (vs)
		add(vs, "max", p->vm_size_max ? new_u64(p->vm_size_max) : NULL, fail);
	else
		(*fail)++;
	add(o, "vm_size_kb", vs, fail);
	add(o, "vm_peak_kb", p->vm_peak_kb ? new_u64(p->vm_peak_kb) : NULL, fail);
	add(o, "vm_hwm_kb", p->vm_hwm_kb ? new_u64(p->vm_hwm_kb) : NULL, fail);
	add(o, "pss_samples", new_u64(p->npss), fail);
	add_dist(o, "pss", &p->pss, fail);
	add_dist(o, "uss", &p->uss, fail);
	add(o, "max_swap_kb", p->have_swap ? new_u64(p->swap_max_kb) : NULL, fail);
	add_leak(o, &p->leak, fail);
	return o;
}

/* The "cgroup" object: the launcher's, else what the "cgroup" lines tell (their group: a line
   holds a moment, not the exact peak nor the OOM kills), else all null. NULL without memory. */
static json_object *cgroup_of(const struct oya_stats *st, const struct oya_run_info *run)
{
	struct oya_cg_final f = { OYA_CG_NONE, NULL, -1, -1, -1, -1 };

	if (run->cgroup)
		return json_object_get(run->cgroup);
	if (st->cg_lines) {
		f.version = (enum oya_cg_version)st->cg_version;
		f.path = st->cg_path[0] ? st->cg_path : NULL;
	}
	return oya_cg_summary_json(&f);
}

/* From the cgroup's counter: 1 an OOM kill, 0 none, -1 unknown. */
static int oom_killed(const json_object *cg)
{
	json_object *k = oya_json_member(cg, "oom_kills");

	if (!k || !json_object_is_type(k, json_type_int))
		return -1;
	return json_object_get_int64(k) > 0;
}

/* The run facts: command, times, stop reason, exit status; OOM: oom_killed (-1 unknown). */
static void add_run(json_object *o, const struct oya_stats *st, const struct oya_run_info *run, int oom,
		    int *fail)
{
	json_object *cmd = NULL;
	double dur;

	if (run->command) {
		cmd = json_object_new_array();
		for (size_t i = 0; cmd && run->command[i]; i++)
			if (json_object_array_add(cmd, oya_json_text(run->command[i])))
				(*fail)++;
		*fail += !cmd;
	}
	add(o, "command", cmd, fail);
	if (run->host)
		add(o, "host", oya_json_text(run->host), fail);
	if (run->run)
		add(o, "run", oya_json_text(run->run), fail);
	add(o, "started_at", new_time(run->started_ms), fail);
	add(o, "ended_at", new_time(run->ended_ms), fail);
	if (run->started_ms > 0 && run->ended_ms >= run->started_ms)
		dur = (double)(run->ended_ms - run->started_ms) / 1000.0;
	else
		dur = (double)(st->last_ms - st->first_ms) / 1000.0;
	add(o, "duration_secs", new_fixed(dur, 3), fail);
	add(o, "planned_duration_secs",
	    run->planned_duration_secs > 0 ? new_fixed(run->planned_duration_secs, 3) : NULL, fail);
	add(o, "interval_secs", run->interval_secs > 0 ? new_fixed(run->interval_secs, 3) : NULL, fail);
	add(o, "stop_reason", run->stop_reason ? oya_json_text(run->stop_reason) : NULL, fail);
	add(o, "exit_code", run->exit_code >= 0 ? json_object_new_int(run->exit_code) : NULL, fail);
	add(o, "signal", run->signal > 0 ? json_object_new_int(run->signal) : NULL, fail);
	add(o, "oom_killed", oom >= 0 ? json_object_new_boolean(oom) : NULL, fail);
	/* without the counter a SIGKILL from outside is only a hint; with it "oom_killed" says */
	if (run->killed_externally) {
		add(o, "killed_externally", json_object_new_boolean(1), fail);
		if (oom < 0)
			add(o, "hint",
			    json_object_new_string("killed by SIGKILL that oya-launch did not send: the "
						   "kernel's OOM killer is a likely cause (see dmesg)"),
			    fail);
		else if (!oom)
			add(o, "hint",
			    json_object_new_string("killed by SIGKILL that oya-launch did not send, not by "
						   "the OOM killer: the run's cgroup counted no OOM kill"),
			    fail);
	}
}

/* The tree's figures: samples, RSS maximum, average and distribution. */
static void add_tree(json_object *o, const struct oya_stats *st, int *fail)
{
	json_object *rss = NULL;

	add(o, "first_sample_at", new_time(st->first_ms), fail);
	add(o, "last_sample_at", new_time(st->last_ms), fail);
	add(o, "samples", new_u64(st->samples), fail);
	add(o, "lost_samples", new_u64(st->lost_samples), fail);
	add(o, "malformed_lines", new_u64(st->malformed_lines), fail);
	add(o, "max_rss_kb", new_u64(st->max_rss_kb), fail);
	add(o, "avg_rss_kb", new_fixed(st->avg_rss_kb, 1), fail);
	add(o, "max_rss_mb", new_fixed((double)st->max_rss_kb / 1024.0, 2), fail); /* MiB */
	add(o, "avg_rss_mb", new_fixed(st->avg_rss_kb / 1024.0, 2), fail);
	add(o, "peak_hwm_kb", st->peak_hwm_kb ? new_u64(st->peak_hwm_kb) : NULL, fail);
	if (st->have_tree_dist) {
		rss = json_object_new_object();
		if (rss) {
			add(rss, "min", new_u64(st->min_rss_kb), fail);
			add(rss, "avg", new_fixed(st->avg_rss_kb, 1), fail);
			add(rss, "p50", new_u64(st->p50_rss_kb), fail);
			add(rss, "p95", new_u64(st->p95_rss_kb), fail);
			add(rss, "max", new_u64(st->max_rss_kb), fail);
		} else {
			(*fail)++;
		}
	}
	add(o, "rss_kb", rss, fail);
	add_dist(o, "pss", &st->pss, fail);
	add(o, "pss_rss_fallback_images", st->pss.have ? new_u64(st->pss_rss_fallback_images) : NULL, fail);
	add_leak(o, &st->tree_leak, fail);
}

static json_object *build(const struct oya_stats *st, const struct oya_run_info *run, bool with_procs)
{
	static const struct oya_run_info none = { .exit_code = -1 };
	json_object *o = json_object_new_object(), *procs = NULL, *cg;
	int fail = 0;

	if (!o)
		return NULL;
	if (!run)
		run = &none;
	cg = cgroup_of(st, run);
	fail += !cg;
	add(o, "schema_version", json_object_new_int(1), &fail);
	add_run(o, st, run, oom_killed(cg), &fail);
	add_tree(o, st, &fail);
	if (with_procs) {
		procs = json_object_new_array();
		for (size_t i = 0; procs && i < st->nprocs; i++) {
			json_object *p = proc_json(&st->procs[i], &fail);

			if (json_object_array_add(procs, p))
				fail++;
		}
		fail += !procs;
	}
	add(o, "processes", procs, &fail);
	add(o, "heaptrack", run->heaptrack ? json_object_get(run->heaptrack) : NULL, &fail);
	add(o, "cgroup", cg, &fail);
	if (run->tree)
		add(o, "tree", json_object_get(run->tree), &fail);
	if (fail) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *oya_summary_json(const struct oya_stats *st, const struct oya_run_info *run)
{
	return build(st, run, true);
}

#define WRITE_FLAGS (JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

/* S, with INDENT after each of its newlines: a value printed alone, placed deeper. */
static int put_indented(FILE *f, const char *s, const char *indent)
{
	if (!s)
		return -1;
	for (; *s; s++) {
		if (putc(*s, f) == EOF)
			return -1;
		if (*s == '\n' && fputs(indent, f) == EOF)
			return -1;
	}
	return 0;
}

/* One process object at a time: the whole array never exists as json-c objects. */
static int put_processes(FILE *f, const struct oya_stats *st)
{
	int fail = 0;

	if (!st->nprocs) {
		json_object *empty = json_object_new_array();
		int rc = empty ? put_indented(f, json_object_to_json_string_ext(empty, WRITE_FLAGS), "  ")
			       : -1;

		json_object_put(empty);
		return rc;
	}
	if (fputs("[\n", f) == EOF)
		return -1;
	for (size_t i = 0; i < st->nprocs; i++) {
		json_object *p = proc_json(&st->procs[i], &fail);
		int rc = p && !fail && fputs(i ? ",\n    " : "    ", f) != EOF
				 ? put_indented(f, json_object_to_json_string_ext(p, WRITE_FLAGS), "    ")
				 : -1;

		json_object_put(p);
		if (rc)
			return -1;
	}
	return fputs("\n  ]", f) == EOF ? -1 : 0;
}

int oya_summary_json_write(FILE *f, const struct oya_stats *st, const struct oya_run_info *run)
{
	json_object *o = build(st, run, false);
	bool first = true;
	int rc = o ? 0 : -1;

	if (!rc && fputs("{\n", f) == EOF)
		rc = -1;
	if (o) {
		json_object_object_foreach(o, key, val)
		{
			if (rc)
				break;
			/* keys are this file's own literals: nothing to escape */
			if (fprintf(f, "%s  \"%s\":", first ? "" : ",\n", key) < 0)
				rc = -1;
			else if (!strcmp(key, "processes"))
				rc = put_processes(f, st);
			else
				rc = put_indented(f, json_object_to_json_string_ext(val, WRITE_FLAGS), "  ");
			first = false;
		}
	}
	if (!rc && fputs("\n}", f) == EOF)
		rc = -1;
	json_object_put(o);
	return rc;
}
