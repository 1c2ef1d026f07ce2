/*
 * The HTML report's heap sections: the traced process's heap in use (heaptrack)
 * beside its RSS on one time axis, with what the gap between them means, and the
 * growing allocation sites with their full stacks. Pure.
 */
#ifndef OYA_HTML_HEAP_H
#define OYA_HTML_HEAP_H

#include <stdio.h>
#include <json-c/json.h>

#include "summary.h"

enum oya_heap_gap {
	OYA_GAP_NONE,	   /* no traced process or nothing to compare */
	OYA_GAP_STEADY,	   /* RSS does not keep climbing */
	OYA_GAP_ALLOCATOR, /* RSS climbs, the heap is flat: freed memory kept (fragmentation, arenas) */
	OYA_GAP_HEAP_LEAK, /* both climb */
	OYA_GAP_INVISIBLE, /* RSS climbs with no heap data: memory heaptrack cannot see */
	OYA_GAP_HEAP_ONLY, /* the heap climbs, RSS not yet */
};

/* The process heaptrack traced: the one whose name is the command's (SUMMARY's "command"), else
 * the one with the most samples; NULL when ST has none. */
const struct oya_proc *oya_heap_traced(const struct oya_stats *st, const json_object *summary);

/* What the gap between P's RSS and the heap of HT (SUMMARY's "heaptrack") means, and in words. */
enum oya_heap_gap oya_heap_gap_judge(const struct oya_proc *p, const json_object *ht);
const char *oya_heap_gap_words(enum oya_heap_gap g);

/* Both sections; nothing when SUMMARY has no heaptrack object. 0 ok, -1 on a write error. */
int oya_html_heap(FILE *out, const struct oya_stats *st, const json_object *summary);

#endif
