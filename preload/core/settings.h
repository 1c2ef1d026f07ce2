/* The OYA_* environment settings, parsed from strings. Pure. */
#ifndef OYA_SETTINGS_H
#define OYA_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pss_budget.h"

#define OYA_DEFAULT_OUTPUT "./memory-profile.jsonl"
#define OYA_DEFAULT_INTERVAL_MS 10000u
#define OYA_MIN_INTERVAL_MS 5000u
#define OYA_MIN_FAST_INTERVAL_MS 100u

struct oya_settings {
	bool disabled;	    /* OYA_DISABLE=1 */
	bool allow_fast;    /* OYA_ALLOW_FAST_SAMPLING=1 */
	const char *output; /* template; points into the input or the default */
	uint64_t interval_ms;
	bool have_t0;
	uint64_t t0_ns;	       /* OYA_T0: CLOCK_MONOTONIC nanoseconds */
	enum oya_pss_mode pss; /* OYA_PSS: auto (default), always, off */
	bool edges;	       /* OYA_SAMPLER=edges: start and exit lines, no thread */
};

/* The raw values, NULL when the variable is unset. */
struct oya_env {
	const char *output;
	const char *interval;
	const char *allow_fast;
	const char *disable;
	const char *t0;
	const char *pss;
	const char *sampler;
};

/*
 * Fill OUT from ENV. Bad values fall back to defaults; each problem is described
 * in WARN (one line per problem, no prefix, no trailing newline; truncated to
 * WARNCAP). Returns the number of problems found.
 */
int oya_settings_parse(struct oya_settings *out, const struct oya_env *env, char *warn, size_t warncap);

/* Parse a boolean setting: "1", "yes", "true", "on" (any case) are true. */
bool oya_setting_true(const char *v);

#endif
