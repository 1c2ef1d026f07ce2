/* One read loop for the tree's /proc files and the guard's environ scans. */
#include <errno.h>
#include <fcntl.h>
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
