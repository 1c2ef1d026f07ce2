/*
 * The run summary: streaming statistics over sample lines, leak verdicts, and
 * the summary JSON. Pure: no I/O but reading a FILE the caller opened.
 * Shared by oya-launch (liboya) and oya-summary.
 */
#ifndef OYA_SUMMARY_H
#define OYA_SUMMARY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h> /* json_object */

/* t_ms: wall clock ms since the Unix epoch; rss_kb: the size then (the PSS in a PSS series) */
struct oya_point {
	int64_t t_ms;
	uint64_t rss_kb;
};

/* The distribution of a size series; have false: the series is empty (written as null). */
struct oya_dist {
	bool have;
	uint64_t min, max, p50, p95;
	double avg; /* time-weighted: each value holds until the next */
};

struct oya_leak {
	double growth_kb_per_hour; /* robust slope after warm-up */
	bool enough_data;	   /* the series was long enough to judge; false: the growth is an
	                                extrapolation of too few points, shown as n/a (null in the JSON) */
	bool leak_suspected;
	char measure[4];  /* the series judged: "pss" or "rss"; "" when not known */
	char reason[160]; /* words: why */
};

struct oya_proc { /* one process image: (pid, start) — an exec starts a new image */
	int64_t pid, ppid;
	char *exe;			/* as read (any bytes); escape on output */
	char *host, *run;		/* the line's "host" and "run", NULL when absent */
	char source[16];		/* "preload" | "launcher" */
	char *cmdline;			/* the latest title (as ps shows it), NULL if no line had one */
	char *outside;			/* why the launcher sampled it from outside, NULL if it did not */
	uint64_t samples, lost_samples; /* lost: gaps in seq */
	int64_t first_ms, last_ms;	/* wall ms */
	bool saw_exit;			/* an "exit" or "final" line was seen */
	uint64_t rss_min, rss_max, rss_first, rss_last, rss_p50, rss_p95;
	double rss_avg;
	uint64_t vm_size_max, vm_peak_kb, vm_hwm_kb; /* maxima over samples */
	struct oya_point *points;
	size_t npoints; /* in time order */
	/* PSS and USS over the lines that read smaps_rollup; swap over the lines that have it */
	struct oya_point *pss_points;
	size_t npss; /* the PSS reads, in time order */
	struct oya_dist pss, uss;
	bool have_swap;
	uint64_t swap_max_kb;
	struct oya_leak leak; /* on PSS where it has enough reads, else RSS */
};

struct oya_stats { /* the result: per process and for the tree */
	struct oya_proc *procs;
	size_t nprocs; /* ordered by first_ms, then pid */
	struct oya_point *tree;
	size_t ntree; /* tree total: at each moment the sum of live processes */
	uint64_t samples, lost_samples, malformed_lines;
	uint64_t max_rss_kb, peak_hwm_kb;
	double avg_rss_kb; /* time-weighted average of the tree total */
	/* The distribution of the tree total; have_tree_dist is false when it is not known
	   (no samples, or a summary JSON that does not carry it). */
	uint64_t min_rss_kb, p50_rss_kb, p95_rss_kb;
	bool have_tree_dist;
	/* The tree total by PSS at each moment from the first PSS read on: the latest PSS of each live
	   member, its RSS (an upper bound) while it has none yet; pss_rss_fallback_images of them were
	   counted so at some moment. Empty (pss.have false) when no line had PSS. */
	struct oya_point *tree_pss;
	size_t ntree_pss;
	struct oya_dist pss;
	uint64_t pss_rss_fallback_images;
	int64_t first_ms, last_ms;
	struct oya_leak tree_leak;
	/* The "cgroup" lines (the kernel's accounting of the run's group): how many and their group
	   (cg_version 0: none); the exact peak and the OOM kills are in the launcher's summary only. */
	uint64_t cg_lines;
	int cg_version;
	char cg_path[1024];
	/* The summary JSON this was read from (oya_summary_read: run facts, "heaptrack"), owned and
	   released by oya_stats_free; NULL when computed from lines. */
	json_object *doc;
};

/* Streaming accumulator: feed lines (any order of processes, interleaved), then finish. */
struct oya_acc;
struct oya_acc *oya_acc_new(void);	/* NULL on ENOMEM */
void oya_acc_free(struct oya_acc *acc); /* NULL ok */
int oya_acc_add_line(struct oya_acc *acc, const char *line,
		     size_t len);		       /* 0 ok, 1 malformed (counted), -1 ENOMEM */
int oya_acc_add_file(struct oya_acc *acc, FILE *f);    /* oya_acc_read to the end of the stream, END true */
struct oya_stats *oya_acc_finish(struct oya_acc *acc); /* computes percentiles, tree, leaks; NULL on ENOMEM;
                                                           the acc may be freed afterwards */
void oya_stats_free(struct oya_stats *st);	       /* NULL ok */

/* What oya_acc_finish_with computes; all false: what oya_acc_finish does. */
struct oya_finish {
	/* The tree's figures alone: samples, span, VmHWM, max and average RSS, the tree by PSS and the
	   tree's verdict, each exactly as oya_acc_finish has it; of each image its identity, points and
	   PSS reads, RSS min, max and average. Left zero: the percentiles (have_tree_dist false), lost
	   samples, the images' PSS and USS distributions and their verdicts. */
	bool tree_only;
	/* The images of one run alone: those whose lines have the run id RUN (NULL: no run id). */
	bool one_run;
	const char *run;
};
struct oya_stats *oya_acc_finish_with(struct oya_acc *acc, const struct oya_finish *how); /* NULL: ENOMEM */
/* The run ids of ACC's images, each once, in order of appearance (NULL for images whose lines have
   none), *N of them: an array the caller frees, of strings borrowed from ACC. NULL on ENOMEM. */
