/*
 * Growing sites: the allocation sites whose live bytes kept climbing during a run,
 * judged by the tree's leak rule (oya_leak_assess in leak.c: warm-up, enough data,
 * Theil–Sen growth, not flat, above the noise, still climbing) on each site's series
 * from the heaptrack reader. Sites that churn, sawtooth, or fill and level off are
 * not listed. Pure.
 */
#ifndef OYA_GROWING_SITES_H
#define OYA_GROWING_SITES_H

#include <stddef.h>
#include <stdint.h>

#include "heaptrack_reader.h"

struct oya_growing_site {
	uint32_t trace;		      /* heaptrack's trace index */
	double growth_bytes_per_hour; /* the robust slope after warm-up */
	int64_t live_end;	      /* bytes still allocated here at the end */
	uint64_t allocations;
	char reason[160];	      /* words: why it counts as growing */
	struct oya_htr_frame *frames; /* innermost first; owned, the strings belong to the reader */
	size_t nframes;
};

/* Judge every site of the reader R (finished here if it is not yet) that has a series. At most
 * CAP sites, the fastest growing first, go into *OUT (malloc'd; free with oya_growing_sites_free);
 * *TOTAL is how many passed (it can exceed *N). Frames are cut at MAX_FRAMES per site.
 * 0 ok, -1 on ENOMEM. */
int oya_growing_sites_find(oya_htr *r, size_t cap, size_t max_frames, struct oya_growing_site **out,
			   size_t *n, size_t *total);
void oya_growing_sites_free(struct oya_growing_site *s, size_t n); /* NULL ok */

#endif
