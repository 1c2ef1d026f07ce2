/* The end of a run: from what the run saw to the summary file and handle. */
#ifndef OYA_FINISH_H
#define OYA_FINISH_H

#include <stdbool.h>
#include <stdint.h>

#include "tree_facts.h"
#include "cgroup_parse.h"
#include "config_priv.h"
#include "launch_core.h"

/* Everything finish.c needs from the run. */
struct oya_run_facts {
	const struct oya_config *cfg;
	char *const *command;	    /* as the user gave it */
	const char *output;	    /* absolute JSONL path */
	const char *summary;	    /* summary path */
	const char *heaptrack_base; /* heaptrack -o argument (NULL without heaptrack) */
	int64_t ht_pid;		    /* the process heaptrack traced (0: not known) */
	const char *ht_exe;	    /* its program's base name */
	int64_t started_ms, ended_ms;
	struct oya_end end;
	int interrupt_sig; /* the signal the launcher got ("interrupted") */
	bool killed_externally;
	const char *host, *run;		   /* the run's identity */
	uint64_t observed_peak_kb;	   /* the launcher's own view, for the human summary */
	const struct oya_cg_final *cgroup; /* the kernel's figures; NULL without a cgroup */
	int oom_killed;			   /* from the cgroup's counter: 1, 0; -1 unknown */
	const struct oya_tree_facts *tree; /* how the tree was followed; NULL: not said */
};

/* Read the JSONL, compute the statistics, read heaptrack's data, write the
 * summary file and build the handle. Prints the human summary when asked.
 * Returns OYA_OK with *out set, or an error (detail set). */
oya_error oya_run_finish(const struct oya_run_facts *f, struct oya_summary **out);

#endif
