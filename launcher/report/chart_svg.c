/* The RSS-over-time chart: an SVG with axes, ticks, a legend and the duration limit. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHART_W 960
#define PLOT_H 360
#define M_LEFT 76
#define M_RIGHT 24
#define M_TOP 34
#define M_BOTTOM 50
#define PLOT_W (CHART_W - M_LEFT - M_RIGHT)
#define LEGEND_COLS 3
#define LEGEND_ROW 18
#define LABEL_CHARS 34

static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};
#define TREE_COLOUR "#111111"
#define TREE_PSS_COLOUR "#6a3d9a"

double oya_nice_step(double span, int target)
{
	double raw, mag, f, nice;

	if (!(span > 0) || target < 1 || !isfinite(span))
		return 1;
	raw = span / target;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	return nice * mag;
}

size_t oya_chart_downsample(const struct oya_point *pts, size_t n, int64_t t0, int64_t t1, int width,
			    size_t *keep)
{
	size_t k = 0;
	double span;
	long cur = -1;
	size_t cmin = 0, cmax = 0;

	if (n == 0)
		return 0;
	if (width < 1)
		width = 1;
	span = t1 > t0 ? (double)(t1 - t0) : 1;

	keep[k++] = 0;
	for (size_t i = 0; i <= n; i++) {
		long col = -2;
		if (i < n) {
			double c = floor((double)(pts[i].t_ms - t0) * width / span);
			col = c < 0 ? 0 : c >= width ? width - 1 : (long)c;
		}
		if (col != cur) {
			if (cur != -1) {
				size_t a = cmin < cmax ? cmin : cmax, b = cmin < cmax ? cmax : cmin;
				if (a > keep[k - 1])
					keep[k++] = a;
				if (b > keep[k - 1])
					keep[k++] = b;
			}
			if (i == n)
				break;
			cur = col;
			cmin = cmax = i;
			continue;
		}
		if (pts[i].rss_kb < pts[cmin].rss_kb)
			cmin = i;
		if (pts[i].rss_kb > pts[cmax].rss_kb)
			cmax = i;
	}
	if (n - 1 > keep[k - 1])
		keep[k++] = n - 1;
	return k;
}

struct axes {
	int64_t t0;
	double span_s; /* seconds across the plot */
	double top_kb; /* kB at the top of the plot */
	const char *tunit, *yunit;
	double tdiv, ydiv;   /* seconds per time unit, kB per value unit */
	bool limit_on_chart; /* the limit is near enough to the data to widen the time axis to it */
	size_t npoints;	     /* in all series */
};

static double px_x(const struct axes *a, int64_t t)
{
	return M_LEFT + ((double)(t - a->t0) / 1000.0) / a->span_s * PLOT_W;
}

static double px_y(const struct axes *a, uint64_t kb)
{
	return M_TOP + PLOT_H - (double)kb / a->top_kb * PLOT_H;
}

static int decimals_for(double step)
{
	int d;

	if (step >= 1)
		return 0;
	d = (int)ceil(-log10(step) - 1e-9);
	return d > 6 ? 6 : d;
}

/* Copy at most MAXCH characters of S (UTF-8-aware) into BUF, with "…" when cut. */
static void clip_label(char *buf, size_t cap, const char *s, size_t maxch)
{
	size_t i = 0, chars = 0, len = s ? strlen(s) : 0;
	bool cut;

	while (i < len && chars < maxch) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	cut = i < len;
	if (cut && i + 4 > cap)
		i = cap > 4 ? cap - 4 : 0;
	if (i + 1 > cap)
		i = cap - 1;
	memcpy(buf, s ? s : "", i);
	if (cut)
		memcpy(buf + i, "\xe2\x80\xa6", 4); /* "…" and the NUL */
	else
		buf[i] = '\0';
}

static uint64_t series_max(const struct oya_point *p, size_t n)
{
	uint64_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].rss_kb > m)
			m = p[i].rss_kb;
	return m;
}

