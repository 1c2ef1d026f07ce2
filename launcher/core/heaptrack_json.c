/*
 * The "heaptrack" object of the summary from oya's reader. The heap series is the
 * reader's time buckets merged down to OYA_HT_SERIES_MAX points (each point keeps
 * the largest heap and RSS of the buckets it covers, so a peak is never thinned
 * away), with times on the wall clock from the caller's anchor.
 */
#include "heaptrack_json.h"

#include <stdio.h>
#include <string.h>

#include "growing_sites.h"
#include "json_member.h"
#include "sample_line.h"
#include "summary.h"

void oya_htr_figures(const struct oya_htr_result *res, struct oya_heaptrack *h)
{
	h->complete = res->complete;
	snprintf(h->problem, sizeof(h->problem), "%s", res->problem);
	h->peak_heap_bytes = res->peak_heap_bytes > 0 ? (uint64_t)res->peak_heap_bytes : 0;
	h->peak_rss_bytes = res->peak_rss_bytes;
	h->leaked_bytes = res->leaked_bytes > 0 ? (uint64_t)res->leaked_bytes : 0;
	h->allocations = res->allocations;
	h->temporary_allocations = res->temporary_allocations;
}

static bool put(json_object *o, const char *key, json_object *v)
{
	return json_object_object_add(o, key, v) == 0;
}

static json_object *wall_time(int64_t ms)
{
	char buf[32];

	if (ms <= 0 || !oya_format_timestamp(buf, sizeof(buf), ms))
		return NULL;
	return json_object_new_string(buf);
}

