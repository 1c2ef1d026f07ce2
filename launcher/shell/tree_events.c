/*
 * The tree followed by the kernel's process events (pev_socket.h): a member's fork adds its
 * child at once, an exec is a new image checked at once, an exit ends the member, so that a
 * process too short-lived for any scan is still named, counted, and sampled from outside once
 * when it is still there; the periodic scans then sample and check the members they know.
 *
 * And the ends of images, in every mode: one that ended before any line was written for it
 * (too short-lived to sample) is counted by name once the JSONL has been read past its end,
 * for the summary's "tree" object.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "exec_helper.h"
#include "launch_core.h"
#include "pev_socket.h"
#include "sample_line.h"
#include "tail.h"
#include "tree_priv.h"

void oya_tree_image_end(struct oya_tree *t, struct oya_member *m, bool by_exec)
{
	struct oya_ended_image *n;

	if (m->ended)
		return;
	m->ended = true;
	if (m->wrote || m->heard_ns || (by_exec && !m->exec_image))
		return;
	if (t->helper && !strcmp(m->exe, OYA_EXEC_HELPER_FILE))
		return; /* heaptrack's client, no image of the target's */
	if (t->nends == t->capends) {
		size_t cap = t->capends ? t->capends * 2 : 16;

		n = realloc(t->ends, cap * sizeof(*n));
		if (!n) { /* counted at once: a line of it may yet come, but memory is short */
			oya_tree_facts_unsampled(&t->facts, m->exe);
			return;
		}
		t->ends = n;
		t->capends = cap;
	}
	n = &t->ends[t->nends++];
	n->pid = m->pid;
	memcpy(n->exe, m->exe, sizeof(n->exe));
}

/* A preload line (P) of an image in T->ends: it had a line after all. */
static bool ended_heard(struct oya_tree *t, const struct oya_line_peek *p)
{
	char esc[sizeof(t->ends[0].exe) * 6 + 1];
	size_t i, n;

	for (i = 0; i < t->nends; i++) {
		struct oya_ended_image *e = &t->ends[i];

		if (e->pid != p->pid)
			continue;
		if (e->exe[0]) { /* the same pid's next image writes lines too */
			n = oya_json_escape(esc, sizeof(esc), e->exe, strlen(e->exe));
			if (!p->exe || p->exe_len != n || memcmp(p->exe, esc, n) != 0)
				continue;
		}
		t->ends[i] = t->ends[--t->nends];
		return true;
	}
	return false;
}

struct hearing {
	struct oya_tree *t;
	uint64_t now_ns;
};

/* One line of the JSONL: an ended image, or a member that samples itself, was heard from. */
static void hear(void *ctx, const char *line, size_t len)
{
	struct hearing *h = ctx;
	struct oya_line_peek p;
	struct oya_member *m;

	if (oya_line_peek(line, len, &p) || (h->t->nends && ended_heard(h->t, &p)) ||
	    !(m = oya_tree_find(h->t, (pid_t)p.pid)) || m->kind == OYA_M_EXTERNAL)
		return;
	m->heard_ns = h->now_ns;
	m->heard_seq = p.seq;
	if (p.exit)
		m->said_exit = true;
}

void oya_tree_hear(struct oya_tree *t, uint64_t now_ns)
{
	struct hearing h = { t, now_ns };
	size_t i;

	/* the file may not exist yet; an image is settled only once the reading is at the end */
	if (oya_tail_lines(t->output, &t->tail_off, hear, &h) == 1)
		return;
	for (i = 0; i < t->nends; i++)
		oya_tree_facts_unsampled(&t->facts, t->ends[i].exe);
	t->nends = 0;
}

void oya_tree_settle(struct oya_tree *t)
{
	struct hearing h = { t, 0 };
	size_t i;

	for (i = 0; i < t->n; i++) /* the end of the observation ends what was never sampled */
		oya_tree_image_end(t, &t->m[i], false);
	while (oya_tail_lines(t->output, &t->tail_off, hear, &h) == 1)
		;
	oya_tree_hear(t, 0);
	/* attached, oya-launch samples every process from outside */
	t->facts.sampler = t->edges || t->attached ? OYA_TREE_SAMPLER_LAUNCHER : OYA_TREE_SAMPLER_THREAD;
	switch (oya_tree_mode(t)) {
	case OYA_SCAN_EVENTS: t->facts.followed_by = OYA_TREE_BY_EVENTS; break;
	case OYA_SCAN_CHILDREN: t->facts.followed_by = OYA_TREE_BY_CHILDREN; break;
	default: t->facts.followed_by = OYA_TREE_BY_SCAN; break;
	}
}

/* The live member PPID, the parent of a fork; the root joins here when the scans have not yet. */
static struct oya_member *parent_of(struct oya_tree *t, pid_t ppid)
{
	struct oya_member *m = oya_tree_find(t, ppid);
	struct oya_procinfo p;

