/* liboya's configuration: each bound, each error, ownership, and the error table. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config_priv.h"
#include "oya/oya.h"

static void test_one_hour_default(void **state)
{
	const char *args[] = { "--load-test", NULL };
	oya_config *c = NULL;

	(void)state;
	assert_int_equal(oya_config_one_hour_default("./my-app", args, &c), OYA_OK);
	assert_non_null(c);
	assert_int_equal(c->duration_ms, 3600000);
	assert_int_equal(c->interval_ms, 10000);
	assert_string_equal(c->output, "memory-profile.jsonl");
	assert_true(c->heaptrack);
	assert_int_equal(c->stop_signal, SIGTERM);
	assert_int_equal(c->kill_after_ms, 10000);
	assert_string_equal(c->argv[0], "./my-app");
	assert_string_equal(c->argv[1], "--load-test");
	assert_null(c->argv[2]);
	assert_int_equal(oya_config_check(c), OYA_OK);
	oya_config_free(c);
	assert_int_equal(oya_config_one_hour_default("true", NULL, &c), OYA_OK);
	assert_null(c->argv[1]);
	oya_config_free(c);
	oya_config_free(NULL);
}

static void test_bounds(void **state)
{
	oya_config *c = (oya_config *)&c;

	(void)state;
	assert_int_equal(oya_config_new(1000, 5000, "o.jsonl", "p", NULL, &c), OYA_OK);
	oya_config_free(c);
	assert_int_equal(oya_config_new(14400000, 5000, NULL, "p", NULL, &c), OYA_OK);
	oya_config_free(c);
	assert_int_equal(oya_config_new(14400001, 5000, NULL, "p", NULL, &c), OYA_ERR_DURATION_TOO_LONG);
	assert_null(c);
	assert_non_null(strstr(oya_last_error_detail(), "14400001ms is above the 4h maximum"));
	assert_int_equal(oya_config_new(999, 5000, NULL, "p", NULL, &c), OYA_ERR_DURATION_TOO_SHORT);
	assert_int_equal(oya_config_new(60000, 4999, NULL, "p", NULL, &c),
			 OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT);
	assert_non_null(strstr(oya_last_error_detail(), "4999ms is below the 5s minimum"));
	/* 100 ms only with fast sampling */
	assert_int_equal(oya_config_new(60000, 100, NULL, "p", NULL, &c),
			 OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT);
}

static void test_invalid(void **state)
{
	oya_config *c = NULL;

	(void)state;
	assert_int_equal(oya_config_new(60000, 5000, NULL, NULL, NULL, &c), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_new(60000, 5000, NULL, "", NULL, &c), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_new(60000, 5000, "", "p", NULL, &c), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_new(60000, 5000, "d/", "p", NULL, &c), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_new(60000, 5000, NULL, "p", NULL, NULL), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_interval(NULL, 5000, false), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_heaptrack(NULL, false), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_check(NULL), OYA_ERR_INVALID_ARGUMENT);
}

