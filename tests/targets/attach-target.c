/*
 * A running program for oya-launch --pid (tests/integration/launch_attach.sh). Usage:
 *   attach-target STEP_MB STEP_MS MAX_MB FORK_AT_MS LIFE_MS
 * Touches STEP_MB MiB more every STEP_MS until MAX_MB; at FORK_AT_MS forks a child that touches
 * 4 MiB and lives as long as it does; exits 0 at LIFE_MS (the bound on a failed test). On SIGUSR1
 * it checks every page it wrote and writes "ok" or "bad" to stdout: it was not harmed.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t check_asked;

static void on_usr1(int sig)
{
	(void)sig;
	check_asked = 1;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL); /* a signal ends it early: the loop looks again */
}

/* Every page of the MB MiB at P holds its own index. */
static int pages_ok(const char *p, long mb)
{
	size_t i, n = ((size_t)mb << 20) / 4096;

	for (i = 0; i < n; i++)
		if (p[i * 4096] != (char)(i & 0x7f))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	long step_mb, step_ms, max_mb, fork_at, life, t0, mb = 0, next;
	char *mem;
	int forked = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: attach-target STEP_MB STEP_MS MAX_MB FORK_AT_MS LIFE_MS\n");
		return 2;
	}
	step_mb = atol(argv[1]);
	step_ms = atol(argv[2]);
	max_mb = atol(argv[3]);
	fork_at = atol(argv[4]);
	life = atol(argv[5]);
	mem = malloc((size_t)(max_mb > 0 ? max_mb : 1) << 20);
	if (!mem || step_ms <= 0)
		return 1;
	signal(SIGUSR1, on_usr1);
	t0 = now_ms();
	next = t0;
	while (now_ms() - t0 < life) {
		if (mb < max_mb && now_ms() >= next) {
			size_t i, from = ((size_t)mb << 20) / 4096;

			mb = mb + step_mb > max_mb ? max_mb : mb + step_mb;
			for (i = from; i < ((size_t)mb << 20) / 4096; i++)
				mem[i * 4096] = (char)(i & 0x7f);
			next += step_ms;
		}
		if (!forked && now_ms() - t0 >= fork_at) {
			forked = 1;
			if (fork() == 0) {
				char *c = malloc(4u << 20);

				if (c)
					memset(c, 1, 4u << 20);
				while (getppid() != 1 && now_ms() - t0 < life)
					nap(50);
				_exit(0);
			}
		}
		if (check_asked) {
			check_asked = 0;
			printf("%s %ld\n", pages_ok(mem, mb) ? "ok" : "bad", mb);
			fflush(stdout);
		}
		nap(step_ms < 50 ? step_ms : 50);
	}
	return 0;
}
