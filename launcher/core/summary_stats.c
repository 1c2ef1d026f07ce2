/*
 * oya_acc_finish: from the accumulated series to the statistics — order,
 * percentiles, time-weighted averages, seq gaps, the tree total, the leaks.
 * It does not change the accumulator, so a live view may call it again.
 */
#include "summary_int.h"
#include "select.h"

#include <stdlib.h>
#include <string.h>

OYA_SELECT_DEFINE(select_u64, uint64_t)

uint64_t oya_percentile(uint64_t *v, size_t n, double p)
{
	size_t rank;

	if (n == 0)
		return 0;
	if (p <= 0)
		p = 0;
	if (p >= 100)
		p = 100;
	/* nearest rank: the smallest value with at least P% of the values at or below it */
	rank = (size_t)(p / 100.0 * (double)n);
	if ((double)rank < p / 100.0 * (double)n)
		rank++;
	if (rank == 0)
		rank = 1;
	select_u64(v, n, rank - 1);
	return v[rank - 1];
}

static int cmp_ipt(const void *a, const void *b)
{
	const struct oya_ipt *x = a, *y = b;

	if (x->t_ms != y->t_ms)
		return x->t_ms < y->t_ms ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Step-weighted mean: each value holds until the next point. The plain mean when no time passes. */
double oya_weighted_avg(const struct oya_point *p, size_t n)
{
	double sum = 0;
	int64_t span;

	if (n == 0)
		return 0;
	span = p[n - 1].t_ms - p[0].t_ms;
	if (span <= 0) {
		for (size_t i = 0; i < n; i++)
			sum += (double)p[i].rss_kb;
		return sum / (double)n;
	}
	for (size_t i = 0; i + 1 < n; i++)
		sum += (double)p[i].rss_kb * (double)(p[i + 1].t_ms - p[i].t_ms);
	return sum / (double)span;
}

void oya_proc_release(struct oya_proc *p)
{
	free(p->exe);
	free(p->host);
	free(p->run);
	free(p->cmdline);
	free(p->outside);
	free(p->points);
	free(p->pss_points);
	p->exe = p->cmdline = p->outside = NULL;
	p->host = p->run = NULL;
	p->points = NULL;
	p->pss_points = NULL;
}

void oya_stats_free(struct oya_stats *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nprocs; i++)
		oya_proc_release(&st->procs[i]);
	free(st->procs);
	free(st->tree);
	free(st->tree_pss);
	if (st->doc)
		json_object_put(st->doc);
	free(st);
}

/* Lost samples: holes in IMG's own seq numbers (SCRATCH holds IMG->n values). */
static uint64_t lost_of(const struct oya_img *img, uint64_t *scratch)
{
	size_t nseq = 0, distinct = 1;
	bool seq_sorted = true;

	for (size_t i = 0; i < img->n; i++) {
		if (img->pts[i].seq == OYA_NO_SEQ)
			continue;
		if (nseq && img->pts[i].seq <= scratch[nseq - 1])
			seq_sorted = false;
		scratch[nseq++] = img->pts[i].seq;
	}
	if (!nseq)
		return 0;
	if (!seq_sorted)
		qsort(scratch, nseq, sizeof(*scratch), cmp_u64);
	for (size_t i = 1; i < nseq; i++)
		distinct += scratch[i] != scratch[i - 1];
	return scratch[nseq - 1] - scratch[0] + 1 - distinct;
}

/* P's identity and facts from IMG. 0, or -1 on ENOMEM. */
static int proc_facts(struct oya_proc *p, const struct oya_img *img)
{
	memset(p, 0, sizeof(*p));
	p->pid = img->pid;
	p->ppid = img->ppid;
	memcpy(p->source, img->source, sizeof(p->source));
	p->saw_exit = img->saw_exit;
	p->vm_size_max = img->vm_size_max;
	p->vm_peak_kb = img->vm_peak_kb;
	p->vm_hwm_kb = img->vm_hwm_kb;
	p->have_swap = img->have_swap;
	p->swap_max_kb = img->swap_max;
	if ((img->exe && !(p->exe = strdup(img->exe))) || (img->host && !(p->host = strdup(img->host))) ||
	    (img->run && !(p->run = strdup(img->run))))
		return -1;
	if (img->cmdline && !(p->cmdline = strdup(img->cmdline)))
		return -1;
	if (img->outside && !(p->outside = strdup(img->outside)))
		return -1;
	return 0;
}

