/*
 * MB of private memory written in 4 KiB pages (no transparent huge pages: the
 * page-table walk of smaps_rollup is at its longest), then READY is created and
 * it stays until STOP exists (at most about 60 s).
 * Usage: pss-big MB READY STOP
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	unsigned char *mem;
	size_t len;
	int fd, i;

	if (argc != 4)
		return 2;
	len = (size_t)atoi(argv[1]) * 1024 * 1024;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!len || mem == MAP_FAILED)
		return 3;
	if (madvise(mem, len, MADV_NOHUGEPAGE))
		return 4;
	memset(mem, 0x5a, len);
	fd = open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "1\n", 2) != 2 || close(fd))
		return 5;
	for (i = 0; i < 6000; i++) {
		if (!access(argv[3], F_OK)) {
			printf("%d MB held: %d\n", atoi(argv[1]), mem[len / 2]);
			return 0;
		}
		nanosleep(&pause, NULL);
	}
	return 99;
}
