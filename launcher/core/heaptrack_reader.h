/*
 * A streaming reader of heaptrack's interpreted data (the decompressed text that
 * heaptrack_interpret writes; file format versions 1 to 3). Pure: feed it bytes in
 * chunks of any size, then finish. Memory grows with the strings, instruction
 * pointers, traces and allocation infos of the file and with the time buckets,
 * never with the number of allocation events.
 *
 * The figures follow heaptrack_print's own reading (analyze/accumulatedtracedata.cpp):
 * allocations count '+' records; a temporary allocation is a '-' whose allocation
 * info is the one of the '+' just before it, with no other record of those two
 * kinds in between; the heap is the running sum of allocated minus freed sizes and
 * its peak is the largest value that sum takes.
 */
#ifndef OYA_HEAPTRACK_READER_H
#define OYA_HEAPTRACK_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OYA_HTR_BUCKETS 512	 /* time buckets at most; full: pairs merge, the width doubles */
#define OYA_HTR_SITE_SERIES 2048 /* allocation sites that keep a live-bytes series */

/* One time bucket [t_ms - width, t_ms) of the run, ms since heaptrack started. */
struct oya_htr_bucket {
	int64_t t_ms;	    /* the bucket's end (the last one ends at the last time stamp) */
	int64_t heap_end;   /* bytes in use at the bucket's end */
	int64_t heap_max;   /* the largest value within the bucket */
	uint64_t rss_bytes; /* largest RSS record in the bucket, else the one before (0: none yet) */
};

struct oya_htr_frame {
	const char *function; /* "" when unknown; the strings live as long as the reader */
	const char *file;     /* "" when unknown */
	const char *module;
	uint64_t ip;
	uint32_t line;
	bool inlined; /* inlined into the next frame (same instruction pointer) */
};

/* An allocation site: one trace heaptrack saw allocations from. */
struct oya_htr_site {
	uint32_t trace; /* heaptrack's trace index (1-based) */
	uint64_t allocations, temporary;
	int64_t live_end;      /* bytes allocated here and not freed at the end */
	int64_t live_peak;     /* the largest live_end took during the run */
	int64_t live_at_peak;  /* live bytes at the moment of the heap's peak (its share of it) */
	bool suppressed;       /* in a stack heaptrack suppresses as a leak */
	const int64_t *series; /* live bytes at each bucket's end (nbuckets values); NULL when the
	                                site has no series (more sites than OYA_HTR_SITE_SERIES) */
};

struct oya_htr_result {
	bool complete;		    /* the whole stream was read and is consistent */
	char problem[256];	    /* why not ("" when complete) */
	bool unknown_version;	    /* refused for its version: heaptrack_print may still read it */
	uint32_t heaptrack_version; /* e.g. 0x10400 for 1.4.0 */
	uint32_t file_version;
	const char *command; /* the 'X' line ("" when none) */
	uint64_t page_size, phys_pages;
	uint64_t allocations, temporary_allocations;
	int64_t peak_heap_bytes, peak_heap_t_ms;
	int64_t leaked_bytes;	  /* not freed at the end, less the suppressed (heaptrack_print's
	                                "total memory leaked") */
	int64_t suppressed_bytes; /* not freed at the end in sites heaptrack suppresses */
	uint64_t peak_rss_bytes;  /* largest RSS record x page size */
	int64_t total_ms;	  /* the last time stamp */
	const struct oya_htr_bucket *buckets;
	size_t nbuckets;
	int64_t bucket_ms; /* the buckets' width */
	const struct oya_htr_site *sites;
	size_t nsites;		      /* in order of first allocation */
	const int64_t *others_series; /* live bytes of the sites without a series, per bucket */
	size_t nstrings, nips, ntraces, ninfos;
};

typedef struct oya_htr oya_htr;

/* A new reader; NULL on ENOMEM. Free with oya_htr_free (NULL ok). */
oya_htr *oya_htr_new(void);
void oya_htr_free(oya_htr *r);

/* Parse LEN more bytes. 0 ok; -1 once a problem stopped the reading (later calls do nothing). */
int oya_htr_feed(oya_htr *r, const char *buf, size_t len);

/* Mark the reading as failed with WHY (e.g. a decompression error); the first problem stays. */
void oya_htr_fail(oya_htr *r, const char *why);

/* End of the stream: close the series and return the result, owned by R (valid until oya_htr_free;
 * calling it again returns the same). A result with complete false still holds what was read. */
const struct oya_htr_result *oya_htr_finish(oya_htr *r);

/* The frames of TRACE, innermost first (operator new frames at the top are skipped, as heaptrack
 * does). Writes at most CAP frames into OUT; returns the number of frames in the trace. */
size_t oya_htr_stack(const oya_htr *r, uint32_t trace, struct oya_htr_frame *out, size_t cap);

#endif
