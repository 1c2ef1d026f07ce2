/* liboya in a host with children of its own: oya_run follows only the run's
 * processes; the host's child is not sampled, not signalled, not reaped. */
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

#define LIBOYA_FIXTURE_DIR "/tmp/oya-host-XXXXXX"
#include "liboya_fixture.h"

static pid_t start_sleep(void)
{
	char *argv[] = { (char *)"sleep", (char *)"30", NULL };
	pid_t p = fork();

	if (p == 0) {
		execvp("sleep", argv);
		_exit(127);
	}
	return p;
}

static void test_host_child_left_alone(void **state)
{
	const char *args[] = { "sleep", "600", NULL };
	oya_config *c = NULL;
	oya_summary *s = NULL;
	pid_t mine = start_sleep();
	int st = 0;
	size_t i;

	(void)state;
	assert_true(mine > 0);
	snprintf(out, sizeof(out), "%s/host.jsonl", dir);
	assert_int_equal(oya_config_new(20000, 5000, out, target, args, &c), OYA_OK);
	assert_int_equal(oya_config_set_interval(c, 100, true), OYA_OK);
	assert_int_equal(oya_config_set_heaptrack(c, false), OYA_OK);
	assert_int_equal(oya_config_set_preload(c, preload), OYA_OK);
	assert_int_equal(oya_config_set_messages(c, "test", false, false), OYA_OK);
	assert_int_equal(oya_run(c, &s), OYA_OK);
	assert_non_null(s);
	assert_string_equal(oya_summary_stop_reason(s), "exited");
	assert_int_equal(oya_summary_process_count(s), 1);
	for (i = 0; i < oya_summary_process_count(s); i++)
		assert_true(oya_summary_process_pid(s, i) != mine);
	/* still the host's, alive and unreaped */
	assert_int_equal(waitpid(mine, &st, WNOHANG), 0);
	assert_int_equal(kill(mine, SIGTERM), 0);
	assert_int_equal(waitpid(mine, &st, 0), mine);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	oya_summary_free(s);
	oya_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_child_left_alone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