static int polyline(FILE *out, const struct axes *a, const struct oya_point *pts, size_t n, int64_t t1,
		    const char *colour, double width)
{
	size_t *keep, k;

	if (n == 0)
		return 0;
	keep = malloc(n * sizeof(*keep));
	if (!keep)
		return -1;
	k = oya_chart_downsample(pts, n, a->t0, t1, PLOT_W, keep);
	if (k == 1) {
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>",
			px_x(a, pts[keep[0]].t_ms), px_y(a, pts[keep[0]].rss_kb), colour);
	} else {
		fprintf(out,
			"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\" stroke-linejoin=\"round\" "
			"points=\"",
			colour, width);
		for (size_t i = 0; i < k; i++)
			fprintf(out, "%s%.1f,%.1f", i ? " " : "", px_x(a, pts[keep[i]].t_ms),
				px_y(a, pts[keep[i]].rss_kb));
		fputs("\"/>", out);
	}
	free(keep);
	return 0;
}

/* A series' maximum as every other output shows it. */
static void fmt_value(char *buf, size_t cap, uint64_t kb)
{
	oya_human_kb(buf, cap, (double)kb);
}

static void axes_setup(struct axes *a, const struct oya_stats *st, double limit_secs, int64_t *t1)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	uint64_t maxkb = 0;
	double span, mb, top, step, nsteps;

	for (size_t i = 0; i < st->ntree; i++) {
		lo = st->tree[i].t_ms < lo ? st->tree[i].t_ms : lo;
		hi = st->tree[i].t_ms > hi ? st->tree[i].t_ms : hi;
	}
	maxkb = series_max(st->tree, st->ntree);
	for (size_t p = 0; p < st->nprocs; p++) {
		const struct oya_proc *pr = &st->procs[p];
		uint64_t m;

		for (size_t i = 0; i < pr->npoints; i++) {
			lo = pr->points[i].t_ms < lo ? pr->points[i].t_ms : lo;
			hi = pr->points[i].t_ms > hi ? pr->points[i].t_ms : hi;
		}
		m = series_max(pr->points, pr->npoints);
		maxkb = m > maxkb ? m : maxkb;
	}
	if (lo > hi) {
		lo = st->first_ms;
		hi = st->last_ms > st->first_ms ? st->last_ms : st->first_ms;
	}
	a->t0 = lo;
	*t1 = hi;
	a->npoints = st->ntree;
	for (size_t p = 0; p < st->nprocs; p++)
		a->npoints += st->procs[p].npoints;
	span = (double)(hi - lo) / 1000.0;
	if (!(span >= 1))
		span = 1;
	/* A run that ended long before its limit would be squeezed into a corner: draw the limit only
	 * when it is within a quarter of the data's length past its end. */
	a->limit_on_chart = limit_secs > 0 && limit_secs <= span * 1.25;
	if (a->limit_on_chart && limit_secs > span)
		span = limit_secs;
	a->span_s = span;
	if (span <= 180) {
		a->tunit = "s";
		a->tdiv = 1;
	} else if (span <= 180 * 60) {
		a->tunit = "min";
		a->tdiv = 60;
	} else {
		a->tunit = "h";
		a->tdiv = 3600;
	}
	mb = (double)maxkb / 1024.0;
	if (mb >= 10240) {
		a->yunit = "GiB";
		a->ydiv = 1024.0 * 1024.0;
	} else {
		a->yunit = "MiB";
		a->ydiv = 1024.0;
	}
	top = (double)maxkb / a->ydiv;
	step = oya_nice_step(top > 0 ? top : 1, 6);
	nsteps = ceil(top * 1.04 / step - 1e-9); /* headroom: the line never runs along the frame */
	if (nsteps < 1)
		nsteps = 1;
	a->top_kb = nsteps * step * a->ydiv;
}

