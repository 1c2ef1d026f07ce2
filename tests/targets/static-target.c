/* A statically linked target: LD_PRELOAD does nothing here, so oya-launch samples it
 * from outside. Usage: static-target MS (allocates 4 MB, sleeps MS milliseconds). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *volatile keep; /* so that the compiler keeps the allocation */

int main(int argc, char **argv)
{
	long ms = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	char *p = malloc(4u << 20);

	if (p)
		memset(p, 1, 4u << 20);
	keep = p;
	while (nanosleep(&ts, &ts))
		;
	free(p);
	return 0;
}
