/*
 * The reader's time buckets: the heap, the RSS and the live bytes of each site over
 * time. At most OYA_HTR_BUCKETS buckets of equal width; when time runs past the last,
 * neighbours merge in pairs and the width doubles, so a run of any length fits.
 * Sites keep a series from their first allocation on (their history before it is
 * zero, so every series is exact); when all OYA_HTR_SITE_SERIES slots are taken, the
 * site whose live bytes peaked lowest gives its slot up and joins "others". Pure.
 */
#include "heaptrack_reader_priv.h"

#include <stdlib.h>
#include <string.h>

int htr_series_init(struct oya_htr *r)
{
	r->width = 1;
	r->others.site = HTR_NONE;
	r->others.vals = calloc(OYA_HTR_BUCKETS, sizeof(*r->others.vals));
	return r->others.vals ? 0 : -1;
}

void htr_series_release(struct oya_htr *r)
{
	for (size_t i = 0; i < r->nslots; i++)
		free(r->slots[i].vals);
	free(r->others.vals);
}

/* Write SLOT's values up to bucket TO (the value of its last written bucket carries on). */
static void fill(struct htr_slot *s, size_t to)
{
	for (size_t b = s->upto + 1; b <= to; b++)
		s->vals[b] = s->vals[s->upto];
	if (to > s->upto)
		s->upto = (uint32_t)to;
}

static void halve(struct htr_slot *s, size_t n)
{
	fill(s, n - 1);
	for (size_t i = 0; i < n / 2; i++)
		s->vals[i] = s->vals[2 * i + 1];
	s->upto = (uint32_t)(n / 2 - 1);
}

/* All buckets are in use: merge neighbours, the width doubles. */
static void merge(struct oya_htr *r)
{
	size_t n = OYA_HTR_BUCKETS;

	for (size_t i = 0; i < n / 2; i++) {
		struct oya_htr_bucket *a = &r->buckets[2 * i], *b = &r->buckets[2 * i + 1];

		r->buckets[i].heap_end = b->heap_end;
		r->buckets[i].heap_max = a->heap_max > b->heap_max ? a->heap_max : b->heap_max;
		r->buckets[i].rss_bytes = a->rss_bytes > b->rss_bytes ? a->rss_bytes : b->rss_bytes;
		r->rss_seen[i] = r->rss_seen[2 * i] || r->rss_seen[2 * i + 1];
	}
	for (size_t i = 0; i < r->nslots; i++)
		if (r->slots[i].site != HTR_NONE)
			halve(&r->slots[i], n);
	halve(&r->others, n);
	r->cur = n / 2 - 1;
	r->width *= 2;
}

void htr_series_time(struct oya_htr *r, int64_t t_ms)
{
	size_t b;

	if (t_ms <= r->now_ms)
		return;
	r->now_ms = t_ms;
	while ((uint64_t)(t_ms / r->width) >= OYA_HTR_BUCKETS) {
		r->buckets[r->cur].heap_end = r->heap;
		for (b = r->cur + 1; b < OYA_HTR_BUCKETS; b++) {
			r->buckets[b] = r->buckets[r->cur];
			r->buckets[b].heap_max = r->heap;
			r->rss_seen[b] = false;
		}
		r->cur = OYA_HTR_BUCKETS - 1;
		merge(r);
	}
	b = (size_t)(t_ms / r->width);
	if (b <= r->cur)
		return;
	r->buckets[r->cur].heap_end = r->heap;
	for (size_t k = r->cur + 1; k <= b; k++) {
		r->buckets[k].heap_end = r->heap;
		r->buckets[k].heap_max = r->heap;
		r->buckets[k].rss_bytes = r->buckets[r->cur].rss_bytes;
		r->rss_seen[k] = false;
	}
	r->cur = b;
}

