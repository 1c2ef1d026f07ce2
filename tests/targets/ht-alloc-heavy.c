/*
 * An allocation-heavy loop for scripts/bench-heaptrack: for SECONDS (argv[1]) it
 * allocates and frees blocks of varying sizes from four call sites as fast as it
 * can, keeping a ring of 1024 blocks alive, so that heaptrack's file holds millions
 * of events over few allocation sites.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 1024

static void *ring[RING];
static void *volatile keep;   /* so that the compiler keeps the temporary's malloc and free */

__attribute__((noinline)) static void *site_small(unsigned k)
{
	return malloc(16 + k % 64);
}

__attribute__((noinline)) static void *site_medium(unsigned k)
{
	return malloc(256 + k % 1024);
}

__attribute__((noinline)) static void *site_large(unsigned k)
{
	return malloc(4096 + k % 8192);
}

__attribute__((noinline)) static void site_temporary(unsigned k)
{
	keep = malloc(32 + k % 32);
	free(keep);
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 60;
	struct timespec a, b;
	unsigned k = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (;;) {
		for (int i = 0; i < 1000; i++, k = k * 1103515245u + 12345u) {
			unsigned slot = (k >> 8) % RING;
			void *p = (k >> 4) % 8 == 0 ? site_large(k) : (k >> 4) % 2 ? site_small(k) : site_medium(k);

			free(ring[slot]);
			ring[slot] = p;
			if (p)
				memset(p, 1, 16);
			site_temporary(k);
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		if ((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9 >= seconds)
			break;
	}
	for (int i = 0; i < RING; i++)
		free(ring[i]);
	return 0;
}
