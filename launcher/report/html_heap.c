/*
 * Heap beside RSS. The heap climbs when its series (heaptrack.heap_series) passes
 * the leak rule or a site grows; RSS climbs when the traced process's own verdict
 * says so. Their combination names the gap: the allocator keeping freed memory,
 * a leak of the heap, or memory heaptrack cannot see.
 */
#include "html_heap.h"

#include <stdlib.h>
#include <string.h>

#include "json_member.h"
#include "report.h"

#define W 900
#define H 260
#define ML 70 /* margins: left (the size labels), right, top, bottom */
#define MR 16
#define MT 12
#define MB 34

static const char *str_of(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int64_t int_of(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	return v && (json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double))
		       ? json_object_get_int64(v)
		       : 0;
}

const struct oya_proc *oya_heap_traced(const struct oya_stats *st, const json_object *summary)
{
	json_object *cmd = oya_json_member(summary, "command");
	const char *c = cmd && json_object_is_type(cmd, json_type_array) && json_object_array_length(cmd)
				? json_object_get_string(json_object_array_get_idx(cmd, 0))
				: NULL;
	const char *base = c ? strrchr(c, '/') : NULL;
	const struct oya_proc *best = NULL;

	base = base ? base + 1 : c;
	for (size_t i = 0; st && i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];

		if (base && p->exe && !strcmp(p->exe, base))
			return p;
		if (!best || p->samples > best->samples)
			best = p;
	}
	return best;
}

static json_object *heap_series(const json_object *ht)
{
	json_object *s = oya_json_member(ht, "heap_series");

	return s && json_object_is_type(s, json_type_array) && json_object_array_length(s) ? s : NULL;
}

/* The heap series judged by the leak rule, in KiB like an RSS series. */
static bool heap_climbs(const json_object *ht)
{
	json_object *s = heap_series(ht), *g = oya_json_member(ht, "growing_sites");
	size_t n = s ? json_object_array_length(s) : 0;
	struct oya_point *pts;
	struct oya_leak leak;

	if (g && json_object_is_type(g, json_type_array) && json_object_array_length(g))
		return true;
	pts = calloc(n ? n : 1, sizeof(*pts));
	if (!pts)
		return false;
	for (size_t i = 0; i < n; i++) {
		const json_object *p = json_object_array_get_idx(s, i);
		int64_t b = int_of(p, "heap_bytes");

		pts[i].t_ms = int_of(p, "at_ms");
		pts[i].rss_kb = b > 0 ? (uint64_t)b / 1024 : 0;
	}
	oya_leak_assess(pts, n, &leak);
	free(pts);
	return leak.leak_suspected;
}

enum oya_heap_gap oya_heap_gap_judge(const struct oya_proc *p, const json_object *ht)
{
	bool rss_up, heap_up;

	if (!p)
		return OYA_GAP_NONE;
	rss_up = p->leak.leak_suspected;
	if (!heap_series(ht))
		return rss_up ? OYA_GAP_INVISIBLE : OYA_GAP_NONE;
	heap_up = heap_climbs(ht);
	if (rss_up)
		return heap_up ? OYA_GAP_HEAP_LEAK : OYA_GAP_ALLOCATOR;
	return heap_up ? OYA_GAP_HEAP_ONLY : OYA_GAP_STEADY;
}

const char *oya_heap_gap_words(enum oya_heap_gap g)
{
	switch (g) {
	case OYA_GAP_STEADY:
		return "RSS does not keep climbing: no sign of a leak in the gap between RSS and the heap.";
	case OYA_GAP_ALLOCATOR:
		return "RSS keeps climbing while the heap in use is flat: the allocator keeps memory that was "
		       "freed (fragmentation, arenas), not a leak of the heap. malloc_trim, fewer arenas "
		       "(MALLOC_ARENA_MAX) or another allocator may give it back.";
	case OYA_GAP_HEAP_LEAK:
		return "RSS and the heap in use climb together: a leak of the heap; the growing allocation "
		       "sites below say where.";
	case OYA_GAP_INVISIBLE:
		return "RSS keeps climbing and heaptrack has no heap data for it: memory heaptrack cannot "
		       "see (mmap, a garbage-collected runtime's own heap).";
	case OYA_GAP_HEAP_ONLY:
		return "The heap in use climbs while RSS does not yet: the allocator is handing out memory it "
		       "already held; a longer run will show it in RSS.";
	default: return "Not enough data to compare RSS and the heap.";
	}
}

