/* Shared by the files of oya-summary: the options in oya-summary.c, reading a run in
 * oya-summary-load.c, writing the outputs in oya-summary-out.c, the live view in
 * oya-summary-follow.c. */
#ifndef OYA_SUMMARY_CLI_H
#define OYA_SUMMARY_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <json-c/json.h>

#define PROG "oya-summary"

struct oya_stats;
struct oya_acc;

/* Exit statuses, documented in --help and the README. */
enum {
	OYA_SUMMARY_OK = 0,
	OYA_SUMMARY_REGRESSION = 1,
	OYA_SUMMARY_FAILURE = 2, /* bad usage, unreadable input, output not writable */
};

/* --follow's --interval in ms. */
#define OYA_FOLLOW_DEFAULT_MS 500
#define OYA_FOLLOW_MIN_MS 50
#define OYA_FOLLOW_MAX_MS 60000

/* What was read from the files of one run. */
struct run {
	struct oya_stats *st;
	const json_object *summary; /* the summary JSON it came from, or NULL (borrowed from st) */
	const char *path;	    /* the first file */
	char *ht_file;		    /* heaptrack's data file for the run, or NULL (owned) */
	json_object *ht;	    /* its figures when read here (owned), or NULL */
	struct oya_acc *acc;	    /* the lines read, when kept (load_opts.keep_lines; owned), or NULL */
};

/* Read FILES (N of them: JSONL merged, or one summary JSON) as one run; messages on stderr. */
int load(char **files, int n, struct run *run);
/* How load_with reads: JSONL finished as HOW says (a summary JSON is read whole), messages on ERR;
   KEEP_LINES: RUN->acc keeps the JSONL's lines for another finish. */
struct oya_finish;
struct load_opts {
	const struct oya_finish *how;
	FILE *err;
	bool keep_lines;
};
int load_with(char **files, int n, struct run *run, const struct load_opts *lo);
void run_release(struct run *run);
/* heaptrack's data file for RUN (EXPLICIT: --heaptrack) and its figures. */
int attach_heaptrack(struct run *run, const char *explicit);
/* heaptrack's figures of RUN: read here, or from its summary JSON; NULL if none. */
const json_object *heaptrack_of(const struct run *run);
/* The summary object of RUN: as read, or made from the statistics. Caller puts it. */
json_object *summary_of(const struct run *run);
bool is_file(const char *path);
/* PATH with its ".jsonl" or ".summary.json" ending replaced by SUFFIX (malloc'd), NULL if neither. */
char *sibling(const char *path, const char *suffix);

/* Write TEXT / O to stdout; an exit status (NULL: out of memory). */
int emit(const char *text);
int emit_json(json_object *o);
/* --openmetrics: RUN's metrics, one set of run series per run id its lines hold (SUMMARY: the run
   facts and heaptrack's figures, used when there is one run). */
int emit_openmetrics(const struct run *run, const json_object *summary);
/* How many run ids RUN's lines hold (1 when they are not kept, for a summary JSON, and when lines
   without a run id are beside a single one). */
size_t runs_in(const struct run *run);
/* --runs: one row per run of FILES (N of them: files or directories); SORT NULL: by start. */
int oya_summary_runs(char **files, int n, const char *sort, bool json);
/* --diff BASE NEW: the text or the JSON, and the gate's verdict as the exit status. */
int do_diff(char *base_path, char *new_path, double fail_above, bool json);
/* --html and --svg (NULL: not asked for). */
int write_reports(struct run *run, const json_object *summary, const char *html, const char *svg);

/* Watch FILE as it grows; returns an exit status. INTERVAL_MS: how often to look. */
int oya_summary_follow(const char *file, int interval_ms, bool once);

#endif
