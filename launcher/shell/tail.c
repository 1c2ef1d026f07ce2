#include "tail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAIL_BUF 65536
#define TAIL_ROUNDS 64 /* 4 MiB per call: a burst is read over several scans */

/* The lines in BUF (N bytes) from its start; returns the bytes consumed. */
static size_t feed(const char *buf, size_t n, oya_tail_fn fn, void *ctx)
{
	size_t used = 0;
	const char *nl;

	while (used < n && (nl = memchr(buf + used, '\n', n - used))) {
		fn(ctx, buf + used, (size_t)(nl - (buf + used)));
		used = (size_t)(nl - buf) + 1;
	}
	return used;
}

int oya_tail_lines(const char *path, long *off, oya_tail_fn fn, void *ctx)
{
	char *buf = malloc(TAIL_BUF);
	int fd, rounds, err;
	bool more = false;
	ssize_t n = 0;
	size_t used;

	if (!buf)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		free(buf);
		return -1;
	}
	for (rounds = 0; rounds < TAIL_ROUNDS; rounds++) {
		do
			n = pread(fd, buf, TAIL_BUF, (off_t)*off);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			break;
		used = feed(buf, (size_t)n, fn, ctx);
		if (!used && (size_t)n == TAIL_BUF) {
			/* one line longer than the buffer: not a sample line, step over it */
			*off += n;
			continue;
		}
		*off += (long)used;
		if ((size_t)n < TAIL_BUF)
			break;
		more = rounds + 1 == TAIL_ROUNDS;
	}
	err = n < 0 ? errno : 0;
	close(fd);
	free(buf);
	errno = err;
	return err ? -1 : more;
}
