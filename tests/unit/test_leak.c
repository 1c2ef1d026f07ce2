/* The leak verdict on synthetic series: the shapes issue 4 names, and the edges. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "summary_int.h"

#define T0 1795000000000LL
#define MAXN 20000

static struct oya_point pts[MAXN];
static unsigned rng;

/* Noise in [-amp, amp] kB, deterministic. */
static double noise(double amp)
{
	rng = rng * 1103515245u + 12345u;
	return ((double)(rng >> 16 & 0x7fff) / 32767.0 * 2 - 1) * amp;
}

enum shape { FLAT, SAWTOOTH, STEP, CLIMB, STAIRCASE, LOG_FILL };

/* N points every INTERVAL_S seconds from 100 MB. PARAM: see each shape. */
static size_t series(enum shape s, size_t n, double interval_s, double param, double noise_kb)
{
	rng = 7;
	for (size_t i = 0; i < n; i++) {
		double t = (double)i * interval_s, v = 102400, frac = (double)i / (double)(n - 1);

		switch (s) {
		case FLAT: break;
		case SAWTOOTH: v += fmod(t, param) / param * 51200; break;       /* 50 MB ramps of PARAM s */
		case STEP: v += frac < param ? 0 : 51200; break;                  /* +50 MB at PARAM of the run */
		case CLIMB: v += param * t / 3600; break;                         /* PARAM kB/hour */
		case STAIRCASE: v += floor(t / 600) * param; break;               /* +PARAM kB every 10 min */
		case LOG_FILL: v += 51200 * (1 - exp(-t / param)); break;         /* fills with time constant PARAM s */
		}
		pts[i].t_ms = T0 + (int64_t)(t * 1000);
		pts[i].rss_kb = (uint64_t)(v + noise(noise_kb));
	}
	return n;
}

static struct oya_leak judge(size_t n)
{
	struct oya_leak l;

	oya_leak_assess(pts, n, &l);
	print_message("    %s: %.1f kB/h: %s\n", l.leak_suspected ? "LEAK" : "ok", l.growth_kb_per_hour,
		      l.reason);
	return l;
}

static void test_flat(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(FLAT, 360, 10, 0, 200));
	assert_true(l.enough_data);
	assert_false(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour) < 200);
	assert_true(strstr(l.reason, "flat") || strstr(l.reason, "not growing"));
}

static void test_sawtooth(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(SAWTOOTH, 720, 10, 300, 100)); /* 2 h, 5 min GC cycles */
	assert_false(l.leak_suspected);
	l = judge(series(SAWTOOTH, 720, 10, 1700, 100)); /* only a few long cycles */
	assert_false(l.leak_suspected);
}

static void test_step_plateau(void **state)
{
	(void)state;
	for (double at = 0.05; at < 0.96; at += 0.05) {
		struct oya_leak l = judge(series(STEP, 720, 10, at, 200));

		assert_false(l.leak_suspected);
	}
}

static void test_cache_fill(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(LOG_FILL, 720, 10, 300, 200)); /* fills in the first ~15 min of 2 h */
	assert_false(l.leak_suspected);
}

static void test_steady_climb(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(CLIMB, 360, 10, 50000, 200)); /* 50 MB/h for an hour */
	assert_true(l.enough_data);
	assert_true(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 50000) < 2000);
	assert_non_null(strstr(l.reason, "steady climb"));
}

static void test_slow_climb_long_run(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(CLIMB, 1440, 60, 1024, 256)); /* 1 MB/h for 24 h, noise of 0.25 MB */
	assert_true(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 1024) < 100);
	l = judge(series(CLIMB, 1440, 60, 200, 50)); /* 200 kB/h for 24 h */
	assert_true(l.leak_suspected);
	l = judge(series(CLIMB, 360, 10, 200, 50)); /* 200 kB/h for 1 h: below the 1 MB floor */
	assert_false(l.leak_suspected);
}

static void test_staircase(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(STAIRCASE, 720, 10, 10240, 200)); /* +10 MB every 10 min for 2 h */
	assert_true(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 61440) < 8000);
}

static void test_outliers_do_not_bend(void **state)
{
	struct oya_leak l;
	size_t n = series(FLAT, 360, 10, 0, 100);

	(void)state;
	for (size_t i = n - 20; i < n; i += 2)
		pts[i].rss_kb += 500000; /* spikes near the end */
	l = judge(n);
	assert_false(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour) < 500);

	n = series(CLIMB, 360, 10, 50000, 100);
	for (size_t i = 40; i < n; i += 37)
		pts[i].rss_kb = 1000; /* drops to almost nothing */
	l = judge(n);
	assert_true(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 50000) < 2000);
}

