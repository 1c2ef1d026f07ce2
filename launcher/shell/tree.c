#include "tree_priv.h"

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
#include "exec_helper.h"
#include "guard.h"
#include "launch_core.h"
#include "proc.h"
#include "read_full.h"
#include "sample_line.h"
#include "status.h"
#include "tail.h"

#define HEAPTRACK_PRELOAD_NAME "libheaptrack_preload.so"
/* A member that samples itself and writes nothing for two intervals and this
 * much more (the scheduler's slack) is sampled from outside from then on. */
#define QUIET_SLACK_NS 1000000000ull

static void append(struct oya_tree *t, const char *line, size_t len)
{
	int err = oya_append_line(t->output, line, len);

	if (err && !t->write_errno)
		t->write_errno = err;
}

int oya_tree_status(const struct oya_member *m, struct oya_status *st)
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

/* M's cmdline as ps shows it into M->cmdline; true when it differs from the one before. */
static bool read_cmdline(struct oya_member *m)
{
	char path[64], raw[sizeof(m->cmdline)], text[sizeof(m->cmdline)];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)m->pid);
	n = oya_read_path(path, raw, sizeof(raw));
	if (n <= 0)
		return false;
	oya_cmdline_text(text, sizeof(text), raw, (size_t)n);
	if (!strcmp(text, m->cmdline))
		return false;
	memcpy(m->cmdline, text, sizeof(text));
	return true;
}

/* Sample M from outside and write EVENT; the line carries the cmdline on a
 * start, at the end and when it changed, and why M is sampled from outside. */
static void write_sample(struct oya_tree *t, struct oya_member *m, const char *event,
			 const struct oya_status *st)
{
	char line[OYA_LINE_MAX];
	struct oya_sample s;
	uint64_t now = oya_mono_ns();
	size_t len;
	bool changed = read_cmdline(m);

	memset(&s, 0, sizeof(s));
	if (changed || strcmp(event, "sample") != 0)
		s.cmdline = m->cmdline;
	s.outside = m->outside;
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
	oya_proc_rollup(m->pid, t->pss_mode, !strcmp(event, "start"), &m->pss, &s.ru);
	len = oya_sample_format(line, sizeof(line), &s);
	if (len)
		append(t, line, len);
	m->wrote = true;
}

struct oya_member *oya_tree_find(struct oya_tree *t, pid_t pid)
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

struct oya_member *oya_tree_add(struct oya_tree *t, pid_t pid, uint64_t start)
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
	n->added_ns = oya_mono_ns();
	t->facts.processes++;
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

/* Decide whether the member's image samples itself; returns its kind (with
 * M->outside, the reason, when it does not). */
static enum oya_member_kind decide(struct oya_tree *t, struct oya_member *m)
{
	int dyn;

	if (oya_proc_has_map(m->pid, OYA_PRELOAD_FILE) &&
	    (!t->heaptrack || oya_proc_has_map(m->pid, HEAPTRACK_PRELOAD_NAME))) {
		if (!t->edges)
			return OYA_M_SELF;
		m->outside = "preload without thread";
		return OYA_M_EDGES;
	}
	dyn = oya_proc_is_dynamic(m->pid);
	if (dyn == 0) {
		m->outside = "static binary"; /* LD_PRELOAD is ignored */
		return OYA_M_EXTERNAL;
	}
	/* Dynamic without the preload: maybe still in the loader; look once more. */
	if (++m->looks >= 2) {
		/* an earlier image of this pid wrote its own lines: it exec'd */
		m->outside = m->execd || m->heard_ns ? "no preload after exec" : "no preload";
		return OYA_M_EXTERNAL;
	}
	return OYA_M_UNDECIDED;
}

/* Does PID still run oya-exec, the launcher's client for heaptrack, which
 * execs the command at once? It is static, so it would look like a target to
 * sample from outside: it is not the target's image, not sampled. */
bool oya_tree_is_helper(struct oya_tree *t, pid_t pid)
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
 * back to the subreaper) only if it started after the command and, unless the
 * caller has no other children (oya-launch), carries the run's marker; else it
 * is the calling program's own (liboya in a host). A title rewrite may have
 * overwritten the marker: members seen before stay members (mark_members). */
static bool is_run_orphan(struct oya_tree *t, const struct oya_procinfo *p)
{
	if (t->child_start && p->start < t->child_start)
		return false;
	if (t->sole_parent)
		return true;
	return t->marker && oya_guard_marked(p->pid, t->marker);
}

/* Also for a process the scan's list may have missed. */
int oya_tree_stat(pid_t pid, struct oya_procinfo *p)
{
	char path[64], buf[1024];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	len = oya_read_path(path, buf, sizeof(buf));
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return len > 0 && !oya_stat_parse(buf, (size_t)len, &p->ppid, &p->start, &p->state) ? 0 : -1;
}

