/*
 * PSS and USS per process image. PSS is read on a budget, so most lines may
 * have none: the figures are over the lines that read it, and between two reads
 * the latest one holds (a missing PSS is unknown, never 0).
 */
#include "summary_int.h"

#include <stdlib.h>
#include <string.h>

void oya_dist_of(struct oya_dist *d, const struct oya_point *p, size_t n, uint64_t *scratch)
{
	memset(d, 0, sizeof(*d));
	if (!n)
		return;
	d->have = true;
	d->min = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		scratch[i] = p[i].rss_kb;
		if (p[i].rss_kb < d->min)
			d->min = p[i].rss_kb;
		if (p[i].rss_kb > d->max)
			d->max = p[i].rss_kb;
	}
	d->avg = oya_weighted_avg(p, n);
	d->p50 = oya_percentile(scratch, n, 50);
	d->p95 = oya_percentile(scratch, n, 95);
}

int oya_proc_pss(struct oya_proc *p, const struct oya_ipt *src, size_t n, uint64_t *scratch)
{
	struct oya_point *pss = calloc(n ? n : 1, sizeof(*pss));
	struct oya_point *uss = calloc(n ? n : 1, sizeof(*uss));
	size_t np = 0, nu = 0;

	if (!pss || !uss) {
		free(pss);
		free(uss);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (src[i].pss_kb != OYA_NO_KB)
			pss[np++] = (struct oya_point){ src[i].t_ms, src[i].pss_kb };
		if (src[i].uss_kb != OYA_NO_KB)
			uss[nu++] = (struct oya_point){ src[i].t_ms, src[i].uss_kb };
	}
	if (scratch) {
		oya_dist_of(&p->pss, pss, np, scratch);
		oya_dist_of(&p->uss, uss, nu, scratch);
	}
	free(uss);
	if (np) {
		p->pss_points = pss;
		p->npss = np;
	} else {
		free(pss);
	}
	return 0;
}

struct oya_carry *oya_pss_carried(const struct oya_proc *p)
{
	struct oya_carry *v = malloc((p->npoints ? p->npoints : 1) * sizeof(*v));
	size_t k = 0;

	if (!v)
		return NULL;
	for (size_t i = 0; i < p->npoints; i++) {
		while (k < p->npss && p->pss_points[k].t_ms <= p->points[i].t_ms)
			k++;
		if (k)
			v[i] = (struct oya_carry){ p->pss_points[k - 1].rss_kb, p->pss_points[k - 1].t_ms };
		else
			v[i] = (struct oya_carry){ p->points[i].rss_kb, INT64_MIN };
	}
	return v;
}
