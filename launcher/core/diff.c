/* The comparison of two runs: its figures, the regression gate (--fail-above) and its JSON. */
#include "diff.h"
#include "heaptrack_parse.h"
#include "json_member.h"
#include "summary.h"

#include <math.h>
#include <string.h>

static void row(struct oya_diff *d, const char *name, const char *unit, double base, double now, bool have,
		bool gate)
{
	struct oya_diff_row *r;

	if (d->nrows == OYA_DIFF_MAX_ROWS)
		return;
	r = &d->rows[d->nrows++];
	r->name = name;
	r->unit = unit;
	r->base = base;
	r->now = now;
	r->have = have;
	r->gate = gate;
	r->pct = have && base != 0 ? (now - base) / fabs(base) * 100.0 : NAN;
	if (have && gate && d->fail_above >= 0) {
		/* from nothing to something is growth beyond any threshold */
		r->regression = base > 0 ? r->pct > d->fail_above : now > 0;
		d->regression |= r->regression;
	}
}

/* NAN (shown as n/a) when the run was too short to judge its growth. */
static double growth_of(const struct oya_leak *l)
{
	return l->enough_data ? l->growth_kb_per_hour : NAN;
}

void oya_diff_compute(const struct oya_stats *base, const struct oya_stats *now, const json_object *base_ht,
		      const json_object *now_ht, double fail_above, struct oya_diff *out)
{
	double b, n;
	bool hb, hn;

	memset(out, 0, sizeof(*out));
	out->fail_above = fail_above;
	out->base_skipped = base->malformed_lines;
	out->now_skipped = now->malformed_lines;
	row(out, "max RSS (tree)", "kB", (double)base->max_rss_kb, (double)now->max_rss_kb, true, true);
	row(out, "avg RSS (tree)", "kB", base->avg_rss_kb, now->avg_rss_kb, true, true);
	hb = base->pss.have && now->pss.have;
	row(out, "max PSS (tree)", "kB", (double)base->pss.max, (double)now->pss.max, hb, true);
	row(out, "avg PSS (tree)", "kB", base->pss.avg, now->pss.avg, hb, true);
	row(out, "peak VmHWM", "kB", (double)base->peak_hwm_kb, (double)now->peak_hwm_kb,
	    base->peak_hwm_kb && now->peak_hwm_kb, false);
	row(out, "growth per hour", "kB/h", growth_of(&base->tree_leak), growth_of(&now->tree_leak), true,
	    false);
	row(out, "processes", "", (double)base->nprocs, (double)now->nprocs, true, false);
	row(out, "samples", "", (double)base->samples, (double)now->samples, true, false);
	hb = oya_json_number(base_ht, "peak_heap_bytes", &b);
	hn = oya_json_number(now_ht, "peak_heap_bytes", &n);
	row(out, "heaptrack peak heap", "B", hb ? b : 0, hn ? n : 0, hb && hn, true);
	hb = oya_json_number(base_ht, "leaked_bytes", &b);
	hn = oya_json_number(now_ht, "leaked_bytes", &n);
	row(out, "heaptrack leaked", "B", hb ? b : 0, hn ? n : 0, hb && hn, false);
	hb = oya_json_number(base_ht, "allocations", &b);
	hn = oya_json_number(now_ht, "allocations", &n);
	row(out, "heaptrack allocations", "", hb ? b : 0, hn ? n : 0, hb && hn, false);
}

/* Adds V (NULL is null) to O; counts failures in *FAIL. */
static void put(json_object *o, const char *key, json_object *v, int *fail)
{
	if (json_object_object_add(o, key, v))
		(*fail)++;
}

json_object *oya_diff_json(const struct oya_diff *d, const char *base, const char *now,
			   const struct oya_heaptrack_change *c, size_t nc)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();
	json_object *stacks = c ? json_object_new_array() : NULL;
	int fail = !o || !rows || (c && !stacks);

	if (fail) {
		json_object_put(o);
		json_object_put(rows);
		json_object_put(stacks);
		return NULL;
	}
	put(o, "base", oya_json_text(base), &fail);
	put(o, "new", oya_json_text(now), &fail);
	for (size_t i = 0; i < d->nrows; i++) {
		const struct oya_diff_row *r = &d->rows[i];
		json_object *x;

		if (!r->have)
			continue;
		if (!(x = json_object_new_object()) || json_object_array_add(rows, x)) {
			json_object_put(x);
			fail++;
			continue;
		}
		put(x, "name", json_object_new_string(r->name), &fail);
		put(x, "unit", json_object_new_string(r->unit), &fail);
		put(x, "base", isnan(r->base) ? NULL : json_object_new_double(r->base), &fail);
		put(x, "new", isnan(r->now) ? NULL : json_object_new_double(r->now), &fail);
		put(x, "change_pct", isnan(r->pct) ? NULL : json_object_new_double(r->pct), &fail);
		put(x, "gated", json_object_new_boolean(r->gate), &fail);
		put(x, "regression", json_object_new_boolean(r->regression), &fail);
	}
	put(o, "rows", rows, &fail);
	put(o, "fail_above_pct", d->fail_above >= 0 ? json_object_new_double(d->fail_above) : NULL, &fail);
	put(o, "regression", json_object_new_boolean(d->regression), &fail);
	put(o, "base_malformed_lines", json_object_new_int64((int64_t)d->base_skipped), &fail);
	put(o, "new_malformed_lines", json_object_new_int64((int64_t)d->now_skipped), &fail);
	for (size_t i = 0; stacks && i < nc; i++) {
		json_object *x;

		if (!(x = json_object_new_object()) || json_object_array_add(stacks, x)) {
			json_object_put(x);
			fail++;
			continue;
		}
		put(x, "peak_delta_bytes", json_object_new_int64(c[i].peak_delta_bytes), &fail);
		put(x, "calls_delta", json_object_new_int64(c[i].calls_delta), &fail);
		put(x, "function", c[i].function ? oya_json_text(c[i].function) : NULL, &fail);
		put(x, "location", c[i].location ? oya_json_text(c[i].location) : NULL, &fail);
		put(x, "callers", c[i].callers ? oya_json_text(c[i].callers) : NULL, &fail);
	}
	put(o, "stack_changes", stacks, &fail);
	if (fail) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
