/*
 * heaptrack's figures and the pure parsers of what heaptrack_print prints and of
 * a decompressed data stream. Running heaptrack_print is in shell/heaptrack_data.h.
 */
#ifndef OYA_HEAPTRACK_PARSE_H
#define OYA_HEAPTRACK_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

struct oya_heaptrack {
	char *data_file;   /* owned */
	bool complete;	   /* the compressed stream is whole and heaptrack_print read it */
	char problem[256]; /* why not complete, in words ("" when complete) */
	uint64_t peak_heap_bytes, peak_rss_bytes, leaked_bytes, allocations, temporary_allocations;
};

/* Parse heaptrack_print's text output (its summary part). 0 ok, -1 when the figures are not there. */
int oya_heaptrack_parse_summary(const char *text, size_t len, struct oya_heaptrack *out);

/* The summary's "heaptrack" object ("problem" is null when complete). Caller owns the result; NULL for NULL. */
json_object *oya_heaptrack_json(const struct oya_heaptrack *h);

/* Free the members (not H itself); NULL ok. */
void oya_heaptrack_release(struct oya_heaptrack *h);

/* Parse one of heaptrack_print's sizes ("0B", "16.44K", "-1000.00K", "1.09M"; units of 1000) into bytes.
 * Returns the number of characters used, 0 when S does not start with a size or it is out of range. */
size_t oya_heaptrack_parse_size(const char *s, size_t len, int64_t *bytes);

/* Sum of the costs in folded stacks ("a;b;c 1234" lines; a ';' before the space is allowed).
 * 0 ok, -1 when a line is malformed or the sum overflows. */
int oya_heaptrack_folded_total(const char *folded, size_t len, uint64_t *sum);

/* Judge a decompressed heaptrack stream from its first bytes (HEAD) and last bytes (TAIL):
 * a whole file starts with its "v " version line and ends with heaptrack_interpret's closing
 * "# strings:"/"# ips:" comments. 0 when it looks whole, 1 when it is whole and empty (only the
 * closing comments, with 0 strings: the program made no allocation heaptrack saw), else -1 with
 * PROBLEM set (words). Pure. */
int oya_heaptrack_check_stream(const char *head, size_t headlen, const char *tail, size_t taillen,
			       char *problem, size_t cap);

/* One call stack whose peak memory changed between two runs (heaptrack_print --diff). */
struct oya_heaptrack_change {
	int64_t peak_delta_bytes; /* new minus base; heaptrack_print's rounding (3-4 significant digits) */
	int64_t calls_delta;
	char *function; /* the allocating function, as heaptrack_print names it */
	char *location; /* "file:line" or "" */
	char *callers;	/* the first caller chain, innermost first, joined by " < "; or "" */
};

/* Parse heaptrack_print -f NEW -d BASE output: the entries of its "PEAK MEMORY CONSUMERS" section,
 * sorted by |peak_delta_bytes|, largest first. *OUT is malloc'd (free with oya_heaptrack_changes_free).
 * 0 ok (also with no entries), -1 on ENOMEM or when the text has no such section. Pure. */
int oya_heaptrack_parse_diff(const char *text, size_t len, struct oya_heaptrack_change **out, size_t *n);
void oya_heaptrack_changes_free(struct oya_heaptrack_change *c, size_t n); /* NULL ok */

#endif
