/* The preload's reads of its own /proc files: no allocation, no descriptor kept. */
#ifndef OYA_PROC_READ_H
#define OYA_PROC_READ_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "smaps_rollup.h"

/* CLK now in nanoseconds; 0 when the clock cannot be read. */
uint64_t oya_now_ns(clockid_t clk);

/* Up to CAP bytes of PATH into BUF (O_CLOEXEC, closed before returning): the
 * length read, or -1 with errno when it cannot be opened. */
ssize_t oya_proc_read(const char *path, char *buf, size_t cap);

/* One read of smaps_rollup and how long it took. */
struct oya_pss_read {
	int taken; /* a read was attempted: its time counts against the budget */
	int err;   /* 0 when RU holds the figures */
	uint64_t start_ns, end_ns;
	struct oya_rollup ru;
};

/*
 * Read this process's smaps_rollup into PR, timed on CLOCK_MONOTONIC. It touches
 * nothing shared, so the sampler thread runs it without its lock: the program's
 * own exit line never waits for it. Through thread-self: the mm of a process
 * whose main thread has ended with pthread_exit is still there.
 */
void oya_pss_read(struct oya_pss_read *pr);

#endif
