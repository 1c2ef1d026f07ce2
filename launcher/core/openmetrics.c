#include "openmetrics.h"
#include "json_member.h"
#include "run_id.h"
#include "summary.h"
#include "utf8.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define KIB 1024.0

void oya_openmetrics_label(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = p[i] < 0x80 ? 1 : oya_utf8_len(p + i, len - i);

		if (p[i] == '\\' || p[i] == '"') {
			fputc('\\', out);
			fputc(p[i], out);
		} else if (p[i] == '\n') {
			fputs("\\n", out);
		} else if (n == 0 || p[i] < 0x20 || p[i] == 0x7f) {
			fputs("\xef\xbf\xbd", out); /* U+FFFD */
			n = n ? n : 1;
		} else {
			fwrite(p + i, 1, n, out);
		}
		i += n ? n : 1;
	}
}

static void label(FILE *out, const char *name, const char *value, bool first)
{
	fprintf(out, "%s%s=\"", first ? "" : ",", name);
	if (value)
		oya_openmetrics_label(out, value, strlen(value));
	fputc('"', out);
}

static void family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A value: integers as integers, times to the ms, small rates with their significant digits. */
static void value(FILE *out, double v)
{
	if (v < 9.0e15 && v > -9.0e15 && v == (double)(int64_t)v)
		fprintf(out, " %" PRId64 "\n", (int64_t)v);
	else if (v >= 1 || v <= -1)
		fprintf(out, " %.3f\n", v);
	else
		fprintf(out, " %.6g\n", v);
}

/* ---- the run ---- */

struct run_series {
	const char *name, *type, *help;
	const char *obj, *key; /* from the summary: the member KEY of its object OBJ ("" = the top) */
	int what;	       /* or from the statistics: one of enum run_what */
	double scale;
};

enum run_what {
	R_JSON,
	R_PEAK,
	R_AVG,
	R_PSS_PEAK,
	R_PSS_AVG,
	R_HWM,
	R_GROWTH,
	R_PSS_GROWTH,
	R_LEAK,
	R_SAMPLES,
	R_LOST,
	R_IMAGES,
	R_START,
	R_DUR
};

static const struct run_series run_series[] = {
	{ "oya_run_rss_peak_bytes", "gauge", "Peak of the tree's total RSS (sum over live processes).", NULL,
	  NULL, R_PEAK, KIB },
	{ "oya_run_rss_average_bytes", "gauge", "Time-weighted average of the tree's total RSS.", NULL, NULL,
	  R_AVG, KIB },
	{ "oya_run_pss_peak_bytes", "gauge",
	  "Peak of the tree's total PSS (a shared page counted once; absent without PSS reads).", NULL, NULL,
	  R_PSS_PEAK, KIB },
	{ "oya_run_pss_average_bytes", "gauge", "Time-weighted average of the tree's total PSS.", NULL, NULL,
	  R_PSS_AVG, KIB },
	{ "oya_run_vm_hwm_bytes", "gauge", "Highest VmHWM (peak RSS the kernel saw) of any process.", NULL,
	  NULL, R_HWM, KIB },
	{ "oya_run_rss_growth_bytes_per_second", "gauge",
	  "Robust growth rate of the tree's total RSS after warm-up (absent with too few samples, or when "
	  "judged on PSS).",
	  NULL, NULL, R_GROWTH, KIB / 3600.0 },
	{ "oya_run_pss_growth_bytes_per_second", "gauge",
	  "Robust growth rate of the tree's total PSS after warm-up (where it has enough PSS reads).", NULL,
	  NULL, R_PSS_GROWTH, KIB / 3600.0 },
	{ "oya_run_leak_suspected", "gauge",
	  "1 when oya's leak rule suspects a leak in the tree (on PSS where it can, else RSS), else 0.", NULL,
	  NULL, R_LEAK, 1 },
	{ "oya_run_samples_total", "counter", "Sample lines read.", NULL, NULL, R_SAMPLES, 1 },
	{ "oya_run_lost_samples_total", "counter", "Samples missing (gaps in the writers' seq).", NULL, NULL,
	  R_LOST, 1 },
	{ "oya_run_process_images", "gauge", "Process images seen (an exec starts a new one).", NULL, NULL,
	  R_IMAGES, 1 },
	{ "oya_run_start_time_seconds", "gauge", "First sample, in seconds since the Unix epoch.", NULL, NULL,
	  R_START, 1 },
	{ "oya_run_duration_seconds", "gauge", "From the first sample to the last.", NULL, NULL, R_DUR, 1 },
	{ "oya_heaptrack_peak_heap_bytes", "gauge", "heaptrack: peak heap memory consumption.", "heaptrack",
	  "peak_heap_bytes", R_JSON, 1 },
	{ "oya_heaptrack_leaked_bytes", "gauge", "heaptrack: bytes not freed at the end.", "heaptrack",
	  "leaked_bytes", R_JSON, 1 },
	{ "oya_heaptrack_allocations_total", "counter", "heaptrack: calls to allocation functions.",
	  "heaptrack", "allocations", R_JSON, 1 },
	{ "oya_cgroup_peak_bytes", "gauge", "The run's cgroup: peak memory usage.", "cgroup", "peak_bytes",
	  R_JSON, 1 },
	{ "oya_cgroup_limit_bytes", "gauge", "The run's cgroup: memory limit.", "cgroup", "limit_bytes",
	  R_JSON, 1 },
	{ "oya_cgroup_oom_kills_total", "counter", "The run's cgroup: processes killed by the OOM killer.",
	  "cgroup", "oom_kills", R_JSON, 1 },
};