static json_object *frame_json(const struct oya_htr_frame *f)
{
	json_object *o = json_object_new_object();
	char loc[1024];
	bool ok;

	if (!o)
		return NULL;
	if (f->file[0])
		snprintf(loc, sizeof(loc), "%s:%u", f->file, f->line);
	ok = put(o, "function", f->function[0] ? oya_json_text(f->function) : NULL);
	ok &= put(o, "location", f->file[0] ? oya_json_text(loc) : NULL);
	ok &= put(o, "module", f->module[0] ? oya_json_text(f->module) : NULL);
	ok &= put(o, "inlined", json_object_new_boolean(f->inlined));
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static json_object *site_json(const struct oya_growing_site *g)
{
	json_object *o = json_object_new_object(), *fr = json_object_new_array();
	bool ok = o && fr;

	for (size_t i = 0; ok && i < g->nframes; i++) {
		json_object *f = frame_json(&g->frames[i]);

		ok = f && json_object_array_add(fr, f) == 0;
		if (!ok)
			json_object_put(f);
	}
	if (ok) {
		ok = put(o, "trace", json_object_new_int64(g->trace));
		ok &= put(o, "growth_bytes_per_hour",
			  json_object_new_int64((int64_t)g->growth_bytes_per_hour));
		ok &= put(o, "live_end_bytes", json_object_new_int64(g->live_end));
		ok &= put(o, "allocations", json_object_new_int64((int64_t)g->allocations));
		ok &= put(o, "reason", oya_json_text(g->reason));
		ok &= put(o, "frames", fr);
		fr = NULL;
	}
	json_object_put(fr);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* growing_sites and growing_sites_more into O. */
static bool add_sites(json_object *o, oya_htr *r)
{
	struct oya_growing_site *g = NULL;
	size_t n = 0, total = 0;
	json_object *a;
	bool ok;

	if (oya_growing_sites_find(r, OYA_HT_SITES_MAX, OYA_HT_FRAMES_MAX, &g, &n, &total))
		return false;
	a = json_object_new_array();
	ok = a != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		json_object *s = site_json(&g[i]);

		ok = s && json_object_array_add(a, s) == 0;
		if (!ok)
			json_object_put(s);
	}
	oya_growing_sites_free(g, n);
	if (!ok) {
		json_object_put(a);
		return false;
	}
	return put(o, "growing_sites", a) &&
	       put(o, "growing_sites_more", json_object_new_int64((int64_t)(total - n)));
}

static json_object *point_json(int64_t t_ms, int64_t heap, int64_t heap_max, uint64_t rss)
{
	json_object *p = json_object_new_object();

	if (!p)
		return NULL;
	if (!put(p, "at_ms", json_object_new_int64(t_ms)) ||
	    !put(p, "heap_bytes", json_object_new_int64(heap)) ||
	    !put(p, "heap_max_bytes", json_object_new_int64(heap_max)) ||
	    !put(p, "rss_bytes", rss ? json_object_new_int64((int64_t)rss) : NULL)) {
		json_object_put(p);
		return NULL;
	}
	return p;
}

/* The buckets merged K at a time: each point ends where its last bucket ends. */
static json_object *series_json(const struct oya_htr_result *res, int64_t anchor_ms)
{
	size_t k = (res->nbuckets + OYA_HT_SERIES_MAX - 1) / OYA_HT_SERIES_MAX;
	json_object *a = json_object_new_array();

	if (!a)
		return NULL;
	for (size_t i = 0; k && i < res->nbuckets; i += k) {
		size_t end = i + k < res->nbuckets ? i + k : res->nbuckets;
		int64_t hmax = 0;
		uint64_t rss = 0;
		json_object *p;

		for (size_t j = i; j < end; j++) {
			hmax = res->buckets[j].heap_max > hmax ? res->buckets[j].heap_max : hmax;
			rss = res->buckets[j].rss_bytes > rss ? res->buckets[j].rss_bytes : rss;
		}
		p = point_json(anchor_ms + res->buckets[end - 1].t_ms, res->buckets[end - 1].heap_end, hmax,
			       rss);
		if (!p || json_object_array_add(a, p)) {
			json_object_put(p);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

static bool add_figures(json_object *o, const struct oya_htr_result *res, int64_t anchor_ms)
{
	const char *const keys[] = { "peak_heap_bytes", "peak_rss_bytes", "leaked_bytes", "allocations",
				     "temporary_allocations" };
	const int64_t vals[] = { res->peak_heap_bytes, (int64_t)res->peak_rss_bytes, res->leaked_bytes,
				 (int64_t)res->allocations, (int64_t)res->temporary_allocations };
	bool ok = true;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ok &= put(o, keys[i], res->complete ? json_object_new_int64(vals[i]) : NULL);
	ok &= put(o, "peak_heap_at", res->complete ? wall_time(anchor_ms + res->peak_heap_t_ms) : NULL);
	return ok;
}

json_object *oya_htr_json(oya_htr *r, const char *data_file, int64_t anchor_ms)
{
	const struct oya_htr_result *res = oya_htr_finish(r);
	json_object *o = json_object_new_object();
	char version[32];
	bool ok;

	if (!o)
		return NULL;
	snprintf(version, sizeof(version), "%u.%u.%u", res->heaptrack_version >> 16,
		 (res->heaptrack_version >> 8) & 0xff, res->heaptrack_version & 0xff);
	ok = put(o, "data_file", data_file ? oya_json_text(data_file) : NULL);
	ok &= put(o, "complete", json_object_new_boolean(res->complete));
	ok &= put(o, "problem", res->complete ? NULL : oya_json_text(res->problem));
	ok &= put(o, "figures_from", json_object_new_string("oya"));
	ok &= put(o, "heaptrack_version", res->heaptrack_version ? json_object_new_string(version) : NULL);
	ok &= add_figures(o, res, anchor_ms);
	if (ok && res->complete) {
		ok = add_sites(o, r);
		ok = ok && put(o, "heap_series", series_json(res, anchor_ms));
	} else if (ok) {
		ok = put(o, "growing_sites", NULL) && put(o, "growing_sites_more", NULL) &&
		     put(o, "heap_series", NULL);
	}
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

size_t oya_htr_json_growing(const json_object *ht, char *name, size_t cap)
{
	json_object *a = oya_json_member(ht, "growing_sites"),
		    *more = oya_json_member(ht, "growing_sites_more");
	json_object *f;
	size_t n;

	if (cap)
		name[0] = '\0';
	if (!a || !json_object_is_type(a, json_type_array))
		return 0;
	n = json_object_array_length(a);
	if (n && cap) {
		f = oya_json_member(json_object_array_get_idx(a, 0), "frames");
		f = f && json_object_is_type(f, json_type_array) ? json_object_array_get_idx(f, 0) : NULL;
		f = oya_json_member(f, "function");
		snprintf(name, cap, "%s",
			 f && json_object_is_type(f, json_type_string) ? json_object_get_string(f) : "??");
	}
	if (more && json_object_is_type(more, json_type_int))
		n += (size_t)json_object_get_int64(more);
	return n;
}
