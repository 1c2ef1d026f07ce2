/*
 * Waits, without a clock of its own, until the test creates GO-FILE, so that a
 * test can change the world (remove the output's directory, make the output
 * read-only) while the preload keeps sampling. Then allocates, prints, exits 7.
 * Exits 3 when GO-FILE never appears (60 s), so a broken test cannot hang.
 * Usage: fault-wait GO-FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char *p;
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: fault-wait GO-FILE\n");
		return 2;
	}
	printf("waiting\n");
	fflush(stdout);
	for (i = 0; i < 6000; i++) {
		if (!access(argv[1], F_OK)) {
			p = malloc(1 << 20);
			if (!p)
				return 2;
			memset(p, 1, 1 << 20);
			printf("done %d\n", p[12345]);
			free(p);
			return 7;
		}
		nanosleep(&tick, NULL);
	}
	fprintf(stderr, "fault-wait: %s never appeared\n", argv[1]);
	return 3;
}
