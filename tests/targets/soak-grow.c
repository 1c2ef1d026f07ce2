/* A soak for the metrics tests: grows by 1 MiB (touched) every 50 ms up to MIB MiB, then holds it
 * until STOPFILE exists, and exits 0. Usage: soak-grow MIB STOPFILE */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	const struct timespec tick = { 0, 50000000 };
	int mib;

	if (argc != 3 || (mib = atoi(argv[1])) < 1 || mib > 4096)
		return 2;
	for (int i = 0; i < mib; i++) {
		char *p = malloc(1u << 20);

		if (!p)
			return 1;
		memset(p, i + 1, 1u << 20); /* kept: the growth is the point */
		nanosleep(&tick, NULL);
	}
	while (access(argv[2], F_OK))
		nanosleep(&tick, NULL);
	return 0;
}
