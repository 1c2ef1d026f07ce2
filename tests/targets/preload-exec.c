/* Execs itself N times (same pid), then execs PROG with its arguments.
 * Usage: preload-exec N PROG [ARG...] */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char num[16];
	int n;

	if (argc < 3)
		return 2;
	n = atoi(argv[1]);
	printf("exec %d pid %d\n", n, (int)getpid());
	fflush(stdout);
	if (n > 0) {
		snprintf(num, sizeof(num), "%d", n - 1);
		argv[1] = num;
		execv("/proc/self/exe", argv);
	} else {
		execv(argv[2], argv + 2);
	}
	perror("execv");
	return 127;
}
