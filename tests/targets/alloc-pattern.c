/* Allocates a known pattern for heaptrack tests: SCALE (argv[1], default 1) times
 * 100 blocks of 10000 bytes held at once, SCALE leaked blocks of 4096 bytes, and
 * 1000 short-lived blocks of 64 bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;

__attribute__((noinline)) static void *hold_block(size_t n)
{
	void *p = malloc(n);
	if (p)
		memset(p, 1, n);
	return p;
}

__attribute__((noinline)) static void leak_block(size_t n)
{
	sink = hold_block(n);
}

__attribute__((noinline)) static void churn(void)
{
	for (int i = 0; i < 1000; i++) {
		sink = malloc(64);
		free(sink);
	}
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	void *held[100];
	if (scale < 1 || scale > 100) {
		fprintf(stderr, "alloc-pattern: scale %s is not 1 to 100\n", argv[1]);
		return 2;
	}
	for (int i = 0; i < 100; i++)
		held[i] = hold_block(10000 * (size_t)scale);
	for (int i = 0; i < scale; i++)
		leak_block(4096);
	churn();
	for (int i = 0; i < 100; i++)
		free(held[i]);
	return 0;
}