static void test_setters(void **state)
{
	oya_config *c = NULL;

	(void)state;
	assert_int_equal(oya_config_new(60000, 5000, NULL, "p", NULL, &c), OYA_OK);
	assert_int_equal(oya_config_set_interval(c, 100, true), OYA_OK);
	assert_int_equal(c->interval_ms, 100);
	assert_true(c->allow_fast);
	assert_int_equal(oya_config_set_interval(c, 99, true), OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT);
	assert_int_equal(oya_config_set_interval(c, 100, false), OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT);
	assert_int_equal(c->interval_ms, 100); /* unchanged on error */
	assert_int_equal(oya_config_set_summary_path(c, "s.json"), OYA_OK);
	assert_string_equal(c->summary, "s.json");
	assert_int_equal(oya_config_set_summary_path(c, NULL), OYA_OK);
	assert_null(c->summary);
	assert_int_equal(oya_config_set_summary_path(c, ""), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_heaptrack(c, false), OYA_OK);
	assert_false(c->heaptrack);
	assert_int_equal(oya_config_add_heaptrack_arg(c, "--raw"), OYA_OK);
	assert_int_equal(oya_config_add_heaptrack_arg(c, "-x"), OYA_OK);
	assert_int_equal(c->nhargs, 2);
	assert_string_equal(c->hargs[1], "-x");
	assert_int_equal(oya_config_add_heaptrack_arg(c, NULL), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_kill_after(c, 0), OYA_OK);
	assert_int_equal(oya_config_set_kill_after(c, 3600001), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_stop_signal(c, SIGINT), OYA_OK);
	assert_int_equal(c->stop_signal, SIGINT);
	assert_int_equal(oya_config_set_stop_signal(c, 0), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_stop_signal(c, SIGSTOP), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_stop_signal(c, 65), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_min_free(c, 0, 10), OYA_OK);
	assert_false(c->min_free_default);
	assert_int_equal(oya_config_set_min_free(c, 0, 51), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_messages(c, "tool", true, false), OYA_OK);
	assert_string_equal(c->prefix, "tool");
	assert_int_equal(oya_config_set_messages(c, NULL, false, true), OYA_OK);
	assert_string_equal(c->prefix, "oya");
	assert_int_equal(oya_config_set_preload(c, "/x/liboya_preload.so"), OYA_OK);
	assert_false(c->verbose);
	assert_int_equal(oya_config_set_verbose(c, true), OYA_OK);
	assert_true(c->verbose);
	assert_int_equal(oya_config_set_verbose(NULL, true), OYA_ERR_INVALID_ARGUMENT);
	/* PSS: auto by default, the three words of OYA_PSS, nothing else */
	assert_int_equal(c->pss, OYA_PSS_AUTO);
	assert_int_equal(oya_config_set_pss(c, "always"), OYA_OK);
	assert_int_equal(c->pss, OYA_PSS_ALWAYS);
	assert_int_equal(oya_config_set_pss(c, "OFF"), OYA_OK);
	assert_int_equal(c->pss, OYA_PSS_OFF);
	assert_int_equal(oya_config_set_pss(c, "sometimes"), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_pss(c, NULL), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(c->pss, OYA_PSS_OFF);
	assert_int_equal(oya_config_set_pss(c, "auto"), OYA_OK);
	/* the periodic samples: the preload's thread by default, or the launcher's */
	assert_false(c->edges);
	assert_int_equal(oya_config_set_sampler(c, "launcher"), OYA_OK);
	assert_true(c->edges);
	assert_int_equal(oya_config_set_sampler(c, "outside"), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_sampler(c, NULL), OYA_ERR_INVALID_ARGUMENT);
	assert_true(c->edges);
	assert_int_equal(oya_config_set_sampler(c, "thread"), OYA_OK);
	assert_false(c->edges);
	assert_int_equal(oya_config_check(c), OYA_OK);
	/* the cgroup: on by default; a limit up to 2^62 bytes, and not without a cgroup */
	assert_true(c->cgroup);
	assert_int_equal(c->memory_limit, 0);
	assert_int_equal(oya_config_set_memory_limit(c, 64u << 20), OYA_OK);
	assert_int_equal(c->memory_limit, 64u << 20);
	assert_int_equal(oya_config_set_memory_limit(c, OYA_MEMORY_LIMIT_MAX + 1), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(c->memory_limit, 64u << 20);
	assert_int_equal(oya_config_set_cgroup(c, false), OYA_OK);
	assert_int_equal(oya_config_check(c), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_memory_limit(c, 0), OYA_OK);
	assert_int_equal(oya_config_check(c), OYA_OK);
	assert_int_equal(oya_config_set_cgroup(NULL, true), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_config_set_memory_limit(NULL, 1), OYA_ERR_INVALID_ARGUMENT);
	oya_config_free(c);
}

static void test_strerror(void **state)
{
	int e;

	(void)state;
	assert_string_equal(oya_strerror(OYA_OK), "no error");
	assert_string_equal(oya_strerror(OYA_ERR_HEAPTRACK_NOT_FOUND), "heaptrack not found");
	for (e = 0; e < OYA_ERR_COUNT; e++)
		assert_string_not_equal(oya_strerror((oya_error)e), "unknown error");
	assert_string_equal(oya_strerror(OYA_ERR_COUNT), "unknown error");
	assert_string_equal(oya_strerror((oya_error)-1), "unknown error");
	assert_string_equal(oya_strerror((oya_error)100000), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_hour_default), cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_invalid),          cmocka_unit_test(test_setters),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
