/*
 * The defaults and bounds of a run, in one place for liboya's config and
 * oya-launch's options. The public ones are in oya/oya.h (OYA_RUN_*); the
 * preload's own copies (settings.h) are checked against them in bounds.c.
 */
#ifndef OYA_BOUNDS_H
#define OYA_BOUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "oya/oya.h"

#define OYA_MAX_KILL_AFTER_MS 3600000u
#define OYA_LAUNCH_DEFAULT_OUTPUT "memory-profile.jsonl"
#define OYA_DEFAULT_MIN_FREE_BYTES (1024ULL * 1024 * 1024)
#define OYA_DEFAULT_MIN_FREE_PERCENT 5u
#define OYA_MAX_MIN_FREE_PERCENT 50u

/* The defaults of a run that neither the caller of oya_config_new nor oya-launch's options set. */
struct oya_run_defaults {
	uint64_t duration_ms, interval_ms, kill_after_ms;
	uint64_t min_free_bytes;
	unsigned min_free_percent;
	int stop_signal;
	const char *output;
};
extern const struct oya_run_defaults oya_run_defaults;

/* NULL when MS is within the bounds, else why not, as words: "below the 1s minimum",
 * "above the 4h maximum"; for the interval FAST lowers the minimum (fast sampling). */
const char *oya_duration_out_of_bounds(uint64_t ms);
const char *oya_interval_out_of_bounds(uint64_t ms, bool fast);
const char *oya_kill_after_out_of_bounds(uint64_t ms);

#endif