const char **oya_acc_runs(const struct oya_acc *acc, size_t *n);

/* Longest line accepted; a longer one is skipped (and counted as malformed) without being kept. */
#define OYA_SUMMARY_LINE_MAX 65536

/* Feed LEN bytes of a stream (lines are split here, a line may span calls); 0 ok, -1 ENOMEM.
   oya_acc_feed_end ends the stream: a last line without '\n' is taken as a line. */
int oya_acc_feed(struct oya_acc *acc, const char *buf, size_t len);
int oya_acc_feed_end(struct oya_acc *acc);

/* The one reader of a sample file, also of one that is still growing: feed what F holds from where
   it is to its end now (the error and end-of-file marks are cleared first, so a later call reads what
   was written since). END: the stream is over (a last line without '\n' counts). Adds the bytes read
   to *GOT when GOT is given. 0 ok, -1 with errno (ENOMEM, or the read's error). */
int oya_acc_read(struct oya_acc *acc, FILE *f, bool end, uint64_t *got);

/* Lines seen and lines skipped as malformed so far; the first problem since the last
   oya_acc_mark (NULL if none) with its line number (counted from the mark, from 1). */
void oya_acc_counts(const struct oya_acc *acc, uint64_t *lines, uint64_t *malformed);
void oya_acc_mark(struct oya_acc *acc);
const char *oya_acc_first_problem(const struct oya_acc *acc, uint64_t *line_no);

/* For live views: the latest image of each process so far, without finishing. */
#define OYA_LIVE_RECENT 40
struct oya_live {
	int64_t pid;
	const char *exe;  /* borrowed from the acc; NULL if unknown */
	const char *host; /* the same */
	uint64_t samples, cur_kb, peak_kb;
	int64_t last_ms;
	bool exited;
	uint64_t recent[OYA_LIVE_RECENT]; /* the last samples' RSS, oldest first */
	size_t nrecent;
};
/* Fill up to CAP entries in order of appearance; returns how many images there are in all. */
size_t oya_acc_live(const struct oya_acc *acc, struct oya_live *out, size_t cap);

/* A JSON string of S with every byte that is not UTF-8 replaced by U+FFFD (json-c copies
   bytes as they are and would write invalid JSON). NULL on ENOMEM. */
json_object *oya_json_text(const char *s);

/* Parse an RFC 3339 timestamp ("2026-11-26T19:18:33.072Z", any fraction, Z or +hh:mm)
   of LEN bytes into ms since the Unix epoch. 0 ok, -1 not a timestamp. */
int oya_timestamp_parse(const char *s, size_t len, int64_t *ms);

/* Nearest-rank percentile P (0..100) of N values (reorders V). 0 when N is 0. */
uint64_t oya_percentile(uint64_t *v, size_t n, double p);

/* Leak verdict on a series (pure; used per process and for the tree). */
void oya_leak_assess(const struct oya_point *pts, size_t n, struct oya_leak *out);
/* The verdict on the PSS series where it has enough points to judge, else on the RSS series;
   OUT->measure names the one judged. */
void oya_leak_judge(const struct oya_point *rss, size_t nrss, const struct oya_point *pss, size_t npss,
		    struct oya_leak *out);

/* The run facts the launcher knows; NULL/zero fields are written as null. */
struct oya_run_info {
	const char *const *command;   /* argv, NULL-terminated */
	int64_t started_ms, ended_ms; /* wall ms */
	double planned_duration_secs, interval_secs;
	const char *stop_reason; /* "duration_limit","exited","signaled","interrupted","disk_limit",
	                                 "heaptrack_failed" */
	int exit_code;		 /* -1 = none */
	int signal;		 /* 0 = none */
	bool killed_externally;	 /* SIGKILL the launcher did not send (OOM hint) */
	json_object *heaptrack;	 /* owned by caller; NULL -> "heaptrack": null */
	const char *host, *run;	 /* the launcher's host name and the run's id; NULL: not written */
	/* the run's cgroup (oya_cg_summary_json), owned by caller; NULL -> made from the "cgroup"
	   lines, all null without any. "oom_killed" is derived from its "oom_kills". */
	json_object *cgroup;
	json_object *tree; /* how the launcher followed the tree (oya_tree_facts_json), owned by caller;
	                      NULL: no "tree" member */
};

/* The summary object (schema in the README): run facts + stats. Caller owns the result (json_object_put). */
json_object *oya_summary_json(const struct oya_stats *st, const struct oya_run_info *run);
/* The same object written to F as json_object_to_json_string_ext(oya_summary_json(...),
   JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE) prints it, byte for byte, but built one
   process at a time: memory does not grow with the number of processes. 0 ok, -1 on failure. */
int oya_summary_json_write(FILE *f, const struct oya_stats *st, const struct oya_run_info *run);

/* Read back a summary JSON written by oya_summary_json (for oya-summary FILE.summary.json and --diff).
   Returns a stats with procs/tree filled from the JSON (points may be empty), NULL + *err message on bad input. */
struct oya_stats *oya_summary_read(const char *text, size_t len, char *err, size_t errcap);

#endif
