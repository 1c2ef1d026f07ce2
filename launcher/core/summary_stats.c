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
	p->have_swap = img->have_swap;
	p->swap_max_kb = img->swap_max;
	if ((img->exe && !(p->exe = strdup(img->exe))) || (img->host && !(p->host = strdup(img->host))) ||
	    (img->run && !(p->run = strdup(img->run))))
		return -1;
	if (img->cmdline && !(p->cmdline = strdup(img->cmdline)))
		return -1;
	if (img->outside && !(p->outside = strdup(img->outside)))
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
	p->rss_p50 = oya_percentile(scratch, n, 50);
	p->rss_p95 = oya_percentile(scratch, n, 95);
	if (oya_proc_pss(p, src, n, scratch)) {
		free(sorted);
		return -1;
	}

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
	oya_leak_judge(p->points, p->npoints, p->pss_points, p->npss, &p->leak);
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
	int64_t t; /* the process counts until this time, inclusive */
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

		if (v[i + 1].pid == v[i].pid &&
		    !strcmp(v[i + 1].host ? v[i + 1].host : "", v[i].host ? v[i].host : "") &&
		    l->t >= v[i + 1].first_ms)
			l->t = v[i + 1].first_ms - 1;
	}
	free(v);
	free(pos);
	return 0;
}

/* The last time P counts in the tree, before the next image of its pid caps it. */
static int64_t leave_time(const struct oya_proc *p)
{
	int64_t grace = 0;

	if (!p->saw_exit && p->npoints > 1)
		grace = 2 * ((p->last_ms - p->first_ms) / (int64_t)(p->npoints - 1));
	return p->last_ms + grace;
}

/*
 * The sweep over every image's points in time order that makes a tree total.
 * A process leaves after its exit line; one without an exit line is presumed
 * alive until it has missed two of its own intervals, so that the end of a file
 * (or a sampling offset between processes) is not a false drop.
 *
 * By PSS (CARRY given), a fork or an exit moves the shares of the pages the
 * members have in common: a read taken before the latest change of membership
 * overstates (or understates) its member, so a moment counts only once every
 * live member that has PSS has read it since then ("settled").
 */
struct sweep {
	const struct oya_stats *st;
	const struct oya_carry *const *carry;
	uint64_t *cur, sum;
	bool *alive, *counted; /* counted: alive with a PSS read */
	int64_t *read_t, change_t;
	size_t nread, nfresh, nnow; /* counted; of them read since change_t; read at this moment */
	/* members that joined without a PSS read, until a settled moment from T0 on sees them */
	size_t *cand, ncand;
	bool *by_rss; /* counted by RSS at a settled moment */
	uint64_t nby_rss;
	int64_t t0;
};

/* A settled moment at T: each candidate still without a read is counted by its RSS there. */
static void sweep_fallbacks(struct sweep *w, int64_t t)
{
	if (t < w->t0)
		return;
	for (size_t i = 0; i < w->ncand; i++) {
		size_t p = w->cand[i];

		if (w->alive[p] && !w->counted[p] && !w->by_rss[p]) {
			w->by_rss[p] = true;
			w->nby_rss++;
		}
	}
	w->ncand = 0;
}

static void sweep_change(struct sweep *w, int64_t t)
{
	if (w->change_t != t) {
		w->change_t = t;
		w->nfresh = w->nnow;
	}
}

static void sweep_leave(struct sweep *w, size_t proc, int64_t t)
{
	if (!w->alive[proc])
		return;
	w->sum -= w->cur[proc];
	w->alive[proc] = false;
	if (w->counted[proc]) {
		w->counted[proc] = false;
		w->nread--;
	}
	sweep_change(w, t);
}

