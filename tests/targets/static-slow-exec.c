/*
 * Stands in for oya-exec in a test: waits a while (long enough for oya-launch
 * to see it many times), then execs ARGV[0].real (the real oya-exec, copied
 * there) with the same arguments. Static, like oya-exec.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 1, 500000000L };
	char real[4096];

	(void)argc;
	while (nanosleep(&ts, &ts))
		;
	if (snprintf(real, sizeof(real), "%s.real", argv[0]) >= (int)sizeof(real))
		return 126;
	execv(real, argv);
	perror(real);
	return 126;
}
