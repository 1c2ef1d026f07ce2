/* The clocks a run reads: CLOCK_MONOTONIC in ns, the thread's CPU time in ns, CLOCK_REALTIME in ms
 * since the epoch. */
#ifndef OYA_CLOCK_H
#define OYA_CLOCK_H

#include <stdint.h>

uint64_t oya_mono_ns(void);
/* The CPU time the calling thread has used, in ns (the launcher's own cost; liboya runs it in a thread). */
uint64_t oya_thread_cpu_ns(void);
int64_t oya_wall_ms(void);

#endif
