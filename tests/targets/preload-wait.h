/* Shared by the preload test targets: wait, without allocating, until the
 * sampler has written N periodic samples for this process into a file, so that
 * tests count lines instead of trusting the clock. */
#ifndef PRELOAD_WAIT_H
#define PRELOAD_WAIT_H

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Lines in PATH that belong to this pid and are periodic samples. */
static inline int count_own_samples(const char *path)
{
	char buf[65536], needle[48];
	int fd, count = 0;
	size_t have = 0;
	ssize_t r;

	snprintf(needle, sizeof(needle), "\"pid\":%d,", (int)getpid());
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	for (;;) {
		char *line, *nl;

		r = read(fd, buf + have, sizeof(buf) - 1 - have);
		if (r <= 0)
			break;
		have += (size_t)r;
		buf[have] = '\0';
		line = buf;
		while ((nl = strchr(line, '\n'))) {
			*nl = '\0';
			if (strstr(line, needle) && strstr(line, "\"event\":\"sample\""))
				count++;
			line = nl + 1;
		}
		have = strlen(line);
		memmove(buf, line, have);
	}
	close(fd);
	return count;
}

/* Wait until N samples are in PATH; 0 when they are, -1 after about 20 s. */
static inline int wait_samples(const char *path, int n)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 2000; i++) {
		if (count_own_samples(path) >= n)
			return 0;
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "target: fewer than %d samples in %s\n", n, path);
	return -1;
}

#endif
