/* liboya from a program: oya_run_background + oya_join on real (small) targets. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "oya/oya.h"

#define LIBOYA_FIXTURE_DIR "/tmp/oya-liboya-XXXXXX"
#include "liboya_fixture.h"

static oya_config *config(const char *name, uint64_t duration_ms, const char *mode, const char *arg)
{
	const char *args[] = { mode, arg, NULL };
	oya_config *c = NULL;

	snprintf(out, sizeof(out), "%s/%s.jsonl", dir, name);
	assert_int_equal(oya_config_new(duration_ms, 5000, out, target, args, &c), OYA_OK);
	assert_int_equal(oya_config_set_interval(c, 100, true), OYA_OK);
	assert_int_equal(oya_config_set_heaptrack(c, false), OYA_OK);
	assert_int_equal(oya_config_set_preload(c, preload), OYA_OK);
	assert_int_equal(oya_config_set_messages(c, "test", false, false), OYA_OK);
	return c;
}

static void test_background_exit(void **state)
{
	oya_config *c = config("exit", 20000, "sleep", "300");
	oya_run_handle *h = NULL;
	oya_summary *s = NULL;

	(void)state;
	assert_int_equal(oya_run_background(c, &h), OYA_OK);
	assert_non_null(h);
	assert_int_equal(oya_join(h, &s), OYA_OK);
	assert_non_null(s);
	assert_string_equal(oya_summary_stop_reason(s), "exited");
	assert_int_equal(oya_summary_exit_code(s), 0);
	assert_int_equal(oya_summary_signal(s), 0);
	assert_int_equal(oya_summary_exit_status(s), 0);
	assert_string_equal(oya_summary_output_path(s), out);
	assert_null(oya_summary_heaptrack_file(s));
	assert_int_equal(access(oya_summary_path(s), R_OK), 0);
	assert_true(oya_summary_samples(s) >= 2); /* start and exit at least */
	assert_true(oya_summary_max_rss_mb(s) > 0);
	assert_true(oya_summary_avg_rss_mb(s) > 0);
	assert_true(oya_summary_avg_rss_mb(s) <= oya_summary_max_rss_mb(s));
	assert_int_equal(oya_summary_process_count(s), 1);
	assert_true(oya_summary_process_pid(s, 0) > 0);
	assert_string_equal(oya_summary_process_exe(s, 0), "launch-target");
	assert_true(oya_summary_process_max_rss_mb(s, 0) > 0);
	assert_true(oya_summary_process_avg_rss_mb(s, 0) > 0);
	assert_true(oya_summary_process_samples(s, 0) >= 2);
	assert_int_equal(oya_summary_process_pid(s, 99), -1);
	assert_null(oya_summary_process_exe(s, 99));
	oya_summary_free(s);
	oya_config_free(c);
}

static void test_background_failure_keeps_summary(void **state)
{
	oya_config *c = config("fail", 20000, "exit", "3");
	oya_run_handle *h = NULL;
	oya_summary *s = NULL;

	(void)state;
	assert_int_equal(oya_run_background(c, &h), OYA_OK);
	assert_int_equal(oya_join(h, &s), OYA_ERR_PROCESS_TERMINATED);
	assert_non_null(s);
	assert_string_equal(oya_summary_stop_reason(s), "exited");
	assert_int_equal(oya_summary_exit_code(s), 3);
	assert_int_equal(oya_summary_exit_status(s), 3);
	oya_summary_free(s);
	oya_config_free(c);
}

static void test_background_limit(void **state)
{
	oya_config *c = config("limit", 1000, "sleep", "60000");
	oya_run_handle *h = NULL;
	oya_summary *s = NULL;

	(void)state;
	assert_int_equal(oya_run_background(c, &h), OYA_OK);
	assert_int_equal(oya_join(h, &s), OYA_OK);
	assert_string_equal(oya_summary_stop_reason(s), "duration_limit");
	assert_int_equal(oya_summary_exit_status(s), 0);
	oya_summary_free(s);
	oya_config_free(c);
}

static void test_not_found(void **state)
{
	const char *args[] = { NULL };
	oya_config *c = NULL;
	oya_summary *s = (oya_summary *)&s;

	(void)state;
	assert_int_equal(oya_config_new(5000, 5000, NULL, "oya-no-such-program", args, &c), OYA_OK);
	assert_int_equal(oya_config_set_heaptrack(c, false), OYA_OK);
	assert_int_equal(oya_run(c, &s), OYA_ERR_COMMAND_NOT_FOUND);
	assert_null(s);
	assert_non_null(strstr(oya_last_error_detail(), "oya-no-such-program: command not found"));
	oya_config_free(c);
	assert_int_equal(oya_run(NULL, &s), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_run_background(NULL, NULL), OYA_ERR_INVALID_ARGUMENT);
	assert_int_equal(oya_join(NULL, &s), OYA_ERR_INVALID_ARGUMENT);
	oya_summary_free(NULL);
	assert_null(oya_summary_stop_reason(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_background_exit),
		cmocka_unit_test(test_background_failure_keeps_summary),
		cmocka_unit_test(test_background_limit),
		cmocka_unit_test(test_not_found),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
