/* oya_settings_parse and oya_setting_true. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "settings.h"

static void test_defaults(void **state)
{
	struct oya_env env = { 0 };
	struct oya_settings s;
	char warn[256];

	(void)state;
	memset(warn, 'X', sizeof(warn));
	assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 0);
	assert_string_equal(warn, "");
	assert_false(s.disabled);
	assert_false(s.allow_fast);
	assert_string_equal(s.output, "./memory-profile.jsonl");
	assert_int_equal(s.interval_ms, 10000);
	assert_false(s.have_t0);
	assert_int_equal(s.t0_ns, 0);
	assert_int_equal(s.pss, OYA_PSS_AUTO);
	assert_false(s.edges);
}

struct bool_case {
	const char *v;
	bool want;
};

static const struct bool_case bools[] = {
	{ NULL, false }, { "", false },     { "0", false },    { "no", false },
	{ "false", false }, { "off", false }, { "2", false }, { "11", false },
	{ "true ", false }, { " 1", false }, { "y", false },   { "1", true },
	{ "yes", true },   { "YES", true },   { "true", true }, { "True", true },
	{ "on", true },    { "ON", true },
};

static void test_setting_true(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		print_message("'%s'\n", bools[i].v ? bools[i].v : "(unset)");
		assert_int_equal(oya_setting_true(bools[i].v), bools[i].want);
	}
}

/* OYA_DISABLE and OYA_ALLOW_FAST_SAMPLING follow oya_setting_true, with no warning. */
static void test_flags(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		struct oya_env env = { 0 };
		struct oya_settings s;
		char warn[256];

		env.disable = bools[i].v;
		assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 0);
		assert_int_equal(s.disabled, bools[i].want);
		assert_false(s.allow_fast);
		env.disable = NULL;
		env.allow_fast = bools[i].v;
		assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 0);
		assert_int_equal(s.allow_fast, bools[i].want);
		assert_false(s.disabled);
	}
}

static void test_output(void **state)
{
	struct oya_env env = { 0 };
	struct oya_settings s;
	char warn[256];

	(void)state;
	env.output = "/tmp/x-%p.jsonl";
	assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 0);
	assert_ptr_equal(s.output, env.output); /* points into the input */
	env.output = "";
	assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 1);
	assert_string_equal(s.output, "./memory-profile.jsonl");
	assert_string_equal(warn, "OYA_OUTPUT is empty; writing to ./memory-profile.jsonl");
}

struct interval_case {
	const char *v;
	const char *fast;  /* OYA_ALLOW_FAST_SAMPLING */
	uint64_t ms;       /* expected interval */
	const char *warn;  /* expected warning, "" for none */
};

static const struct interval_case intervals[] = {
	{ "10s", NULL, 10000, "" },
	{ "5s", NULL, 5000, "" },
	{ "5", NULL, 5000, "" },
	{ "1m30s", NULL, 90000, "" },
	{ "2400h", NULL, 8640000000ULL, "" },
	{ "4999ms", NULL, 10000,
	  "OYA_INTERVAL '4999ms' is below the 5s minimum (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms); "
	  "using the default 10s" },
	{ "200ms", NULL, 10000,
	  "OYA_INTERVAL '200ms' is below the 5s minimum (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms); "
	  "using the default 10s" },
	{ "0", NULL, 10000,
	  "OYA_INTERVAL '0' is below the 5s minimum (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms); "
	  "using the default 10s" },
	{ "200ms", "1", 200, "" },
	{ "100ms", "1", 100, "" },
	{ "1s", "yes", 1000, "" },
	{ "99ms", "1", 10000, "OYA_INTERVAL '99ms' is below the 100ms minimum; using the default 10s" },
	{ "0", "1", 10000, "OYA_INTERVAL '0' is below the 100ms minimum; using the default 10s" },
	{ "200ms", "0", 10000,
	  "OYA_INTERVAL '200ms' is below the 5s minimum (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms); "
	  "using the default 10s" },
	{ "", NULL, 10000, "OYA_INTERVAL '' is empty; using the default 10s" },
	{ "abc", NULL, 10000,
	  "OYA_INTERVAL 'abc' has no number before its unit; using the default 10s" },
	{ "-5s", NULL, 10000, "OYA_INTERVAL '-5s' is negative; using the default 10s" },
	{ "10x", "1", 10000,
	  "OYA_INTERVAL '10x' has an unknown unit (use ms, s, m or h); using the default 10s" },
	{ "99999999999h", NULL, 10000, "OYA_INTERVAL '99999999999h' is too large; using the default 10s" },
	{ "1s1m", NULL, 10000,
	  "OYA_INTERVAL '1s1m' repeats a unit or has units out of order (use e.g. 1h2m3s); "
	  "using the default 10s" },
};

