/*
 * Why a run ended: one enum and one table of the names the summary JSON and
 * oya_summary_stop_reason() use. Pure.
 */
#ifndef OYA_STOP_REASON_H
#define OYA_STOP_REASON_H

#include <stdbool.h>

enum oya_stop_reason {
	OYA_STOP_NONE,		   /* still running, nothing asked it to stop */
	OYA_STOP_EXITED,	   /* "exited": it ended on its own */
	OYA_STOP_SIGNALED,	   /* "signaled": a signal the launcher did not send */
	OYA_STOP_DURATION_LIMIT,   /* "duration_limit" */
	OYA_STOP_INTERRUPTED,	   /* "interrupted": the launcher got SIGINT, SIGTERM or SIGHUP */
	OYA_STOP_DISK_LIMIT,	   /* "disk_limit": the disk reserve was reached */
	OYA_STOP_HEAPTRACK_FAILED, /* "heaptrack_failed": heaptrack ended before it started the command */
	OYA_STOP_DETACHED,	   /* "detached": an attached run stopped observing; the process runs on */
};

/* The name of R ("exited", ...); NULL for OYA_STOP_NONE or a value out of range. */
const char *oya_stop_reason_name(enum oya_stop_reason r);

/* Did one of the launcher's limits end the run (duration or disk)? */
bool oya_stop_is_limit(enum oya_stop_reason r);

#endif