/* Whether verdict L was reached on PSS: a growth rate is named after the series it was fitted to. */
static bool on_pss(const struct oya_leak *l)
{
	return !strcmp(l->measure, "pss");
}

static bool run_value(const struct run_series *s, const struct oya_stats *st, const json_object *summary,
		      double *v)
{
	switch (s->what) {
	case R_JSON: return oya_json_number(oya_json_member(summary, s->obj), s->key, v) && *v >= 0;
	case R_PEAK: *v = (double)st->max_rss_kb; return st->samples > 0;
	case R_AVG: *v = st->avg_rss_kb; return st->samples > 0;
	case R_PSS_PEAK: *v = (double)st->pss.max; return st->pss.have;
	case R_PSS_AVG: *v = st->pss.avg; return st->pss.have;
	case R_HWM: *v = (double)st->peak_hwm_kb; return st->peak_hwm_kb > 0;
	case R_GROWTH:
		*v = st->tree_leak.growth_kb_per_hour;
		return st->tree_leak.enough_data && !on_pss(&st->tree_leak);
	case R_PSS_GROWTH:
		*v = st->tree_leak.growth_kb_per_hour;
		return st->tree_leak.enough_data && on_pss(&st->tree_leak);
	case R_LEAK: *v = st->tree_leak.leak_suspected; return st->tree_leak.enough_data;
	case R_SAMPLES: *v = (double)st->samples; return true;
	case R_LOST: *v = (double)st->lost_samples; return true;
	case R_IMAGES: *v = (double)st->nprocs; return true;
	case R_START: *v = (double)st->first_ms / 1000.0; return st->samples > 0;
	case R_DUR: *v = (double)(st->last_ms - st->first_ms) / 1000.0; return st->samples > 0;
	}
	return false;
}

/* Each run series that any of the N runs has: its family once, then one sample per run. */
static void run_part(FILE *out, const struct oya_om_run *runs, size_t n)
{
	for (size_t i = 0; i < sizeof(run_series) / sizeof(run_series[0]); i++) {
		const struct run_series *s = &run_series[i];
		bool head = false;

		for (size_t r = 0; r < n; r++) {
			const struct oya_stats *st = runs[r].st;
			const char *host = oya_stats_many_hosts(st) ? NULL : oya_stats_host(st);
			double v;

			if (!run_value(s, st, runs[r].summary, &v))
				continue;
			if (!head)
				family(out, s->name, s->type, s->help);
			head = true;
			fprintf(out, "%s{", s->name);
			label(out, "host", host, true);
			label(out, "run", oya_stats_run(st), false);
			fputc('}', out);
			value(out, v * s->scale);
		}
	}
}

/* ---- the processes ---- */

enum proc_what {
	P_PEAK,
	P_AVG,
	P_LAST,
	P_PSS_PEAK,
	P_PSS_AVG,
	P_PSS_LAST,
	P_HWM,
	P_GROWTH,
	P_PSS_GROWTH,
	P_LEAK,
	P_SAMPLES,
	P_LOST
};

static const struct proc_series {
	const char *name, *type, *help;
	enum proc_what what;
} proc_series[] = {
	{ "oya_process_rss_peak_bytes", "gauge", "Peak RSS of the process image.", P_PEAK },
	{ "oya_process_rss_average_bytes", "gauge", "Time-weighted average RSS of the process image.",
	  P_AVG },
	{ "oya_process_rss_bytes", "gauge", "RSS at the image's latest sample.", P_LAST },
	{ "oya_process_pss_peak_bytes", "gauge", "Peak PSS of the process image (over its PSS reads).",
	  P_PSS_PEAK },
	{ "oya_process_pss_average_bytes", "gauge", "Time-weighted average PSS of the process image.",
	  P_PSS_AVG },
	{ "oya_process_pss_bytes", "gauge", "PSS at the image's latest PSS read.", P_PSS_LAST },
	{ "oya_process_vm_hwm_bytes", "gauge", "VmHWM (peak RSS the kernel saw) of the process image.",
	  P_HWM },
	{ "oya_process_rss_growth_bytes_per_second", "gauge",
	  "Robust RSS growth rate after warm-up (absent with too few samples, or when judged on PSS).",
	  P_GROWTH },
	{ "oya_process_pss_growth_bytes_per_second", "gauge",
	  "Robust PSS growth rate after warm-up (where the image has enough PSS reads).", P_PSS_GROWTH },
	{ "oya_process_leak_suspected", "gauge", "1 when oya's leak rule suspects a leak, else 0.", P_LEAK },
	{ "oya_process_samples_total", "counter", "Samples of the process image.", P_SAMPLES },
	{ "oya_process_lost_samples_total", "counter", "Samples missing (gaps in seq).", P_LOST },
};

