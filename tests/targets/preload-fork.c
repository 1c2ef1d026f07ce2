/* Forks N children; child i ends with _exit(i), exit(i) or a return from main
 * with i, in turn. The parent checks every status.
 * Usage: preload-fork N */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20, i, bad = 0;
	pid_t pids[256];

	if (n < 1 || n > 256)
		return 2;
	for (i = 0; i < n; i++) {
		pid_t p = fork();

		if (p < 0) {
			perror("fork");
			return 3;
		}
		if (p == 0) {
			char *touch = malloc(4096 * (size_t)(i + 1));

			if (touch)
				memset(touch, 1, 4096 * (size_t)(i + 1));
			if (i % 3 == 0)
				_exit(i);
			if (i % 3 == 1)
				exit(i);
			free(touch);
			return i;
		}
		pids[i] = p;
	}
	for (i = 0; i < n; i++) {
		int st;

		if (waitpid(pids[i], &st, 0) != pids[i] || !WIFEXITED(st) || WEXITSTATUS(st) != i)
			bad++;
	}
	printf("%d children, %d bad\n", n, bad);
	return bad ? 1 : 0;
}
