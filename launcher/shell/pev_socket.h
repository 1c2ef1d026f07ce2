/* The socket that hears the kernel's process events (proc_events.h): opened, subscribed, read. */
#ifndef OYA_PEV_SOCKET_H
#define OYA_PEV_SOCKET_H

#include "proc_events.h"

/* Set (to anything) in the environment, the launcher does not use the process events and
 * follows the tree by the children files; for tests (HACKING.md). */
#define OYA_PEV_OFF_ENV "OYA_NO_PROC_EVENTS"

/*
 * A netlink socket subscribed to the fork, exec and exit events of every process
 * (close-on-exec and non-blocking: the command never gets it). -1 with errno when they
 * cannot be had: ECANCELED (OYA_NO_PROC_EVENTS is set), EPERM or EACCES (not root, no
 * CAP_NET_ADMIN), EPROTONOSUPPORT (no connector in the kernel), ETIMEDOUT (the kernel did
 * not answer: no CONFIG_PROC_EVENTS, or another pid namespace, where it sends nothing).
 */
int oya_pev_open(void);

/* Why oya_pev_open failed with ERR, in words for -v. */
const char *oya_pev_why(int err);

/*
 * Pass every event waiting on FD to FN. 0 when there is nothing more to read; -1 with errno
 * otherwise: ENOBUFS when the socket overran and events were lost (the socket goes on).
 */
int oya_pev_read(int fd, oya_pev_fn fn, void *ctx);

#endif
