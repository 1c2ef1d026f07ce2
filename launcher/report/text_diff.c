/* The comparison of two runs (oya-summary --diff) as text; the figures and the gate are in diff.c. */
#include "text_report.h"
#include "json_member.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
		bool pss = false;

		for (size_t i = 0; i < d->nrows; i++)
			pss |= d->rows[i].have && strstr(d->rows[i].name, "PSS");
		oya_text_printf(&t, "\nok: max RSS, avg RSS%s and peak heap grew by at most %g%%\n",
				pss ? ", max PSS, avg PSS" : "", d->fail_above);
	}
	oya_text_printf(&t, "skipped: %llu malformed lines in base, %llu in new\n",
			(unsigned long long)d->base_skipped, (unsigned long long)d->now_skipped);
	return oya_text_take(&t);
}
