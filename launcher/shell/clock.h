/* The clocks a run reads: CLOCK_MONOTONIC in ns, CLOCK_REALTIME in ms since the epoch. */
#ifndef OYA_CLOCK_H
#define OYA_CLOCK_H

#include <stdint.h>

uint64_t oya_mono_ns(void);
int64_t oya_wall_ms(void);

#endif
