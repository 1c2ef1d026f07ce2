/*
 * oya's demo program: about 20 seconds of allocation work with some growth (a
 * cache that keeps part of what it allocates) and a child process, so that
 * oya-launch has something to show. Usage: oya-demo [SECONDS]
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void nap_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* One unit of work: temporary buffers, and every tenth one kept (the "leak"). */
static void work(char ***kept, size_t *nkept, size_t *cap)
{
	int i;

	for (i = 0; i < 200; i++) {
		size_t sz = 1024 + (size_t)(rand() % 16384);
		char *p = malloc(sz);

		if (!p)
			return;
		memset(p, i, sz);
		if (i % 10 == 0) {
			if (*nkept == *cap) {
				size_t ncap = *cap ? *cap * 2 : 256;
				char **n = realloc(*kept, ncap * sizeof(char *));

				if (!n) {
					free(p);
					return;
				}
				*kept = n;
				*cap = ncap;
			}
			(*kept)[(*nkept)++] = p;
		} else {
			free(p);
		}
	}
}

int main(int argc, char **argv)
{
	long secs = argc > 1 ? strtol(argv[1], NULL, 10) : 20;
	char **kept = NULL;
	size_t nkept = 0, cap = 0, i;
	pid_t child;
	long t;

	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (secs < 1)
		secs = 1;
	/* A child that holds a steady 8 MB for half the run. */
	child = fork();
	if (child == 0) {
		char *p = malloc(8u << 20);

		if (p)
			memset(p, 7, 8u << 20);
		for (t = 0; t < secs * 5 && !stop; t++)
			nap_ms(100);
		free(p);
		_exit(0);
	}
	for (t = 0; t < secs * 10 && !stop; t++) {
		work(&kept, &nkept, &cap);
		nap_ms(100);
	}
	if (child > 0)
		waitpid(child, NULL, 0);
	printf("oya-demo: kept %zu buffers\n", nkept);
	for (i = 0; i < nkept; i++)
		free(kept[i]);
	free(kept);
	return 0;
}
