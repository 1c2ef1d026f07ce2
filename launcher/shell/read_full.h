/* Reading a file whole into a caller's buffer, as /proc files want (short reads, EINTR),
 * and appending one line to the JSONL. */
#ifndef OYA_READ_FULL_H
#define OYA_READ_FULL_H

#include <stddef.h>
#include <sys/types.h>

/* Read FD until CAP bytes or end of file; returns the bytes read (an error ends it early). */
ssize_t oya_read_fd(int fd, char *buf, size_t cap);
/* Open PATH and read up to CAP bytes of it; -1 when it cannot be opened (a process gone). */
ssize_t oya_read_path(const char *path, char *buf, size_t cap);
/* Read PATH whole into a malloc'd, NUL-terminated buffer (*OUT, *LEN bytes) of at most MAX bytes.
 * 0 when the whole file was read, 1 when it was cut at MAX, -1 with errno (nothing to free). */
int oya_read_alloc(const char *path, size_t max, char **out, size_t *len);
/* Append LINE (LEN bytes, one line) to PATH in one write(2), so that appends from many
 * processes never tear; opened for each line. 0, or the errno (ENOSPC for a short write). */
int oya_append_line(const char *path, const char *line, size_t len);

#endif
