/*
 * Three allocation sites for the heaptrack reader's tests, for SECONDS (argv[1]):
 * churn_site keeps 64 blocks of random sizes and replaces them all the time (live
 * bytes flat with noise), cache_fill fills a 4 MB cache in the first fifth of the
 * run and then only reads it, leak_slowly leaks 16 KB blocks at a steady rate
 * (about 4 MB over the run). "noleak" as argv[2] leaves the leak out. Every block is
 * written, so the memory is really touched. Writes its pid to argv[3] when given.
 * SIGTERM keeps its default action: the process dies as a killed service does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHURN_SLOTS 64
#define CACHE_BLOCKS 256
#define BLOCK 16384

static void *volatile sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((noinline)) static void churn_site(void **slots, unsigned *seed)
{
	for (int i = 0; i < 20; i++) {
		int k = (int)(rand_r(seed) % CHURN_SLOTS);
		size_t n = 64 + (size_t)(rand_r(seed) % 8192);

		free(slots[k]);
		slots[k] = malloc(n);
		if (slots[k])
			memset(slots[k], 2, n);
	}
}

__attribute__((noinline)) static void cache_fill(void **cache, int *filled)
{
	if (*filled < CACHE_BLOCKS) {
		cache[*filled] = malloc(BLOCK);
		if (cache[*filled])
			memset(cache[*filled], 3, BLOCK);
		(*filled)++;
	}
}

__attribute__((noinline)) static void leak_slowly(void)
{
	void *p = malloc(BLOCK);

	if (p)
		memset(p, 4, BLOCK);
	sink = p;
}

int main(int argc, char **argv)
{
	static void *slots[CHURN_SLOTS], *cache[CACHE_BLOCKS];
	double seconds = argc > 1 ? atof(argv[1]) : 10, start = now_s(), t, leak_every, next_leak = 0;
	double cache_every, next_cache = 0;
	int leak = !(argc > 2 && strcmp(argv[2], "noleak") == 0), filled = 0;
	unsigned seed = 1;

	if (argc > 3) {
		FILE *f = fopen(argv[3], "w");

		if (f) {
			fprintf(f, "%d\n", (int)getpid());
			fclose(f);
		}
	}
	/* 256 leaked blocks of 16 KB over the run; the cache's 256 blocks in its first fifth */
	leak_every = seconds / 256;
	cache_every = seconds / 5 / CACHE_BLOCKS;
	while ((t = now_s() - start) < seconds) {
		churn_site(slots, &seed);
		if (t >= next_cache) {
			cache_fill(cache, &filled);
			next_cache += cache_every;
		}
		if (leak && t >= next_leak) {
			leak_slowly();
			next_leak += leak_every;
		}
		usleep(1000);
	}
	for (int i = 0; i < CHURN_SLOTS; i++)
		free(slots[i]);
	return 0;
}
