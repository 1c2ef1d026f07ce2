/*
 * Each site's live bytes at the end of each time bucket become points of kilobytes
 * over time, judged like an RSS series. A site whose series never spans the rule's
 * floor (1 MiB between its lowest and highest value) cannot pass and is skipped
 * before the costly fit. A site that gave back most of what it held by the end
 * (its live bytes at the end under half of its peak) did not keep growing, however
 * it climbed before: it is not listed.
 */
#include "growing_sites.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#define FLOOR_BYTES ((int64_t)1 << 20)

static bool may_grow(const int64_t *v, size_t n)
{
	int64_t lo = v[0], hi = v[0];

	for (size_t i = 1; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	return hi - lo >= FLOOR_BYTES;
}

static int by_growth(const void *a, const void *b)
{
	double x = ((const struct oya_growing_site *)a)->growth_bytes_per_hour;
	double y = ((const struct oya_growing_site *)b)->growth_bytes_per_hour;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Judge SITE over the buckets of RES with PTS as scratch; true when it keeps growing. */
static bool judge(const struct oya_htr_result *res, const struct oya_htr_site *site, struct oya_point *pts,
		  struct oya_leak *leak)
{
	for (size_t b = 0; b < res->nbuckets; b++) {
		int64_t v = site->series[b];

		pts[b].t_ms = res->buckets[b].t_ms;
		pts[b].rss_kb = v > 0 ? (uint64_t)(v + 512) / 1024 : 0;
	}
	oya_leak_assess(pts, res->nbuckets, leak);
	return leak->leak_suspected;
}

static int add_frames(const oya_htr *r, struct oya_growing_site *g, size_t max_frames)
{
	size_t n = oya_htr_stack(r, g->trace, NULL, 0);

	if (n > max_frames)
		n = max_frames;
	g->frames = calloc(n ? n : 1, sizeof(*g->frames));
	if (!g->frames)
		return -1;
	g->nframes = oya_htr_stack(r, g->trace, g->frames, n);
	if (g->nframes > n)
		g->nframes = n;
	return 0;
}

int oya_growing_sites_find(oya_htr *r, size_t cap, size_t max_frames, struct oya_growing_site **out,
			   size_t *n, size_t *total)
{
	const struct oya_htr_result *res = oya_htr_finish(r);
	struct oya_point *pts = calloc(res->nbuckets ? res->nbuckets : 1, sizeof(*pts));
	struct oya_growing_site *all = NULL, *g;
	size_t nall = 0;
	struct oya_leak leak;
	int rc = -1;

	*out = NULL;
	*n = *total = 0;
	if (!pts)
		return -1;
	for (size_t i = 0; i < res->nsites; i++) {
		const struct oya_htr_site *s = &res->sites[i];

		if (!s->series || !res->nbuckets || s->live_end * 2 < s->live_peak ||
		    !may_grow(s->series, res->nbuckets) || !judge(res, s, pts, &leak))
			continue;
		g = realloc(all, (nall + 1) * sizeof(*all));
		if (!g)
			goto out;
		all = g;
		g = &all[nall++];
		memset(g, 0, sizeof(*g));
		g->trace = s->trace;
		g->growth_bytes_per_hour = leak.growth_kb_per_hour * 1024.0;
		g->live_end = s->live_end;
		g->allocations = s->allocations;
		memcpy(g->reason, leak.reason, sizeof(g->reason));
	}
	if (nall)
		qsort(all, nall, sizeof(*all), by_growth);
	*total = nall;
	if (nall > cap)
		nall = cap;
	for (size_t i = 0; i < nall; i++)
		if (add_frames(r, &all[i], max_frames))
			goto out;
	*out = all;
	*n = nall;
	all = NULL;
	nall = 0;
	rc = 0;
out:
	oya_growing_sites_free(all, nall);
	free(pts);
	return rc;
}

void oya_growing_sites_free(struct oya_growing_site *s, size_t n)
{
	if (!s)
		return;
	for (size_t i = 0; i < n; i++)
		free(s[i].frames);
	free(s);
}
