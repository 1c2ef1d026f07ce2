/*
 * The target's process tree, followed through /proc: who belongs to it, who
 * samples itself (the preload is mapped) and who the launcher samples from
 * outside (static binaries, programs started under heaptrack without
 * LD_PRELOAD). Imperative shell over launch_core's /proc parsers.
 */
#ifndef OYA_TREE_H
#define OYA_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pss_budget.h"
#include "tree_facts.h"

enum oya_member_kind {
	OYA_M_UNDECIDED,
	OYA_M_SELF,
	OYA_M_EXTERNAL,
	OYA_M_EDGES /* has the preload without its thread (OYA_SAMPLER=edges): its start and exit
	               lines are its own, the periodic ones the launcher's */
};

struct oya_member {
	pid_t pid;
	uint64_t starttime; /* with pid: one process */
	enum oya_member_kind kind;
	int looks; /* observations while undecided */
	bool seen; /* in the latest scan */
	bool zombie;
	bool stopped;		   /* got the stop signal */
	char exe[256];		   /* base name of /proc/PID/exe: a change is an exec */
	uint64_t seq;		   /* external samples of this image */
	uint64_t next_ns;	   /* next external sample (CLOCK_MONOTONIC) */
	uint64_t self_ns;	   /* when it was found to sample itself */
	uint64_t heard_ns;	   /* its latest own line in the JSONL (0: none yet) */
	uint64_t heard_seq;	   /* that line's seq */
	bool said_exit;		   /* its own "exit" line: the image is ending */
	bool execd;		   /* this image came from an exec the tree saw */
	const char *outside;	   /* why the launcher samples it, NULL while it samples itself */
	char cmdline[256];	   /* the cmdline in its latest launcher line */
	struct oya_pss_budget pss; /* its smaps_rollup reads from outside */
	bool wrote;		   /* the launcher wrote a line for this image */
	bool exec_image;	   /* the image came from an exec (or was found running), not a fork's copy */
	bool ended;		   /* the image's end was taken into account (oya_tree_image_end) */
	uint64_t added_ns;	   /* when the tree took it in (CLOCK_MONOTONIC) */
	uint64_t exe_ns;	   /* when EXE was read from /proc (0: a fork's copy of the parent's) */
};

enum oya_scan_mode {
	OYA_SCAN_UNKNOWN,  /* not decided until the first scan */
	OYA_SCAN_EVENTS,   /* the kernel's process events (EV_FD), the children files to resynchronise */
	OYA_SCAN_CHILDREN, /* the tree's own relations: /proc/PID/task/TID/children */
	OYA_SCAN_ALL,	   /* every /proc/PID/stat (a kernel without children files) */
};

struct oya_outsider { /* a process known not to be the target's (heaptrack's own) */
	pid_t pid;
	uint64_t starttime;
};

struct oya_ended_image { /* an image that ended without a line of the launcher's, not yet heard of */
	pid_t pid;
	char exe[256];
};

struct oya_tree {
	/* set by the caller */
	const char *helper;	/* oya-exec (heaptrack's client), or NULL */
	const char *output;	/* JSONL, absolute */
	const char *marker;	/* "OYA_T0=..." in the command's environment, or NULL */
	const char *host, *run; /* written in every line */
	uint64_t interval_ns, t0_ns;
	pid_t self;  /* the launcher (subreaper) */
	pid_t child; /* what it started: the target, or heaptrack's script */
	enum oya_pss_mode pss_mode;
	bool edges; /* the command runs with OYA_SAMPLER=edges */
	bool heaptrack;
	bool attached;	  /* a running process the launcher observes: every member is sampled
	                  from outside (and never reaped: attach.c does not) */
	bool sole_parent; /* the caller has no children but the command's: every other
	                              child that starts after the command is the run's */
	bool have_events; /* EV_FD is a process events socket (pev_socket.h), which the tree closes */
	int ev_fd;
	/* state */
	enum oya_scan_mode scan_mode;
	bool root_gone;	      /* the root was seen and has ended (or is a zombie) */
	pid_t root;	      /* the target (0 until found under heaptrack) */
	uint64_t child_start; /* the child's start time (0 until seen) */
	uint64_t root_start;
	long tail_off; /* the JSONL read so far (whole lines) */
	struct oya_member *m;
	size_t n, cap;
	struct oya_outsider *out;
	size_t nout, capout;
	dev_t helper_dev; /* the helper's file, once known */
	ino_t helper_ino;
	uint64_t rss_kb, peak_rss_kb; /* the tree's total RSS at the latest scan, and its peak */
	size_t live;		      /* members in the latest scan, zombies excluded */
	int write_errno;	      /* the first failure to append a line, 0 for none */
	bool resync;		      /* events mode: the next scan walks the children files */
	struct oya_ended_image *ends; /* ended images that may yet be heard of in the JSONL */
	size_t nends, capends;
	struct oya_tree_facts facts; /* what the summary's "tree" says */
};

/* Scan /proc: update the members, take external samples that are due (event
 * "start" for a new image, "sample" on the interval). 0 ok, -1 with errno when
 * /proc cannot be read. */
int oya_tree_scan(struct oya_tree *t, uint64_t now_ns);

struct oya_procinfo;
/* The processes a scan looks at, sorted by pid (tree_procs.c): the tree's top, its known members
 * and their descendants; 0, or -1 with errno. Decides T->scan_mode on the first call. */
int oya_tree_read_procs(struct oya_tree *t, struct oya_procinfo **out, size_t *count);
/* How the tree is followed (decided on the first call): the process events when T has a socket,
 * else the children files where the kernel has them (CONFIG_PROC_CHILDREN), else every /proc/PID/stat. */
enum oya_scan_mode oya_tree_mode(struct oya_tree *t);

/* The kernel's process events waiting on T->ev_fd, applied: members that fork add their child at
 * once, an exec is a new image checked at once (a static one is sampled from outside there and
 * then), an exit ends the member. Returns OYA_TREE_CHANGED when a member was concerned, with
 * OYA_TREE_LOST when events were lost (the next scan walks the children files again). */
#define OYA_TREE_CHANGED 1
#define OYA_TREE_LOST 2
int oya_tree_events(struct oya_tree *t, uint64_t now_ns);

/* At the end: read the JSONL once more, so that every ended image is known to have had a line or
 * not (T->facts.unsampled); T->facts.followed_by is set. */
void oya_tree_settle(struct oya_tree *t);

/* Under heaptrack: the target is PID (oya-exec announced it). */
void oya_tree_set_root(struct oya_tree *t, pid_t pid);

/* Write an "final" sample (source "launcher") for every live member. */
void oya_tree_final(struct oya_tree *t);

/* Send SIG to every live member (ONLY_NEW: those that did not get a stop
 * signal yet); returns how many were signalled. */
size_t oya_tree_signal(struct oya_tree *t, int sig, bool only_new);

/* The same, but members in process group SKIP_PGID (when above 0) only count
 * as signalled: a signal typed at the terminal reached them already. */
size_t oya_tree_signal_except(struct oya_tree *t, int sig, bool only_new, pid_t skip_pgid);

/* Is PID a live member of the tree? */
bool oya_tree_holds(const struct oya_tree *t, pid_t pid);

/* Reap the members and heaptrack helpers that are the caller's children now
 * (orphans come back to the subreaper), and only those: other children of the
 * process are not ours to wait for. */
void oya_tree_reap(struct oya_tree *t);

void oya_tree_release(struct oya_tree *t);

#endif
