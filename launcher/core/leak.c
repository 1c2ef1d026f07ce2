/*
 * The leak verdict on one RSS series. Pure.
 *
 * The rule (the README explains it to users):
 *   1. Warm-up: the first 10% of the series' time span is ignored.
 *   2. Enough data: at least 8 samples over at least 10 s remain. Otherwise nothing is judged
 *      (enough_data false) and the growth rate, an extrapolation of a few points, is not shown.
 *   3. The growth rate is the Theil–Sen slope (median of pairwise slopes), which
 *      outliers and GC drops do not bend; G = slope x window = growth over the window.
 *   4. Suspected only when all hold:
 *      - G >= 1 MiB and G >= 1% of the level at the start of the window (not flat);
 *      - G >= 2 x the robust spread of the samples around the fitted line
 *        (1.4826 x MAD): the growth stands out of the noise, so a sawtooth does not count;
 *      - the median of each third of the window exceeds the one before by at least
 *        G/6 (half of what a steady climb gives): still climbing in the last third,
 *        so a step that then levels off (a cache that filled) does not count.
 */
#include "summary_int.h"
#include "human.h"
#include "select.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WARMUP_FRACTION 0.10
#define MIN_POINTS 8
#define MIN_WINDOW_MS 10000
#define FLOOR_KB 1024.0
#define FLOOR_FRACTION 0.01
#define NOISE_FACTOR 2.0
#define MAX_FIT_POINTS 400
/* The median slope's bracket: from a sample of slopes, the values BRACKET_SIDE ranks either side of
   the sample's median (3 standard deviations of its rank); at most BRACKET_MAX slopes fall in it. */
#define SAMPLE_SLOPES ((size_t)1024)
#define BRACKET_SIDE ((size_t)48)
#define BRACKET_MAX ((size_t)16384)

OYA_SELECT_DEFINE(select_d, double)

/* The median of V[0..N), reordering V. The lower middle for even N; 0 for N = 0. */
static double median_d(double *v, size_t n)
{
	size_t k = (n - 1) / 2;

	if (n == 0) /* no caller passes 0; select_d needs N > 0 */
		return 0;
	select_d(v, n, k);
	return v[k];
}

/* Up to MAXPTS points of PTS[0..N), evenly spread by index, into T (ms from the first) and Y. */
static size_t spread(const struct oya_point *pts, size_t n, size_t maxpts, double *t, double *y)
{
	size_t m = n < maxpts ? n : maxpts;

	for (size_t i = 0; i < m; i++) {
		size_t k = m > 1 ? (size_t)((double)i * (double)(n - 1) / (double)(m - 1) + 0.5) : 0;

		t[i] = (double)(pts[k].t_ms - pts[0].t_ms);
		y[i] = (double)pts[k].rss_kb;
	}
	return m;
}

/* Every slope between two of the M points (T, Y) whose times differ; NAN on ENOMEM. */
static double median_slope_all(const double *t, const double *y, size_t m)
{
	double *s = malloc((m * (m - 1) / 2 + 1) * sizeof(*s));
	size_t ns = 0;
	double b;

	if (!s)
		return NAN;
	for (size_t i = 0; i < m; i++)
		for (size_t j = i + 1; j < m; j++)
			if (t[j] > t[i])
				s[ns++] = (y[j] - y[i]) / (t[j] - t[i]);
	b = ns ? median_d(s, ns) : 0;
	free(s);
	return b;
}

static uint32_t xorshift(uint32_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 17;
	*r ^= *r << 5;
	return *r;
}

/* The slopes of a sample of pairs (the same pseudo-random ones every time), SAMPLE_SLOPES at most;
   how many. */
static size_t sample_slopes(const double *t, const double *y, size_t m, double *out)
{
	uint32_t r = 2463534242u;
	size_t n = 0;

	for (size_t tries = 0; tries < 2 * SAMPLE_SLOPES && n < SAMPLE_SLOPES; tries++) {
		size_t i = xorshift(&r) % m, j = xorshift(&r) % m;

		if (i > j) {
			size_t x = i;

			i = j;
			j = x;
		}
		if (t[j] > t[i])
			out[n++] = (y[j] - y[i]) / (t[j] - t[i]);
	}
	return n;
}

