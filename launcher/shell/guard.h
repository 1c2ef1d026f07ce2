/*
 * The guard: a small process that outlives a launcher killed by SIGKILL and
 * then kills what the launcher started, so no process of the run is left
 * behind (PR_SET_PDEATHSIG reaches only the launcher's direct child, not the
 * target under heaptrack's script nor the target's own children).
 */
#ifndef OYA_GUARD_H
#define OYA_GUARD_H

#include <stdbool.h>
#include <sys/types.h>

/* Start the guard, before the launcher becomes a subreaper (else the detached
 * guard would come back to it). Returns the launcher's end of the guard's
 * socket (close-on-exec), or -1 with errno: the run then goes on unguarded. */
int oya_guard_start(void);

/* Tell the guard the MARKER ("NAME=VALUE", in the command's environment) of the
 * processes to kill if the launcher dies. 0 ok, -1 with errno. */
int oya_guard_arm(int fd, const char *marker);

/* The run ended normally: release the guard (it exits without killing). */
void oya_guard_release(int fd);

/* Does /proc/PID/environ hold MARKER ("NAME=VALUE") as a whole entry? The
 * guard's own test, for the tree: an orphan is the run's only with it. */
bool oya_guard_marked(pid_t pid, const char *marker);

#endif
