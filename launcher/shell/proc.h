/* Reading /proc: the process list, and what one process maps, sets and runs. */
#ifndef OYA_PROC_H
#define OYA_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pss_budget.h"
#include "smaps_rollup.h"

struct oya_procinfo {
	pid_t pid;
	int64_t ppid;
	uint64_t start;
	char state;
	int member; /* the tree's mark: 1 member, 0 not (yet) */
};

/* Does PID map a file named NAME as code? */
bool oya_proc_has_map(pid_t pid, const char *name);
/* Does PID's environment set VAR? */
bool oya_proc_has_env(pid_t pid, const char *var);
/* PID's image: 1 dynamic, 0 static, -1 unknown. */
int oya_proc_is_dynamic(pid_t pid);
/* The base name of PID's executable ("unknown" when it cannot be read), cut to CAP. */
void oya_proc_exe(pid_t pid, char *dst, size_t cap);
/* The same, else its comm (a zombie's, 15 bytes at most) where the executable cannot be read;
 * -1 with DST "" when neither can (CAP at least 2). */
int oya_proc_name(pid_t pid, char *dst, size_t cap);

/* PID's smaps_rollup into *RU when budget B (in MODE) allows a read now; AT_START: a "start" line,
   read only under always (as the preload does). RU->have stays 0 when nothing was read. */
void oya_proc_rollup(pid_t pid, enum oya_pss_mode mode, bool at_start, struct oya_pss_budget *b,
		     struct oya_rollup *ru);

/* Every process: a malloc'd array sorted by pid. 0, or -1 with errno. */
int oya_procs_read(struct oya_procinfo **out, size_t *count);
/* PID in V (sorted by pid, N entries), or NULL: the scan looks up parents once per process per pass. */
struct oya_procinfo *oya_procs_find(struct oya_procinfo *v, size_t n, int64_t pid);

#endif
