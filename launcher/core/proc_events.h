/*
 * The kernel's process events connector (netlink NETLINK_CONNECTOR, group CN_IDX_PROC,
 * CONFIG_PROC_EVENTS): the request that subscribes a socket, and the parsing of the
 * datagrams the kernel sends it. Pure: buffers in, structs out. The layouts are those of
 * linux/netlink.h (struct nlmsghdr), linux/connector.h (struct cn_msg) and linux/cn_proc.h
 * (struct proc_event), read field by field at their offsets, in the host's byte order.
 */
#ifndef OYA_PROC_EVENTS_H
#define OYA_PROC_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The event kinds of linux/cn_proc.h that oya asks for (a mask for the kernel's filter). */
#define OYA_PEV_MASK_FORK 0x00000001u
#define OYA_PEV_MASK_EXEC 0x00000002u
#define OYA_PEV_MASK_EXIT 0x80000000u

/* Room for the longest request oya_pev_request writes. */
#define OYA_PEV_REQUEST_MAX 48

enum oya_pev_kind {
	OYA_PEV_ACK = 1, /* the kernel's answer to a request: ERR, and the request's ACK + 1 */
	OYA_PEV_FORK,	 /* a new task: PID/TID the child, PPID/PTID its parent */
	OYA_PEV_EXEC,	 /* PID (TID) ran execve */
	OYA_PEV_EXIT,	 /* the task TID of PID ended (EXIT_CODE a wait status) */
	OYA_PEV_ERROR,	 /* a netlink error message: ERR the errno */
	OYA_PEV_OTHER,	 /* a process event oya does not use (uid, sid, comm, ...) */
};

struct oya_pev {
	enum oya_pev_kind kind;
	int32_t pid, tid;   /* the process (thread group) and the task; FORK: the child's */
	int32_t ppid, ptid; /* FORK: the parent; EXIT: the parent when the kernel says (else 0) */
	uint32_t exit_code; /* EXIT */
	uint32_t ack, err;  /* ACK: the message's ack field and the error (0: done); ERROR: errno */
	uint64_t ts_ns;	    /* when it happened, on the kernel's monotonic clock (CLOCK_MONOTONIC) */
};

/*
 * Write into BUF the netlink message that starts (LISTEN) or stops the events for the
 * sending socket (PORTID, 0: let the kernel fill it in). EVENTS 0 writes the classic form,
 * every kind, which every kernel answers with an ACK carrying ACK + 1; a mask writes the
 * filtered form (struct proc_input), which kernels from 6.6 apply and older ones ignore.
 * Returns the length, 0 when CAP is too small.
 */
size_t oya_pev_request(void *buf, size_t cap, bool listen, uint32_t events, uint32_t seq, uint32_t ack,
		       uint32_t portid);

typedef void (*oya_pev_fn)(void *ctx, const struct oya_pev *ev);

/*
 * Pass each process event in BUF (LEN bytes, one datagram: any number of netlink messages)
 * to FN. Messages of other connectors and other netlink types are skipped. Returns the
 * number of events passed, or -1 at the first malformed message (a length that does not
 * fit, an event shorter than its kind); the events before it were passed.
 */
int oya_pev_parse(const void *buf, size_t len, oya_pev_fn fn, void *ctx);

#endif
