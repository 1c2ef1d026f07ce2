/*
 * heaptrack's figures for a summary: oya's own reader of the data file, and
 * heaptrack_print's figures instead for a file version the reader does not know.
 */
#ifndef OYA_HEAPTRACK_SUMMARY_H
#define OYA_HEAPTRACK_SUMMARY_H

#include <stdint.h>
#include <json-c/json.h>

#include "heaptrack_parse.h"

/* Read DATA_FILE into *H (its members owned: oya_heaptrack_release) and return the summary's
 * "heaptrack" object (caller owns it; NULL on ENOMEM). ANCHOR_MS: the wall-clock time of
 * heaptrack's time 0 (heaptrack_json.h). */
json_object *oya_heaptrack_summary(const char *data_file, int64_t anchor_ms, struct oya_heaptrack *h);

#endif
