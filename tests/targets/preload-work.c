/* A plain target: allocates and touches memory until the sampler has written N
 * periodic samples, then ends the way MODE says.
 * Usage: preload-work OUTPUT N MODE [STATUS]
 * MODE: return, exit, _exit, _Exit, thread-exit (exit() from a second thread). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "preload-wait.h"

static int status;

static void *exit_from_thread(void *arg)
{
	(void)arg;
	exit(status);
}

int main(int argc, char **argv)
{
	const char *mode;
	char *blocks[64];
	int n, i;

	if (argc < 4) {
		fprintf(stderr, "usage: preload-work OUTPUT N MODE [STATUS]\n");
		return 2;
	}
	n = atoi(argv[2]);
	mode = argv[3];
	status = argc > 4 ? atoi(argv[4]) : 0;
	for (i = 0; i < 64; i++) { /* 64 x 64 kB, touched: RSS grows */
		blocks[i] = malloc(64 * 1024);
		if (!blocks[i])
			return 3;
		memset(blocks[i], i, 64 * 1024);
	}
	if (wait_samples(argv[1], n))
		return 99;
	printf("work done %d\n", blocks[63][0]);
	fflush(stdout);
	for (i = 0; i < 64; i++)
		free(blocks[i]);
	if (!strcmp(mode, "exit"))
		exit(status);
	if (!strcmp(mode, "_exit"))
		_exit(status);
	if (!strcmp(mode, "_Exit"))
		_Exit(status);
	if (!strcmp(mode, "thread-exit")) {
		pthread_t t;

		if (pthread_create(&t, NULL, exit_from_thread, NULL))
			return 4;
		for (;;)
			pause();
	}
	return status;
}
