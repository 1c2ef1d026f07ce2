/*
 * The summary's "heaptrack" object from oya's own reading of the data file
 * (heaptrack_reader.h): the figures, the growing sites and the heap over time.
 * Pure: works on a reader that has been fed the whole file.
 */
#ifndef OYA_HEAPTRACK_JSON_H
#define OYA_HEAPTRACK_JSON_H

#include <stdint.h>
#include <json-c/json.h>

#include "heaptrack_parse.h"
#include "heaptrack_reader.h"

#define OYA_HT_SITES_MAX 50   /* growing sites in the JSON; the rest are counted */
#define OYA_HT_FRAMES_MAX 32  /* frames per growing site */
#define OYA_HT_SERIES_MAX 256 /* points of heap_series (the chart's resolution) */

/* R's figures into H (data_file untouched). */
void oya_htr_figures(const struct oya_htr_result *res, struct oya_heaptrack *h);

/* The "heaptrack" object for R read from DATA_FILE. ANCHOR_MS is the wall-clock time (ms since
 * the epoch) of heaptrack's time 0, used for heap_series and peak_heap_at. Figures, sites and
 * series are null when the reading is not complete. Caller owns the result; NULL on ENOMEM. */
json_object *oya_htr_json(oya_htr *r, const char *data_file, int64_t anchor_ms);

/* The growing sites in HT (a "heaptrack" object): how many, and the first one's function in
 * NAME (CAP bytes, "" when none). */
size_t oya_htr_json_growing(const json_object *ht, char *name, size_t cap);

#endif
