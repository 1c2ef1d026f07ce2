/* Private to the summary code: the accumulator's state, shared by its .c files. */
#ifndef OYA_SUMMARY_INT_H
#define OYA_SUMMARY_INT_H

#include "summary.h"

#define OYA_NO_SEQ UINT64_MAX

struct oya_ipt { /* one sample of an image */
	int64_t t_ms;
	uint64_t rss_kb;
	uint64_t seq;		 /* OYA_NO_SEQ: unknown, or not in the image's own sequence */
	uint64_t pss_kb, uss_kb; /* OYA_NO_KB: the line has none (PSS is read on a budget) */
};

#define OYA_NO_KB UINT64_MAX

struct oya_img { /* one process image while lines arrive */
	int64_t pid, ppid;
	char *exe;
	const char *host, *run;	 /* interned in the acc; NULL when the lines have none */
	char *cmdline, *outside; /* the latest title; why the launcher sampled it (NULL: none) */
	char source[16];
	struct oya_ipt *pts;
	size_t n, cap;
	uint64_t vm_size_max, vm_peak_kb, vm_hwm_kb;
	uint64_t swap_max;
	bool have_swap;	   /* a line had swap_kb */
	uint64_t rss_peak; /* for live views */
	bool saw_exit;
	bool have_start; /* its first line was a "start" event */
	bool unsorted;	 /* a sample arrived older than the one before */
	uint64_t order;	 /* creation order, to keep merges stable */
};

struct oya_acc {
	struct oya_img **imgs;
	size_t nimgs, capimgs;
	/* the host names and run ids seen, each kept once: a host's key in the map is its index + 1 */
	char **strs;
	size_t nstrs, capstrs, strs_last;
	/* (host, pid) -> index of its latest image; open addressing, 0 = empty slot, else index + 1 */
	int64_t *hkeys;
	size_t *hvals;
	size_t hcap;
	uint64_t lines, malformed;
	uint64_t mark_lines;
	const char *problem;
	uint64_t problem_line;
	struct json_tokener *tok;
	/* oya_acc_feed: the part of a line not ended yet */
	char *carry;
	size_t ncarry;
	bool skipping;	   /* inside a line longer than OYA_SUMMARY_LINE_MAX */
	uint64_t cg_lines; /* "source":"cgroup" lines, not samples of a process */
	int cg_version;
	char cg_path[1024];
};

/* The fields of one line that the summary uses, from either parser. */
enum oya_num {
	OYA_NUM_ABSENT,
	OYA_NUM_OK,
	OYA_NUM_BAD
};

struct oya_fields {
	const char *ts, *event, *exe, *source, *host, *run; /* NULL: absent or not a string */
	size_t ts_len, event_len, exe_len, source_len, host_len, run_len;
	const char *cmdline, *outside; /* optional: NULL when absent */
	size_t cmdline_len, outside_len;
	const char *cgroup; /* a cgroup line's group */
	size_t cgroup_len;
	bool have_metrics; /* "metrics" is an object */
	enum oya_num pid_st, ppid_st, seq_st, rss_st, vsize_st, vpeak_st, hwm_st, version_st, current_st,
		pss_st, uss_st, swap_st;
	int64_t pid, ppid, seq, rss, vsize, vpeak, hwm, version, current, pss, uss, swap;
};

/* summary_line.c: the fast path. Scans a line that is plain JSON (no escapes, integers only, no
   nesting but "metrics", no repeated keys) without allocating. 0: F is filled and the line is
   valid JSON; 1: not handled here, ask json-c (which also decides whether it is JSON at all). */
int oya_line_scan(const char *line, size_t len, struct oya_fields *f);

/* summary_intern.c: the index + 1 of S (LEN bytes) among ACC's strings, added when new;
   0 for NULL, -1 ENOMEM. */
int64_t oya_acc_intern(struct oya_acc *acc, const char *s, size_t len);
/* summary_line.c: the latest title of IMG, and the first reason it was sampled from outside (the
   image's sequence then goes on in the launcher's lines). 0, or -1 on ENOMEM. */
int oya_img_take_texts(struct oya_img *img, const struct oya_fields *f);

/* summary_stats.c */
void oya_proc_release(struct oya_proc *p);
double oya_weighted_avg(const struct oya_point *p, size_t n);

/* summary_pss.c: the distribution of N points (SCRATCH holds N values), and P's PSS and USS
   figures from its N sorted lines SRC (SCRATCH NULL: its PSS reads alone). 0 ok, -1 ENOMEM. */
void oya_dist_of(struct oya_dist *d, const struct oya_point *p, size_t n, uint64_t *scratch);
int oya_proc_pss(struct oya_proc *p, const struct oya_ipt *src, size_t n, uint64_t *scratch);
/* For each of P's points: its latest PSS at or before it (carried forward) and when it was read,
   or its RSS and INT64_MIN before P's first PSS read. NULL on ENOMEM. */
struct oya_carry {
	uint64_t kb;
	int64_t read_ms;
};
struct oya_carry *oya_pss_carried(const struct oya_proc *p);

/* summary_tree.c: each moment's tree total of ST's images into OUT (room for every point); by PSS
   (CARRY, one per image) only the moments when every live member's read is settled and none can have
   ended unseen, and *BY_RSS (when given) the images counted by their RSS at a settled moment from T0
   on. 0 ok, -1 ENOMEM. */
int oya_tree_sum(const struct oya_stats *st, const struct oya_carry *const *carry, int64_t t0,
		 struct oya_point *out, size_t *nout, uint64_t *by_rss);

/* leak.c: Theil–Sen slope in kB per ms over PTS, using at most MAXPTS evenly spread points. */
double oya_theil_sen(const struct oya_point *pts, size_t n, size_t maxpts);

#endif
