/* Private to liboya's runner: what a run knows, and the summary handle. */
#ifndef OYA_RUN_PRIV_H
#define OYA_RUN_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config_priv.h"
#include "launch_core.h"

struct oya_proc_brief {
	int64_t pid;
	char *exe;
	double max_rss_mb, avg_rss_mb;
	uint64_t samples;
};

struct oya_summary {
	char *stop_reason;          /* static strings are copied so the handle owns everything */
	int exit_code, signal, exit_status;
	double max_rss_mb, avg_rss_mb;
	uint64_t samples;
	char *summary_path, *output_path, *heaptrack_file;
	struct oya_proc_brief *procs;
	size_t nprocs;
};

/* Everything finish.c needs from the run. */
struct oya_run_facts {
	const struct oya_config *cfg;
	char *const *command;       /* as the user gave it */
	const char *output;         /* absolute JSONL path */
	const char *summary;        /* summary path */
	const char *heaptrack_base; /* heaptrack -o argument (NULL without heaptrack) */
	int64_t started_ms, ended_ms;
	struct oya_end end;
	int interrupt_sig;          /* the signal the launcher got ("interrupted") */
	bool killed_externally;
	uint64_t observed_peak_kb;  /* the launcher's own view, for the human summary */
	size_t processes_seen;
};

/* Read the JSONL, compute the statistics, read heaptrack's data, write the
 * summary file and build the handle. Prints the human summary when asked.
 * Returns OYA_OK with *out set, or an error (detail set). */
oya_error oya_run_finish(const struct oya_run_facts *f, struct oya_summary **out);

/* The whole run, in the calling thread (oya_run and the background thread). */
oya_error oya_run_blocking(const struct oya_config *cfg, oya_summary **out);

/* Write MSG to stderr as "PREFIX: MSG\n" in one write. */
__attribute__((format(printf, 2, 3))) void oya_note(const struct oya_config *cfg, const char *fmt, ...);

#endif