struct frame_ax {
	int64_t t0, t1;
	double ymax;
};

static double px_x(const struct frame_ax *a, int64_t t)
{
	double span = a->t1 > a->t0 ? (double)(a->t1 - a->t0) : 1;

	return ML + (double)(t - a->t0) * (W - ML - MR) / span;
}

static double px_y(const struct frame_ax *a, double v)
{
	return MT + (H - MT - MB) * (1.0 - (a->ymax > 0 ? v / a->ymax : 0));
}

static void axes(FILE *out, const struct frame_ax *a)
{
	double unit = a->ymax >= 1048576.0 ? 1048576.0 : 1024.0; /* steps of whole MiB or KiB */
	double ystep = oya_nice_step(a->ymax / unit, 5) * unit, span = (double)(a->t1 - a->t0) / 1000.0;
	double xstep = oya_nice_step(span, 8);
	char lab[OYA_HUMAN_MAX];

	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#ccc\"/>", ML,
		MT, W - ML - MR, H - MT - MB);
	for (int k = 0; ystep > 0 && k * ystep <= a->ymax * 1.0001; k++) {
		double v = k * ystep;

		oya_human_bytes(lab, sizeof(lab), v);
		fprintf(out,
			"<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>",
			ML, W - MR, px_y(a, v), px_y(a, v), ML - 4, px_y(a, v) + 4, lab);
	}
	for (int k = 0; xstep > 0 && k * xstep <= span * 1.0001; k++) {
		double s = k * xstep, x = px_x(a, a->t0 + (int64_t)(s * 1000.0));

		oya_human_dur(lab, sizeof(lab), s);
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>", x,
			H - MB + 16, lab);
	}
	fprintf(out,
		"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">time since start</text>",
		(W + ML - MR) / 2, H - 4);
}

/* The range of both series into A; false when there is nothing to draw. */
static bool frame_of(const struct oya_proc *p, const json_object *s, struct frame_ax *a)
{
	size_t n = json_object_array_length(s);

	a->t0 = INT64_MAX;
	a->t1 = INT64_MIN;
	a->ymax = 0;
	for (size_t i = 0; i < n; i++) {
		const json_object *pt = json_object_array_get_idx(s, i);
		int64_t t = int_of(pt, "at_ms");
		double hb = (double)int_of(pt, "heap_max_bytes");

		a->t0 = t < a->t0 ? t : a->t0;
		a->t1 = t > a->t1 ? t : a->t1;
		a->ymax = hb > a->ymax ? hb : a->ymax;
	}
	for (size_t i = 0; p && i < p->npoints; i++) {
		double r = (double)p->points[i].rss_kb * 1024.0;

		a->t0 = p->points[i].t_ms < a->t0 ? p->points[i].t_ms : a->t0;
		a->t1 = p->points[i].t_ms > a->t1 ? p->points[i].t_ms : a->t1;
		a->ymax = r > a->ymax ? r : a->ymax;
	}
	if (a->t1 <= a->t0 || a->ymax <= 0)
		return false;
	a->ymax *= 1.05; /* headroom above the highest line */
	return true;
}

static void chart(FILE *out, const struct oya_proc *p, const json_object *s)
{
	struct frame_ax a;
	size_t n = json_object_array_length(s);

	if (!frame_of(p, s, &a))
		return;
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heap-chart\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"heap in use and RSS over time\">",
		W, H, W, H);
	axes(out, &a);
	fputs("<g class=\"series heap\"><title>heap in use (heaptrack)</title><polyline fill=\"none\" "
	      "stroke=\"#d06000\" stroke-width=\"1.5\" points=\"",
	      out);
	for (size_t i = 0; i < n; i++) {
		const json_object *pt = json_object_array_get_idx(s, i);

		fprintf(out, "%s%.1f,%.1f", i ? " " : "", px_x(&a, int_of(pt, "at_ms")),
			px_y(&a, (double)int_of(pt, "heap_bytes")));
	}
	fputs("\"/></g>", out);
	if (p && p->npoints) {
		fputs("<g class=\"series rss\"><title>RSS (oya)</title><polyline fill=\"none\" stroke=\"#2060c0\" "
		      "stroke-width=\"1.5\" points=\"",
		      out);
		for (size_t i = 0; i < p->npoints; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "", px_x(&a, p->points[i].t_ms),
				px_y(&a, (double)p->points[i].rss_kb * 1024.0));
		fputs("\"/></g>", out);
	}
	fprintf(out,
		"<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#2060c0\">RSS</text>"
		"<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"#d06000\">heap in use</text></svg>",
		ML + 8, MT + 16, ML + 48, MT + 16);
}