static void sweep_point(struct sweep *w, size_t proc, size_t k, int64_t t)
{
	const struct oya_carry *c = w->carry ? &w->carry[proc][k] : NULL;
	uint64_t v = c ? c->kb : w->st->procs[proc].points[k].rss_kb;

	if (w->alive[proc]) {
		w->sum -= w->cur[proc];
	} else {
		w->alive[proc] = true;
		sweep_change(w, t);
		if (c && c->read_ms != t)
			w->cand[w->ncand++] = proc;
	}
	w->sum += v;
	w->cur[proc] = v;
	if (!c || c->read_ms != t)
		return;
	if (!w->counted[proc]) {
		w->counted[proc] = true;
		w->nread++;
	}
	if (w->read_t[proc] != t) {
		if (w->read_t[proc] < w->change_t)
			w->nfresh++;
		w->nnow++;
		w->read_t[proc] = t;
	}
}

/* Each moment's total into OUT (room for every point); by PSS (CARRY) only the settled moments, and
   *BY_RSS the images counted by their RSS at a settled moment from T0 on. */
static int tree_sum(const struct oya_stats *st, const struct oya_carry *const *carry, int64_t t0,
		    struct oya_point *out, size_t *nout, uint64_t *by_rss)
{
	size_t nh = 0, nleave = 0, li = 0, nproc = st->nprocs ? st->nprocs : 1;
	struct cursor *heap = malloc(nproc * sizeof(*heap));
	struct leave *leave = malloc(nproc * sizeof(*leave));
	struct sweep w = {
		.st = st,
		.carry = carry,
		.cur = calloc(nproc, sizeof(*w.cur)),
		.alive = calloc(nproc, sizeof(*w.alive)),
		.counted = calloc(nproc, sizeof(*w.counted)),
		.read_t = malloc(nproc * sizeof(*w.read_t)),
		.change_t = INT64_MIN,
		.cand = malloc(nproc * sizeof(*w.cand)),
		.by_rss = calloc(nproc, sizeof(*w.by_rss)),
		.t0 = t0,
	};
	int rc = -1;

	*nout = 0;
	if (!heap || !leave || !w.cur || !w.alive || !w.counted || !w.read_t || !w.cand || !w.by_rss)
		goto out;
	for (size_t i = 0; i < st->nprocs; i++) {
		w.read_t[i] = INT64_MIN;
		if (!st->procs[i].npoints)
			continue;
		leave[nleave++] = (struct leave){ leave_time(&st->procs[i]), i };
		heap[nh++] = (struct cursor){ i, 0 };
	}
	if (cap_by_next_image(st, leave, nleave))
		goto out;
	qsort(leave, nleave, sizeof(*leave), cmp_leave);
	for (size_t i = nh / 2; i-- > 0;)
		heap_down(st, heap, nh, i);
	while (nh) {
		int64_t t = cur_t(st, &heap[0]);

		w.nnow = 0;
		for (; li < nleave && leave[li].t < t; li++)
			sweep_leave(&w, leave[li].proc, t);
		while (nh && cur_t(st, &heap[0]) == t) {
			struct cursor *c = &heap[0];

			sweep_point(&w, c->proc, c->next, t);
			if (++c->next == st->procs[c->proc].npoints)
				heap[0] = heap[--nh];
			heap_down(st, heap, nh, 0);
		}
		if (carry && w.nfresh != w.nread)
			continue;
		out[(*nout)++] = (struct oya_point){ t, w.sum };
		if (carry)
			sweep_fallbacks(&w, t);
	}
	if (by_rss)
		*by_rss = w.nby_rss;
	rc = 0;
out:
	free(heap);
	free(leave);
	free(w.cur);
	free(w.alive);
	free(w.counted);
	free(w.read_t);
	free(w.cand);
	free(w.by_rss);
	return rc;
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
	return st->tree ? tree_sum(st, NULL, 0, st->tree, &st->ntree, NULL) : -1;
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
	if (tree_sum(st, (const struct oya_carry *const *)vals, t0, st->tree_pss, &n,
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
	st->avg_rss_kb = oya_weighted_avg(st->tree, st->ntree);
	if (tree_distribution(st) || tree_pss(st))
		goto fail;
	oya_leak_judge(st->tree, st->ntree, st->tree_pss, st->ntree_pss, &st->tree_leak);
	free(scratch);
	return st;
fail:
	free(scratch);
	oya_stats_free(st);
	return NULL;
}
