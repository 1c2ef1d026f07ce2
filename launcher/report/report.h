/*
 * oya-summary's renderers: the RSS chart (SVG), flame graphs (SVG) and the
 * self-contained HTML report. Pure: they write to the FILE* they are given
 * (a file, or open_memstream in tests) and do no other I/O.
 * Every string that came from input is escaped on output.
 */
#ifndef OYA_REPORT_H
#define OYA_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "human.h"
#include "summary.h"

/* Write S (LEN bytes, any bytes) as HTML/XML text or attribute value: & < > " ' escaped, control
 * characters and invalid UTF-8 replaced by U+FFFD, so nothing in it can open a tag or end an attribute. */
void oya_html_escape(FILE *out, const char *s, size_t len);
/* Same, for a NUL-terminated string; NULL writes nothing. */
void oya_html_puts(FILE *out, const char *s);

/* Sizes and durations: oya_human_bytes, oya_human_kb, oya_human_rate, oya_human_dur (human.h). */

/* ---- the RSS chart ---- */
/* Why the tree's RSS sum and its PSS sum differ, in one sentence for the reports. */
#define OYA_PSS_WHY                                                                                         \
	"RSS summed counts a page shared by several processes (copy-on-write after a fork, shared memory, " \
	"libraries) once per process; PSS divides each page among the processes that map it, so the "       \
	"tree's PSS sum counts it once."
#define OYA_CHART_LEGEND_MAX 12 /* processes named in the legend; the rest are counted */

/* One "nice" tick step (1, 2 or 5 times a power of ten) for a range of SPAN to be cut into about
 * TARGET intervals. Returns 1 for SPAN <= 0 or TARGET < 1. */
double oya_nice_step(double span, int target);

/* Downsample a series for a plot WIDTH pixels wide covering [T0, T1]: per pixel column keep its
 * minimum and maximum (in time order). Writes the kept indexes into KEEP (capacity >= N) and
 * returns how many; at most 2 per column plus the first and last point. */
size_t oya_chart_downsample(const struct oya_point *pts, size_t n, int64_t t0, int64_t t1, int width,
			    size_t *keep);

/* RSS over time of the tree and of each process (one <g class="series" data-pid=...> per process,
 * one <g class="series tree">), axes in seconds/minutes/hours and MiB/GiB, a legend, and a dashed
 * line at LIMIT_SECS after the start when LIMIT_SECS > 0. 0 ok, -1 on a write or memory error. */
int oya_render_chart_svg(FILE *out, const struct oya_stats *st, double limit_secs);

/* ---- flame graphs ---- */
struct oya_flame_node {
	char *name;
	uint64_t value;			  /* bytes of this frame and everything it called */
	size_t parent;			  /* index; the root (0) is its own parent */
	size_t first_child, next_sibling; /* 0 = none (the root is nobody's child) */
	int depth;			  /* root 0 */
};

struct oya_flame {
	struct oya_flame_node *nodes; /* nodes[0] is the root, "all" */
	size_t n, cap;
	int max_depth;
	uint64_t skipped_lines; /* lines that were not "frames count" */
	struct oya_flame_slot {
		size_t node1, hash;
	} * index; /* (parent, name) -> node + 1, for parsing */
	size_t index_cap;
};

/* Parse folded stacks ("a;b;c 1234" per line; empty frames and zero counts ignored) into a tree,
 * children in name order. 0 ok, -1 on ENOMEM (F is then empty but valid). */
int oya_flame_parse(const char *folded, size_t len, struct oya_flame *f);
void oya_flame_release(struct oya_flame *f); /* NULL ok */

struct oya_flame_rect {
	size_t node;
	double x, w; /* in [0, WIDTH] */
	int depth;
};

/* Lay the tree out in WIDTH units: each frame as wide as its share of the root, children left to
 * right from their parent's left edge; frames narrower than MIN_W are left out with what they
 * called. *OUT is malloc'd. 0 ok, -1 ENOMEM. */
int oya_flame_layout(const struct oya_flame *f, double width, double min_w, struct oya_flame_rect **out,
		     size_t *n);

/* A flame graph of FOLDED (bytes) titled TITLE. 0 ok, -1 on a write or memory error. */
int oya_render_flame_svg(FILE *out, const char *folded, const char *title);

/* ---- the page ---- */
/* One self-contained HTML page: run facts (from SUMMARY, the summary JSON, when given), the chart, the
 * per-process table, leak verdicts, heaptrack figures (SUMMARY's "heaptrack"), and the peak and
 * leaked flame graphs when their folded stacks are given. 0 ok, -1 on a write or memory error. */
int oya_render_html(FILE *out, const struct oya_stats *st, const json_object *summary,
		    const char *peak_folded, const char *leaked_folded, double limit_secs);

#endif
