/*
 * oya-launch --metrics-file: the run's metrics for Prometheus (openmetrics.h),
 * rewritten every interval while the run lasts. Each version goes to a new file
 * in the same directory, then is renamed over the old one, so a reader (the
 * node_exporter textfile collector) never sees half a file.
 */
#ifndef OYA_METRICS_FILE_H
#define OYA_METRICS_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "config_priv.h"

struct oya_acc;

struct oya_metrics_file {
	const struct oya_config *cfg; /* NULL: no metrics file */
	const char *samples;	      /* the run's JSONL, read as it grows */
	int dirfd;		      /* the metrics file's directory, -1 until opened */
	bool world_writable;	      /* the directory is: nothing there is trusted */
	char *base;		      /* the file's name in it */
	FILE *in;
	struct oya_acc *acc;
	uint64_t next_ns, period_ns;
	bool failed; /* reported once; no more writes */
};

/* Prepare M for CFG's metrics file (none: M stays off); SAMPLES is the JSONL. 0, or -1 with the
   detail set when the directory cannot be used. */
oya_error oya_metrics_file_init(struct oya_metrics_file *m, const struct oya_config *cfg,
				const char *samples);

/* Rewrite the file if an interval has passed since the last time (NOW: CLOCK_MONOTONIC ns). */
void oya_metrics_file_update(struct oya_metrics_file *m, uint64_t now_ns);

/* The last version: from the summary JSON at SUMMARY (heaptrack's and the cgroup's figures with
   the run's), else from the samples. */
void oya_metrics_file_final(struct oya_metrics_file *m, const char *summary);

void oya_metrics_file_release(struct oya_metrics_file *m);

#endif
