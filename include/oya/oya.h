/*
 * liboya: run a program under the oya sampler (and heaptrack) for a bounded
 * time, and get its memory summary back.
 *
 * If it is not in this file, it is not liboya's API.
 *
 * Ownership: every handle is opaque. A function that returns a handle through
 * an OUT pointer gives it to the caller, who releases it with the matching
 * *_free (which accepts NULL). Strings returned by accessors belong to the
 * handle and live as long as it does. Strings passed in are copied.
 *
 * Threads: a config may be shared by several runs once built (runs only read
 * it); a summary may be read from any thread. oya_last_error_detail() is per
 * thread.
 */
#ifndef OYA_OYA_H
#define OYA_OYA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OYA_API __attribute__((visibility("default")))

typedef enum oya_error {
	OYA_OK = 0,
	OYA_ERR_HEAPTRACK_NOT_FOUND,	     /* heaptrack is not on PATH */
	OYA_ERR_PROCESS_SPAWN_FAILED,	     /* fork failed, or the command could not be started */
	OYA_ERR_PROCESS_TERMINATED,	     /* ended with a non-zero status or a signal before the limit;
					     the summary is still handed back */
	OYA_ERR_METRICS_READ_FAILED,	     /* the samples could not be read back or summarised */
	OYA_ERR_DURATION_TOO_LONG,	     /* above OYA_RUN_MAX_DURATION_MS */
	OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT, /* below 5 s (100 ms with fast sampling allowed) */
	OYA_ERR_DURATION_TOO_SHORT,	     /* below OYA_RUN_MIN_DURATION_MS */
	OYA_ERR_INVALID_ARGUMENT,	     /* NULL where a value is needed, empty program, bad signal... */
	OYA_ERR_IO,			     /* an output cannot be created or written */
	OYA_ERR_NO_MEMORY,
	OYA_ERR_COMMAND_NOT_FOUND,	/* not on PATH / no such file (oya-launch exits 127) */
	OYA_ERR_COMMAND_NOT_EXECUTABLE, /* found but cannot be executed (oya-launch exits 126) */
	OYA_ERR_BUSY,			/* not returned; keeps the numbers of the codes */
	OYA_ERR_NO_CGROUP,		/* a memory limit was set and no cgroup can be made to hold it */
	OYA_ERR_COUNT			/* not an error: the number of codes */
} oya_error;

/* A fixed English phrase for ERR ("unknown error" for a value outside the enum). Never NULL. */
OYA_API const char *oya_strerror(oya_error err);

/* The last failure of a liboya call made by this thread, in words with the names
 * and values involved ("" when there is none). Owned by liboya; valid until the
 * thread's next liboya call. */
OYA_API const char *oya_last_error_detail(void);

/* The bounds of a run. */
#define OYA_RUN_MIN_DURATION_MS 1000u
#define OYA_RUN_MAX_DURATION_MS 14400000u    /* 4 h */
#define OYA_RUN_DEFAULT_DURATION_MS 3600000u /* 1 h */
#define OYA_RUN_MIN_INTERVAL_MS 5000u	     /* without fast sampling */
#define OYA_RUN_MIN_FAST_INTERVAL_MS 100u    /* with oya_config_set_interval(..., true) */
#define OYA_RUN_DEFAULT_INTERVAL_MS 10000u
#define OYA_RUN_DEFAULT_KILL_AFTER_MS 10000u
#define OYA_MEMORY_LIMIT_MAX (1ULL << 62) /* bytes */

/* ---- configuration ---------------------------------------------------- */

typedef struct oya_config oya_config;

/*
 * One hour, 10 s interval, ./memory-profile.jsonl, under heaptrack.
 * ARGS: the arguments after the program (NULL-terminated; NULL for none).
 * PROGRAM is looked up on PATH when it has no '/'. *OUT is the caller's.
 */
OYA_API oya_error oya_config_one_hour_default(const char *program, const char *const *args, oya_config **out);

/* The full constructor; validated against the bounds
 * (duration 1 s to 4 h, interval at least 5 s). *OUT is the caller's. */
OYA_API oya_error oya_config_new(uint64_t duration_ms, uint64_t interval_ms, const char *output,
				 const char *program, const char *const *args, oya_config **out);

OYA_API void oya_config_free(oya_config *cfg);

/* The interval again; ALLOW_FAST lowers the minimum from 5 s to 100 ms. */
OYA_API oya_error oya_config_set_interval(oya_config *cfg, uint64_t interval_ms, bool allow_fast);
/* The summary JSON path; NULL = the output with .jsonl replaced by .summary.json. */
OYA_API oya_error oya_config_set_summary_path(oya_config *cfg, const char *path);
/* Metrics for Prometheus (text format, for node_exporter's textfile collector) rewritten at PATH
   every interval while the run lasts; NULL = none (the default). */
