/* Parse the text of /proc/PID/status. Pure: no I/O, no allocation. */
#ifndef OYA_STATUS_H
#define OYA_STATUS_H

#include <stddef.h>
#include <stdint.h>

enum oya_status_field {
	OYA_ST_VMPEAK = 1u << 0,
	OYA_ST_VMSIZE = 1u << 1,
	OYA_ST_VMHWM = 1u << 2,
	OYA_ST_VMRSS = 1u << 3,
	OYA_ST_RSSANON = 1u << 4,
	OYA_ST_RSSFILE = 1u << 5,
	OYA_ST_RSSSHMEM = 1u << 6,
	OYA_ST_THREADS = 1u << 7,
	OYA_ST_PPID = 1u << 8,
	OYA_ST_VMSWAP = 1u << 11,
};

/* The memory fields every sample needs; a zombie or kernel thread lacks them. */
#define OYA_ST_MEMORY (OYA_ST_VMPEAK | OYA_ST_VMSIZE | OYA_ST_VMHWM | OYA_ST_VMRSS)

struct oya_status {
	uint64_t vm_peak_kb;
	uint64_t vm_size_kb;
	uint64_t vm_hwm_kb;
	uint64_t vm_rss_kb;
	uint64_t rss_anon_kb;
	uint64_t rss_file_kb;
	uint64_t rss_shmem_kb;
	uint64_t vm_swap_kb;
	uint64_t threads;
	int64_t ppid;
	unsigned have; /* enum oya_status_field bits that were found */
};

/*
 * Parse LEN bytes of BUF (need not be NUL-terminated; may be truncated). Fields
 * not found stay zero and their bit stays clear in st->have; a value that does
 * not fit or is not a number is treated as not found. Returns the number of
 * fields found.
 */
int oya_status_parse(const char *buf, size_t len, struct oya_status *st);

/*
 * Parse the value of a "Key:   <digits>[ kB]" line of a /proc file: P is just
 * after the colon, END at the line's end. Values above 2^62 are refused so that
 * sums of a few cannot overflow. Returns 0 with *OUT set, or -1.
 */
int oya_proc_number(const char *p, const char *end, uint64_t *out);

#endif
