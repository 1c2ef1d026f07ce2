/*
 * The pure parts of oya-launch: its command line, the checks on values, signal
 * names, exit statuses, and the names of the files a run writes. No I/O.
 */
#ifndef OYA_LAUNCH_CORE_H
#define OYA_LAUNCH_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit_status.h"
#include "stop_reason.h"

#include "bounds.h"

struct oya_launch_opts {
	uint64_t duration_ms, interval_ms, kill_after_ms;
	uint64_t min_free_bytes;   /* 0 with min_free_percent 0: no check */
	unsigned min_free_percent; /* used when min_free_bytes is 0 */
	bool min_free_default;	   /* not given: the smaller of 1 GiB and 5 % */
	bool allow_fast, no_heaptrack, daemon, quiet, verbose, help, version, fail_on_leak;
	uint64_t memory_limit; /* bytes; 0: none */
	bool no_cgroup;	       /* --cgroup off */
	long pid;	       /* --pid: observe this running process (0: run the command) */
	bool heaptrack;	       /* --heaptrack given */
	int stop_signal;
	const char *pss;	      /* --pss as given (NULL: auto), checked by the config */
	const char *sampler;	      /* --sampler as given (NULL: thread), checked by the config */
	const char *output, *summary; /* point into argv; summary NULL = derived */
	const char *metrics_file;     /* NULL: none */
	const char *duration_arg, *interval_arg; /* as written, for messages (NULL: default) */
	const char **heaptrack_args;		 /* caller's array of at least argc slots */
	size_t n_heaptrack_args;
	char *const *command; /* points into argv; NULL-terminated */
	int n_command;
};

/*
 * Parse ARGV (ARGC entries) into O. HARGS: room for ARGC pointers, used for
 * --heaptrack-arg values. Options stop at the first non-option and after "--".
 * Returns 0, or -1 with a message naming the option and the value in ERR
 * (no "oya-launch:" prefix, no newline). With --help or --version the command
 * may be missing.
 */
int oya_launch_parse(int argc, char *const argv[], struct oya_launch_opts *o, const char **hargs, char *err,
		     size_t errcap);

/* "TERM", "SIGTERM", "term", "15" -> 15; -1 when it is not a signal (0 is not). */
int oya_signal_parse(const char *s);
/* "TERM" for 15, NULL when there is no name. */
const char *oya_signal_name(int sig);

/* "1G", "500M", "4096", "5%" (units K M G T, powers of 1024). 0 ok, -1 with *why. */
int oya_size_parse(const char *s, uint64_t *bytes, unsigned *percent, const char **why);

/* The reserve in bytes for a file system of FS_BYTES. */
uint64_t oya_disk_reserve(uint64_t fs_bytes, uint64_t min_bytes, unsigned min_percent, bool use_default);
/* True when the run must stop: FREE is below the reserve plus what the run may
 * write before the next check (WRITTEN_PER_CHECK, the last period's growth, twice). */
bool oya_disk_low(uint64_t free_bytes, uint64_t reserve, uint64_t written_per_check);

/* The share of one core the tree's scans may take: one in OYA_SCAN_BUDGET. */
#define OYA_SCAN_BUDGET 100
/* The time from one scan of the tree to the next, for a scan that took COST_NS of CPU: BASE_NS
 * (how soon new processes are found), longer when that would spend more than the budget, never
 * longer than INTERVAL_NS (members sampled from outside are due then). */
uint64_t oya_scan_period(uint64_t base_ns, uint64_t interval_ns, uint64_t cost_ns);

/* The wait status of the command as reason/code/signal. */
struct oya_end {
	enum oya_stop_reason stop_reason;
	int exit_code; /* -1 none */
	int signal;    /* 0 none */
};
/* What oya-launch exits with for END: exited -> code; limits -> 0 (or the code
 * when the command ended on its own first); signaled -> 128+N; interrupted ->
 * 128 + the signal the launcher received (INTERRUPT_SIG); heaptrack_failed -> 125. */
int oya_exit_status(const struct oya_end *end, int interrupt_sig);

/* OUTPUT with a trailing ".jsonl" replaced by SUFFIX (".summary.json"), or
 * SUFFIX appended. Returns the length, -1 when it does not fit. */
long oya_path_replace_ext(char *dst, size_t cap, const char *output, const char *suffix);

/* PATH + ".old". Returns the length, -1 when it does not fit. */
long oya_path_old(char *dst, size_t cap, const char *path);

/* EXISTING (may be NULL or empty) with OURS appended after a ':' unless it is
 * already there. Returns the length, -1 when it does not fit. */
long oya_preload_join(char *dst, size_t cap, const char *existing, const char *ours);

/* Does the text of /proc/PID/maps (LEN bytes) map a file named NAME as code (an 'x' mapping)? */
bool oya_maps_has(const char *maps, size_t len, const char *name);

/* Does the NUL-separated environment block (/proc/PID/environ) set VAR? */
bool oya_environ_has(const char *env, size_t len, const char *var);

/* From /proc/PID/stat: the ppid and start time (field 22). 0 ok, -1 malformed. */
int oya_stat_parse(const char *buf, size_t len, int64_t *ppid, uint64_t *starttime, char *state);

/* ELF image in BUF (its first LEN bytes): 1 has a PT_INTERP (dynamic), 0 static,
 * -1 not an ELF file or cannot tell from LEN bytes. */
int oya_elf_is_dynamic(const unsigned char *buf, size_t len);

/* A JSONL line the preload wrote: its pid, seq, whether it is an "exit", and its "exe" as written
 * (JSON escapes and all; NULL when the line has none). */
struct oya_line_peek {
	int64_t pid;
	uint64_t seq;
	bool exit;
	const char *exe; /* points into the line */
	size_t exe_len;
};
/* 0 with *P filled for a line of the preload (LEN bytes, no '\n'), -1 for any other. */
int oya_line_peek(const char *line, size_t len, struct oya_line_peek *p);

#endif
