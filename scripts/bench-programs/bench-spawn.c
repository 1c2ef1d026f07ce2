/* Runs PROG N times, one after the other (posix_spawn + wait4, the
 * environment as given, stdout to /dev/null), and prints the mean wall time
 * and the mean CPU time (user + system) per run, in µs.
 * Usage: bench-spawn N PROG [ARG...] */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	double t0, cpu = 0;
	int n, i;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench-spawn N PROG [ARG...]\n");
		return 2;
	}
	/* the program's own output would only disturb the timing */
	if (posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0))
		return 1;
	t0 = now_us();
	for (i = 0; i < n; i++) {
		struct rusage ru;
		pid_t pid;
		int st, err = posix_spawn(&pid, argv[2], &fa, NULL, argv + 2, environ);

		if (err) {
			fprintf(stderr, "bench-spawn: cannot run %s (error %d)\n", argv[2], err);
			return 1;
		}
		if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
			fprintf(stderr, "bench-spawn: %s failed\n", argv[2]);
			return 1;
		}
		cpu += (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	}
	printf("%.1f %.1f\n", (now_us() - t0) / n, cpu / n);
	return 0;
}
