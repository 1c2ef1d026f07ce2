/* The comparison of two runs (oya-summary --diff) and its gate (--fail-above). */
#include "text_report.h"
#include "json_member.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void row(struct oya_diff *d, const char *name, const char *unit, double base, double now,
		bool have, bool gate)
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

void oya_diff_compute(const struct oya_stats *base, const struct oya_stats *now,
		      const json_object *base_ht, const json_object *now_ht, double fail_above,
		      struct oya_diff *out)
{
	double b, n;
	bool hb, hn;

	memset(out, 0, sizeof(*out));
	out->fail_above = fail_above;
	out->base_skipped = base->malformed_lines;
	out->now_skipped = now->malformed_lines;
	row(out, "max RSS (tree)", "kB", (double)base->max_rss_kb, (double)now->max_rss_kb, true, true);
	row(out, "avg RSS (tree)", "kB", base->avg_rss_kb, now->avg_rss_kb, true, true);
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

static void cell(char *buf, size_t cap, const char *unit, double v)
{
	if (isnan(v)) {
		snprintf(buf, cap, "n/a");
	} else if (!strcmp(unit, "kB")) {
		oya_human_kb(buf, cap, v);
	} else if (!strcmp(unit, "kB/h")) {
		oya_human_rate(buf, cap, v);
	} else if (!strcmp(unit, "B")) {
		oya_human_bytes(buf, cap, v);
	} else {
		snprintf(buf, cap, "%.0f", v);
	}
}

char *oya_text_diff(const struct oya_diff *d, const char *base_name, const char *now_name)
{
	struct oya_text t = { 0 };

	oya_text_printf(&t, "base: ");
	oya_text_inert(&t, base_name, 200, 0);
	oya_text_printf(&t, "\nnew:  ");
	oya_text_inert(&t, now_name, 200, 0);
	oya_text_printf(&t, "\n\n%-22s %14s %14s %10s\n", "", "BASE", "NEW", "CHANGE");
	for (size_t i = 0; i < d->nrows; i++) {
		const struct oya_diff_row *r = &d->rows[i];
		char b[40], n[40], c[40];

		if (!r->have)
			continue;
		cell(b, sizeof(b), r->unit, r->base);
		cell(n, sizeof(n), r->unit, r->now);
		if (isnan(r->pct))
			snprintf(c, sizeof(c), r->now == r->base ? "0.0%%" : "n/a");
		else
			snprintf(c, sizeof(c), "%+.1f%%", r->pct);
		oya_text_printf(&t, "%-22s %14s %14s %10s%s\n", r->name, b, n, c,
				r->regression ? "  REGRESSION" : "");
	}
	if (d->fail_above < 0) {
		oya_text_printf(&t, "\nno --fail-above given: compared only\n");
	} else if (d->regression) {
		oya_text_printf(&t, "\nregression: ");
		for (size_t i = 0, k = 0; i < d->nrows; i++)
			if (d->rows[i].regression)
				oya_text_printf(&t, "%s%s", k++ ? ", " : "", d->rows[i].name);
		oya_text_printf(&t, " grew by more than %g%%\n", d->fail_above);
	} else {
		oya_text_printf(&t, "\nok: max RSS, avg RSS and peak heap grew by at most %g%%\n",
				d->fail_above);
	}
	oya_text_printf(&t, "skipped: %llu malformed lines in base, %llu in new\n",
			(unsigned long long)d->base_skipped, (unsigned long long)d->now_skipped);
	return oya_text_take(&t);
}