/* Fill P from IMG; SCRATCH holds at least IMG->n values. TREE_ONLY: the points and the figures that
   cost no more than copying them, not the percentiles, lost samples, PSS distributions or verdict. */
static int proc_from_img(struct oya_proc *p, const struct oya_img *img, uint64_t *scratch, bool tree_only)
{
	const struct oya_ipt *src = img->pts;
	struct oya_ipt *sorted = NULL;
	size_t n = img->n;
	int rc = -1;

	if (proc_facts(p, img))
		return -1;
	p->points = malloc((n ? n : 1) * sizeof(*p->points));
	if (!p->points)
		return -1;
	if (img->unsorted && n > 1) { /* unsorted takes two points; never malloc(0) */
		sorted = malloc(n * sizeof(*sorted));
		if (!sorted)
			return -1;
		memcpy(sorted, src, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), cmp_ipt);
		src = sorted;
	}
	p->npoints = n;
	p->samples = n;
	p->rss_min = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		p->points[i].t_ms = src[i].t_ms;
		p->points[i].rss_kb = src[i].rss_kb;
		if (src[i].rss_kb < p->rss_min)
			p->rss_min = src[i].rss_kb;
		if (src[i].rss_kb > p->rss_max)
			p->rss_max = src[i].rss_kb;
		scratch[i] = src[i].rss_kb;
	}
	if (n == 0)
		p->rss_min = 0;
	else {
		p->first_ms = src[0].t_ms;
		p->last_ms = src[n - 1].t_ms;
		p->rss_first = src[0].rss_kb;
		p->rss_last = src[n - 1].rss_kb;
	}
	p->rss_avg = oya_weighted_avg(p->points, n);
	if (tree_only) {
		rc = oya_proc_pss(p, src, n, NULL);
		goto out;
	}
	p->rss_p50 = oya_percentile(scratch, n, 50);
	p->rss_p95 = oya_percentile(scratch, n, 95);
	if (oya_proc_pss(p, src, n, scratch))
		goto out;
	p->lost_samples = lost_of(img, scratch);
	oya_leak_judge(p->points, p->npoints, p->pss_points, p->npss, &p->leak);
	rc = 0;
out:
	free(sorted);
	return rc;
}

static int cmp_proc(const void *a, const void *b)
{
	const struct oya_proc *x = a, *y = b;

	if (x->first_ms != y->first_ms)
		return x->first_ms < y->first_ms ? -1 : 1;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return 0;
}

static size_t all_points(const struct oya_stats *st)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nprocs; i++)
		n += st->procs[i].npoints;
	return n ? n : 1;
}

static int tree_total(struct oya_stats *st)
{
	st->tree = malloc(all_points(st) * sizeof(*st->tree));
	return st->tree ? oya_tree_sum(st, NULL, 0, st->tree, &st->ntree, NULL) : -1;
}

/* The tree total by PSS, from the first PSS read of any image on. */
static int tree_pss(struct oya_stats *st)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*vals) is right */
	struct oya_carry **vals = calloc(st->nprocs ? st->nprocs : 1, sizeof(*vals));
	int64_t t0 = INT64_MAX;
	size_t n = 0, from = 0;
	uint64_t *scratch = NULL;
	int rc = -1;

	for (size_t i = 0; i < st->nprocs; i++)
		if (st->procs[i].npss && st->procs[i].pss_points[0].t_ms < t0)
			t0 = st->procs[i].pss_points[0].t_ms;
	if (!vals || t0 == INT64_MAX) {
		free(vals);
		return vals ? 0 : -1;
	}
	st->tree_pss = malloc(all_points(st) * sizeof(*st->tree_pss));
	if (!st->tree_pss)
		goto out;
	for (size_t i = 0; i < st->nprocs; i++)
		if (!(vals[i] = oya_pss_carried(&st->procs[i])))
			goto out;
	if (oya_tree_sum(st, (const struct oya_carry *const *)vals, t0, st->tree_pss, &n,
			 &st->pss_rss_fallback_images))
		goto out;
	while (from < n && st->tree_pss[from].t_ms < t0)
		from++;
	memmove(st->tree_pss, st->tree_pss + from, (n - from) * sizeof(*st->tree_pss));
	st->ntree_pss = n - from;
	if (!(scratch = malloc((st->ntree_pss ? st->ntree_pss : 1) * sizeof(*scratch))))
		goto out;
	oya_dist_of(&st->pss, st->tree_pss, st->ntree_pss, scratch);
	rc = 0;