	if (m)
		return m->zombie || m->ended ? NULL : m;
	if (!t->root || ppid != t->root || t->root_gone || oya_tree_stat(ppid, &p) ||
	    (t->root_start && p.start != t->root_start))
		return NULL;
	m = oya_tree_add(t, ppid, p.start);
	if (m) {
		m->exec_image = true;
		m->exe_ns = oya_mono_ns();
		oya_proc_exe(ppid, m->exe, sizeof(m->exe));
	}
	return m;
}

/* PARENT forked PID at TS: a member from now on, the same image as its parent's until it execs. */
static void forked(struct oya_tree *t, const struct oya_member *parent, pid_t pid, uint64_t ts, uint64_t now)
{
	struct oya_member *m = oya_tree_find(t, pid), copy = *parent;
	struct oya_procinfo p;

	if (m && !m->zombie)
		return; /* a scan found it first */
	if (oya_tree_stat(pid, &p))
		p.start = 0; /* gone already: still counted, and its exec and exit still heard */
	if (m) {
		oya_tree_image_end(t, m, false);
		memset(m, 0, sizeof(*m));
		m->pid = pid;
		m->starttime = p.start;
		t->facts.processes++;
	} else if (!(m = oya_tree_add(t, pid, p.start))) {
		return;
	}
	if (ts)
		m->added_ns = ts; /* its exit may be older than this reading */
	memcpy(m->exe, copy.exe, sizeof(m->exe));
	m->kind = copy.kind;
	if (copy.kind == OYA_M_SELF) {
		m->self_ns = now;	       /* its own lines are due from now on */
	} else if (copy.kind == OYA_M_EDGES) { /* its preload writes its start line, no samples */
		m->outside = copy.outside;
		m->seq = 1;
		m->next_ns = now + t->interval_ns;
	} else if (copy.kind == OYA_M_EXTERNAL) {
		oya_tree_outside(t, m, copy.outside, now);
	}
}

/* Member M ran execve: a new image, sampled from outside at once when it cannot sample itself. */
static void execd(struct oya_tree *t, struct oya_member *m, uint64_t now)
{
	oya_tree_image_end(t, m, true);
	oya_tree_new_image(m);
	m->exe_ns = oya_mono_ns(); /* an exec event older than this reading is in the past */
	/* under heaptrack the root's static images are oya-exec's (heaptrack traces no static
	 * program), which execs the command at once: the scans decide */
	if (oya_proc_name(m->pid, m->exe, sizeof(m->exe)) || oya_tree_is_helper(t, m->pid) ||
	    (t->heaptrack && m->pid == t->root))
		return;
	if (t->attached)
		oya_tree_outside(t, m, "attached", now);
	else if (oya_proc_is_dynamic(m->pid) == 0)
		oya_tree_outside(t, m, "static binary", now); /* LD_PRELOAD is ignored */
	/* a dynamic image is decided by the scans: its loader may not have mapped the preload yet */
}

struct applying {
	struct oya_tree *t;
	uint64_t now;
	bool changed, ended;
};

static void apply(void *ctx, const struct oya_pev *e)
{
	struct applying *a = ctx;
	struct oya_tree *t = a->t;
	struct oya_member *m;

	if (e->pid != e->tid && e->kind != OYA_PEV_EXEC)
		return; /* a thread's birth or end, not a process's */
	switch (e->kind) {
	case OYA_PEV_FORK:
		if (!(m = parent_of(t, e->ppid)))
			return;
		forked(t, m, e->pid, e->ts_ns, a->now);
		break;
	case OYA_PEV_EXEC:
		/* events are read after the fact: a scan may have seen this exec already */
		if (!(m = oya_tree_find(t, e->pid)) || m->zombie || (m->exe_ns && e->ts_ns < m->exe_ns))
			return;
		execd(t, m, a->now);
		a->ended |= t->nends > 0;
		break;
	case OYA_PEV_EXIT:
		/* an exit older than the member is its pid's previous process's */
		if (!(m = oya_tree_find(t, e->pid)) || m->zombie || e->ts_ns < m->added_ns)
			return;
		oya_tree_image_end(t, m, false);
		m->zombie = true; /* until a scan sees it otherwise (a leader that ends before its threads) */
		if (e->pid == t->root)
			t->root_gone = true;
		a->ended = true;
		break;
	default: return;
	}
	a->changed = true;
}

int oya_tree_events(struct oya_tree *t, uint64_t now_ns)
{
	struct applying a = { t, now_ns, false, false };
	int rc = 0;
	size_t i;

	if (!t->have_events)
		return 0;
	if (oya_pev_read(t->ev_fd, apply, &a) && errno == ENOBUFS) {
		t->resync = true; /* the children files tell what the lost events would have */
		rc |= OYA_TREE_LOST;
	}
	if (!a.changed)
		return rc;
	if (a.ended && t->nends)
		oya_tree_hear(t, now_ns);
	for (i = 0, t->live = 0; i < t->n; i++)
		t->live += !t->m[i].zombie && t->m[i].starttime;
	return rc | OYA_TREE_CHANGED;
}
