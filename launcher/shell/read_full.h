/* Reading a file whole into a caller's buffer, as /proc files want (short reads, EINTR). */
#ifndef OYA_READ_FULL_H
#define OYA_READ_FULL_H

#include <sys/types.h>

/* Read FD until CAP bytes or end of file; returns the bytes read (an error ends it early). */
ssize_t oya_read_fd(int fd, char *buf, size_t cap);
/* Open PATH and read up to CAP bytes of it; -1 when it cannot be opened (a process gone). */
ssize_t oya_read_path(const char *path, char *buf, size_t cap);

#endif
