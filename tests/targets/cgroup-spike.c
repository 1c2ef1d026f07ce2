/* Memory that is there for a moment only, for the cgroup tests.
 * Usage: cgroup-spike spike MB HOLD_MS   writes a byte to stdout, waits for one on stdin, then takes
 *                                        MB MiB, touches every byte and reads it back, holds it
 *                                        HOLD_MS, frees it, writes a byte, waits for stdin to close
 *        cgroup-spike hog MB             takes MB MiB and touches it (under a smaller limit the
 *                                        kernel's OOM killer ends it)
 * Exit: 0 done, 2 usage, 3 out of memory, 4 the read-back differs, 5 stdin/stdout failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* mmap, not malloc: munmap hands the pages straight back to the kernel. */
static unsigned char *take(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0x5a, bytes);
	return p;
}

static int read_back(const unsigned char *p, size_t bytes)
{
	size_t i;

	for (i = 0; i < bytes; i += 4096)
		if (p[i] != 0x5a || p[bytes - 1 - i] != 0x5a)
			return -1;
	return 0;
}

static int spike(size_t bytes, long hold_ms)
{
	struct timespec hold = { hold_ms / 1000, (hold_ms % 1000) * 1000000L };
	unsigned char *p;
	char c;

	if (write(1, "r", 1) != 1 || read(0, &c, 1) != 1)
		return 5;
	p = take(bytes);
	if (!p)
		return 3;
	if (read_back(p, bytes))
		return 4;
	nanosleep(&hold, NULL);
	munmap(p, bytes);
	if (write(1, "x", 1) != 1)
		return 5;
	while (read(0, &c, 1) > 0)
		;
	return 0;
}

int main(int argc, char **argv)
{
	size_t bytes;

	if (argc < 3)
		return 2;
	bytes = (size_t)strtoul(argv[2], NULL, 10) << 20;
	if (!bytes)
		return 2;
	if (!strcmp(argv[1], "spike") && argc == 4)
		return spike(bytes, strtol(argv[3], NULL, 10));
	if (!strcmp(argv[1], "hog") && argc == 3) {
		unsigned char *p = take(bytes);

		if (!p)
			return 3;
		return read_back(p, bytes) ? 4 : 0;
	}
	return 2;
}
