/*
 * The human forms of sizes, rates and durations: one convention for every
 * human output (the table, diff, live view, HTML report, SVG labels, the leak
 * reasons and the end-of-run lines). Sizes are in binary units with their
 * real names: 1 KiB = 1024 B, 1 MiB = 1024 KiB, 1 GiB = 1024 MiB. Pure.
 */
#ifndef OYA_HUMAN_H
#define OYA_HUMAN_H

#include <stddef.h>

/* Room for any of the forms below. */
#define OYA_HUMAN_MAX 48

/* "512 B", "16 KiB", "34.5 MiB", "6.25 GiB", "1.50 TiB"; negative values keep their sign. */
void oya_human_bytes(char *buf, size_t cap, double bytes);
/* The same from KiB (the unit of /proc and of the sample lines). */
void oya_human_kb(char *buf, size_t cap, double kb);
/* A growth per hour from KiB per hour: "+1.5 MiB/h", "-200 KiB/h", "0 KiB/h". */
void oya_human_rate(char *buf, size_t cap, double kb_per_hour);
/* "2.5 s", "45 s", "12 min", "12 min 5 s", "3 h", "3 h 2 min"; "?" for a negative or absurd value. */
void oya_human_dur(char *buf, size_t cap, double secs);

#endif
