/* The files a run writes: their paths, the checks before the start, the disk reserve. */
#ifndef OYA_OUTPUTS_H
#define OYA_OUTPUTS_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "config_priv.h"

struct oya_outputs {
	char output[PATH_MAX];	/* the JSONL, absolute */
	char summary[PATH_MAX]; /* as configured, or next to the output */
	char ht_base[PATH_MAX]; /* heaptrack -o argument; "" without heaptrack */
};

/* Work out the paths (HT: under heaptrack), refuse clashing ones, keep a
 * previous run's files as .old, and prove each can be written. */
oya_error oya_outputs_prepare(const struct oya_config *cfg, bool ht, struct oya_outputs *o);

/* The disk reserve, worked out at the first check. Zero-initialise it. */
struct oya_disk {
	uint64_t last_written, reserve;
	bool reserve_known;
};

/* true when the output's file system has reached the reserve. */
bool oya_disk_low_now(struct oya_disk *d, const struct oya_config *cfg, const struct oya_outputs *o);

#endif
