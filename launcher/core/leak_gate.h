/*
 * The leak gate of --fail-on-leak (oya-summary and oya-launch): a summary suspects a
 * leak when the tree's RSS verdict does or heaptrack saw a growing allocation site.
 * Pure.
 */
#ifndef OYA_LEAK_GATE_H
#define OYA_LEAK_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

/* True when SUMMARY (a summary JSON object) suspects a leak; WHY (CAP bytes) then says which:
 * the tree's verdict and reason, the number of growing sites and the first one's function. */
bool oya_leak_gate(const json_object *summary, char *why, size_t cap);

#endif
