/* Durations as users write them: "10", "200ms", "1m30s", "2h". Pure. */
#ifndef OYA_DURATION_H
#define OYA_DURATION_H

#include <stddef.h>
#include <stdint.h>

/* Largest duration accepted: 100 days, far above any bound the tools set. */
#define OYA_DURATION_MAX_MS (100ULL * 24 * 3600 * 1000)

/*
 * Parse S into milliseconds. A duration is one or more "<digits><unit>" terms,
 * units ms, s, m, h, each at most once and in decreasing order; a bare number
 * is seconds. Returns 0 on success; -1 with *why set to a static phrase
 * ("is empty", "has no number before the unit", ...) on error.
 */
int oya_duration_parse(const char *s, uint64_t *out_ms, const char **why);

/* Write MS as the shortest duration string ("1m30s", "200ms", "0s"). Returns the
 * length, or 0 when CAP is too small. The result is NUL-terminated. */
size_t oya_duration_format(char *buf, size_t cap, uint64_t ms);

#endif
