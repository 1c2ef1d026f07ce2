/*
 * The exit statuses oya's programs share with shells: 125 oya's own failure,
 * 126 found but cannot run, 127 not found, 128+N died of signal N. Header
 * only: the static oya-exec uses it without liboya.
 */
#ifndef OYA_EXIT_STATUS_H
#define OYA_EXIT_STATUS_H

#include <errno.h>

#define OYA_EXIT_FAILURE 125	/* oya-launch's own failure */
#define OYA_EXIT_CANNOT_RUN 126 /* command found but not executable */
#define OYA_EXIT_NOT_FOUND 127	/* command not found */
#define OYA_EXIT_SIGNAL_BASE 128

/* The status for an exec that failed with ERR. */
static inline int oya_exit_for_exec_errno(int err)
{
	return err == ENOENT || err == ENOTDIR ? OYA_EXIT_NOT_FOUND : OYA_EXIT_CANNOT_RUN;
}

/* The status of a process that died of signal SIG, as a shell reports it. */
static inline int oya_exit_for_signal(int sig)
{
	return OYA_EXIT_SIGNAL_BASE + sig;
}

/* Does STATUS (a shell's exit status) report death by a signal? Its number in *SIG. */
static inline int oya_exit_is_signal(int status, int *sig)
{
	if (status <= OYA_EXIT_SIGNAL_BASE || status > OYA_EXIT_SIGNAL_BASE + 64)
		return 0;
	*sig = status - OYA_EXIT_SIGNAL_BASE;
	return 1;
}

#endif
