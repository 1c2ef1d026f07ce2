/*
 * A target for oya-launch's integration tests. Usage: launch-target MODE [ARG]
 *   exit N        allocate a little, exit with status N
 *   sleep MS      allocate a little, sleep MS milliseconds, exit 0
 *   ignore-term MS  ignore SIGTERM, then sleep MS
 *   segv          die of SIGSEGV
 *   exec MS       exec launch-target-child (same program, mode sleep MS) without LD_PRELOAD
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

static void churn(void)
{
	volatile char *p;
	int i;

	for (i = 0; i < 64; i++) {
		p = malloc(4096);
		if (p) {
			memset((char *)p, i, 4096);
			free((void *)p);
		}
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sleep";
	long arg = argc > 2 ? strtol(argv[2], NULL, 10) : 0;

	churn();
	if (!strcmp(mode, "exit"))
		return (int)arg;
	if (!strcmp(mode, "ignore-term")) {
		signal(SIGTERM, SIG_IGN);
		nap(arg);
		return 0;
	}
	if (!strcmp(mode, "segv")) {
		raise(SIGSEGV);
		return 1;
	}
	nap(arg);
	churn();
	return 0;
}
