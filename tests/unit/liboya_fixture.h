/* For the liboya tests that run real targets: paths in the build tree and a
 * scratch directory made by setup and removed by teardown. Define
 * LIBOYA_FIXTURE_DIR ("/tmp/oya-NAME-XXXXXX") before including. */
#ifndef OYA_TEST_LIBOYA_FIXTURE_H
#define OYA_TEST_LIBOYA_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char target[PATH_MAX], preload[PATH_MAX], dir[PATH_MAX], out[PATH_MAX + 32];

static int setup(void **state)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";

	(void)state;
	snprintf(target, sizeof(target), "%s/tests/targets/launch-target", build);
	snprintf(preload, sizeof(preload), "%s/liboya_preload.so", build);
	snprintf(dir, sizeof(dir), "%s", LIBOYA_FIXTURE_DIR);
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *argv[] = { (char *)"rm", (char *)"-rf", dir, NULL };
	pid_t p;

	(void)state;
	p = fork();
	if (p == 0) {
		execvp("rm", argv);
		_exit(127);
	}
	return p > 0 && waitpid(p, NULL, 0) == p ? 0 : -1;
}

#endif
