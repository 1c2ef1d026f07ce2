/*
 * oya-summary --runs: many runs at a glance, one row each. A run's summary JSON
 * is read where it exists (it is small); a JSONL without one is streamed.
 * Files that cannot be read or hold no samples are counted, not fatal.
 */
#include <dirent.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "human.h"
#include "json_member.h"
#include "oya-summary.h"
#include "run_id.h"
#include "sample_line.h"
#include "summary.h"

#define MAX_WORKERS 16

struct row {
	char *file, *host, *run, *command, *stop;
	int64_t start_ms;
	double duration_secs, growth_kb_h;
	char measure[4]; /* what PEAK_KB and AVG_KB are: "pss" where the run has a PSS total, else "rss" */
	double peak_kb, avg_kb; /* the tree total's peak and time-weighted average by MEASURE */
	double rss_peak_kb, rss_avg_kb, pss_peak_kb, pss_avg_kb;
	bool have_pss;
	char growth_measure[4]; /* the series the growth and the leak verdict were judged on */
	bool have_growth, leak, oom;
};

struct rows {
	struct row *v;
	size_t n;
	char **files;
	size_t nfiles, capfiles;
	size_t skipped;
};

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), e = strlen(end);

	return n > e && !strcmp(s + n - e, end);
}

static int add_file(struct rows *r, const char *dir, const char *name)
{
	char *path;

	if (r->nfiles == r->capfiles) {
		size_t ncap = r->capfiles ? r->capfiles * 2 : 64;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*n) is right */
		char **n = realloc(r->files, ncap * sizeof(*n));

		if (!n)
			return -1;
		r->files = n;
		r->capfiles = ncap;
	}
	if (dir) {
		if (asprintf(&path, "%s/%s", dir, name) < 0)
			return -1;
	} else if (!(path = strdup(name))) {
		return -1;
	}
	r->files[r->nfiles++] = path;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The runs' files of directory DIR: *.summary.json and *.jsonl. */
static int add_dir(struct rows *r, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d) {
		fprintf(stderr, PROG ": %s: cannot open the directory: %s\n", dir, strerror(errno));
		r->skipped++;
		return 0;
	}
	while ((e = readdir(d)))
		if ((ends_with(e->d_name, ".jsonl") || ends_with(e->d_name, ".summary.json")) &&
		    add_file(r, dir, e->d_name)) {
			closedir(d);
			return -1;
		}
	closedir(d);
	return 0;
}

/* A JSONL whose summary JSON is in the list too: the summary speaks for the run. */
static bool has_summary(const struct rows *r, const char *path)
{
	char *s;
	bool found;

	if (!ends_with(path, ".jsonl") || !(s = sibling(path, ".summary.json")))
		return false;
	found = r->nfiles && bsearch(&s, r->files, r->nfiles, sizeof(*r->files), cmp_str) != NULL;
	free(s);
	return found;
}

/* Argument I of the summary's command ("" when it is not a string). */
static const char *arg_of(json_object *cmd, size_t i)
{
	json_object *v = json_object_array_get_idx(cmd, i);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
}

static char *command_of(const struct oya_stats *st, const json_object *summary)
{
	json_object *cmd = oya_json_member(summary, "command");
	size_t len = 0, n;
	char *out;

	if (!cmd || !json_object_is_type(cmd, json_type_array))
		return strdup(st->nprocs && st->procs[0].exe ? st->procs[0].exe : "?");
	n = json_object_array_length(cmd);
	for (size_t i = 0; i < n; i++)
		len += strlen(arg_of(cmd, i)) + 1;
	if (!(out = calloc(1, len + 1)))
		return NULL;
	len = 0;
	for (size_t i = 0; i < n; i++) {
		const char *a = arg_of(cmd, i);

		if (i)
			out[len++] = ' ';
		/* OUT is zeroed and sized for all of them: it stays terminated */
		memcpy(out + len, a, strlen(a)); // NOLINT(bugprone-not-null-terminated-result)
		len += strlen(a);
	}
	return out;
}