void htr_series_rss(struct oya_htr *r, uint64_t bytes)
{
	struct oya_htr_bucket *b = &r->buckets[r->cur];

	if (!r->rss_seen[r->cur] || bytes > b->rss_bytes)
		b->rss_bytes = bytes;
	r->rss_seen[r->cur] = true;
}

static void add(struct htr_slot *s, size_t cur, int64_t delta)
{
	if (s->upto != cur)
		fill(s, cur);
	s->vals[cur] += delta;
}

/* A slot for SITE, which has not allocated before: a free one, a new one, or the one of the
 * site that peaked lowest. HTR_NONE on ENOMEM. */
static uint32_t take_slot(struct oya_htr *r, uint32_t site)
{
	struct htr_slot *s;
	size_t victim = 0;

	if (r->nslots < OYA_HTR_SITE_SERIES) {
		s = &r->slots[r->nslots];
		s->vals = calloc(OYA_HTR_BUCKETS, sizeof(*s->vals));
		if (!s->vals)
			return HTR_NONE;
		victim = r->nslots++;
	} else {
		for (size_t i = 1; i < r->nslots; i++)
			if (r->sites[r->slots[i].site].live_peak < r->sites[r->slots[victim].site].live_peak)
				victim = i;
		s = &r->slots[victim];
		/* its whole history joins "others", so that the series still add up to the heap */
		fill(&r->others, r->cur);
		fill(s, r->cur);
		for (size_t b = 0; b <= r->cur; b++)
			r->others.vals[b] += s->vals[b];
		r->site_int[s->site].slot = HTR_NONE;
		r->sites[s->site].series = NULL;
		memset(s->vals, 0, OYA_HTR_BUCKETS * sizeof(*s->vals));
	}
	s->site = site;
	s->upto = (uint32_t)r->cur;
	return (uint32_t)victim;
}

int htr_series_site(struct oya_htr *r, uint32_t site, int64_t delta)
{
	struct htr_site_int *si = &r->site_int[site];

	if (si->slot == HTR_NONE && r->sites[site].allocations == 1 && delta > 0) {
		si->slot = take_slot(r, site);
		if (si->slot == HTR_NONE)
			return -1;
	}
	if (si->slot == HTR_NONE) {
		add(&r->others, r->cur, delta);
		return 0;
	}
	add(&r->slots[si->slot], r->cur, delta);
	return 0;
}

void htr_series_finish(struct oya_htr *r)
{
	size_t n = r->cur + 1;

	r->buckets[r->cur].heap_end = r->heap;
	for (size_t i = 0; i < n; i++) {
		int64_t end = (int64_t)(i + 1) * r->width;

		r->buckets[i].t_ms = i + 1 < n ? end : r->now_ms;
	}
	for (size_t i = 0; i < r->nslots; i++)
		if (r->slots[i].site != HTR_NONE) {
			fill(&r->slots[i], r->cur);
			r->sites[r->slots[i].site].series = r->slots[i].vals;
		}
	fill(&r->others, r->cur);
	r->res.buckets = r->buckets;
	r->res.nbuckets = n;
	r->res.bucket_ms = r->width;
	r->res.others_series = r->others.vals;
}

/*
 * Each site's share of the peak, in one pass: a new peak only counts (peak_epoch); a site
 * saves its live bytes the first time they change after the latest peak, when they are
 * still what they were at that peak. Sites untouched since then have their end value.
 */
void htr_peak_touch(struct oya_htr *r, uint32_t site)
{
	struct htr_site_int *si = &r->site_int[site];

	if (si->peak_epoch != r->peak_epoch) {
		si->at_peak = r->sites[site].live_end;
		si->peak_epoch = r->peak_epoch;
	}
}

void htr_peak_finish(struct oya_htr *r)
{
	for (size_t i = 0; i < r->nsites; i++) {
		const struct htr_site_int *si = &r->site_int[i];

		r->sites[i].live_at_peak =
			si->peak_epoch == r->peak_epoch ? si->at_peak : r->sites[i].live_end;
	}
}
