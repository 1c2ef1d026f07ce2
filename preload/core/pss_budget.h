/* When to read smaps_rollup: its cost grows with the resident size (about 9 ms
 * per GB, under the target's mmap lock), so by default it is read only as often
 * as keeps that cost near 1% of wall time. Pure. */
#ifndef OYA_PSS_BUDGET_H
#define OYA_PSS_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

enum oya_pss_mode {
	OYA_PSS_AUTO = 0, /* the default */
	OYA_PSS_ALWAYS,
	OYA_PSS_OFF,
};

/* A read that took D may be repeated OYA_PSS_SPACING * D after it began. */
#define OYA_PSS_SPACING 100u
/* What a small process's read takes (about 20 µs): a process's start counts as
 * one, so under auto nothing is read in its first 2 ms. */
#define OYA_PSS_START_NS 20000u

struct oya_pss_budget {
	enum oya_pss_mode mode;
	uint64_t next_ns; /* under auto, no read before this time (CLOCK_MONOTONIC) */
};

/* A budget in MODE with no read taken yet. */
void oya_pss_budget_init(struct oya_pss_budget *b, enum oya_pss_mode mode);

/* The process starts at NOW_NS: under auto, the first read is due
 * OYA_PSS_SPACING * OYA_PSS_START_NS later, so that a process that ends sooner
 * (a read would be more than 1% of its life) writes no PSS. */
void oya_pss_budget_start(struct oya_pss_budget *b, uint64_t now_ns);

/* May a line written at NOW_NS carry PSS? Never under off, always under always. */
bool oya_pss_due(const struct oya_pss_budget *b, uint64_t now_ns);

/* Account a read that ran from START_NS to END_NS (END_NS < START_NS counts as 0). */
void oya_pss_spent(struct oya_pss_budget *b, uint64_t start_ns, uint64_t end_ns);

/* "auto", "always", "off" (any case) into *MODE; -1 for anything else. */
int oya_pss_mode_parse(const char *s, enum oya_pss_mode *mode);

#endif
