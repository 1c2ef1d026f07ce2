/*
 * The kernel's memory accounting for a run's cgroup, as text: where the memory
 * controller is (/proc/self/cgroup, /proc/self/mountinfo), what its files say
 * (memory.stat, memory.events, memory.oom_control, single values), the
 * --memory-limit argument, and the JSON of a "cgroup" line and of the summary's
 * "cgroup" object. Pure: no I/O. Sizes are bytes; -1 means unknown (null in JSON).
 */
#ifndef OYA_CGROUP_PARSE_H
#define OYA_CGROUP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#define OYA_CG_PATH_MAX 1024

enum oya_cg_version {
	OYA_CG_NONE = 0,
	OYA_CG_V1 = 1,
	OYA_CG_V2 = 2
};

/* One hierarchy's view of this process: its group and where that group is on disk. */
struct oya_cg_where {
	bool found;
	char path[OYA_CG_PATH_MAX]; /* the group as /proc/self/cgroup shows it ("/user.slice/x") */
	char dir[OYA_CG_PATH_MAX];  /* its directory: the mount point plus the path below the mount's root */
};

struct oya_cg_found {
	struct oya_cg_where v2;	       /* the unified hierarchy ("0::" line, a cgroup2 mount) */
	struct oya_cg_where v1_memory; /* the v1 hierarchy that has the memory controller */
};

/*
 * Find both hierarchies from the text of /proc/self/cgroup (CG) and of
 * /proc/self/mountinfo (MI). A hierarchy is found when the process is in it and a
 * mount of it shows the group (the mount's root is the group or above it). Returns
 * how many were found (0, 1 or 2); OUT is always filled.
 */
int oya_cg_locate(const char *cg, size_t cg_len, const char *mi, size_t mi_len, struct oya_cg_found *out);

/* True when the space-separated list BUF (cgroup.controllers, cgroup.subtree_control) names NAME. */
bool oya_cg_list_has(const char *buf, size_t len, const char *name);

/* A single-value file (memory.current, memory.max, limit_in_bytes, ...): a number of bytes,
   or "max" (v2's "no limit", *OUT = -1). 0 ok, -1 when it is neither. */
int oya_cg_parse_value(const char *buf, size_t len, int64_t *out);

/* v1 writes "no limit" as the largest page-aligned long; this many bytes or more reads as none. */
#define OYA_CG_V1_UNLIMITED (1LL << 62)

/* Where the "kernel" figure came from: v2's own "kernel" key (Linux 6.x), or the sum of the
   parts found (older v2), or nowhere (v1: memory.stat has no kernel figure). */
enum {
	OYA_CG_K_KEY = 1 << 0,
	OYA_CG_K_STACK = 1 << 1,      /* kernel_stack */
	OYA_CG_K_PAGETABLES = 1 << 2, /* pagetables */
	OYA_CG_K_PERCPU = 1 << 3,     /* percpu */
	OYA_CG_K_SLAB = 1 << 4,	      /* slab, or slab_reclaimable + slab_unreclaimable */
	OYA_CG_K_VMALLOC = 1 << 5,    /* vmalloc */
};

/* memory.stat mapped to one split; v1: anon = total_rss, file = total_cache, shmem = total_shmem,
   file_mapped = total_mapped_file (the group's own keys where total_ ones are absent). */
struct oya_cg_stat {
	int64_t anon, file, kernel, shmem, sock, file_mapped;
	unsigned kernel_from; /* OYA_CG_K_* bits; 0: kernel is unknown */
};

/* Parse memory.stat of VERSION. Returns how many of the six figures are known. */
int oya_cg_parse_stat(const char *buf, size_t len, enum oya_cg_version version, struct oya_cg_stat *st);

/* "kernel" for the key, "kernel_stack+pagetables+..." for a sum of parts; NULL when unknown.
   Writes into BUF (CAP >= 64 always fits). */
const char *oya_cg_kernel_from(unsigned bits, char *buf, size_t cap);

/* v2 memory.events: oom, oom_kill; v1 memory.oom_control: oom_kill, under_oom. -1: absent. */
struct oya_cg_events {
	int64_t oom, oom_kill, under_oom;
};
int oya_cg_parse_events(const char *buf, size_t len, struct oya_cg_events *ev);

/*
 * The --memory-limit argument: bytes or K, M, G, T (powers of 1024, also written KiB, MB, ...).
 * 0 ok; -1 with a message naming OPT and the value in ERR (no program prefix, no newline)
 * for an empty, zero, negative, malformed or too large (above 2^62 bytes) value.
 */
int oya_memory_limit_parse(const char *opt, const char *s, uint64_t *bytes, char *err, size_t cap);

/* One reading of the group. */
struct oya_cg_usage {
	int64_t current; /* memory.current, v1 memory.usage_in_bytes */
	struct oya_cg_stat stat;
};

/* What the summary reports: the kernel's own figures at the end of the run. */
struct oya_cg_final {
	enum oya_cg_version version;
	const char *path; /* as /proc/PID/cgroup shows it; NULL when unknown */
	int64_t peak, limit, oom_kills, oom_events;
};

/* A "cgroup" line's identity and time. */
struct oya_cg_line {
	enum oya_cg_version version;
	const char *path;
	uint64_t seq;
	int64_t wall_ms;
	uint64_t elapsed_ms;
	const char *host, *run; /* the run's identity, as in every line; NULL: left out */
};

/*
 * Write one JSON line and '\n' for a reading U of the group L into BUF:
 * {"timestamp":..,"event":"sample","seq":..,"source":"cgroup","version":1,"host":..,"run":..,"cgroup":"/path",
 *  "metrics":{"current_bytes":..,"anon_bytes":..,"file_bytes":..,"kernel_bytes":..,
 *  "shmem_bytes":..,"sock_bytes":..,"file_mapped_bytes":..},"kernel_from":..,
 *  "elapsed_secs":..,"elapsed_ms":..}
 * Unknown figures are null. Returns the length (without the NUL), 0 when CAP is too small.
 */
size_t oya_cg_line_format(char *buf, size_t cap, const struct oya_cg_line *l, const struct oya_cg_usage *u);

/*
 * The summary's "cgroup" object {version, path, peak_bytes, limit_bytes, oom_kills, oom_events},
 * each null when unknown; F NULL or version OYA_CG_NONE: all null. The caller owns the object
 * (json_object_put); NULL when out of memory.
 */
json_object *oya_cg_summary_json(const struct oya_cg_final *f);

#endif