/*
 * The median (the lower middle) of the slopes between the M points (T, Y) whose times differ, in one
 * pass without keeping all M(M-1)/2 of them: a sample of slopes gives a bracket [LO, HI] that holds
 * the median with near certainty; the pass counts the slopes below LO and keeps those in the bracket,
 * and the median is the right one of those kept. When the bracket misses it, or holds too many (many
 * equal slopes), every slope is kept instead. Either way the value is exactly that of a selection
 * among all of them. NAN on ENOMEM.
 */
static double theil_sen_xy(const double *t, const double *y, size_t m)
{
	double sample[SAMPLE_SLOPES], lo, hi, *keep = NULL, b = NAN;
	size_t ns = 0, below = 0, nkeep = 0, k, n = m > 1 ? sample_slopes(t, y, m, sample) : 0;

	if (m * (m - 1) / 2 <= BRACKET_MAX || n < SAMPLE_SLOPES / 2)
		return median_slope_all(t, y, m);
	select_d(sample, n, n / 2 - BRACKET_SIDE);
	lo = sample[n / 2 - BRACKET_SIDE];
	select_d(sample, n, n / 2 + BRACKET_SIDE);
	hi = sample[n / 2 + BRACKET_SIDE];
	if (!(keep = malloc((BRACKET_MAX + 1) * sizeof(*keep))))
		return NAN;
	for (size_t i = 0; i < m; i++) {
		for (size_t j = i + 1; j < m; j++) {
			double d;

			if (!(t[j] > t[i]))
				continue;
			d = (y[j] - y[i]) / (t[j] - t[i]);
			ns++;
			below += d < lo;
			/* without a branch: the slot past the end takes what does not fit */
			keep[nkeep < BRACKET_MAX ? nkeep : BRACKET_MAX] = d;
			nkeep += d >= lo && d <= hi;
		}
	}
	k = (ns - 1) / 2;
	if (nkeep <= BRACKET_MAX && below <= k && k < below + nkeep) {
		select_d(keep, nkeep, k - below);
		b = keep[k - below];
	} else {
		b = median_slope_all(t, y, m);
	}
	free(keep);
	return b;
}

double oya_theil_sen(const struct oya_point *pts, size_t n, size_t maxpts)
{
	double t[MAX_FIT_POINTS], y[MAX_FIT_POINTS];
	size_t m;

	if (n < 2)
		return 0;
	if (maxpts > MAX_FIT_POINTS || maxpts < 2)
		maxpts = MAX_FIT_POINTS;
	m = spread(pts, n, maxpts, t, y);
	return theil_sen_xy(t, y, m);
}

/* The reason, cut to fit (the texts are written to fit; numbers only lengthen them a little). */
__attribute__((format(printf, 2, 3))) static void say(struct oya_leak *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
}

/* The verdict on a series judged long enough: M fit points (T, Y) after warm-up over WINDOW ms (DUR in
   words), with the robust slope B in kB per ms. */
