#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "guard.h"
#include "launch_core.h"
#include "proc.h"
#include "read_full.h"
#include "sample_line.h"
#include "status.h"

#define PRELOAD_NAME "liboya_preload.so"
#define HEAPTRACK_PRELOAD_NAME "libheaptrack_preload.so"

static void append(struct oya_tree *t, const char *line, size_t len)
{
	ssize_t w;
	int fd;

	do
		fd = open(t->output, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		if (!t->write_errno)
			t->write_errno = errno;
		return;
	}
	do
		w = write(fd, line, len); /* one write per line: appends from many processes never tear */
	while (w < 0 && errno == EINTR);
	if (w != (ssize_t)len && !t->write_errno)
		t->write_errno = w < 0 ? errno : ENOSPC;
	close(fd);
}

/* Read the member's status; 0 with *st filled, -1 when gone or without memory fields. */
static int member_status(const struct oya_member *m, struct oya_status *st)
{
	char path[64], buf[4096];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)m->pid);
	n = oya_read_path(path, buf, sizeof(buf));
	if (n <= 0)
		return -1;
	memset(st, 0, sizeof(*st));
	oya_status_parse(buf, (size_t)n, st);
	return (st->have & OYA_ST_MEMORY) == OYA_ST_MEMORY ? 0 : -1;
}

/* Sample M from outside and write EVENT. */
static void write_sample(struct oya_tree *t, struct oya_member *m, const char *event,
			 const struct oya_status *st)
{
	char line[OYA_LINE_MAX];
	struct oya_sample s;
	uint64_t now = oya_mono_ns();
	size_t len;

	memset(&s, 0, sizeof(s));
	s.event = event;
	s.source = "launcher";
	s.exe = m->exe;
	s.host = t->host;
	s.run = t->run;
	s.seq = m->seq++;
	s.pid = m->pid;
	s.ppid = st->ppid;
	s.wall_ms = oya_wall_ms();
	s.elapsed_ms = now > t->t0_ns ? (now - t->t0_ns) / 1000000u : 0;
	s.st = *st;
	len = oya_sample_format(line, sizeof(line), &s);
	if (len)
		append(t, line, len);
}

static struct oya_member *find_member(struct oya_tree *t, pid_t pid)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->m[i].pid == pid)
			return &t->m[i];
	return NULL;
}

static bool is_outsider(const struct oya_tree *t, pid_t pid, uint64_t start)
{
	size_t i;

	for (i = 0; i < t->nout; i++)
		if (t->out[i].pid == pid && t->out[i].starttime == start)
			return true;
	return false;
}

static void add_outsider(struct oya_tree *t, pid_t pid, uint64_t start)
{
	struct oya_outsider *n;

	if (is_outsider(t, pid, start))
		return;
	if (t->nout == t->capout) {
		size_t cap = t->capout ? t->capout * 2 : 16;

		n = realloc(t->out, cap * sizeof(*n));
		if (!n)
			return;
		t->out = n;
		t->capout = cap;
	}
	t->out[t->nout++] = (struct oya_outsider){ pid, start };
}

static struct oya_member *add_member(struct oya_tree *t, pid_t pid, uint64_t start)
{
	struct oya_member *n;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;

		n = realloc(t->m, cap * sizeof(*n));
		if (!n)
			return NULL;
		t->m = n;
		t->cap = cap;
	}
	n = &t->m[t->n++];
	memset(n, 0, sizeof(*n));
	n->pid = pid;
	n->starttime = start;
	return n;
}

/* Under heaptrack: the target is the process heaptrack traces. */
static void find_root(struct oya_tree *t, struct oya_procinfo *v, size_t n)
{
	size_t i;

	for (i = 0; i < n && !t->root; i++) {
		struct oya_procinfo *p = &v[i], *q = p;
		int depth = 0;

		/* A descendant of heaptrack's script? */
		while (q && q->pid != t->child && depth++ < 64)
			q = q->ppid > 0 ? oya_procs_find(v, n, q->ppid) : NULL;
		if (!q || p->pid == t->child || p->state == 'Z')
			continue;
		if (oya_proc_has_env(p->pid, "DUMP_HEAPTRACK_OUTPUT") ||
		    oya_proc_has_map(p->pid, HEAPTRACK_PRELOAD_NAME)) {
			t->root = p->pid;
			t->root_start = p->start;
		}
	}
}

/* Decide whether the member's image samples itself; returns its kind. */
static enum oya_member_kind decide(struct oya_tree *t, struct oya_member *m)
{
	int dyn;