static bool oom_of(const json_object *summary)
{
	double kills = 0;
	json_object *v = oya_json_member(summary, "killed_externally");

	if (v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v))
		return true;
	return oya_json_number(oya_json_member(summary, "cgroup"), "oom_kills", &kills) && kills > 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int row_of(struct row *w, const char *path, const struct run *run)
{
	const struct oya_stats *st = run->st;
	const json_object *sum = run->summary;
	json_object *stop = oya_json_member(sum, "stop_reason");
	double d;

	memset(w, 0, sizeof(*w));
	w->file = strdup(path);
	w->host = dup_or_null(oya_stats_many_hosts(st) ? "(several)" : oya_stats_host(st));
	w->run = dup_or_null(oya_stats_run(st));
	w->command = command_of(st, sum);
	w->stop = dup_or_null(
		stop && json_object_is_type(stop, json_type_string) ? json_object_get_string(stop) : NULL);
	w->start_ms = st->first_ms;
	w->duration_secs =
		oya_json_number(sum, "duration_secs", &d) ? d : (double)(st->last_ms - st->first_ms) / 1000.0;
	w->rss_peak_kb = (double)st->max_rss_kb;
	w->rss_avg_kb = st->avg_rss_kb;
	w->have_pss = st->pss.have;
	w->pss_peak_kb = (double)st->pss.max;
	w->pss_avg_kb = st->pss.avg;
	memcpy(w->measure, w->have_pss ? "pss" : "rss", 4);
	w->peak_kb = w->have_pss ? w->pss_peak_kb : w->rss_peak_kb;
	w->avg_kb = w->have_pss ? w->pss_avg_kb : w->rss_avg_kb;
	memcpy(w->growth_measure, strcmp(st->tree_leak.measure, "pss") ? "rss" : "pss", 4);
	w->have_growth = st->tree_leak.enough_data;
	w->growth_kb_h = st->tree_leak.growth_kb_per_hour;
	w->leak = st->tree_leak.leak_suspected;
	w->oom = oom_of(sum);
	return w->file && w->command ? 0 : -1;
}

/* One file to read into a row, by whichever worker takes it. */
struct job {
	char *path; /* borrowed from the file list */
	struct row row;
	enum {
		JOB_SKIPPED,
		JOB_ROW,
		JOB_NOMEM
	} state;
	char *msgs; /* what reading it said, printed in the files' order once all are read */
	size_t nmsgs;
};

struct pool {
	struct job *jobs;
	size_t n, next; /* next: the first job no worker has taken */
};

static void do_job(struct job *j)
{
	/* a row shows the tree's figures alone, which the lean finish computes exactly */
	static const struct oya_finish tree = { .tree_only = true };
	FILE *err = open_memstream(&j->msgs, &j->nmsgs);
	struct load_opts lo = { &tree, err, false };
	struct run run;

	j->state = JOB_NOMEM;
	if (!err)
		return;
	if (load_with(&j->path, 1, &run, &lo))
		j->state = JOB_SKIPPED;
	else if (!row_of(&j->row, j->path, &run))
		j->state = JOB_ROW;
	if (j->state != JOB_SKIPPED)
		run_release(&run);
	if (fclose(err))
		j->state = JOB_NOMEM;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->n)
		do_job(&p->jobs[i]);
	return NULL;
}

/* The runs are independent: one worker per CPU this process may use (the calling thread is one). A
   worker that cannot be started leaves its share to the others. */
static void run_pool(struct pool *p)
{
	pthread_t t[MAX_WORKERS];
	size_t want = 1, started = 0;
	cpu_set_t cpus;

	if (!sched_getaffinity(0, sizeof(cpus), &cpus) && CPU_COUNT(&cpus) > 1)
		want = (size_t)CPU_COUNT(&cpus);
	if (want > MAX_WORKERS)
		want = MAX_WORKERS;
	if (want > p->n)
		want = p->n ? p->n : 1;
	while (started + 1 < want && !pthread_create(&t[started], NULL, worker, p))
		started++;
	worker(p);
	for (size_t i = 0; i < started; i++)
		pthread_join(t[i], NULL);
}