OYA_API oya_error oya_config_set_metrics_file(oya_config *cfg, const char *path);
/* Run under heaptrack (the default) or not. */
OYA_API oya_error oya_config_set_heaptrack(oya_config *cfg, bool on);
/* One more argument for heaptrack (repeatable, in order). */
OYA_API oya_error oya_config_add_heaptrack_arg(oya_config *cfg, const char *arg);
/* Grace between the stop signal and SIGKILL at the limit (default 10 s, at most 1 h). */
OYA_API oya_error oya_config_set_kill_after(oya_config *cfg, uint64_t ms);
/* The stop signal (default SIGTERM). */
OYA_API oya_error oya_config_set_stop_signal(oya_config *cfg, int sig);
/* Disk reserve: the run ends ("disk_limit") when the output's file system has
 * less than BYTES free, or less than PERCENT of its size when BYTES is 0.
 * Default: 1 GiB or 5 %, whichever is smaller. 0 and 0 turn the check off. */
OYA_API oya_error oya_config_set_min_free(oya_config *cfg, uint64_t bytes, unsigned percent);
/* Run the command in a cgroup of its own (the default: ON), so that the kernel accounts its memory:
 * the summary's "cgroup" object (exact peak, limit, OOM kills) and "oom_killed", and a "cgroup" line
 * in the JSONL each interval. Where none can be made (not root nor delegated, no memory controller)
 * one notice says why and the run goes on without it. */
OYA_API oya_error oya_config_set_cgroup(oya_config *cfg, bool on);
/* Run under a memory limit of BYTES (the cgroup's memory.max, v1 memory.limit_in_bytes; 0: none,
 * the default; at most OYA_MEMORY_LIMIT_MAX). A limit that cannot be enforced is not ignored: when
 * no cgroup can be made, oya_run fails with OYA_ERR_NO_CGROUP before the command starts. */
OYA_API oya_error oya_config_set_memory_limit(oya_config *cfg, uint64_t bytes);
/* Messages on stderr: PREFIX ("oya" by default) for notices; PROGRESS a
 * self-rewriting line (only useful on a terminal); HUMAN_SUMMARY a few lines at
 * the end. Notices that an output was renamed are always written. */
OYA_API oya_error oya_config_set_messages(oya_config *cfg, const char *prefix, bool progress,
					  bool human_summary);
/* Under heaptrack, its own output (script, interpreter, compressor) is captured
 * apart from the command's stdout and stderr, and its lines are written to
 * stderr as "PREFIX: heaptrack: LINE". By default only the lines that are not
 * its routine messages (where the data goes, "Heaptrack finished!", its
 * statistics) are written: errors and warnings; VERBOSE writes every line. */
OYA_API oya_error oya_config_set_verbose(oya_config *cfg, bool verbose);
/* For a command that daemonizes (its first process ends and leaves the service
 * running): the run goes on while any process of its tree lives, until the
 * duration limit, which stops them. Off by default: when the command ends, what
 * it left behind is stopped and the run ends. */
OYA_API oya_error oya_config_set_daemon(oya_config *cfg, bool on);
/* Observe the running process PID and every descendant it has or starts, from outside, instead
 * of running the program (0: run the program, the default; the program is then only a name).
 * The process is never signalled, stopped, slowed, moved or adopted: at the duration limit (or
 * when the run gets SIGINT, SIGTERM or SIGHUP) the run stops observing ("detached", OYA_OK) and it
 * runs on; when it ends by itself the run ends ("exited"; its status is not known: -1). Turns
 * heaptrack off (heaptrack with a pid is refused: OYA_ERR_INVALID_ARGUMENT), as are a memory
 * limit and daemon mode. The cgroup figures are those of the group PID already lives in, read
 * only, when it can be read. A pid that does not exist, is a zombie, or whose /proc files cannot
 * be read: oya_run fails with OYA_ERR_INVALID_ARGUMENT before anything is written. */
OYA_API oya_error oya_config_set_pid(oya_config *cfg, int64_t pid);
/* When PSS and USS are read from smaps_rollup (each read walks the process's page tables):
 * "auto" (the default) on a budget of about 1% of wall time, "always" at every sample, "off"
 * never. Given to the command as OYA_PSS; the launcher's samples from outside follow it too. */
