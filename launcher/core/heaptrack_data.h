/*
 * heaptrack's data file, read through heaptrack_print: the summary figures, a
 * check that the file is whole, and folded call stacks for flame graphs.
 * The parsers are pure; oya_heaptrack_read runs programs (with an argv).
 */
#ifndef OYA_HEAPTRACK_DATA_H
#define OYA_HEAPTRACK_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct oya_heaptrack {
	char *data_file;               /* owned */
	bool complete;                 /* the compressed stream is whole and heaptrack_print read it */
	char problem[256];             /* why not complete, in words ("" when complete) */
	uint64_t peak_heap_bytes, peak_rss_bytes, leaked_bytes, allocations, temporary_allocations;
};

/* Parse heaptrack_print's text output (its summary part). 0 ok, -1 when the figures are not there. */
int oya_heaptrack_parse_summary(const char *text, size_t len, struct oya_heaptrack *out);

/* Check DATA_FILE is whole (zstd -t / gzip -t), run heaptrack_print on it and parse it. 0 when the
 * figures were read (h->complete says whether they can be trusted); -1 with h->problem set otherwise. */
int oya_heaptrack_read(const char *data_file, struct oya_heaptrack *h);

/* Folded stacks ("a;b;c 1234\n" lines) of peak memory (KIND "peak") or leaked memory ("leaked"), from
 * heaptrack_print -F. Returns a malloc'd string the caller frees, NULL + errno on failure. */
char *oya_heaptrack_folded(const char *data_file, const char *kind);

/* The summary's "heaptrack" object. Caller owns the result. */
json_object *oya_heaptrack_json(const struct oya_heaptrack *h);

/* Free the members (not H itself); NULL ok. */
void oya_heaptrack_release(struct oya_heaptrack *h);

#endif
