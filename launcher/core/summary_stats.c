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
static double weighted_avg(const struct oya_point *p, size_t n)
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
	free(p->points);
	p->exe = NULL;
	p->host = p->run = NULL;
	p->points = NULL;
}

void oya_stats_free(struct oya_stats *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nprocs; i++)
		oya_proc_release(&st->procs[i]);
	free(st->procs);
	free(st->tree);
	if (st->doc)
		json_object_put(st->doc);
	free(st);
}

/* Fill P from IMG; SCRATCH holds at least IMG->n values. */
static int proc_from_img(struct oya_proc *p, const struct oya_img *img, uint64_t *scratch)
{
	const struct oya_ipt *src = img->pts;
	struct oya_ipt *sorted = NULL;
	size_t n = img->n, nseq = 0;
	bool seq_sorted = true;

	memset(p, 0, sizeof(*p));
	p->pid = img->pid;
	p->ppid = img->ppid;
	memcpy(p->source, img->source, sizeof(p->source));
	p->saw_exit = img->saw_exit;
	p->vm_size_max = img->vm_size_max;
	p->vm_peak_kb = img->vm_peak_kb;
	p->vm_hwm_kb = img->vm_hwm_kb;
	if ((img->exe && !(p->exe = strdup(img->exe))) || (img->host && !(p->host = strdup(img->host))) ||
	    (img->run && !(p->run = strdup(img->run))))
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
	p->rss_avg = weighted_avg(p->points, n);
	p->rss_p50 = oya_percentile(scratch, n, 50);
	p->rss_p95 = oya_percentile(scratch, n, 95);

	/* lost samples: holes in the image's own seq numbers */
	for (size_t i = 0; i < n; i++) {
		if (img->pts[i].seq == OYA_NO_SEQ)
			continue;
		if (nseq && img->pts[i].seq <= scratch[nseq - 1])
			seq_sorted = false;
		scratch[nseq++] = img->pts[i].seq;
	}
	if (nseq) {
		size_t distinct = 1;

		if (!seq_sorted)
			qsort(scratch, nseq, sizeof(*scratch), cmp_u64);
		for (size_t i = 1; i < nseq; i++)
			distinct += scratch[i] != scratch[i - 1];
		p->lost_samples = scratch[nseq - 1] - scratch[0] + 1 - distinct;
	}
	free(sorted);
	oya_leak_assess(p->points, p->npoints, &p->leak);
	return 0;
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

/* A min-heap of processes keyed by the time of their next point, for the tree's merge. */
struct cursor {
	size_t proc, next;
};

static int64_t cur_t(const struct oya_stats *st, const struct cursor *c)
{
	return st->procs[c->proc].points[c->next].t_ms;
}

static void heap_down(const struct oya_stats *st, struct cursor *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		struct cursor tmp;

		if (l < n && cur_t(st, &h[l]) < cur_t(st, &h[m]))
			m = l;
		if (r < n && cur_t(st, &h[r]) < cur_t(st, &h[m]))
			m = r;
		if (m == i)
			return;
		tmp = h[i];
		h[i] = h[m];
		h[m] = tmp;
		i = m;
	}
}

struct leave {
	int64_t t;      /* the process counts until this time, inclusive */
	size_t proc;
};

static int cmp_leave(const void *a, const void *b)
{
	const struct leave *x = a, *y = b;

	return x->t < y->t ? -1 : x->t > y->t;
}

struct by_pid {
	int64_t pid, first_ms;
	size_t proc;
	const char *host;
};

static int cmp_by_pid(const void *a, const void *b)
{
	const struct by_pid *x = a, *y = b;
	int h = strcmp(x->host ? x->host : "", y->host ? y->host : "");

	if (h)
		return h;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return x->first_ms < y->first_ms ? -1 : x->first_ms > y->first_ms;
}

/* An image is gone once the next image of its pid (an exec, or pid reuse) has begun. */
static int cap_by_next_image(const struct oya_stats *st, struct leave *leave, size_t n)
{
	struct by_pid *v = malloc((n ? n : 1) * sizeof(*v));
	size_t *pos = malloc((st->nprocs ? st->nprocs : 1) * sizeof(*pos));

	if (!v || !pos) {
		free(v);
		free(pos);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct oya_proc *p = &st->procs[leave[i].proc];

		v[i] = (struct by_pid){ p->pid, p->first_ms, leave[i].proc, p->host };
		pos[leave[i].proc] = i;
	}
	qsort(v, n, sizeof(*v), cmp_by_pid);
	for (size_t i = 0; i + 1 < n; i++) {
		struct leave *l = &leave[pos[v[i].proc]];

		if (v[i + 1].pid == v[i].pid && !strcmp(v[i + 1].host ? v[i + 1].host : "", v[i].host ? v[i].host : "") &&
		    l->t >= v[i + 1].first_ms)
			l->t = v[i + 1].first_ms - 1;
	}
	free(v);
	free(pos);
	return 0;
}