/* The command's start time and the root of the sampled tree (the command, or
 * under heaptrack the target its script started). The command is the caller's
 * child and stays in /proc until the caller reaps it, so a scan that does not
 * list it has missed it: it is read directly, never taken for gone. */
static void find_roots(struct oya_tree *t, struct oya_procinfo *v, size_t n)
{
	struct oya_procinfo *c, direct;

	if (!t->child_start) {
		c = oya_procs_find(v, n, t->child);
		if (!c && !oya_tree_stat(t->child, &direct))
			c = &direct;
		t->child_start = c ? c->start : 0;
	}
	if (t->heaptrack && !t->root)
		find_root(t, v, n);
	if (!t->heaptrack && !t->root) {
		t->root = t->child;
		t->root_start = t->child_start;
	}
	if (t->root && !t->root_gone) {
		c = oya_procs_find(v, n, t->root);
		if (!c && t->root == t->child && !oya_tree_stat(t->root, &direct))
			c = &direct;
		if (c && !t->root_start)
			t->root_start = c->start;
		t->root_gone = !c || c->start != t->root_start || c->state == 'Z' || c->state == 'X';
	}
}

void oya_tree_set_root(struct oya_tree *t, pid_t pid)
{
	char path[64], buf[1024];
	int64_t ppid;
	uint64_t start;
	char state;
	ssize_t len;

	if (t->root || pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	len = oya_read_path(path, buf, sizeof(buf));
	t->root = pid;
	if (len <= 0 || oya_stat_parse(buf, (size_t)len, &ppid, &start, &state) ||
	    (t->child_start && start < t->child_start) || (ppid != t->child && ppid != t->self)) {
		t->root_gone = true; /* it ended already (a pid reused since is not it) */
		return;
	}
	t->root_start = start;
}

/* Is V[I], not yet a member, one now (its parent is, or it is an orphan of the
 * run)? Heaptrack's helpers become outsiders. */
static bool joins(struct oya_tree *t, struct oya_procinfo *v, size_t n, size_t i)
{
	struct oya_procinfo *pp = oya_procs_find(v, n, v[i].ppid);
	char exe[256];

	if (pp && pp->member)
		return true;
	if (v[i].ppid == t->self && v[i].pid != t->child && (t->root || t->sole_parent) &&
	    is_run_orphan(t, &v[i])) {
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
		struct oya_member *m = oya_tree_find(t, v[i].pid);

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

/* M, found by a scan, is its member parent's copy until its name says it exec'd (a vfork's child
 * caught before its exec is no image of its own); else whatever it runs is an image. */
static void found_running(struct oya_tree *t, struct oya_member *m, int64_t ppid)
{
	struct oya_member *p = ppid > 0 ? oya_tree_find(t, (pid_t)ppid) : NULL;

	m->exec_image = !p || !p->exe[0];
	if (p && p->exe[0])
		memcpy(m->exe, p->exe, sizeof(m->exe));
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
		m = oya_tree_find(t, v[i].pid);
		if (m && m->starttime != v[i].start) { /* a reused pid: another process */
			oya_tree_image_end(t, m, false);
			memset(m, 0, sizeof(*m));
			m->pid = v[i].pid;
			m->starttime = v[i].start;
			m->exec_image = true;
			m->added_ns = oya_mono_ns();
			t->facts.processes++;
		}
		if (!m && (m = oya_tree_add(t, v[i].pid, v[i].start)))
			found_running(t, m, v[i].ppid);
		if (!m)
			continue;
		m->seen = true;
		m->zombie = v[i].state == 'Z' || v[i].state == 'X';
	}
	for (i = j = 0; i < t->n; i++) {
		if (t->m[i].seen)
			t->m[j++] = t->m[i];
		else
			oya_tree_image_end(t, &t->m[i], false);
	}
	t->n = j;
}

/* A member that samples itself went quiet (it switched user, closed its way
 * out, ...): from now on the launcher samples it. Its sequence goes on from
 * its own last line, so the summary counts the intervals without a line as
 * lost samples. */
static void take_over(struct oya_tree *t, struct oya_member *m, const struct oya_status *st, uint64_t now_ns)
{
	uint64_t since = m->heard_ns ? m->heard_ns : m->self_ns;
	uint64_t missed = t->interval_ns ? (now_ns - since) / t->interval_ns : 0;

	m->kind = OYA_M_EXTERNAL;
	m->outside = "went quiet";
	if (m->heard_ns) {
		m->seq = m->heard_seq + (missed ? missed : 1);
		write_sample(t, m, "sample", st);
	} else {
		m->seq = 0;
		write_sample(t, m, "start", st);
	}
	m->next_ns = now_ns + t->interval_ns;
}

static bool went_quiet(const struct oya_tree *t, const struct oya_member *m, uint64_t now_ns)
{
	uint64_t since = m->heard_ns > m->self_ns ? m->heard_ns : m->self_ns;

	return !m->said_exit && now_ns > since && now_ns - since > 2 * t->interval_ns + QUIET_SLACK_NS;
}

void oya_tree_outside(struct oya_tree *t, struct oya_member *m, const char *reason, uint64_t now_ns)
{
	struct oya_status st;

	m->kind = OYA_M_EXTERNAL;
	m->outside = reason;
	m->seq = 0;
	m->next_ns = now_ns + t->interval_ns;
	if (!oya_tree_status(m, &st))
		write_sample(t, m, "start", &st);
}

/* One live member: decide how it is sampled, sample it from outside when due. */
static void sample_member(struct oya_tree *t, struct oya_member *m, const struct oya_status *st,
			  uint64_t now_ns)
{
	if (m->kind == OYA_M_UNDECIDED && oya_tree_is_helper(t, m->pid))
		return; /* decided after its exec */
	if (m->kind == OYA_M_UNDECIDED) {
		m->kind = t->attached ? OYA_M_EXTERNAL : decide(t, m);
		if (t->attached)
			m->outside = "attached";
		if (m->kind == OYA_M_SELF)
			m->self_ns = now_ns;
		if (m->kind == OYA_M_EXTERNAL)
			write_sample(t, m, "start", st);
		if (m->kind == OYA_M_EDGES)
			m->seq = 1; /* after the preload's own start line */
		m->next_ns = now_ns + t->interval_ns;
		return;
	}
	if (m->kind == OYA_M_SELF) {
		if (went_quiet(t, m, now_ns))
			take_over(t, m, st, now_ns);
		return;
	}
	/* a scan a little early still takes a sample due on the same interval */
	/* (nothing after the exit line an image without a thread wrote itself) */
	if ((m->kind == OYA_M_EXTERNAL || (m->kind == OYA_M_EDGES && !m->said_exit)) &&
	    now_ns + t->interval_ns / 4 >= m->next_ns) {
		write_sample(t, m, "sample", st);
		m->next_ns += t->interval_ns;
		if (m->next_ns <= now_ns) /* fell behind: no burst */
			m->next_ns = now_ns + t->interval_ns;
	}
}

void oya_tree_new_image(struct oya_member *m)
{
	/* past the helper's own exec, or an image between wrote lines; not a fork's copy */
	m->execd = m->exec_image && (strcmp(m->exe, OYA_EXEC_HELPER_FILE) != 0 || m->heard_ns);
	m->kind = OYA_M_UNDECIDED;
	m->looks = 0;
	m->seq = 0;
	m->outside = NULL;
	m->heard_ns = m->self_ns = 0;
	m->said_exit = false;
	m->cmdline[0] = '\0';
	m->wrote = m->ended = false;
	m->exec_image = true;
}

/* Decide, sample, and add up the tree's RSS. */
static void sample_members(struct oya_tree *t, uint64_t now_ns)
{
	bool events = t->scan_mode == OYA_SCAN_EVENTS && !t->resync;
	size_t i;

	t->rss_kb = 0;
	t->live = 0;
	for (i = 0; i < t->n; i++) {
		struct oya_member *m = &t->m[i];
		struct oya_status st;
		char exe[256];

		if (m->zombie)
			continue;
		/* with the process events an exec is told; the name is read once */
		if (!events || !m->exe[0]) {
			uint64_t read_ns = oya_mono_ns(); /* an exec event after this is not in EXE */

			oya_proc_exe(m->pid, exe, sizeof(exe));
			if (m->exe[0] &&
			    strcmp(exe, m->exe) != 0) { /* an exec: a new image, checked at once */
				oya_tree_image_end(t, m, true);
				oya_tree_new_image(m);
			}
			memcpy(m->exe, exe, sizeof(m->exe));
			m->exe_ns = read_ns;
		}
		if (oya_tree_status(m, &st))
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

	if (oya_tree_read_procs(t, &v, &n))
		return -1;
	find_roots(t, v, n);
	mark_members(t, v, n);
	update_members(t, v, n);
	free(v);
	oya_tree_hear(t, now_ns); /* who wrote since the last scan (the file may not exist yet) */
	sample_members(t, now_ns);
	t->resync = false;
	return 0;
}

void oya_tree_final(struct oya_tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct oya_member *m = &t->m[i];
		struct oya_status st;
		uint64_t seq = m->seq;

		if (m->zombie || (m->kind == OYA_M_UNDECIDED && oya_tree_is_helper(t, m->pid)) ||
		    oya_tree_status(m, &st))
			continue;
		if (m->kind != OYA_M_EXTERNAL)
			m->seq = 0; /* not in the preload's sequence; the summary knows */
		write_sample(t, m, "final", &st);
		if (m->kind != OYA_M_EXTERNAL)
			m->seq = seq;
	}
}

void oya_tree_release(struct oya_tree *t)
{
	if (t->have_events)
		close(t->ev_fd);
	t->have_events = false;
	free(t->m);
	free(t->out);
	free(t->ends);
	t->m = NULL;
	t->out = NULL;
	t->ends = NULL;
	t->n = t->cap = t->nout = t->capout = t->nends = t->capends = 0;
}
