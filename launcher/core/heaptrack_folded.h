/*
 * Folded call stacks ("outer;...;inner bytes" lines, as heaptrack_print -F writes them)
 * from oya's reader, for the flame graphs: each site's share of the peak heap, or its
 * bytes not freed at the end (less heaptrack's suppressed leaks). Frames outside main are left out, as heaptrack_print does.
 * Pure.
 */
#ifndef OYA_HEAPTRACK_FOLDED_H
#define OYA_HEAPTRACK_FOLDED_H

#include <stdbool.h>

#include "heaptrack_reader.h"

/* The folded stacks of the finished reader R: AT_PEAK the live bytes at the heap's peak, else the
 * bytes not freed at the end. A malloc'd string the caller frees; NULL on ENOMEM. */
char *oya_htr_folded(oya_htr *r, bool at_peak);

#endif
