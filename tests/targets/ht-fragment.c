/*
 * RSS that grows through the allocator while the heap in use stays flat, for SECONDS
 * (argv[1]). Each round takes a block larger than any free hole (so it comes from the top
 * of the heap), touches it, pins the heap's end behind it with a tiny block (a larger
 * request shrunk in place by realloc, so that it cannot land in an old hole), and frees
 * the block. The freed blocks stay resident between pins and never fit the next, larger
 * request: RSS climbs by a block a round, the heap in use by a pin (64 bytes).
 * Writes its pid to argv[2] when given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BASE_BLOCK (64 * 1024)
#define STEP 64
#define PIN 64
#define MAX_ROUNDS 900 /* blocks stay below glibc's 128 KiB mmap threshold */

static void *volatile sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static void *pin_heap_end(size_t above)
{
	void *p = malloc(above), *q;

	if (!p)
		return NULL;
	q = realloc(p, PIN);
	return q ? q : p;
}

__attribute__((noinline)) static void fragment_round(int i)
{
	size_t n = BASE_BLOCK + (size_t)i * STEP;
	char *big = malloc(n);

	if (!big)
		return;
	memset(big, 5, n);
	sink = pin_heap_end(n + 4096); /* kept: one pin per round */
	free(big);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 10, start = now_s(), every;
	int i = 0;

	if (argc > 2) {
		FILE *f = fopen(argv[2], "w");

		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	every = seconds / MAX_ROUNDS;
	while (now_s() - start < seconds) {
		if (i < MAX_ROUNDS && now_s() - start >= every * i)
			fragment_round(i++);
		usleep(2000);
	}
	return 0;
}