static void test_interval(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(intervals) / sizeof(intervals[0]); i++) {
		const struct interval_case *c = &intervals[i];
		struct oya_env env = { 0 };
		struct oya_settings s;
		char warn[512];
		int n;

		print_message("'%s' fast=%s\n", c->v, c->fast ? c->fast : "(unset)");
		env.interval = c->v;
		env.allow_fast = c->fast;
		n = oya_settings_parse(&s, &env, warn, sizeof(warn));
		assert_int_equal(n, c->warn[0] ? 1 : 0);
		assert_string_equal(warn, c->warn);
		assert_int_equal(s.interval_ms, c->ms);
	}
}

struct t0_case {
	const char *v;
	bool ok;
	uint64_t ns;
};

static const struct t0_case t0s[] = {
	{ "0", true, 0 },
	{ "123456789012", true, 123456789012ULL },
	{ "18446744073709551605", true, 18446744073709551605ULL },
	{ "", false, 0 },
	{ "-1", false, 0 },
	{ "12a", false, 0 },
	{ " 12", false, 0 },
	{ "1.5", false, 0 },
	{ "0x10", false, 0 },
	{ "99999999999999999999", false, 0 },
	{ "184467440737095516150", false, 0 },
};

static void test_t0(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t0s) / sizeof(t0s[0]); i++) {
		struct oya_env env = { 0 };
		struct oya_settings s;
		char warn[512], want[512];

		print_message("OYA_T0 '%s'\n", t0s[i].v);
		env.t0 = t0s[i].v;
		assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), t0s[i].ok ? 0 : 1);
		assert_int_equal(s.have_t0, t0s[i].ok);
		assert_int_equal(s.t0_ns, t0s[i].ok ? t0s[i].ns : 0);
		if (t0s[i].ok) {
			assert_string_equal(warn, "");
		} else {
			snprintf(want, sizeof(want),
				 "OYA_T0 '%s' is not a CLOCK_MONOTONIC time in nanoseconds; elapsed "
				 "time counts from the process start",
				 t0s[i].v);
			assert_string_equal(warn, want);
		}
	}
}

/* Several problems: one line each, in order, counted. */
static void test_several_problems(void **state)
{
	struct oya_env env = { 0 };
	struct oya_settings s;
	char warn[1024];

	(void)state;
	env.output = "";
	env.interval = "1x";
	env.t0 = "now";
	env.disable = "1";
	assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), 3);
	assert_true(s.disabled);
	assert_string_equal(warn,
			    "OYA_OUTPUT is empty; writing to ./memory-profile.jsonl\n"
			    "OYA_INTERVAL '1x' has an unknown unit (use ms, s, m or h); using the default 10s\n"
			    "OYA_T0 'now' is not a CLOCK_MONOTONIC time in nanoseconds; elapsed time "
			    "counts from the process start");
}

/* A warning buffer of any size is never overrun, always terminated, and the
 * count does not depend on it. */
