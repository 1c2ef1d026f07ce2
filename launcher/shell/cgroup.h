/*
 * A cgroup for one run, so that the kernel accounts its memory: the exact peak, the OOM kills,
 * an optional limit. cgroup v2 where the launcher's own group lets it make a child with the
 * memory controller, else the v1 memory hierarchy. Files and directories only: no daemon,
 * no D-Bus. Not thread-safe; one group per run.
 *
 * The run's order: oya_cgroup_create before spawning; oya_cgroup_enter in the child between
 * fork and exec; oya_cgroup_read each interval; after the last process is reaped
 * oya_cgroup_final, then oya_cgroup_remove, and oya_cgroup_free once the summary is written.
 */
#ifndef OYA_CGROUP_H
#define OYA_CGROUP_H

#include <stdint.h>
#include <sys/types.h>

#include "cgroup_parse.h"

struct oya_cgroup;

/*
 * Make the run's group below the launcher's own group and write LIMIT (bytes; 0: no limit) to
 * memory.max (v1: memory.limit_in_bytes). First removes empty "oya-PID-START" siblings that
 * a launcher killed with SIGKILL left behind (PID dead, or alive with another start time).
 * ROOT: "" for this system; tests give a directory that holds proc/self/cgroup,
 * proc/self/mountinfo, proc/self/stat, proc/PID/stat and the mounted hierarchies below it.
 * NAME: NULL for "oya-PID-START" (this process's pid and start time in clock ticks).
 * Returns the group (the caller owns it: oya_cgroup_free), or NULL with one line in WHY saying
 * why there is none ("no cgroup for the run: ...", no newline): the run goes on without it.
 */
struct oya_cgroup *oya_cgroup_create(const char *root, const char *name, uint64_t limit, char *why,
				     size_t cap);

/* The group PID already lives in, read only (never made, entered or removed): v2 where it has
 * the memory figures, else the v1 memory hierarchy. ROOT as for oya_cgroup_create. NULL with one
 * line in WHY when there is none to read. */
struct oya_cgroup *oya_cgroup_observe(const char *root, pid_t pid, char *why, size_t cap);

/* Move PID into the group (cgroup.procs). Async-signal-safe (open, write, close): for the child
   between fork and exec, with PID 0 meaning the caller. 0 ok, -1 with errno. */
int oya_cgroup_enter(const struct oya_cgroup *cg, pid_t pid);

/* The group's usage now (memory.current or usage_in_bytes) and memory.stat's split. Unknown
   figures are -1. 0 ok, -1 when the usage could not be read (the group is gone). */
int oya_cgroup_read(const struct oya_cgroup *cg, struct oya_cg_usage *u);

/* The kernel's figures for the whole run: peak (memory.peak, Linux 5.19+; v1 max_usage_in_bytes),
   limit (none: -1), oom_kills (oom_kill), oom_events (v2 memory.events "oom"; v1: -1). F->path
   points into CG. 0 ok, -1 when none of them could be read. */
int oya_cgroup_final(const struct oya_cgroup *cg, struct oya_cg_final *f);

/* Remove the group's directory, retrying for up to about half a second while the kernel lets the
   last processes go. 0 ok (also when it is already gone), -1 with one line in WHY. */
int oya_cgroup_remove(struct oya_cgroup *cg, char *why, size_t cap);

/* Release CG (its directory stays unless removed). NULL is a no-op. */
void oya_cgroup_free(struct oya_cgroup *cg);

enum oya_cg_version oya_cgroup_version(const struct oya_cgroup *cg);
/* The group as /proc/PID/cgroup shows it ("/user.slice/.../oya-12-34"). */
const char *oya_cgroup_path(const struct oya_cgroup *cg);
/* Its directory (below ROOT). */
const char *oya_cgroup_dir(const struct oya_cgroup *cg);
/* Its cgroup.procs file, for a program that enters the group itself (oya-exec). */
const char *oya_cgroup_procs(const struct oya_cgroup *cg);

#endif