OYA_API oya_error oya_config_set_pss(oya_config *cfg, const char *mode);
/* Who takes the periodic samples of a process that carries the preload: "thread" (the default)
 * its own sampler thread, or "launcher": the run, from outside, at the same interval; the preload
 * then writes the start and exit lines only and starts no thread in the program (OYA_SAMPLER=edges),
 * which saves each process the thread's start and end: for trees of very many short processes. */
OYA_API oya_error oya_config_set_sampler(oya_config *cfg, const char *who);
/* The sampler library; default: $OYA_PRELOAD, else found next to the running
 * program or in ../lib/oya/ relative to it, else in liboya's own lib/oya/.
 * Under heaptrack, its helper oya-exec is looked for next to the preload
 * first, then in the same places. */
OYA_API oya_error oya_config_set_preload(oya_config *cfg, const char *path);

/* ---- running ---------------------------------------------------------- */

typedef struct oya_summary oya_summary;
typedef struct oya_run oya_run_handle;

/*
 * Run the configured command until it ends or the duration limit, then write
 * the summary file and hand the summary back in *OUT (the caller's).
 * OYA_OK: the command ended with status 0 or was stopped at the limit (or the
 * disk reserve). OYA_ERR_PROCESS_TERMINATED: it failed or died; *OUT is set.
 * Any other error: *OUT is NULL and oya_last_error_detail() says why.
 * SIGINT, SIGTERM and SIGHUP are blocked in the calling thread while it runs and
 * passed on to the command. While it runs the process is a child subreaper
 * (PR_SET_CHILD_SUBREAPER, restored afterwards) so that the command's orphans
 * stay in view; the run waits only for its own processes.
 */
OYA_API oya_error oya_run(const oya_config *cfg, oya_summary **out);

/* Start the same run on a thread of its own; *OUT is the caller's and must be
 * given to oya_join exactly once. CFG must stay alive until then. Block SIGINT,
 * SIGTERM and SIGHUP in every thread first if the run is to receive them. */
OYA_API oya_error oya_run_background(const oya_config *cfg, oya_run_handle **out);

/* Wait for the run and free the handle; the result is oya_run's. */
OYA_API oya_error oya_join(oya_run_handle *run, oya_summary **out);

/* ---- the summary ------------------------------------------------------ */

OYA_API void oya_summary_free(oya_summary *s);

OYA_API double oya_summary_max_rss_mb(const oya_summary *s);
OYA_API double oya_summary_avg_rss_mb(const oya_summary *s);
/* The tree's peak by PSS (a shared page counted once); negative when no sample had PSS. */
OYA_API double oya_summary_max_pss_mb(const oya_summary *s);
/* "exited", "signaled", "duration_limit", "interrupted", "disk_limit" or "detached". */
OYA_API const char *oya_summary_stop_reason(const oya_summary *s);
/* The command's exit code, -1 when it did not exit by itself. */
OYA_API int oya_summary_exit_code(const oya_summary *s);
/* The signal that ended it, 0 for none. */
OYA_API int oya_summary_signal(const oya_summary *s);
/* The status oya-launch exits with: the command's, 0 at the limit (and for an attached run), 128+N. */
OYA_API int oya_summary_exit_status(const oya_summary *s);
OYA_API uint64_t oya_summary_samples(const oya_summary *s);
/* From the run's cgroup: 1 when the kernel's OOM killer killed a process of the run, 0 when it did
 * not, -1 when there was no cgroup (unknown); the kernel's peak of the run's memory in bytes, -1
 * when unknown. */
OYA_API int oya_summary_oom_killed(const oya_summary *s);
OYA_API int64_t oya_summary_cgroup_peak_bytes(const oya_summary *s);
/* The summary file written, the JSONL read, and the heaptrack data file (NULL without heaptrack). */
OYA_API const char *oya_summary_path(const oya_summary *s);
OYA_API const char *oya_summary_output_path(const oya_summary *s);
OYA_API const char *oya_summary_heaptrack_file(const oya_summary *s);

/* Per process image, in order of appearance; I from 0 to count-1. */
OYA_API size_t oya_summary_process_count(const oya_summary *s);
OYA_API int64_t oya_summary_process_pid(const oya_summary *s, size_t i);
OYA_API const char *oya_summary_process_exe(const oya_summary *s, size_t i);
OYA_API double oya_summary_process_max_rss_mb(const oya_summary *s, size_t i);
OYA_API double oya_summary_process_avg_rss_mb(const oya_summary *s, size_t i);
OYA_API uint64_t oya_summary_process_samples(const oya_summary *s, size_t i);

#ifdef __cplusplus
}
#endif

#endif
