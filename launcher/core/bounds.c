#include "bounds.h"

#include <signal.h>

#include "settings.h"

/* the preload reads OYA_SAMPLING_INTERVAL with its own copies of these */
_Static_assert(OYA_DEFAULT_INTERVAL_MS == OYA_RUN_DEFAULT_INTERVAL_MS, "settings.h and oya.h disagree");
_Static_assert(OYA_MIN_INTERVAL_MS == OYA_RUN_MIN_INTERVAL_MS, "settings.h and oya.h disagree");
_Static_assert(OYA_MIN_FAST_INTERVAL_MS == OYA_RUN_MIN_FAST_INTERVAL_MS, "settings.h and oya.h disagree");
/* the words below name these values */
_Static_assert(OYA_RUN_MIN_DURATION_MS == 1000 && OYA_RUN_MAX_DURATION_MS == 4 * 3600000u, "words");
_Static_assert(OYA_RUN_MIN_INTERVAL_MS == 5000 && OYA_RUN_MIN_FAST_INTERVAL_MS == 100, "words");
_Static_assert(OYA_MAX_KILL_AFTER_MS == 3600000u, "words");

const struct oya_run_defaults oya_run_defaults = {
	.duration_ms = OYA_RUN_DEFAULT_DURATION_MS,
	.interval_ms = OYA_RUN_DEFAULT_INTERVAL_MS,
	.kill_after_ms = OYA_RUN_DEFAULT_KILL_AFTER_MS,
	.min_free_bytes = OYA_DEFAULT_MIN_FREE_BYTES,
	.min_free_percent = OYA_DEFAULT_MIN_FREE_PERCENT,
	.stop_signal = SIGTERM,
	.output = OYA_LAUNCH_DEFAULT_OUTPUT,
};

const char *oya_duration_out_of_bounds(uint64_t ms)
{
	if (ms < OYA_RUN_MIN_DURATION_MS)
		return "below the 1s minimum";
	if (ms > OYA_RUN_MAX_DURATION_MS)
		return "above the 4h maximum";
	return NULL;
}

const char *oya_interval_out_of_bounds(uint64_t ms, bool fast)
{
	if (ms < (fast ? OYA_RUN_MIN_FAST_INTERVAL_MS : OYA_RUN_MIN_INTERVAL_MS))
		return fast ? "below the 100ms minimum" : "below the 5s minimum";
	return NULL;
}

const char *oya_kill_after_out_of_bounds(uint64_t ms)
{
	return ms > OYA_MAX_KILL_AFTER_MS ? "above the 1h maximum" : NULL;
}