static void judge(struct oya_leak *out, const double *t, const double *y, size_t m, double b, int64_t window,
		  const char *dur)
{
	double r[MAX_FIT_POINTS], third[3], growth = b * (double)window, level, sigma, intercept, d1, d2;
	char g[OYA_HUMAN_MAX], x[OYA_HUMAN_MAX];

	for (int k = 0; k < 3; k++) {
		size_t lo = m * (size_t)k / 3, hi = m * (size_t)(k + 1) / 3;

		memcpy(r, y + lo, (hi - lo) * sizeof(*r));
		third[k] = median_d(r, hi - lo);
	}
	level = third[0];
	for (size_t i = 0; i < m; i++)
		r[i] = y[i] - b * t[i];
	intercept = median_d(r, m);
	for (size_t i = 0; i < m; i++)
		r[i] = fabs(y[i] - b * t[i] - intercept);
	sigma = 1.4826 * median_d(r, m);
	d1 = third[1] - third[0];
	d2 = third[2] - third[1];
	oya_human_kb(g, sizeof(g), growth);
	if (growth <= 0) {
		say(out, "not growing: %s over %s after warm-up", g, dur);
	} else if (growth < FLOOR_KB || growth < FLOOR_FRACTION * level) {
		say(out, "flat: %s over %s after warm-up, below the floor (1 MiB and 1%% of the level)", g,
		    dur);
	} else if (growth < NOISE_FACTOR * sigma) {
		oya_human_kb(x, sizeof(x), sigma);
		say(out, "no steady trend: %s over %s is within the swings around it (spread %s)", g, dur, x);
	} else if (d2 < growth / 6) {
		oya_human_kb(x, sizeof(x), d2);
		say(out, "rose then levelled off: %s over %s but only %s in the last third", g, dur, x);
	} else if (d1 < growth / 6) {
		oya_human_kb(x, sizeof(x), d2);
		say(out, "a late rise of %s, not yet a steady climb (flat before it)", x);
	} else {
		oya_human_rate(x, sizeof(x), out->growth_kb_per_hour);
		out->leak_suspected = true;
		say(out, "steady climb: %s, %s over %s after warm-up, still rising in the last third", x, g,
		    dur);
	}
}

void oya_leak_assess(const struct oya_point *pts, size_t n, struct oya_leak *out)
{
	double t[MAX_FIT_POINTS], y[MAX_FIT_POINTS];
	char dur[OYA_HUMAN_MAX];
	size_t start = 0, m, w;
	int64_t span, window;
	double b;

	memset(out, 0, sizeof(*out));
	if (n == 0) {
		say(out, "no samples");
		return;
	}
	if (n == 1 || pts[n - 1].t_ms <= pts[0].t_ms) {
		say(out, "one sample in time: no growth rate");
		return;
	}
	span = pts[n - 1].t_ms - pts[0].t_ms;
	while (start < n && pts[start].t_ms - pts[0].t_ms < (int64_t)((double)span * WARMUP_FRACTION))
		start++;
	w = n - start;
	window = pts[n - 1].t_ms - pts[start].t_ms;
	// cppcheck-suppress knownConditionTrueFalse ; cppcheck 2.10 thinks the loop ends only at start == n
	if (w < 2 || window <= 0) {
		/* everything is warm-up: give the rate over the whole series, judge nothing */
		out->growth_kb_per_hour = oya_theil_sen(pts, n, MAX_FIT_POINTS) * 3600000.0;
		say(out, "too little data to judge (%zu samples)", n);
		return;
	}
	m = spread(pts + start, w, MAX_FIT_POINTS, t, y);
	b = theil_sen_xy(t, y, m);
	if (isnan(b)) {
		say(out, "out of memory computing the growth rate");
		return;
	}
	out->growth_kb_per_hour = b * 3600000.0;
	oya_human_dur(dur, sizeof(dur), (double)window / 1000.0);
	if (w < MIN_POINTS || window < MIN_WINDOW_MS) {
		say(out, "too little data after warm-up to judge (%zu samples over %s; needs %d over %d s)",
		    w, dur, MIN_POINTS, MIN_WINDOW_MS / 1000);
		return;
	}
	out->enough_data = true;
	judge(out, t, y, m, b, window, dur);
}

void oya_leak_judge(const struct oya_point *rss, size_t nrss, const struct oya_point *pss, size_t npss,
		    struct oya_leak *out)
{
	size_t len;

	if (npss) {
		oya_leak_assess(pss, npss, out);
		if (out->enough_data) {
			memcpy(out->measure, "pss", 4);
			len = strlen(out->reason);
			snprintf(out->reason + len, sizeof(out->reason) - len, " (PSS)");
			return;
		}
	}
	oya_leak_assess(rss, nrss, out);
	memcpy(out->measure, "rss", 4);
	if (npss && out->enough_data) {
		len = strlen(out->reason);
		snprintf(out->reason + len, sizeof(out->reason) - len, " (RSS: too few PSS reads)");
	}
}