out:
	for (size_t i = 0; i < st->nprocs; i++)
		free(vals[i]);
	free(vals);
	free(scratch);
	return rc;
}

/* Min and percentiles of the tree total, for the table and the summary JSON. */
static int tree_distribution(struct oya_stats *st)
{
	uint64_t *v;

	if (!st->ntree)
		return 0;
	v = malloc(st->ntree * sizeof(*v));
	if (!v)
		return -1;
	st->min_rss_kb = UINT64_MAX;
	for (size_t i = 0; i < st->ntree; i++) {
		v[i] = st->tree[i].rss_kb;
		if (v[i] < st->min_rss_kb)
			st->min_rss_kb = v[i];
	}
	st->p50_rss_kb = oya_percentile(v, st->ntree, 50);
	st->p95_rss_kb = oya_percentile(v, st->ntree, 95);
	st->have_tree_dist = true;
	free(v);
	return 0;
}

static bool same_run(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

const char **oya_acc_runs(const struct oya_acc *acc, size_t *n)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*v) is right */
	const char **v = malloc((acc->nimgs ? acc->nimgs : 1) * sizeof(*v));

	*n = 0;
	if (!v)
		return NULL;
	for (size_t i = 0; i < acc->nimgs; i++) {
		const char *run = acc->imgs[i]->run; /* interned: one run id, one pointer */
		size_t k = 0;

		while (k < *n && v[k] != run)
			k++;
		if (k == *n)
			v[(*n)++] = run;
	}
	return v;
}

/* The images of ACC that HOW takes into ST->procs. */
static int take_procs(struct oya_stats *st, const struct oya_acc *acc, const struct oya_finish *how)
{
	uint64_t *scratch = NULL;
	size_t maxn = 1;
	int rc = -1;

	for (size_t i = 0; i < acc->nimgs; i++)
		if (acc->imgs[i]->n > maxn)
			maxn = acc->imgs[i]->n;
	scratch = malloc(maxn * sizeof(*scratch));
	st->procs = calloc(acc->nimgs ? acc->nimgs : 1, sizeof(*st->procs));
	if (!scratch || !st->procs)
		goto out;
	for (size_t i = 0; i < acc->nimgs; i++) {
		if (how->one_run && !same_run(acc->imgs[i]->run, how->run))
			continue;
		if (proc_from_img(&st->procs[st->nprocs++], acc->imgs[i], scratch, how->tree_only))
			goto out;
	}
	qsort(st->procs, st->nprocs, sizeof(*st->procs), cmp_proc);
	rc = 0;
out:
	free(scratch);
	return rc;
}

struct oya_stats *oya_acc_finish_with(struct oya_acc *acc, const struct oya_finish *how)
{
	struct oya_stats *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->malformed_lines = acc->malformed;
	st->cg_lines = acc->cg_lines;
	st->cg_version = acc->cg_version;
	memcpy(st->cg_path, acc->cg_path, sizeof(st->cg_path));
	if (take_procs(st, acc, how))
		goto fail;
	for (size_t i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];

		st->samples += p->samples;
		st->lost_samples += p->lost_samples;
		if (p->vm_hwm_kb > st->peak_hwm_kb)
			st->peak_hwm_kb = p->vm_hwm_kb;
	}
	if (tree_total(st))
		goto fail;
	for (size_t i = 0; i < st->ntree; i++)
		if (st->tree[i].rss_kb > st->max_rss_kb)
			st->max_rss_kb = st->tree[i].rss_kb;
	if (st->ntree) {
		st->first_ms = st->tree[0].t_ms;
		st->last_ms = st->tree[st->ntree - 1].t_ms;
	}
	st->avg_rss_kb = oya_weighted_avg(st->tree, st->ntree);
	if ((!how->tree_only && tree_distribution(st)) || tree_pss(st))
		goto fail;
	oya_leak_judge(st->tree, st->ntree, st->tree_pss, st->ntree_pss, &st->tree_leak);
	return st;
fail:
	oya_stats_free(st);
	return NULL;
}

struct oya_stats *oya_acc_finish(struct oya_acc *acc)
{
	static const struct oya_finish all = { 0 };

	return oya_acc_finish_with(acc, &all);
}
