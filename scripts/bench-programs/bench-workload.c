/* A CPU- and malloc-heavy workload: a ring of blocks of mixed sizes, each
 * allocated, filled, hashed and freed. Prints the hash (so nothing is elided).
 * Usage: bench-workload ROUNDS */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096

int main(int argc, char **argv)
{
	static unsigned char *ring[SLOTS];
	long rounds = argc > 1 ? atol(argv[1]) : 2000000, r;
	uint64_t x = 88172645463325252ULL, h = 1469598103934665603ULL;
	int i;

	for (r = 0; r < rounds; r++) {
		size_t slot, size, k;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		slot = x % SLOTS;
		size = 16 + (x >> 20) % ((x & 7) ? 512 : 65536);
		free(ring[slot]);
		ring[slot] = malloc(size);
		if (!ring[slot])
			return 1;
		memset(ring[slot], (int)(x & 0xff), size);
		for (k = 0; k < size; k += 64)
			h = (h ^ ring[slot][k]) * 1099511628211ULL;
	}
	for (i = 0; i < SLOTS; i++)
		free(ring[i]);
	printf("%016llx\n", (unsigned long long)h);
	return 0;
}
