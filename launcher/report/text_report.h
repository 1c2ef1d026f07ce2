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

#include "diff.h"
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

/* ---- the diff of two runs (its figures: diff.h) ---- */
char *oya_text_diff(const struct oya_diff *d, const char *base_name, const char *now_name);

/* The call stacks whose peak memory changed most between two runs (heaptrack_print --diff). */
struct oya_heaptrack_change;
char *oya_text_stack_changes(const struct oya_heaptrack_change *c, size_t n);

/* ---- the live view of --follow ---- */
char *oya_text_live(const struct oya_live *v, size_t n, const char *file, uint64_t lines, uint64_t malformed,
		    int width);

#endif
