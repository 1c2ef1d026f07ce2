/* Hand-built struct oya_stats for the renderer tests (no summary library needed). */
#ifndef OYA_TEST_REPORT_FIXTURE_H
#define OYA_TEST_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

/* Process I: NPOINTS samples every STEP_MS from T0 + I seconds; RSS by SHAPE. */
static inline void fixture_proc(struct oya_proc *p, int i, const char *exe, size_t npoints, int64_t t0,
				int64_t step_ms, uint64_t base_kb, int shape)
{
	double sum = 0;
	memset(p, 0, sizeof *p);
	p->pid = 1000 + i;
	p->ppid = i ? 1000 : 1;
	p->exe = strdup(exe);
	snprintf(p->source, sizeof p->source, "%s", i % 2 ? "launcher" : "preload");
	p->points = calloc(npoints ? npoints : 1, sizeof *p->points);
	p->npoints = npoints;
	p->samples = npoints;
	p->rss_min = UINT64_MAX;
	for (size_t k = 0; k < npoints; k++) {
		uint64_t v = base_kb;
		if (shape == 1)
			v += k * 40;                       /* steady climb */
		else if (shape == 2)
			v += (k % 20) * 300;               /* sawtooth */
		else if (shape == 3)
			v += k < npoints / 3 ? k * 100 : npoints / 3 * 100;  /* step, then plateau */
		p->points[k].t_ms = t0 + i * 1000 + (int64_t)k * step_ms;
		p->points[k].rss_kb = v;
		sum += (double)v;
		if (v < p->rss_min)
			p->rss_min = v;
		if (v > p->rss_max)
			p->rss_max = v;
	}
	if (!npoints)
		p->rss_min = 0;
	p->first_ms = npoints ? p->points[0].t_ms : t0;
	p->last_ms = npoints ? p->points[npoints - 1].t_ms : t0;
	p->rss_avg = npoints ? sum / (double)npoints : 0;
	p->rss_first = npoints ? p->points[0].rss_kb : 0;
	p->rss_last = npoints ? p->points[npoints - 1].rss_kb : 0;
	p->rss_p50 = (p->rss_min + p->rss_max) / 2;
	p->rss_p95 = p->rss_max;
	p->vm_hwm_kb = p->rss_max + 100;
	p->leak.enough_data = true; /* the verdicts below stand for judged series */
	p->leak.leak_suspected = shape == 1;
	p->leak.growth_kb_per_hour = shape == 1 ? 40.0 * 3600000.0 / (double)step_ms : 0;
	snprintf(p->leak.reason, sizeof p->leak.reason, "%s",
		 shape == 1 ? "RSS climbs steadily after the warm-up" : "RSS is flat after the warm-up");
}

/* The tree total: the sum of the processes' last values at each process sample time. */
static inline void fixture_tree(struct oya_stats *st)
{
	size_t *at;
	size_t n = 0;
	for (size_t i = 0; i < st->nprocs; i++)
		n += st->procs[i].npoints;
	st->tree = calloc(n ? n : 1, sizeof *st->tree);
	at = calloc(st->nprocs ? st->nprocs : 1, sizeof *at);
	st->ntree = 0;
	st->first_ms = INT64_MAX;
	st->last_ms = INT64_MIN;
	for (;;) {
		int64_t t;
		uint64_t sum = 0;
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < st->nprocs; i++)
			if (at[i] < st->procs[i].npoints &&
			    (best == SIZE_MAX ||
			     st->procs[i].points[at[i]].t_ms < st->procs[best].points[at[best]].t_ms))
				best = i;
		if (best == SIZE_MAX)
			break;
		at[best]++;
		t = st->procs[best].points[at[best] - 1].t_ms;
		for (size_t i = 0; i < st->nprocs; i++)
			if (at[i] > 0 && (at[i] < st->procs[i].npoints || st->procs[i].points[at[i] - 1].t_ms >= t))
				sum += st->procs[i].points[at[i] - 1].rss_kb;
		st->tree[st->ntree].t_ms = t;
		st->tree[st->ntree].rss_kb = sum;
		st->ntree++;
		if (sum > st->max_rss_kb)
			st->max_rss_kb = sum;
		st->avg_rss_kb += (double)sum;
		st->first_ms = t < st->first_ms ? t : st->first_ms;
		st->last_ms = t > st->last_ms ? t : st->last_ms;
	}
	free(at);
	if (st->ntree)
		st->avg_rss_kb /= (double)st->ntree;
	else
		st->first_ms = st->last_ms = 0;
	for (size_t i = 0; i < st->nprocs; i++) {
		st->samples += st->procs[i].samples;
		if (st->procs[i].vm_hwm_kb > st->peak_hwm_kb)
			st->peak_hwm_kb = st->procs[i].vm_hwm_kb;
	}
	st->tree_leak.enough_data = true;
	snprintf(st->tree_leak.reason, sizeof st->tree_leak.reason, "the tree total stays flat");
}

static inline struct oya_stats *fixture_stats(size_t nprocs, size_t npoints, int64_t step_ms)
{
	static const char *names[] = {"server", "worker", "sh", "cache-filler"};
	struct oya_stats *st = calloc(1, sizeof *st);
	st->procs = calloc(nprocs ? nprocs : 1, sizeof *st->procs);
	st->nprocs = nprocs;
	for (size_t i = 0; i < nprocs; i++)
		fixture_proc(&st->procs[i], (int)i, names[i % 4], npoints, 1767268800000LL, step_ms,
			     20000 + 15000 * (uint64_t)(i % 4), (int)(i % 4));
	fixture_tree(st);
	return st;
}

static inline void fixture_free(struct oya_stats *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nprocs; i++) {
		free(st->procs[i].exe);
		free(st->procs[i].points);
	}
	free(st->procs);
	free(st->tree);
	free(st);
}

/* A folded-stack text with a few levels, like heaptrack_print -F writes. */
static inline char *fixture_folded(void)
{
	char *s;
	static const char *const lines[] = {
		"main (app.c);load_config (config.c);parse_file (config.c);xmalloc (util.c); 1200000\n",
		"main (app.c);load_config (config.c);intern_strings (strings.c); 350000\n",
		"main (app.c);serve (server.c);accept_loop (server.c);new_session (session.c); 2600000\n",
		"main (app.c);serve (server.c);accept_loop (server.c);new_session (session.c);"
		"std::vector<char, std::allocator<char> >::_M_realloc_insert (vector.tcc); 900000\n",
		"main (app.c);serve (server.c);cache_put (cache.c); 4100000\n",
		"main (app.c);serve (server.c);log_line (log.c); 64\n",
		"0x7f2b8aa60b9f (rtld.c);_dl_init (dl-init.c);call_init (dl-init.c);0x7f2b8a6a57b9; 72704\n",
		"main (app.c);unused (app.c); 0\n",
	};
	size_t total = 1;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		total += strlen(lines[i]);
	s = malloc(total);
	s[0] = '\0';
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		strcat(s, lines[i]);
	return s;
}

#endif
