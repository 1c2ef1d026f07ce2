/* A file that grows (the run's JSONL): the whole lines appended since the last look. */
#ifndef OYA_TAIL_H
#define OYA_TAIL_H

#include <stddef.h>

typedef void (*oya_tail_fn)(void *ctx, const char *line, size_t len);

/* Call FN for each whole line of PATH after *OFF (without its '\n') and move *OFF past the last
 * one; a part line is left for the next call, a line longer than the reader's buffer is skipped.
 * Reads a bounded amount per call: 0 at the file's end, 1 when more is left to read, -1 with errno
 * when PATH cannot be read. */
int oya_tail_lines(const char *path, long *off, oya_tail_fn fn, void *ctx);

#endif