static void draw_axes(FILE *out, const struct axes *a)
{
	/* y: grid lines and labels */
	double ytop = a->top_kb / a->ydiv;
	double ystep = oya_nice_step(ytop, 6);
	int yd = decimals_for(ystep);
	double xspan, xstep;
	int xd;

	fputs("<g class=\"axis y\" font-size=\"12\" fill=\"#333\">", out);
	for (int i = 0; i <= 100; i++) {
		double v = i * ystep, y;

		if (v > ytop * (1 + 1e-9))
			break;
		y = M_TOP + PLOT_H - v / ytop * PLOT_H;
		fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>", M_LEFT,
			M_LEFT + PLOT_W, y, y);
		fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
			M_LEFT - 5, M_LEFT, y, y);
		fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.*f</text>", M_LEFT - 8, y + 4,
			yd, v);
	}
	fprintf(out,
		"<text class=\"axis-title\" transform=\"translate(18 %d) rotate(-90)\" text-anchor=\"middle\">"
		"RSS (%s)</text></g>",
		M_TOP + PLOT_H / 2, a->yunit);

	/* x: ticks in the time unit */
	xspan = a->span_s / a->tdiv;
	xstep = oya_nice_step(xspan, 8);
	xd = decimals_for(xstep);
	fputs("<g class=\"axis x\" font-size=\"12\" fill=\"#333\">", out);
	for (int i = 0; i <= 100; i++) {
		double v = i * xstep, x;

		if (v > xspan * (1 + 1e-9))
			break;
		x = M_LEFT + v / xspan * PLOT_W;
		fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>", x, x,
			M_TOP + PLOT_H, M_TOP + PLOT_H + 5);
		fprintf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.*f</text>", x,
			M_TOP + PLOT_H + 19, xd, v);
	}
	fprintf(out,
		"<text class=\"axis-title\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">time since start (%s)"
		"</text></g>",
		M_LEFT + PLOT_W / 2, M_TOP + PLOT_H + 40, a->tunit);
	/* the frame */
	fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>",
		M_LEFT, M_TOP, PLOT_W, PLOT_H);
}

static void legend_entry(FILE *out, int idx, int legend_y, const char *colour, const char *label, bool dashed)
{
	int col = idx % LEGEND_COLS, row = idx / LEGEND_COLS;
	int x = M_LEFT + col * (PLOT_W / LEGEND_COLS), y = legend_y + row * LEGEND_ROW;
	fprintf(out,
		"<g class=\"legend-entry\"><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" "
		"stroke-width=\"3\"%s/>",
		x, x + 18, y - 4, y - 4, colour, dashed ? " stroke-dasharray=\"6 4\"" : "");
	fprintf(out, "<text x=\"%d\" y=\"%d\">", x + 24, y);
	oya_html_puts(out, label);
	fputs("</text></g>", out);
}

/* The legend under the plot: the tree, the first SHOWN processes, how many more, and the limit
 * (DUR, NULL: none; ON_CHART: drawn within the plot). */
static void legend(FILE *out, const struct oya_stats *st, size_t shown, int legend_y, const char *dur,
		   bool on_chart)
{
	char val[OYA_HUMAN_MAX], exe[160], label[320];
	int idx = 0;

	fprintf(out, "<g class=\"legend\" font-size=\"12\" fill=\"#222\">");
	fmt_value(val, sizeof(val), series_max(st->tree, st->ntree));
	snprintf(label, sizeof(label), "tree total%s (max %s)", st->ntree_pss ? ", RSS summed" : "", val);
	legend_entry(out, idx++, legend_y, TREE_COLOUR, label, false);
	if (st->ntree_pss) {
		fmt_value(val, sizeof(val), series_max(st->tree_pss, st->ntree_pss));
		snprintf(label, sizeof(label), "tree total by PSS (max %s)", val);
		legend_entry(out, idx++, legend_y, TREE_PSS_COLOUR, label, false);
	}
	for (size_t p = 0; p < shown; p++) {
		const struct oya_proc *pr = &st->procs[p];

		clip_label(exe, sizeof(exe), pr->exe ? pr->exe : "?", LABEL_CHARS - 12);
		fmt_value(val, sizeof(val), series_max(pr->points, pr->npoints));
		snprintf(label, sizeof(label), "%lld %s (%s)", (long long)pr->pid, exe, val);
		legend_entry(out, idx++, legend_y, palette[p % (sizeof(palette) / sizeof(palette[0]))], label,
			     false);
	}
	if (st->nprocs > shown) {
		snprintf(label, sizeof(label), "and %zu more processes", st->nprocs - shown);
		legend_entry(out, idx++, legend_y, "#bbbbbb", label, false);
	}
	if (dur) {
		snprintf(label, sizeof(label), "duration limit (%s%s)", dur,
			 on_chart ? "" : ", beyond the end of the data");
		legend_entry(out, idx++, legend_y, "#c00000", label, true);
	}
	fputs("</g>", out);
}

