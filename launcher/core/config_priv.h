/* The inside of oya_config and the per-thread error detail; private to liboya. */
#ifndef OYA_CONFIG_PRIV_H
#define OYA_CONFIG_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oya/oya.h"
#include "pss_budget.h"

struct oya_config {
	uint64_t duration_ms, interval_ms, kill_after_ms;
	uint64_t min_free_bytes;
	unsigned min_free_percent;
	bool min_free_default;
	bool allow_fast, heaptrack, progress, human_summary;
	bool verbose;	  /* heaptrack's routine messages too */
	bool daemon;	  /* the run goes on while any process of the tree lives */
	bool sole_parent; /* oya-launch: the caller has no children but the command's tree */
	int stop_signal;
	enum oya_pss_mode pss; /* passed to the command as OYA_PSS; the launcher's own reads follow it */
	bool edges;	       /* --sampler launcher: OYA_SAMPLER=edges, the periodic samples from outside */
	uint64_t memory_limit; /* bytes for the run's cgroup; 0: none */
	bool cgroup;	       /* run in a cgroup of its own when one can be made */
	int64_t pid;	       /* observe this running process instead of the program (0: run it) */
	char *output;	       /* as given; relative to the working directory */
	char *summary;	       /* NULL: derived from output */
	char *metrics_file;    /* NULL: none */
	char **argv;	       /* program and args, NULL-terminated */
	char **hargs;	       /* extra heaptrack arguments */
	size_t nhargs;
	char *prefix;  /* for messages */
	char *preload; /* NULL: searched */
};

/* Set this thread's error detail and return ERR. */
__attribute__((format(printf, 2, 3))) oya_error oya_fail(oya_error err, const char *fmt, ...);
void oya_detail_clear(void);
/* Copy DETAIL into this thread's detail (for join). */
void oya_detail_set(const char *detail);

/* Check CFG as a whole (the interval floor depends on fast sampling). */
oya_error oya_config_check(const struct oya_config *cfg);

#endif
