/* Private to the runner's files: what one run knows while it runs. */
#ifndef OYA_RUN_H
#define OYA_RUN_H

#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "config_priv.h"
#include "ht_output.h"
#include "identity.h"
#include "metrics_file.h"
#include "outputs.h"
#include "run_cgroup.h"
#include "stop_reason.h"
#include "tree.h"

/* The supervision loop's phases (supervise.c). */
enum run_phase {
	PHASE_RUNNING,	/* the command runs, no stop asked */
	PHASE_STOPPING, /* a limit or a signal asked it to stop; waiting for it */
	PHASE_DRAINING, /* the command ended; its leftover processes are being stopped */
	PHASE_DONE,	/* nothing of the command is left */
};

struct run {
	const struct oya_config *cfg;
	char resolved[PATH_MAX], heaptrack[PATH_MAX], preload[PATH_MAX], helper[PATH_MAX];
	struct oya_outputs out;
	char env_preload[PATH_MAX * 2 + 32], env_output[PATH_MAX * 2 + 16], env_interval[48], env_t0[48];
	char host[OYA_HOST_MAX], run_id[OYA_RUN_ID_MAX], env_run[OYA_RUN_ID_MAX + 8];
	char **argv, **envp;
	sigset_t old_mask;
	int sfd;
	/* heaptrack's own stdout and stderr: a pipe the launcher reads; the
	 * command's are handed to oya-exec as these descriptors ("-": none) */
	int ht_fd;
	struct oya_ht_lines ht_lines;
	bool std_open[2]; /* the launcher's stdout, stderr */
	char fd_arg[2][16];
	char pgid_arg[24]; /* the launcher's process group, for oya-exec */
	/* the run's cgroup, and its cgroup.procs for oya-exec ("-": none) */
	struct oya_run_cg cg;
	char cg_arg[OYA_CG_PATH_MAX * 2 + 16];
	int guard; /* the guard's socket (guard.h), -1 without one */
	pid_t child;
	struct oya_tree tree;
	struct oya_metrics_file metrics; /* --metrics-file */
	bool ht;			 /* under heaptrack (the config's wish, unless it cannot work) */
	bool cmd_started;		 /* heaptrack mode: heaptrack got as far as oya-exec */
	uint64_t empty_since;		 /* heaptrack mode: the target's tree has been empty since */
	int stuck_rounds;
	int prev_subreaper;
	/* the end */
	enum run_phase phase;
	enum oya_stop_reason stop; /* OYA_STOP_NONE until the launcher stops the command */
	int stop_sig, interrupt_sig;
	bool sent_kill, child_done, progress_shown, leftovers;
	int child_status;
	uint64_t kill_at;
	uint64_t daemon_empty_since; /* no process of the tree seen since (0: one was) */
	int events_errno;	     /* why the tree is followed without the process events (0: with them) */
	bool said_lost;		     /* -v said once that process events were lost */
	struct oya_disk disk;
};

/* Find the programs, prepare the outputs, build the command's argv and
 * environment (command.c). */
oya_error oya_run_prepare(struct run *r);

/* Start the command (start.c); T0 is the run's start on the monotonic clock. */
oya_error oya_run_start(struct run *r, uint64_t t0);

/* Follow the command until nothing of it is left (supervise.c). */
void oya_run_supervise(struct run *r, uint64_t t0);

/* Open the kernel's process events for the tree, before the command starts, and say with -v
 * how the tree is followed (run_tree.c). */
void oya_run_follow(struct run *r);

/* The process events that came: applied to the tree; lost ones said once with -v, and NEXT_TREE
 * (the next scan) moved to NOW to walk the children files. True when the tree changed (run_tree.c). */
bool oya_run_tree_events(struct run *r, uint64_t *next_tree, uint64_t now);

/* The progress line on stderr (supervise.c). */
void oya_run_progress(struct run *r, uint64_t now, uint64_t t0);

/* Observe the running process the config names, read SET's signals from a signalfd, and
 * write the summary (attach.c). */
oya_error oya_run_attached(struct run *r, const sigset_t *set, oya_summary **out);

struct oya_run_facts;
/* What every run tells oya_run_finish: its configuration, outputs and identity, the
 * tree's peak and the cgroup's final figures (runner.c). */
void oya_run_facts_fill(const struct run *r, struct oya_run_facts *f);

#endif
