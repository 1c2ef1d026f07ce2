/*
 * bench-rusage RESULT_FILE COMMAND [ARG...]: run COMMAND, then append
 * "WALL_SECONDS PEAK_RSS_KB EXIT_STATUS" for it to RESULT_FILE
 * (wall time from CLOCK_MONOTONIC, peak RSS from wait4's rusage).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: bench-rusage RESULT_FILE COMMAND [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("bench-rusage: fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "bench-rusage: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("bench-rusage: wait4");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	out = fopen(argv[1], "a");
	if (!out) {
		perror("bench-rusage: result file");
		return 2;
	}
	fprintf(out, "%.3f %ld %d\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
		ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (fclose(out))
		return 2;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