/* Read the files of R that no summary speaks for, into rows; their messages on stderr in order. */
static int read_all(struct rows *r)
{
	struct pool p = { calloc(r->nfiles ? r->nfiles : 1, sizeof(*p.jobs)), 0, 0 };
	int rc = 0;

	if (!p.jobs)
		return -1;
	for (size_t i = 0; i < r->nfiles; i++)
		if (!has_summary(r, r->files[i]))
			p.jobs[p.n++].path = r->files[i];
	if (!(r->v = calloc(p.n ? p.n : 1, sizeof(*r->v)))) {
		free(p.jobs);
		return -1;
	}
	run_pool(&p);
	for (size_t i = 0; i < p.n; i++) {
		struct job *j = &p.jobs[i];

		if (j->nmsgs)
			fwrite(j->msgs, 1, j->nmsgs, stderr);
		free(j->msgs);
		if (j->state == JOB_ROW)
			r->v[r->n++] = j->row;
		else
			r->skipped += j->state == JOB_SKIPPED;
		rc |= j->state == JOB_NOMEM ? -1 : 0;
	}
	free(p.jobs);
	return rc;
}

static int cmp_start(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->start_ms < y->start_ms ? -1 : x->start_ms > y->start_ms;
}

/* The largest first; ties in start order. */
#define DESC(name, field)                                    \
	static int name(const void *a, const void *b)        \
	{                                                    \
		const struct row *x = a, *y = b;             \
                                                             \
		if (x->field != y->field)                    \
			return x->field > y->field ? -1 : 1; \
		return cmp_start(a, b);                      \
	}
DESC(cmp_peak, peak_kb)
DESC(cmp_duration, duration_secs)

static int cmp_growth(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	/* runs too short to judge go last */
	if (x->have_growth != y->have_growth)
		return x->have_growth ? -1 : 1;
	if (x->growth_kb_h != y->growth_kb_h)
		return x->growth_kb_h > y->growth_kb_h ? -1 : 1;
	return cmp_start(a, b);
}

static void print_table(const struct rows *r)
{
	char start[32], dur[OYA_HUMAN_MAX], peak[OYA_HUMAN_MAX], avg[OYA_HUMAN_MAX], growth[OYA_HUMAN_MAX];

	printf("%-16s %-8s %-24s %10s %-7s %11s %11s %13s %-5s %-4s %-14s %s\n", "HOST", "RUN", "START",
	       "DURATION", "MEASURE", "PEAK", "AVG", "GROWTH", "LEAK", "OOM", "STOP", "COMMAND");
	for (size_t i = 0; i < r->n; i++) {
		const struct row *w = &r->v[i];

		if (!oya_format_timestamp(start, sizeof(start), w->start_ms))
			snprintf(start, sizeof(start), "?");
		oya_human_dur(dur, sizeof(dur), w->duration_secs);
		oya_human_kb(peak, sizeof(peak), w->peak_kb);
		oya_human_kb(avg, sizeof(avg), w->avg_kb);
		if (w->have_growth)
			oya_human_rate(growth, sizeof(growth), w->growth_kb_h);
		else
			snprintf(growth, sizeof(growth), "n/a");
		printf("%-16.16s %-8.8s %-24s %10s %-7s %11s %11s %13s %-5s %-4s %-14.14s ",
		       w->host ? w->host : "?", w->run ? w->run : "-", start, dur, w->measure, peak, avg,
		       growth,
		       !w->have_growth ? "n/a"
		       : w->leak       ? "YES"
				       : "no",
		       w->oom ? "YES" : "no", w->stop ? w->stop : "-");
		for (const char *c = w->command; *c; c++) /* one row, one line */
			putchar((unsigned char)*c < 0x20 ? '?' : *c);
		putchar('\n');
	}
	printf("%zu run%s", r->n, r->n == 1 ? "" : "s");
	if (r->skipped)
		printf("; %zu file%s skipped (unreadable, not oya's, or no samples)", r->skipped,
		       r->skipped == 1 ? "" : "s");
	printf("\n");
}

/* V with DECIMALS digits, written as such (json-c would print 1.0029999999999999). */
static json_object *fixed(double v, int decimals)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	return json_object_new_double_s(v, buf);
}

