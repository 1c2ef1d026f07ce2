/*
 * heaptrack's data file, read through heaptrack_print: the summary figures, a
 * check that the file is whole, folded call stacks for flame graphs, diffs.
 * These run programs (with an argv); the parsers are in heaptrack_parse.h.
 */
#ifndef OYA_HEAPTRACK_DATA_H
#define OYA_HEAPTRACK_DATA_H

#include <stddef.h>

#include "heaptrack_parse.h"

/* Check DATA_FILE is whole (zstd -t / gzip -t), run heaptrack_print on it and parse it. 0 when the
 * figures were read (h->complete says whether they can be trusted); -1 with h->problem set otherwise. */
int oya_heaptrack_read(const char *data_file, struct oya_heaptrack *h);

/* Folded stacks ("a;b;c 1234\n" lines) of peak memory (KIND "peak") or leaked memory ("leaked"), from
 * heaptrack_print -F. Returns a malloc'd string the caller frees, NULL + errno on failure. */
char *oya_heaptrack_folded(const char *data_file, const char *kind);

/* Run heaptrack_print -f NEW_FILE -d BASE_FILE and parse it (at most LIMIT entries).
 * 0 ok, -1 with errno (ENOENT: a file is missing; EPROTO: heaptrack_print failed or printed no diff). */
int oya_heaptrack_diff(const char *base_file, const char *new_file, size_t limit,
		       struct oya_heaptrack_change **out, size_t *n);

#endif
