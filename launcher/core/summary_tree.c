/*
 * The tree total: a sweep over every image's points in time order that adds up,
 * at each moment, the latest figure of each live member (by RSS, or by PSS from
 * the carried reads). Used by oya_acc_finish.
 */
#include "summary_int.h"

#include <stdlib.h>
#include <string.h>

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

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * A member with no exit line may have ended at any moment after its last line,
 * and its death moves its shares of the common pages to the members that stay:
 * a survivor's read then is new but the member's held read is out of date. By
 * PSS, the moments after such a member's last line until it leaves (its grace)
 * do not count; once it leaves, the change asks every member to read again.
 * The graces as sorted starts (last line, exclusive) and ends (the leave,
 * inclusive) into G.
 */
struct graces {
	int64_t *from, *to;
	size_t n, nfrom, nto; /* the graces; of them begun, ended before the moment */
};

static int graces_of(const struct oya_stats *st, const struct leave *leave, size_t nleave, struct graces *g)
{
	g->from = malloc((nleave ? nleave : 1) * sizeof(*g->from));
	g->to = malloc((nleave ? nleave : 1) * sizeof(*g->to));
	if (!g->from || !g->to)
		return -1;
	for (size_t i = 0; i < nleave; i++) {
		const struct oya_proc *p = &st->procs[leave[i].proc];

		if (p->saw_exit || leave[i].t <= p->last_ms)
			continue;
		g->from[g->n] = p->last_ms;
		g->to[g->n++] = leave[i].t;
	}
	qsort(g->from, g->n, sizeof(*g->from), cmp_i64);
	qsort(g->to, g->n, sizeof(*g->to), cmp_i64);
	return 0;
}

/* Whether T falls inside a grace; T only grows from one call to the next. */
static bool graces_cover(struct graces *g, int64_t t)
{
	while (g->nfrom < g->n && g->from[g->nfrom] < t)
		g->nfrom++;
	while (g->nto < g->n && g->to[g->nto] < t)
		g->nto++;
	return g->nfrom > g->nto;
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
 * live member that has PSS has read it since then ("settled"), and none may
 * have ended unseen (graces_of).
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
int oya_tree_sum(const struct oya_stats *st, const struct oya_carry *const *carry, int64_t t0,
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
	struct graces g = { 0 };
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
	if (carry && graces_of(st, leave, nleave, &g))
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
		if (carry && (w.nfresh != w.nread || graces_cover(&g, t)))
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
	free(g.from);
	free(g.to);
	return rc;
}