static void test_big_series_stays_exact_enough(void **state)
{
	struct oya_leak l;

	(void)state;
	l = judge(series(CLIMB, MAXN, 1, 36000, 300)); /* 20000 points, 10 kB per second */
	assert_true(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 36000) < 1500);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The Theil-Sen slope of all N (<= 400) points by sorting every pairwise slope: the reference. */
static double slope_by_sorting(size_t n)
{
	static double s[400 * 399 / 2];
	size_t ns = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			double ti = (double)(pts[i].t_ms - pts[0].t_ms), tj = (double)(pts[j].t_ms - pts[0].t_ms);

			if (tj > ti)
				s[ns++] = ((double)pts[j].rss_kb - (double)pts[i].rss_kb) / (tj - ti);
		}
	qsort(s, ns, sizeof(*s), cmp_double);
	return ns ? s[(ns - 1) / 2] : 0;
}

/* The median slope is found without keeping every slope: it must be exactly the sorted one's, on
   series where the sampled bracket holds it, where many equal slopes overflow it, with equal times,
   and on short series (all slopes kept). */
static void test_median_slope_exact(void **state)
{
	static const struct {
		enum shape shape;
		size_t n;
		double interval, param, noise;
	} cases[] = {
		{ CLIMB, 400, 1, 36000, 300 }, { SAWTOOTH, 400, 1, 60, 50 }, { STEP, 400, 2, 0.5, 10 },
		{ FLAT, 400, 1, 0, 1000 },     { CLIMB, 400, 1, 3600, 0 },   { CLIMB, 250, 1, 7200, 5 },
		{ LOG_FILL, 180, 1, 30, 20 },  { FLAT, 3, 1, 0, 5 },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t n = series(cases[c].shape, cases[c].n, cases[c].interval, cases[c].param, cases[c].noise);

		assert_true(oya_theil_sen(pts, n, 400) == slope_by_sorting(n));
		for (size_t i = 1; i < n; i += 2)
			pts[i].t_ms = pts[i - 1].t_ms; /* pairs taken at the same moment */
		assert_true(oya_theil_sen(pts, n, 400) == slope_by_sorting(n));
	}
}

static void test_edges(void **state)
{
	struct oya_leak l;

	(void)state;
	oya_leak_assess(pts, 0, &l);
	assert_false(l.enough_data);
	assert_false(l.leak_suspected);
	assert_string_equal(l.reason, "no samples");

	pts[0] = (struct oya_point){ T0, 1000 };
	oya_leak_assess(pts, 1, &l);
	assert_false(l.enough_data);
	assert_false(l.leak_suspected);
	assert_true(l.growth_kb_per_hour == 0);
	assert_non_null(strstr(l.reason, "one sample"));

	pts[1] = (struct oya_point){ T0 + 3600000, 2000 }; /* two samples an hour apart */
	oya_leak_assess(pts, 2, &l);
	assert_false(l.enough_data); /* the rate is still computed, but not to be shown */
	assert_false(l.leak_suspected);
	assert_true(fabs(l.growth_kb_per_hour - 1000) < 1e-6);
	assert_non_null(strstr(l.reason, "too little data"));

	pts[1] = (struct oya_point){ T0, 2000 }; /* two samples at the same moment */
	oya_leak_assess(pts, 2, &l);
	assert_false(l.enough_data);
	assert_false(l.leak_suspected);
	assert_true(l.growth_kb_per_hour == 0);

	/* a short run that grows: too short to call */
	l = judge(series(CLIMB, 50, 0.1, 3600000, 0));
	assert_false(l.enough_data);
	assert_false(l.leak_suspected);
	assert_true(l.growth_kb_per_hour > 1000000); /* the extrapolation the renderers must not show */

	/* just enough: 8 samples over 10 s after the warm-up */
	l = judge(series(FLAT, 10, 1.25, 0, 0));
	assert_true(l.enough_data);
	l = judge(series(FLAT, 8, 1.25, 0, 0)); /* 8.75 s after warm-up */
	assert_false(l.enough_data);
	assert_non_null(strstr(l.reason, "too little data"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_median_slope_exact),
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_sawtooth),
		cmocka_unit_test(test_step_plateau),
		cmocka_unit_test(test_cache_fill),
		cmocka_unit_test(test_steady_climb),
		cmocka_unit_test(test_slow_climb_long_run),
		cmocka_unit_test(test_staircase),
		cmocka_unit_test(test_outliers_do_not_bend),
		cmocka_unit_test(test_big_series_stays_exact_enough),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
