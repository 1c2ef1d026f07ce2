/* liboya with a pid: oya_run_background + oya_join observing a running child of this program. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
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

#define LIBOYA_FIXTURE_DIR "/tmp/oya-liboya-attach-XXXXXX"
#include "liboya_fixture.h"

/* attach-target growing 2 MiB every 100 ms up to 16 MiB, living LIFE_MS. */
static pid_t start_target(const char *life_ms)
{
	char path[PATH_MAX];
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	pid_t p;

	snprintf(path, sizeof(path), "%s/tests/targets/attach-target", build);
	p = fork();
	if (p == 0) {
		execl(path, path, "2", "100", "16", "300", life_ms, (char *)NULL);
		_exit(127);
	}
	assert_true(p > 0);
	return p;
}

static oya_config *config(const char *name, uint64_t duration_ms, pid_t pid)
{
	oya_config *c = NULL;

	snprintf(out, sizeof(out), "%s/%s.jsonl", dir, name);
	assert_int_equal(oya_config_new(duration_ms, 5000, out, "target", NULL, &c), OYA_OK);
	assert_int_equal(oya_config_set_interval(c, 200, true), OYA_OK);
	assert_int_equal(oya_config_set_pid(c, pid), OYA_OK);
	assert_int_equal(oya_config_set_messages(c, "test", false, false), OYA_OK);
	return c;
}

static void test_attach_detaches(void **state)
{
	pid_t t = start_target("60000");
	oya_config *c;
	oya_run_handle *h = NULL;
	oya_summary *s = NULL;
	size_t i;
	bool seen = false;
	int st;

	(void)state;
	usleep(200000); /* past its exec: the run names the program */
	c = config("detach", 2000, t);
	assert_int_equal(oya_run_background(c, &h), OYA_OK);
	assert_int_equal(oya_join(h, &s), OYA_OK);
	assert_non_null(s);
	assert_string_equal(oya_summary_stop_reason(s), "detached");
	assert_int_equal(oya_summary_exit_code(s), -1);
	assert_int_equal(oya_summary_exit_status(s), 0);
	assert_true(oya_summary_samples(s) >= 4);
	for (i = 0; i < oya_summary_process_count(s); i++)
		if (oya_summary_process_pid(s, i) == t) {
			seen = true;
			assert_string_equal(oya_summary_process_exe(s, i), "attach-target");
		}
	assert_true(seen);
	assert_true(oya_summary_process_count(s) >= 2); /* the child it forked at 300 ms */
	/* it runs on: neither stopped nor ended, still this program's own child */
	assert_int_equal(waitpid(t, &st, WNOHANG), 0);
	assert_int_equal(kill(t, SIGKILL), 0);
	assert_int_equal(waitpid(t, &st, 0), t);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	oya_summary_free(s);
	oya_config_free(c);
}

static void test_attach_exited(void **state)
{
	pid_t t = start_target("1000");
	oya_config *c = config("exited", 30000, t);
	oya_summary *s = NULL;
	int st;

	(void)state;
	assert_int_equal(oya_run(c, &s), OYA_OK);
	assert_string_equal(oya_summary_stop_reason(s), "exited");
	assert_int_equal(oya_summary_exit_code(s), -1);
	assert_int_equal(oya_summary_exit_status(s), 0);
	assert_int_equal(waitpid(t, &st, 0), t);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	oya_summary_free(s);
	oya_config_free(c);
}

static void test_attach_refused(void **state)
{
	pid_t t = start_target("100");
	oya_config *c;
	oya_summary *s = (oya_summary *)&s;
	int st;

	(void)state;
	assert_int_equal(waitpid(t, &st, 0), t); /* its pid is free now */
	c = config("refused", 2000, t);
	assert_int_equal(oya_run(c, &s), OYA_ERR_INVALID_ARGUMENT);
	assert_null(s);
	assert_non_null(strstr(oya_last_error_detail(), "no such process"));
	assert_int_equal(access(out, F_OK), -1);
	assert_int_equal(oya_config_set_pid(c, getppid()), OYA_OK);
	assert_int_equal(oya_config_set_heaptrack(c, true), OYA_OK);
	assert_int_equal(oya_run(c, &s), OYA_ERR_INVALID_ARGUMENT);
	assert_non_null(strstr(oya_last_error_detail(), "heaptrack -p"));
	assert_int_equal(oya_config_set_pid(c, -1), OYA_ERR_INVALID_ARGUMENT);
	oya_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attach_detaches),
		cmocka_unit_test(test_attach_exited),
		cmocka_unit_test(test_attach_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
