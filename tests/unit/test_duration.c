/* oya_duration_parse and oya_duration_format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "duration.h"

#define MAX OYA_DURATION_MAX_MS

struct good_case {
	const char *in;
	uint64_t ms;
};

static const struct good_case good[] = {
	{ "0", 0 },
	{ "10", 10000 },        /* a bare number is seconds */
	{ "007", 7000 },
	{ "0ms", 0 },
	{ "0s", 0 },
	{ "1ms", 1 },
	{ "200ms", 200 },
	{ "1s", 1000 },
	{ "5s", 5000 },
	{ "1m", 60000 },
	{ "1h", 3600000 },
	{ "1m30s", 90000 },
	{ "1h30s", 3630000 },
	{ "1h2m3s4ms", 3723004 },
	{ "2h500ms", 7200500 },
	{ "1s500ms", 1500 },
	{ "90m", 5400000 },     /* a term may exceed the next unit */
	{ "1500ms", 1500 },
	{ "2400h", MAX },       /* exactly the largest */
	{ "8640000", MAX },
	{ "8640000000ms", MAX },
	{ "2399h59m59s999ms", MAX - 1 },
	{ "144000m", MAX },
};

static void test_parse_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t ms = 12345;
		const char *why = NULL;

		print_message("'%s'\n", good[i].in);
		assert_int_equal(oya_duration_parse(good[i].in, &ms, &why), 0);
		assert_int_equal(ms, good[i].ms);
	}
}

struct bad_case {
	const char *in;
	const char *why; /* a word the reason must contain */
};

static const struct bad_case bad[] = {
	{ "", "empty" },
	{ "-5s", "negative" },
	{ "-0", "negative" },
	{ "5s-1ms", "negative" },
	{ "s", "no number" },
	{ "ms", "no number" },
	{ "h1", "no number" },
	{ "5x", "unknown unit" },
	{ "5S", "unknown unit" },
	{ "5 s", "unknown unit" },
	{ "1.5s", "unknown unit" },
	{ "5d", "unknown unit" },
	{ "5us", "unknown unit" },
	{ "5s ", "not a duration" },
	{ " 5s", "not a duration" },
	{ "+5s", "not a duration" },
	{ "0x10", "unknown unit" },
	{ "1s500", "without a unit" },
	{ "1m30", "without a unit" },
	{ "1s1m", "out of order" },
	{ "1s1s", "repeats" },
	{ "1m1m", "repeats" },
	{ "1ms1s", "out of order" },
	{ "1h1h", "repeats" },
	{ "2400h1ms", "too large" },
	{ "8640001", "too large" },
	{ "8640000001ms", "too large" },
	{ "144001m", "too large" },
	{ "2401h", "too large" },
	{ "99999999999999999999999999", "too large" },
	{ "18446744073709551616ms", "too large" },
	{ "5sec", "no number" },
	{ "\xff", "not a duration" },
	{ "1h\n", "not a duration" },
};

static void test_parse_bad(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t ms = 4242;
		const char *why = NULL;

		print_message("'%s'\n", bad[i].in);
		assert_int_equal(oya_duration_parse(bad[i].in, &ms, &why), -1);
		assert_non_null(why);
		if (!strstr(why, bad[i].why))
			fail_msg("'%s': reason '%s' does not say '%s'", bad[i].in, why, bad[i].why);
		assert_int_equal(ms, 4242); /* untouched on error */
	}
}

static void test_parse_null(void **state)
{
	uint64_t ms = 1;
	const char *why = NULL;

	(void)state;
	assert_int_equal(oya_duration_parse(NULL, &ms, &why), -1);
	assert_string_equal(why, "is empty");
}

struct fmt_case {
	uint64_t ms;
	const char *out;
};

static const struct fmt_case fmts[] = {
	{ 0, "0s" },
	{ 1, "1ms" },
	{ 999, "999ms" },
	{ 1000, "1s" },
	{ 1500, "1s500ms" },
	{ 60000, "1m" },
	{ 90000, "1m30s" },
	{ 3600000, "1h" },
	{ 3630000, "1h30s" },
	{ 3723004, "1h2m3s4ms" },
	{ 86400000, "24h" },
	{ MAX, "2400h" },
	{ UINT64_MAX, "5124095576030h25m51s615ms" },
};

static void test_format(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char buf[64];

		assert_int_equal(oya_duration_format(buf, sizeof(buf), fmts[i].ms), strlen(fmts[i].out));
		assert_string_equal(buf, fmts[i].out);
	}
}

static void test_format_capacity(void **state)
{
	char buf[16];
	size_t cap;

	(void)state;
	assert_int_equal(oya_duration_format(buf, 0, 90000), 0);
	for (cap = 1; cap <= 5; cap++)
		assert_int_equal(oya_duration_format(buf, cap, 90000), 0); /* "1m30s" needs 6 */
	assert_int_equal(oya_duration_format(buf, 6, 90000), 5);
	assert_string_equal(buf, "1m30s");
	assert_int_equal(oya_duration_format(buf, 2, 0), 0);
	assert_int_equal(oya_duration_format(buf, 3, 0), 2);
	assert_string_equal(buf, "0s");
}

/* format then parse gives the number back, over the whole accepted range. */
static void test_round_trip(void **state)
{
	uint64_t ms, step = 7919 * 1000 + 17;
	int count = 0;

	(void)state;
	for (ms = 0; ms <= MAX; ms += step) {
		char buf[64];
		uint64_t back = 1;
		const char *why;

		assert_true(oya_duration_format(buf, sizeof(buf), ms) > 0);
		if (oya_duration_parse(buf, &back, &why))
			fail_msg("'%s' (%llu ms) does not parse back: %s", buf, (unsigned long long)ms, why);
		assert_int_equal(back, ms);
		count++;
	}
	for (ms = 0; ms < 5000; ms++) {
		char buf[64];
		uint64_t back = 1;
		const char *why;

		assert_true(oya_duration_format(buf, sizeof(buf), ms) > 0);
		assert_int_equal(oya_duration_parse(buf, &back, &why), 0);
		assert_int_equal(back, ms);
	}
	assert_true(count > 1000);
}

/* A canonical string survives parse then format unchanged. */
static void test_canonical(void **state)
{
	static const char *const canon[] = { "0s", "1ms", "10s", "1m30s", "1h2m3s4ms", "2h500ms" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(canon) / sizeof(canon[0]); i++) {
		char buf[64];
		uint64_t ms;
		const char *why;

		assert_int_equal(oya_duration_parse(canon[i], &ms, &why), 0);
		assert_true(oya_duration_format(buf, sizeof(buf), ms) > 0);
		assert_string_equal(buf, canon[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_null),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_capacity),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