static void test_warn_capacity(void **state)
{
	struct oya_env env = { 0 };
	struct oya_settings s;
	char full[1024];
	size_t cap;
	int n;

	(void)state;
	env.output = "";
	env.interval = "1x";
	env.t0 = "now";
	n = oya_settings_parse(&s, &env, full, sizeof(full));
	assert_int_equal(n, 3);
	full[0] = 'X';
	assert_int_equal(oya_settings_parse(&s, &env, full, 0), 3);
	assert_int_equal(full[0], 'X'); /* capacity 0: not written at all */
	n = oya_settings_parse(&s, &env, full, sizeof(full));
	for (cap = 1; cap <= strlen(full) + 1; cap++) {
		char buf[1100];
		size_t len;

		memset(buf, 'X', sizeof(buf));
		assert_int_equal(oya_settings_parse(&s, &env, buf, cap), 3);
		len = strnlen(buf, cap);
		if (len == cap)
			fail_msg("warning buffer of %zu bytes is not terminated", cap);
		assert_int_equal(buf[cap], 'X');
		assert_memory_equal(buf, full, len); /* a prefix of the whole text */
		assert_int_equal(s.interval_ms, 10000);
	}
}

struct pss_case {
	const char *v;
	enum oya_pss_mode want;
	const char *warn;
};

static const struct pss_case psss[] = {
	{ "auto", OYA_PSS_AUTO, "" },
	{ "always", OYA_PSS_ALWAYS, "" },
	{ "off", OYA_PSS_OFF, "" },
	{ "ALWAYS", OYA_PSS_ALWAYS, "" },
	{ "Off", OYA_PSS_OFF, "" },
	{ "", OYA_PSS_AUTO, "OYA_PSS '' is not auto, always or off; using auto" },
	{ "1", OYA_PSS_AUTO, "OYA_PSS '1' is not auto, always or off; using auto" },
	{ "on", OYA_PSS_AUTO, "OYA_PSS 'on' is not auto, always or off; using auto" },
	{ "always ", OYA_PSS_AUTO, "OYA_PSS 'always ' is not auto, always or off; using auto" },
	{ "of\nf", OYA_PSS_AUTO, "OYA_PSS 'of\\x0af' is not auto, always or off; using auto" },
};

/* OYA_PSS: three words; anything else is one warning and the default. */
static void test_pss(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(psss) / sizeof(psss[0]); i++) {
		struct oya_env env = { 0 };
		struct oya_settings s;
		char warn[256];

		print_message("OYA_PSS '%s'\n", psss[i].v);
		env.pss = psss[i].v;
		assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), psss[i].warn[0] ? 1 : 0);
		assert_int_equal(s.pss, psss[i].want);
		assert_string_equal(warn, psss[i].warn);
	}
}

static const struct {
	const char *v;
	bool edges;
	const char *warn;
} samplers[] = {
	{ "thread", false, "" },
	{ "edges", true, "" },
	{ "", false, "OYA_SAMPLER '' is not thread or edges; using thread" },
	{ "Edges", false, "OYA_SAMPLER 'Edges' is not thread or edges; using thread" },
	{ "edges\n", false, "OYA_SAMPLER 'edges\\x0a' is not thread or edges; using thread" },
};

/* OYA_SAMPLER: two words; anything else is one warning and the thread. */
static void test_sampler(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(samplers) / sizeof(samplers[0]); i++) {
		struct oya_env env = { 0 };
		struct oya_settings s;
		char warn[256];

		print_message("OYA_SAMPLER '%s'\n", samplers[i].v);
		env.sampler = samplers[i].v;
		assert_int_equal(oya_settings_parse(&s, &env, warn, sizeof(warn)), samplers[i].warn[0] ? 1 : 0);
		assert_int_equal(s.edges, samplers[i].edges);
		assert_string_equal(warn, samplers[i].warn);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_setting_true),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_output),
		cmocka_unit_test(test_interval),
		cmocka_unit_test(test_t0),
		cmocka_unit_test(test_pss),
		cmocka_unit_test(test_sampler),
		cmocka_unit_test(test_several_problems),
		cmocka_unit_test(test_warn_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
