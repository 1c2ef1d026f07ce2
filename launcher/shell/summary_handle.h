/* The summary handle a run hands to its caller (oya_summary_* in oya.h). */
#ifndef OYA_SUMMARY_HANDLE_H
#define OYA_SUMMARY_HANDLE_H

#include <stddef.h>
#include <stdint.h>

#include "config_priv.h"
#include "stop_reason.h"

struct oya_proc_brief {
	int64_t pid;
	char *exe;
	double max_rss_mb, avg_rss_mb;
	uint64_t samples;
};

struct oya_summary {
	enum oya_stop_reason stop_reason;
	int exit_code, signal, exit_status;
	double max_rss_mb, avg_rss_mb;
	double max_pss_mb, avg_pss_mb; /* the tree by PSS; negative: no line had PSS */
	uint64_t pss_rss_fallback_images;
	uint64_t samples;
	int oom_killed;		   /* 1, 0, or -1 without a cgroup */
	int64_t cgroup_peak_bytes; /* -1: unknown */
	char *summary_path, *output_path, *heaptrack_file;
	struct oya_proc_brief *procs;
	size_t nprocs;
};

#endif
