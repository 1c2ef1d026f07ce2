/* The smaps_rollup budget: off never, always every time, auto spaced by 100x
 * the last read's duration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "pss_budget.h"

#define MS 1000000ULL

static void test_modes(void **state)
{
	struct oya_pss_budget b;

	(void)state;
	oya_pss_budget_init(&b, OYA_PSS_OFF);
	assert_false(oya_pss_due(&b, 0));
	assert_false(oya_pss_due(&b, UINT64_MAX));
	oya_pss_budget_init(&b, OYA_PSS_ALWAYS);
	oya_pss_spent(&b, 1000 * MS, 2000 * MS); /* a 1 s read */
	assert_true(oya_pss_due(&b, 1000 * MS + 1));
	oya_pss_budget_init(&b, OYA_PSS_AUTO);
	assert_true(oya_pss_due(&b, 0)); /* nothing read yet */
}

struct spacing_case {
	uint64_t start, took; /* ns */
	uint64_t first_due;   /* the first time a read is due again */
};

static const struct spacing_case spacings[] = {
	{ 5000 * MS, 36 * MS, 5000 * MS + 3600 * MS }, /* 36 ms: not within 3.6 s */
	{ 5000 * MS, 30000, 5000 * MS + 3 * MS },      /* a small process: 30 us, 3 ms */
	{ 1, 0, 1 },				       /* no measurable time */
	{ 0, 9 * MS, 900 * MS },
};

static void test_auto_spacing(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(spacings) / sizeof(spacings[0]); i++) {
		const struct spacing_case *c = &spacings[i];
		struct oya_pss_budget b;

		print_message("read at %llu ns taking %llu ns\n", (unsigned long long)c->start,
			      (unsigned long long)c->took);
		oya_pss_budget_init(&b, OYA_PSS_AUTO);
		oya_pss_spent(&b, c->start, c->start + c->took);
		if (c->first_due > 0)
			assert_false(oya_pss_due(&b, c->first_due - 1));
		assert_true(oya_pss_due(&b, c->first_due));
		assert_true(oya_pss_due(&b, c->first_due + 1));
	}
}

/* Over a long run of reads each taking D whenever due, at a 100 ms tick, the
 * time spent reading stays within 1% of the time elapsed (plus one read). */
static void test_auto_share(void **state)
{
	static const uint64_t durations[] = { 30000, 2 * MS, 9 * MS, 36 * MS, 150 * MS };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(durations) / sizeof(durations[0]); i++) {
		struct oya_pss_budget b;
		uint64_t t, spent = 0, end = 600000 * MS;
		unsigned reads = 0;

		oya_pss_budget_init(&b, OYA_PSS_AUTO);
		for (t = 0; t < end; t += 100 * MS) {
			if (!oya_pss_due(&b, t))
				continue;
			oya_pss_spent(&b, t, t + durations[i]);
			spent += durations[i];
			reads++;
		}
		print_message("%llu ns per read: %u reads, %.3f%% of the time\n",
			      (unsigned long long)durations[i], reads, 100.0 * (double)spent / (double)end);
		assert_true(spent <= end / 100 + durations[i]);
		assert_true(reads >= 1);
	}
}

/* A clock that went backwards counts as no time; a huge duration never wraps. */
static void test_auto_edges(void **state)
{
	struct oya_pss_budget b;

	(void)state;
	oya_pss_budget_init(&b, OYA_PSS_AUTO);
	oya_pss_spent(&b, 10 * MS, 5 * MS);
	assert_true(oya_pss_due(&b, 10 * MS));
	oya_pss_spent(&b, 1, UINT64_MAX - 1);
	assert_false(oya_pss_due(&b, UINT64_MAX - 1));
	oya_pss_spent(&b, UINT64_MAX - 10, UINT64_MAX);
	assert_false(oya_pss_due(&b, UINT64_MAX - 1));
}

/* A process's start counts as a small read: nothing is due in its first
 * 100 x OYA_PSS_START_NS, a read is due after; always and off are unchanged. */
static void test_auto_start(void **state)
{
	const uint64_t t0 = 7000 * MS, quiet = (uint64_t)OYA_PSS_SPACING * OYA_PSS_START_NS;
	struct oya_pss_budget b;

	(void)state;
	oya_pss_budget_init(&b, OYA_PSS_AUTO);
	oya_pss_budget_start(&b, t0);
	assert_false(oya_pss_due(&b, t0));
	assert_false(oya_pss_due(&b, t0 + quiet - 1));
	assert_true(oya_pss_due(&b, t0 + quiet));
	/* a periodic sample at the 100 ms minimum interval always may read */
	assert_true(quiet <= 100 * MS);
	oya_pss_budget_init(&b, OYA_PSS_ALWAYS);
	oya_pss_budget_start(&b, t0);
	assert_true(oya_pss_due(&b, t0));
	oya_pss_budget_init(&b, OYA_PSS_OFF);
	oya_pss_budget_start(&b, t0);
	assert_false(oya_pss_due(&b, t0 + quiet));
}

struct mode_case {
	const char *s;
	int rc;
	enum oya_pss_mode mode;
};

static void test_mode_parse(void **state)
{
	static const struct mode_case cases[] = {
		{ "auto", 0, OYA_PSS_AUTO },	{ "always", 0, OYA_PSS_ALWAYS }, { "off", 0, OYA_PSS_OFF },
		{ "AUTO", 0, OYA_PSS_AUTO },	{ "", -1, OYA_PSS_ALWAYS },	 { "a", -1, OYA_PSS_ALWAYS },
		{ "offf", -1, OYA_PSS_ALWAYS }, { "never", -1, OYA_PSS_ALWAYS },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		enum oya_pss_mode m = OYA_PSS_ALWAYS; /* left alone on failure */

		print_message("'%s'\n", cases[i].s);
		assert_int_equal(oya_pss_mode_parse(cases[i].s, &m), cases[i].rc);
		assert_int_equal(m, cases[i].mode);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),	   cmocka_unit_test(test_auto_spacing),
		cmocka_unit_test(test_auto_share), cmocka_unit_test(test_auto_edges),
		cmocka_unit_test(test_auto_start), cmocka_unit_test(test_mode_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