int oya_render_chart_svg(FILE *out, const struct oya_stats *st, double limit_secs)
{
	struct axes a;
	int64_t t1;
	char val[OYA_HUMAN_MAX], dur[OYA_HUMAN_MAX];
	bool limit;
	size_t shown;
	int entries, rows, legend_y, height;

	if (!out || !st)
		return -1;
	axes_setup(&a, st, limit_secs, &t1);
	limit = limit_secs > 0 && limit_secs < 1e9;
	shown = st->nprocs < OYA_CHART_LEGEND_MAX ? st->nprocs : OYA_CHART_LEGEND_MAX;
	entries = 1 + (st->ntree_pss ? 1 : 0) + (int)shown + (limit ? 1 : 0);
	// cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 misreads a value clamped with ?: (its ticket 11437)
	entries += st->nprocs > shown ? 1 : 0;
	rows = (entries + LEGEND_COLS - 1) / LEGEND_COLS;
	legend_y = M_TOP + PLOT_H + M_BOTTOM + 14;
	height = legend_y + rows * LEGEND_ROW;

	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"oya-chart\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"RSS over time\" "
		"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
		CHART_W, height, CHART_W, height);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>", CHART_W, height);
	fprintf(out,
		"<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Resident memory (RSS) over time"
		"</text>",
		M_LEFT);
	draw_axes(out, &a);

	if (a.npoints == 0)
		fprintf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#777\">no samples</text>",
			M_LEFT + PLOT_W / 2, M_TOP + PLOT_H / 2);

	if (limit)
		oya_human_dur(dur, sizeof(dur), limit_secs);
	if (limit && a.limit_on_chart) {
		double x = M_LEFT + limit_secs / a.span_s * PLOT_W;
		fprintf(out,
			"<g class=\"limit\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#c00000\" "
			"stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\" "
			"fill=\"#c00000\" text-anchor=\"end\">limit %s</text></g>",
			x, x, M_TOP, M_TOP + PLOT_H, x, M_TOP - 5, dur);
	}

	/* processes first, the tree total on top of them */
	for (size_t p = 0; p < st->nprocs; p++) {
		const struct oya_proc *pr = &st->procs[p];
		const char *colour = palette[p % (sizeof(palette) / sizeof(palette[0]))];
		fmt_value(val, sizeof(val), series_max(pr->points, pr->npoints));
		fprintf(out, "<g class=\"series\" data-kind=\"process\" data-pid=\"%lld\"><title>pid %lld ",
			(long long)pr->pid, (long long)pr->pid);
		oya_html_puts(out, pr->exe);
		fprintf(out, ": max %s</title>", val);
		if (polyline(out, &a, pr->points, pr->npoints, t1, colour, 1.5) < 0)
			return -1;
		fputs("</g>", out);
	}
	fmt_value(val, sizeof(val), series_max(st->tree, st->ntree));
	fprintf(out, "<g class=\"series tree\" data-kind=\"tree\"><title>tree total: max %s</title>", val);
	if (polyline(out, &a, st->tree, st->ntree, t1, TREE_COLOUR, 2.5) < 0)
		return -1;
	fputs("</g>", out);
	if (st->ntree_pss) {
		fmt_value(val, sizeof(val), series_max(st->tree_pss, st->ntree_pss));
		fprintf(out,
			"<g class=\"series tree-pss\" data-kind=\"tree-pss\"><title>tree total by PSS: max %s"
			"</title>",
			val);
		if (polyline(out, &a, st->tree_pss, st->ntree_pss, t1, TREE_PSS_COLOUR, 2.5) < 0)
			return -1;
		fputs("</g>", out);
	}

	legend(out, st, shown, legend_y, limit ? dur : NULL, a.limit_on_chart);
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}