	if (oya_proc_has_map(m->pid, PRELOAD_NAME) &&
	    (!t->heaptrack || oya_proc_has_map(m->pid, HEAPTRACK_PRELOAD_NAME)))
		return OYA_M_SELF;
	dyn = oya_proc_is_dynamic(m->pid);
	if (dyn == 0)
		return OYA_M_EXTERNAL; /* static: LD_PRELOAD is ignored */
	/* Dynamic without the preload: maybe still in the loader; look once more. */
	if (++m->looks >= 2)
		return OYA_M_EXTERNAL;
	return OYA_M_UNDECIDED;
}

/* Does PID still run oya-exec, the launcher's client for heaptrack, which
 * execs the command at once? It is static, so it would look like a target to
 * sample from outside: it is not the target's image, not sampled. */
static bool is_exec_helper(struct oya_tree *t, pid_t pid)
{
	char path[64];
	struct stat st;

	if (!t->helper)
		return false;
	if (!t->helper_ino) {
		if (stat(t->helper, &st))
			return false;
		t->helper_dev = st.st_dev;
		t->helper_ino = st.st_ino;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	return !stat(path, &st) && st.st_dev == t->helper_dev && st.st_ino == t->helper_ino;
}

static bool helper_name(const char *exe)
{
	static const char *const names[] = { "heaptrack_interpret", "zstd", "gzip", "heaptrack" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(exe, names[i]))
			return true;
	return false;
}

/* A child of the caller that is not the command: an orphan of the run (it came
 * back to the subreaper) only if it started after the command and carries the
 * run's marker; else it is the calling program's own (liboya in a host). */
static bool is_run_orphan(struct oya_tree *t, const struct oya_procinfo *p)
{
	if (t->child_start && p->start < t->child_start)
		return false;
	return t->marker && oya_guard_marked(p->pid, t->marker);
}

/* The command's start time and the root of the sampled tree (the command, or
 * under heaptrack the target its script started). */
static void find_roots(struct oya_tree *t, struct oya_procinfo *v, size_t n)
{
	struct oya_procinfo *c;

	if (!t->child_start) {
		c = oya_procs_find(v, n, t->child);
		t->child_start = c ? c->start : 0;
	}
	if (t->heaptrack && !t->root)
		find_root(t, v, n);
	if (!t->heaptrack && !t->root) {
		t->root = t->child;
		c = oya_procs_find(v, n, t->child);
		t->root_start = c ? c->start : 0;
	}
}

/* Is V[I], not yet a member, one now (its parent is, or it is an orphan of the
 * run)? Heaptrack's helpers become outsiders. */
static bool joins(struct oya_tree *t, struct oya_procinfo *v, size_t n, size_t i)
{
	struct oya_procinfo *pp = oya_procs_find(v, n, v[i].ppid);
	char exe[256];

	if (pp && pp->member)
		return true;
	if (v[i].ppid == t->self && v[i].pid != t->child && t->root && is_run_orphan(t, &v[i])) {
		/* An orphan that came back to the subreaper. Under heaptrack it may
		 * be one of heaptrack's own if the script is gone. */
		if (t->heaptrack) {
			oya_proc_exe(v[i].pid, exe, sizeof(exe));
			if (helper_name(exe)) {
				add_outsider(t, v[i].pid, v[i].start);
				return false;
			}
		}
		return true;
	}
	if (t->heaptrack && pp && pp->pid == t->child && t->root)
		add_outsider(t, v[i].pid, v[i].start); /* heaptrack's helpers */
	return false;
}

/* Mark V's members: known members, the root, then descendants to a fixed point. */
static void mark_members(struct oya_tree *t, struct oya_procinfo *v, size_t n)
{
	bool changed;
	size_t i;

	for (i = 0; i < n; i++) {
		struct oya_member *m = find_member(t, v[i].pid);

		v[i].member = (m && m->starttime == v[i].start) ||
			      (t->root && v[i].pid == t->root && v[i].start == t->root_start);
	}
	do {
		changed = false;
		for (i = 0; i < n; i++) {
			if (v[i].member || is_outsider(t, v[i].pid, v[i].start))
				continue;
			if (joins(t, v, n, i)) {
				v[i].member = 1;
				changed = true;
			}
		}
	} while (changed);
}

/* The member list becomes V's members: new ones added, gone ones (or reused pids) forgotten. */
static void update_members(struct oya_tree *t, const struct oya_procinfo *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < t->n; i++)
		t->m[i].seen = false;
	for (i = 0; i < n; i++) {
		struct oya_member *m;

		if (!v[i].member)
			continue;
		m = find_member(t, v[i].pid);
		if (m && m->starttime != v[i].start) {
			m->starttime = v[i].start;
			m->kind = OYA_M_UNDECIDED;
			m->looks = 0;
			m->seq = 0;
			m->exe[0] = '\0';
		}
		if (!m && !(m = add_member(t, v[i].pid, v[i].start)))
			continue;
		m->seen = true;
		m->zombie = v[i].state == 'Z' || v[i].state == 'X';
	}
	for (i = j = 0; i < t->n; i++)
		if (t->m[i].seen)
			t->m[j++] = t->m[i];
	t->n = j;
}

