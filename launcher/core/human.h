/* Human forms of sizes and durations, shared by the leak reasons and the terminal texts. Pure. */
#ifndef OYA_HUMAN_H
#define OYA_HUMAN_H

#include <stddef.h>

/* "512 kB", "97.7 MB", "6.25 GB" from kB (units of 1024, like /proc); negative values keep their sign. */
void oya_human_kb(char *buf, size_t cap, double kb);
/* "45 s", "12 min", "3.5 h". */
void oya_human_dur(char *buf, size_t cap, double secs);

#endif
