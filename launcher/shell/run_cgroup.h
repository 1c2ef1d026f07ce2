/*
 * The run's cgroup as the runner uses it (cgroup.h is the group on disk): made
 * before the start, read into a "cgroup" line of the JSONL each interval, its
 * final figures taken and the group removed once the last process is reaped.
 */
#ifndef OYA_RUN_CGROUP_H
#define OYA_RUN_CGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "cgroup.h"
#include "config_priv.h"

struct oya_run_cg {
	struct oya_cgroup *cg;	/* NULL: the run has none */
	const char *output;	/* the JSONL */
	const char *host, *run; /* the run's identity, in every line */
	uint64_t t0_ns, interval_ns, next_ns, seq;
	int write_errno; /* the first failed append */
	bool have_final;
	bool observed;		   /* the group of an attached process: read only, never removed */
	int64_t oom_base;	   /* its OOM kills before the run (-1: unknown) */
	struct oya_cg_final final; /* its path points into the copy below */
	char path[OYA_CG_PATH_MAX];
};

/* Make the group for CFG before anything of the run is written. OYA_OK with or without one
 * (without: one notice says why, unless quiet); OYA_ERR_NO_CGROUP when CFG sets a memory limit
 * and no group can hold it. */
oya_error oya_run_cg_open(struct oya_run_cg *c, const struct oya_config *cfg);

/* The group the running process PID lives in, read only, for an attached run. OYA_OK with or
 * without one (without: a notice says why). */
oya_error oya_run_cg_observe(struct oya_run_cg *c, const struct oya_config *cfg, pid_t pid);

/* The run starts at T0_NS (monotonic) and writes its lines to OUTPUT. */
void oya_run_cg_start(struct oya_run_cg *c, const char *output, uint64_t t0_ns);

/* Append a "cgroup" line when an interval has passed since the last one (NOW: monotonic ns). */
void oya_run_cg_sample(struct oya_run_cg *c, uint64_t now);

/* After the last process is reaped: the kernel's figures (HAVE_FINAL, FINAL), then the group is
 * removed (a failure is one notice) and released. Safe without a group and more than once. */
void oya_run_cg_close(struct oya_run_cg *c, const struct oya_config *cfg);

/* 1 when the group counted an OOM kill, 0 when it counted none, -1 when it is not known. */
int oya_run_cg_oom_killed(const struct oya_run_cg *c);

#endif
