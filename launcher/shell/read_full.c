/* One read loop for the tree's /proc files and the guard's environ scans; one line appender. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "read_full.h"

ssize_t oya_read_fd(int fd, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t n;

	while (len < cap) {
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	return (ssize_t)len;
}

ssize_t oya_read_path(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return -1;
	len = oya_read_fd(fd, buf, cap);
	close(fd);
	return len;
}

int oya_append_line(const char *path, const char *line, size_t len)
{
	ssize_t w;
	int fd, err = 0;

	do
		fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return errno;
	do
		w = write(fd, line, len);
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)len)
		err = w < 0 ? errno : ENOSPC;
	close(fd);
	return err;
}

int oya_read_alloc(const char *path, size_t max, char **out, size_t *len)
{
	size_t cap = 16384, n = 0;
	char *buf = NULL, *nb;
	ssize_t r = 0;
	int fd, err;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		if (n + 1 >= cap || !buf) {
			if (buf)
				cap *= 2;
			if (cap > max + 1)
				cap = max + 1;
			if (n + 1 >= cap && buf)
				break; /* cut at MAX */
			nb = realloc(buf, cap);
			if (!nb) {
				r = -1;
				break;
			}
			buf = nb;
		}
		r = oya_read_fd(fd, buf + n, cap - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	err = errno;
	close(fd);
	if (r < 0 || !buf) {
		free(buf);
		errno = r < 0 ? err : ENOMEM;
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return n >= max ? 1 : 0;
}