/* One live member: decide how it is sampled, sample it from outside when due. */
static void sample_member(struct oya_tree *t, struct oya_member *m, const struct oya_status *st,
			  uint64_t now_ns)
{
	if (m->kind == OYA_M_UNDECIDED && is_exec_helper(t, m->pid))
		return; /* decided after its exec */
	if (m->kind == OYA_M_UNDECIDED) {
		m->kind = decide(t, m);
		if (m->kind == OYA_M_EXTERNAL) {
			write_sample(t, m, "start", st);
			m->next_ns = now_ns + t->interval_ns;
		}
		return;
	}
	if (m->kind == OYA_M_EXTERNAL && now_ns >= m->next_ns) {
		write_sample(t, m, "sample", st);
		m->next_ns += t->interval_ns;
		if (m->next_ns <= now_ns) /* fell behind: no burst */
			m->next_ns = now_ns + t->interval_ns;
	}
}

/* Decide, sample, and add up the tree's RSS. */
static void sample_members(struct oya_tree *t, uint64_t now_ns)
{
	size_t i;

	t->rss_kb = 0;
	t->live = 0;
	for (i = 0; i < t->n; i++) {
		struct oya_member *m = &t->m[i];
		struct oya_status st;
		char exe[256];

		if (m->zombie)
			continue;
		oya_proc_exe(m->pid, exe, sizeof(exe));
		if (m->exe[0] && strcmp(exe, m->exe) != 0) { /* an exec: a new image */
			m->kind = OYA_M_UNDECIDED;
			m->looks = 0;
			m->seq = 0;
		}
		memcpy(m->exe, exe, sizeof(m->exe));
		if (member_status(m, &st))
			continue;
		t->live++;
		t->rss_kb += st.vm_rss_kb;
		sample_member(t, m, &st, now_ns);
	}
	if (t->rss_kb > t->peak_rss_kb)
		t->peak_rss_kb = t->rss_kb;
}

int oya_tree_scan(struct oya_tree *t, uint64_t now_ns)
{
	struct oya_procinfo *v = NULL;
	size_t n = 0;

	if (oya_procs_read(&v, &n))
		return -1;
	find_roots(t, v, n);
	mark_members(t, v, n);
	update_members(t, v, n);
	free(v);
	sample_members(t, now_ns);
	return 0;
}

void oya_tree_final(struct oya_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct oya_member *m = &t->m[i];
		struct oya_status st;
		uint64_t seq = m->seq;

		if (m->zombie || (m->kind == OYA_M_UNDECIDED && is_exec_helper(t, m->pid)) ||
		    member_status(m, &st))
			continue;
		if (m->kind != OYA_M_EXTERNAL)
			m->seq = 0; /* not in the preload's sequence; the summary knows */
		write_sample(t, m, "final", &st);
		if (m->kind != OYA_M_EXTERNAL)
			m->seq = seq;
	}
}

size_t oya_tree_signal(struct oya_tree *t, int sig, bool only_new)
{
	return oya_tree_signal_except(t, sig, only_new, 0);
}

size_t oya_tree_signal_except(struct oya_tree *t, int sig, bool only_new, pid_t skip_pgid)
{
	size_t i, sent = 0;

	for (i = 0; i < t->n; i++) {
		char path[64], buf[1024];
		int64_t ppid;
		uint64_t start;
		char state;
		ssize_t len;

		if (only_new && t->m[i].stopped)
			continue;
		t->m[i].stopped = true;
		if (t->m[i].zombie)
			continue;
		/* Only the same process: a pid reused since the scan is not ours. */
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)t->m[i].pid);
		len = oya_read_path(path, buf, sizeof(buf));
		if (len <= 0 || oya_stat_parse(buf, (size_t)len, &ppid, &start, &state) ||
		    start != t->m[i].starttime)
			continue;
		if (skip_pgid > 0 && getpgid(t->m[i].pid) == skip_pgid)
			continue;
		if (!kill(t->m[i].pid, sig))
			sent++;
	}
	return sent;
}

void oya_tree_reap(struct oya_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->m[i].pid != t->child)
			waitpid(t->m[i].pid, NULL, WNOHANG);
	for (i = 0; i < t->nout; i++)
		waitpid(t->out[i].pid, NULL, WNOHANG);
}

void oya_tree_release(struct oya_tree *t)
{
	free(t->m);
	free(t->out);
	t->m = NULL;
	t->out = NULL;
	t->n = t->cap = t->nout = t->capout = 0;
}
