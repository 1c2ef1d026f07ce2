/*
 * oya-summary's terminal texts: the summary table, the diff of two runs and
 * the live view of --follow. Pure: they return strings, they do no I/O.
 * Every string that came from input is made inert (control characters and
 * bytes that are not UTF-8 shown as \xNN) before it reaches a terminal.
 */
#ifndef OYA_TEXT_REPORT_H
#define OYA_TEXT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "human.h"
#include "summary.h"

/* A growing string. Appends after an allocation failure are ignored and ->failed is set. */
struct oya_text {
	char *s;
	size_t len, cap;
	bool failed;
};
__attribute__((format(printf, 2, 3))) void oya_text_printf(struct oya_text *t, const char *fmt, ...);
/* SRC (any bytes) shown inert in at most MAXCOLS columns (cut with "..."), padded to PAD columns. */
void oya_text_inert(struct oya_text *t, const char *src, size_t maxcols, size_t pad);
/* Hand over the string (the caller frees it); NULL if anything failed. */
char *oya_text_take(struct oya_text *t);

/* oya_human_kb, oya_human_dur: the sizes and durations in these texts. */

/* The human table: run facts (from SUMMARY, a summary JSON, when given), the tree and each process,
   the leak verdicts, heaptrack figures (SUMMARY's "heaptrack"), skipped-line counts. */
char *oya_text_table(const struct oya_stats *st, const json_object *summary);

/* ---- the diff of two runs ---- */
enum { OYA_DIFF_MAX_ROWS = 12 };

struct oya_diff_row {
	const char *name, *unit;   /* unit: "kB", "kB/h", "B", "" (a count) */
	double base, now;          /* NAN: not known in that run (growth on too little data): n/a */
	bool have;                 /* both runs have the figure */
	bool gate;                 /* --fail-above applies to it */
	double pct;                /* change in percent; NAN when base is 0 */
	bool regression;           /* gate && grew beyond the threshold */
};

struct oya_diff {
	struct oya_diff_row rows[OYA_DIFF_MAX_ROWS];
	size_t nrows;
	double fail_above;         /* percent; < 0: no gate */
	bool regression;           /* any gated row regressed */
	uint64_t base_skipped, now_skipped;   /* malformed lines */
};

/* Compare NOW to BASE: max/avg RSS, peak VmHWM, growth, and heaptrack's peak heap, leaked bytes and
   allocations when both heaptrack objects are given (NULL: none). Gated: max RSS, avg RSS, peak heap. */
void oya_diff_compute(const struct oya_stats *base, const struct oya_stats *now,
		      const json_object *base_ht, const json_object *now_ht, double fail_above,
		      struct oya_diff *out);
char *oya_text_diff(const struct oya_diff *d, const char *base_name, const char *now_name);

/* The call stacks whose peak memory changed most between two runs (heaptrack_print --diff). */
struct oya_heaptrack_change;
char *oya_text_stack_changes(const struct oya_heaptrack_change *c, size_t n);

/* ---- the live view of --follow ---- */
char *oya_text_live(const struct oya_live *v, size_t n, const char *file, uint64_t lines,
		    uint64_t malformed, int width);

#endif
