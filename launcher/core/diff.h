/*
 * The comparison of two runs (oya-summary --diff): the figures side by side, the
 * regression gate (--fail-above) and the diff's JSON. Pure; the text is in
 * launcher/report (oya_text_diff).
 */
#ifndef OYA_DIFF_H
#define OYA_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct oya_stats;
struct oya_heaptrack_change;

enum {
	OYA_DIFF_MAX_ROWS = 12
};

struct oya_diff_row {
	const char *name, *unit; /* unit: "kB", "kB/h", "B", "" (a count) */
	double base, now;	 /* NAN: not known in that run (growth on too little data): n/a */
	bool have;		 /* both runs have the figure */
	bool gate;		 /* --fail-above applies to it */
	double pct;		 /* change in percent; NAN when base is 0 */
	bool regression;	 /* gate && grew beyond the threshold */
};

struct oya_diff {
	struct oya_diff_row rows[OYA_DIFF_MAX_ROWS];
	size_t nrows;
	double fail_above;		    /* percent; < 0: no gate */
	bool regression;		    /* any gated row regressed */
	uint64_t base_skipped, now_skipped; /* malformed lines */
};

/* Compare NOW to BASE: max/avg RSS, max/avg PSS (when both runs have it), peak VmHWM, growth, and heaptrack's peak heap, leaked bytes and
   allocations when both heaptrack objects are given (NULL: none). Gated: max and avg RSS and PSS, peak heap. */
void oya_diff_compute(const struct oya_stats *base, const struct oya_stats *now, const json_object *base_ht,
		      const json_object *now_ht, double fail_above, struct oya_diff *out);
/* The diff as JSON: BASE and NOW name the files; C (NC entries, NULL: no comparison) the call stacks
   that changed most. NULL on ENOMEM. */
json_object *oya_diff_json(const struct oya_diff *d, const char *base, const char *now,
			   const struct oya_heaptrack_change *c, size_t nc);

#endif