/*
 * The tree total: at each sample time, the sum of the latest RSS of every live
 * process. A process leaves after its exit line; one without an exit line is
 * presumed alive until it has missed two of its own intervals, so that the
 * end of a file (or a sampling offset between processes) is not a false drop.
 */
static int tree_total(struct oya_stats *st)
{
	size_t total_pts = 0, nh = 0, nleave = 0, li = 0;
	struct cursor *heap = NULL;
	struct leave *leave = NULL;
	uint64_t *cur = NULL;
	bool *alive = NULL;
	uint64_t sum = 0;
	int rc = -1;

	for (size_t i = 0; i < st->nprocs; i++)
		total_pts += st->procs[i].npoints;
	st->tree = malloc((total_pts ? total_pts : 1) * sizeof(*st->tree));
	heap = malloc((st->nprocs ? st->nprocs : 1) * sizeof(*heap));
	leave = malloc((st->nprocs ? st->nprocs : 1) * sizeof(*leave));
	cur = calloc(st->nprocs ? st->nprocs : 1, sizeof(*cur));
	alive = calloc(st->nprocs ? st->nprocs : 1, sizeof(*alive));
	if (!st->tree || !heap || !leave || !cur || !alive)
		goto out;
	for (size_t i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];
		int64_t grace = 0;

		if (!p->npoints)
			continue;
		if (!p->saw_exit && p->npoints > 1)
			grace = 2 * ((p->last_ms - p->first_ms) / (int64_t)(p->npoints - 1));
		leave[nleave++] = (struct leave){ p->last_ms + grace, i };
		heap[nh++] = (struct cursor){ i, 0 };
	}
	if (cap_by_next_image(st, leave, nleave))
		goto out;
	qsort(leave, nleave, sizeof(*leave), cmp_leave);
	for (size_t i = nh / 2; i-- > 0;)
		heap_down(st, heap, nh, i);
	while (nh) {
		int64_t t = cur_t(st, &heap[0]);

		while (li < nleave && leave[li].t < t) {
			if (alive[leave[li].proc]) {
				sum -= cur[leave[li].proc];
				alive[leave[li].proc] = false;
			}
			li++;
		}
		while (nh && cur_t(st, &heap[0]) == t) {
			struct cursor *c = &heap[0];
			uint64_t v = st->procs[c->proc].points[c->next].rss_kb;

			if (alive[c->proc])
				sum -= cur[c->proc];
			sum += v;
			cur[c->proc] = v;
			alive[c->proc] = true;
			if (++c->next == st->procs[c->proc].npoints)
				heap[0] = heap[--nh];
			heap_down(st, heap, nh, 0);
		}
		st->tree[st->ntree++] = (struct oya_point){ t, sum };
	}
	rc = 0;
out:
	free(heap);
	free(leave);
	free(cur);
	free(alive);
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

struct oya_stats *oya_acc_finish(struct oya_acc *acc)
{
	struct oya_stats *st = calloc(1, sizeof(*st));
	uint64_t *scratch = NULL;
	size_t maxn = 1;

	if (!st)
		return NULL;
	st->malformed_lines = acc->malformed;
	st->cg_lines = acc->cg_lines;
	st->cg_version = acc->cg_version;
	memcpy(st->cg_path, acc->cg_path, sizeof(st->cg_path));
	for (size_t i = 0; i < acc->nimgs; i++)
		if (acc->imgs[i]->n > maxn)
			maxn = acc->imgs[i]->n;
	scratch = malloc(maxn * sizeof(*scratch));
	st->procs = calloc(acc->nimgs ? acc->nimgs : 1, sizeof(*st->procs));
	if (!scratch || !st->procs)
		goto fail;
	for (size_t i = 0; i < acc->nimgs; i++) {
		st->nprocs++;
		if (proc_from_img(&st->procs[i], acc->imgs[i], scratch))
			goto fail;
	}
	qsort(st->procs, st->nprocs, sizeof(*st->procs), cmp_proc);
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
	st->avg_rss_kb = weighted_avg(st->tree, st->ntree);
	if (tree_distribution(st))
		goto fail;
	oya_leak_assess(st->tree, st->ntree, &st->tree_leak);
	free(scratch);
	return st;
fail:
	free(scratch);
	oya_stats_free(st);
	return NULL;
}
