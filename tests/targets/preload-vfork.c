/* vfork children share the parent's memory and run no fork handler: one
 * ends with _exit without exec, one execs PROG. The parent then waits for N
 * more samples of its own, so a child that disturbed the sampler's state
 * (say, marked it done) would show.
 * Usage: preload-vfork OUTPUT N PROG */
#include <stdlib.h>
#include <sys/wait.h>

#include "preload-wait.h"

int main(int argc, char **argv)
{
	int st, n, before;
	pid_t p;

	if (argc < 4)
		return 2;
	n = atoi(argv[2]);
	before = count_own_samples(argv[1]);
	p = vfork();
	if (p == 0)
		_exit(3);
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 3)
		return 3;
	p = vfork();
	if (p == 0) {
		char *args[] = { argv[3], NULL };

		execv(argv[3], args);
		_exit(127);
	}
	if (p < 0 || waitpid(p, &st, 0) != p || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 4;
	printf("vfork children ok\n");
	fflush(stdout);
	return wait_samples(argv[1], before + n) ? 99 : 0;
}