static void frames_html(FILE *out, const json_object *site)
{
	json_object *f = oya_json_member(site, "frames");

	fputs("<ol class=\"stack\">", out);
	for (size_t i = 0; f && json_object_is_type(f, json_type_array) && i < json_object_array_length(f);
	     i++) {
		const json_object *fr = json_object_array_get_idx(f, i);
		const char *fn = str_of(fr, "function"), *loc = str_of(fr, "location"),
			   *mod = str_of(fr, "module");

		fputs("<li><code>", out);
		oya_html_puts(out, fn ? fn : "??");
		fputs("</code> <span class=\"muted\">", out);
		oya_html_puts(out, loc ? loc : "");
		fputs(loc && mod ? " in " : "", out);
		oya_html_puts(out, mod ? mod : "");
		fputs("</span></li>", out);
	}
	fputs("</ol>", out);
}

static void sites_section(FILE *out, const json_object *ht)
{
	json_object *a = oya_json_member(ht, "growing_sites");
	size_t n = a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
	char rate[OYA_HUMAN_MAX], live[OYA_HUMAN_MAX];

	if (!a || !json_object_is_type(a, json_type_array))
		return;
	fputs("\n<section id=\"growing-sites\"><h2>Growing allocation sites (heaptrack)</h2>", out);
	if (!n)
		fputs("<p>No allocation site kept growing: churn, sawtooth and caches that level off are "
		      "not listed.</p>",
		      out);
	for (size_t i = 0; i < n; i++) {
		const json_object *s = json_object_array_get_idx(a, i);

		oya_human_rate(rate, sizeof(rate), (double)int_of(s, "growth_bytes_per_hour") / 1024.0);
		oya_human_bytes(live, sizeof(live), (double)int_of(s, "live_end_bytes"));
		fprintf(out,
			"<div class=\"site\"><p><b>%s</b>, %s in use at the end, %lld allocations: ", rate,
			live, (long long)int_of(s, "allocations"));
		oya_html_puts(out, str_of(s, "reason"));
		fputs("</p>", out);
		frames_html(out, s);
		fputs("</div>", out);
	}
	if (int_of(ht, "growing_sites_more") > 0)
		fprintf(out, "<p class=\"muted\">%lld more growing sites are not listed.</p>",
			(long long)int_of(ht, "growing_sites_more"));
	fputs("</section>\n", out);
}

int oya_html_heap(FILE *out, const struct oya_stats *st, const json_object *summary)
{
	json_object *ht = oya_json_member(summary, "heaptrack");
	const struct oya_proc *p;
	json_object *s;

	if (!ht || !json_object_is_type(ht, json_type_object))
		return 0;
	p = oya_heap_traced(st, summary);
	s = heap_series(ht);
	fputs("\n<section id=\"heap-rss\"><h2>Heap in use beside RSS</h2>", out);
	if (p) {
		fputs("<p class=\"muted\">the traced process: pid ", out);
		fprintf(out, "%lld <code>", (long long)p->pid);
		oya_html_puts(out, p->exe);
		fputs("</code>; heaptrack's time 0 is when oya-launch started it</p>", out);
	}
	if (s)
		chart(out, p, s);
	fprintf(out, "<p class=\"gap\" data-gap=\"%d\">", (int)oya_heap_gap_judge(p, ht));
	oya_html_puts(out, oya_heap_gap_words(oya_heap_gap_judge(p, ht)));
	fputs("</p></section>\n", out);
	sites_section(out, ht);
	return ferror(out) ? -1 : 0;
}
