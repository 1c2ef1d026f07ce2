/* Parse the text of /proc/PID/smaps_rollup. Pure: no I/O, no allocation. */
#ifndef OYA_SMAPS_ROLLUP_H
#define OYA_SMAPS_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

enum oya_rollup_field {
	OYA_RU_PSS = 1u << 0,
	OYA_RU_PSS_ANON = 1u << 1,
	OYA_RU_PSS_FILE = 1u << 2,
	OYA_RU_PSS_SHMEM = 1u << 3,
	OYA_RU_PRIVATE_CLEAN = 1u << 4,
	OYA_RU_PRIVATE_DIRTY = 1u << 5,
	OYA_RU_SWAP_PSS = 1u << 6,
};

/* USS is Private_Clean + Private_Dirty: it needs both. */
#define OYA_RU_USS (OYA_RU_PRIVATE_CLEAN | OYA_RU_PRIVATE_DIRTY)

struct oya_rollup {
	uint64_t pss_kb;
	uint64_t pss_anon_kb; /* Pss_Anon, Pss_File, Pss_Shmem: Linux 5.7 and later */
	uint64_t pss_file_kb;
	uint64_t pss_shmem_kb;
	uint64_t private_clean_kb;
	uint64_t private_dirty_kb;
	uint64_t swap_pss_kb;
	unsigned have; /* enum oya_rollup_field bits that were found */
};

/*
 * Parse LEN bytes of BUF (need not be NUL-terminated; may be truncated). Fields
 * not found stay zero with their bit clear; a truncated last line, a repeated
 * key or a value that is not a number (or above 2^62) counts as not found.
 * Returns the number of fields found.
 */
int oya_rollup_parse(const char *buf, size_t len, struct oya_rollup *r);

/* Private_Clean + Private_Dirty, or 0 when either is missing. */
uint64_t oya_rollup_uss_kb(const struct oya_rollup *r);

#endif