static bool proc_value(enum proc_what w, const struct oya_proc *p, double *v)
{
	switch (w) {
	case P_PEAK: *v = (double)p->rss_max * KIB; return true;
	case P_AVG: *v = p->rss_avg * KIB; return true;
	case P_LAST: *v = (double)p->rss_last * KIB; return true;
	case P_PSS_PEAK: *v = (double)p->pss.max * KIB; return p->pss.have;
	case P_PSS_AVG: *v = p->pss.avg * KIB; return p->pss.have;
	case P_PSS_LAST:
		*v = p->npss ? (double)p->pss_points[p->npss - 1].rss_kb * KIB : 0;
		return p->npss > 0;
	case P_HWM: *v = (double)p->vm_hwm_kb * KIB; return p->vm_hwm_kb > 0;
	case P_GROWTH:
		*v = p->leak.growth_kb_per_hour * KIB / 3600.0;
		return p->leak.enough_data && !on_pss(&p->leak);
	case P_PSS_GROWTH:
		*v = p->leak.growth_kb_per_hour * KIB / 3600.0;
		return p->leak.enough_data && on_pss(&p->leak);
	case P_LEAK: *v = p->leak.leak_suspected; return p->leak.enough_data;
	case P_SAMPLES: *v = (double)p->samples; return true;
	case P_LOST: *v = (double)p->lost_samples; return true;
	}
	return false;
}

static int str_cmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

/* Images in label order; among those with the same labels (an exec of the same program), the latest last. */
static int cmp_labels(const void *a, const void *b)
{
	const struct oya_proc *x = *(const struct oya_proc *const *)a,
			      *y = *(const struct oya_proc *const *)b;
	int c;

	if ((c = str_cmp(x->host, y->host)) || (c = str_cmp(x->run, y->run)) || (c = str_cmp(x->exe, y->exe)))
		return c;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->first_ms < y->first_ms ? -1 : x->first_ms > y->first_ms;
}

static bool same_labels(const struct oya_proc *x, const struct oya_proc *y)
{
	return x->pid == y->pid && !str_cmp(x->host, y->host) && !str_cmp(x->run, y->run) &&
	       !str_cmp(x->exe, y->exe);
}

static int proc_part(FILE *out, const struct oya_om_run *runs, size_t nruns)
{
	size_t total = 0, n = 0;
	const struct oya_proc **v;

	for (size_t r = 0; r < nruns; r++)
		total += runs[r].st->nprocs;
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*v) is right */
	v = malloc((total ? total : 1) * sizeof(*v));
	if (!v)
		return -1;
	for (size_t r = 0; r < nruns; r++)
		for (size_t i = 0; i < runs[r].st->nprocs; i++)
			v[n++] = &runs[r].st->procs[i];
	qsort(v, total, sizeof(*v), cmp_labels); // NOLINT(bugprone-sizeof-expression): pointers
	/* one series per label set: the latest image of each */
	n = 0;
	for (size_t i = 0; i < total; i++)
		if (i + 1 == total || !same_labels(v[i], v[i + 1]))
			v[n++] = v[i];
	for (size_t k = 0; k < sizeof(proc_series) / sizeof(proc_series[0]); k++) {
		const struct proc_series *s = &proc_series[k];
		bool head = false;

		for (size_t i = 0; i < n; i++) {
			char pid[24];
			double x;

			if (!proc_value(s->what, v[i], &x))
				continue;
			if (!head)
				family(out, s->name, s->type, s->help);
			head = true;
			snprintf(pid, sizeof(pid), "%lld", (long long)v[i]->pid);
			fprintf(out, "%s{", s->name);
			label(out, "host", v[i]->host, true);
			label(out, "run", v[i]->run, false);
			label(out, "exe", v[i]->exe, false);
			label(out, "pid", pid, false);
			fputc('}', out);
			value(out, x);
		}
	}
	free(v);
	return 0;
}

int oya_openmetrics_write_runs(FILE *out, const struct oya_om_run *runs, size_t n)
{
	run_part(out, runs, n);
	if (proc_part(out, runs, n))
		return -1;
	fputs("# EOF\n", out);
	return ferror(out) ? -1 : 0;
}

int oya_openmetrics_write(FILE *out, const struct oya_stats *st, const json_object *summary)
{
	const struct oya_om_run one = { st, summary };

	return oya_openmetrics_write_runs(out, &one, 1);
}