static json_object *row_json(const struct row *w)
{
	json_object *o = json_object_new_object();
	char ts[32];

	if (!o)
		return NULL;
	json_object_object_add(o, "file", oya_json_text(w->file));
	json_object_object_add(o, "host", w->host ? oya_json_text(w->host) : NULL);
	json_object_object_add(o, "run", w->run ? oya_json_text(w->run) : NULL);
	json_object_object_add(o, "command", oya_json_text(w->command));
	json_object_object_add(o, "started_at",
			       oya_format_timestamp(ts, sizeof(ts), w->start_ms) ? json_object_new_string(ts)
										 : NULL);
	json_object_object_add(o, "duration_secs", fixed(w->duration_secs, 3));
	json_object_object_add(o, "stop_reason", w->stop ? oya_json_text(w->stop) : NULL);
	json_object_object_add(o, "measure", json_object_new_string(w->measure));
	json_object_object_add(o, "peak_kb", json_object_new_int64((int64_t)w->peak_kb));
	json_object_object_add(o, "avg_kb", fixed(w->avg_kb, 1));
	json_object_object_add(o, "peak_rss_kb", json_object_new_int64((int64_t)w->rss_peak_kb));
	json_object_object_add(o, "avg_rss_kb", fixed(w->rss_avg_kb, 1));
	json_object_object_add(o, "peak_pss_kb",
			       w->have_pss ? json_object_new_int64((int64_t)w->pss_peak_kb) : NULL);
	json_object_object_add(o, "avg_pss_kb", w->have_pss ? fixed(w->pss_avg_kb, 1) : NULL);
	json_object_object_add(o, "growth_kb_per_hour", w->have_growth ? fixed(w->growth_kb_h, 1) : NULL);
	json_object_object_add(o, "growth_measure",
			       w->have_growth ? json_object_new_string(w->growth_measure) : NULL);
	json_object_object_add(o, "leak_suspected", w->have_growth ? json_object_new_boolean(w->leak) : NULL);
	json_object_object_add(o, "oom", json_object_new_boolean(w->oom));
	return o;
}

static int print_json(const struct rows *r)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	int rc;

	for (size_t i = 0; a && i < r->n; i++)
		json_object_array_add(a, row_json(&r->v[i]));
	if (o && a) {
		json_object_object_add(o, "runs", a);
		json_object_object_add(o, "skipped_files", json_object_new_int64((int64_t)r->skipped));
	} else {
		json_object_put(a);
	}
	rc = emit_json(o && a ? o : NULL);
	json_object_put(o);
	return rc;
}

static void rows_release(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].host);
		free(r->v[i].run);
		free(r->v[i].command);
		free(r->v[i].stop);
	}
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->v);
	free(r->files);
}

int oya_summary_runs(char **files, int n, const char *sort, bool json)
{
	static const struct {
		const char *name;
		int (*cmp)(const void *, const void *);
	} sorts[] = { { "start", cmp_start },
		      { "peak", cmp_peak },
		      { "growth", cmp_growth },
		      { "duration", cmp_duration } };
	int (*cmp)(const void *, const void *) = cmp_start;
	struct rows r = { 0 };
	int rc = OYA_SUMMARY_FAILURE;

	/* Runs are read one after another: memory freed by one is kept for the next rather than handed
	   back to the kernel and faulted in again (a third of the time on a VM). */
	if (!mallopt(M_MMAP_THRESHOLD, 64 << 20) || !mallopt(M_TRIM_THRESHOLD, 256 << 20))
		fprintf(stderr, PROG ": warning: cannot tune malloc; --runs may be slower\n");
	if (sort) {
		cmp = NULL;
		for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
			if (!strcmp(sort, sorts[i].name))
				cmp = sorts[i].cmp;
		if (!cmp) {
			fprintf(stderr, PROG ": --sort %s is not one of peak, growth, start, duration\n",
				sort);
			return OYA_SUMMARY_FAILURE;
		}
	}
	for (int i = 0; i < n; i++) {
		struct stat sb;

		if (!stat(files[i], &sb) && S_ISDIR(sb.st_mode) ? add_dir(&r, files[i])
								: add_file(&r, NULL, files[i]))
			goto nomem;
	}
	if (r.nfiles)
		qsort(r.files, r.nfiles, sizeof(*r.files), cmp_str);
	if (read_all(&r))
		goto nomem;
	if (r.n)
		qsort(r.v, r.n, sizeof(*r.v), cmp);
	if (json)
		rc = print_json(&r);
	else if (r.n || r.skipped)
		print_table(&r), rc = fflush(stdout) ? OYA_SUMMARY_FAILURE : OYA_SUMMARY_OK;
	if (!r.n && rc == OYA_SUMMARY_OK) {
		fprintf(stderr, PROG ": no run could be read\n");
		rc = OYA_SUMMARY_FAILURE;
	}
	rows_release(&r);
	return rc;
nomem:
	fprintf(stderr, PROG ": out of memory\n");
	rows_release(&r);
	return OYA_SUMMARY_FAILURE;
}
