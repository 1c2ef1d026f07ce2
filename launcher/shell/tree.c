#include "tree.h"

#include <dirent.h>
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
#include "read_full.h"
#include "sample_line.h"
#include "status.h"

#define PRELOAD_NAME "liboya_preload.so"
#define HEAPTRACK_PRELOAD_NAME "libheaptrack_preload.so"

/* Read a /proc file of any size into a malloc'd buffer (maps can be large). */
static char *read_all(const char *path, size_t *len)
{
	size_t cap = 16384, n = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			nb = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*len = n;
	return buf;
}

static bool proc_has_map(pid_t pid, const char *name)
{
	char path[64];
	size_t len = 0;
	char *maps;
	bool has;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	maps = read_all(path, &len);
	if (!maps)
		return false;
	has = oya_maps_has(maps, len, name);
	free(maps);
	return has;
}

static bool proc_has_env(pid_t pid, const char *var)
{
	char path[64];
	size_t len = 0;
	char *env;
	bool has;

	snprintf(path, sizeof(path), "/proc/%d/environ", (int)pid);
	env = read_all(path, &len);
	if (!env)
		return false;
	has = oya_environ_has(env, len, var);
	free(env);
	return has;
}

/* 1 dynamic, 0 static, -1 unknown. */
static int proc_is_dynamic(pid_t pid)
{
	unsigned char buf[4096];
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = oya_read_path(path, (char *)buf, sizeof(buf));
	if (n <= 0)
		return -1;
	return oya_elf_is_dynamic(buf, (size_t)n);
}

static void proc_exe(pid_t pid, char *dst, size_t cap)
{
	char path[64], target[PATH_MAX];
	ssize_t n;
	const char *base;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		snprintf(dst, cap, "unknown");
		return;
	}
	target[n] = '\0';
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	n = (ssize_t)strlen(base);
	if ((size_t)n >= cap)
		n = (ssize_t)cap - 1; /* cut, as the preload cuts its exe name */
	memcpy(dst, base, (size_t)n);
	dst[n] = '\0';
}

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

struct procinfo {
	pid_t pid;
	int64_t ppid;
	uint64_t start;
	char state;
	int member;  /* 1 member, 0 not (yet) */
};

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct procinfo *)a)->pid, y = ((const struct procinfo *)b)->pid;

	return (x > y) - (x < y);
}

static int read_procs(struct procinfo **out, size_t *count)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct procinfo *v = NULL, *nv;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[64], buf[1024];
		struct procinfo p;
		ssize_t len;
		char *end;
		long pid = strtol(e->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		len = oya_read_path(path, buf, sizeof(buf));
		if (len <= 0)
			continue;
		memset(&p, 0, sizeof(p));
		p.pid = (pid_t)pid;
		if (oya_stat_parse(buf, (size_t)len, &p.ppid, &p.start, &p.state))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				closedir(d);
				errno = ENOMEM;
				return -1;
			}
			v = nv;
		}
		v[n++] = p;
	}
	closedir(d);
	if (n > 1)
		qsort(v, n, sizeof(*v), by_pid);
	*out = v;
	*count = n;
	return 0;
}

/* v is sorted by pid: the scan looks up parents once per process per pass. */
static struct procinfo *find_proc(struct procinfo *v, size_t n, int64_t pid)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].pid == pid)
			return &v[mid];
		if (v[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Under heaptrack: the target is the process heaptrack traces. */
static void find_root(struct oya_tree *t, struct procinfo *v, size_t n)
{
	size_t i;

	for (i = 0; i < n && !t->root; i++) {
		struct procinfo *p = &v[i], *q = p;
		int depth = 0;

		/* A descendant of heaptrack's script? */
		while (q && q->pid != t->child && depth++ < 64)
			q = q->ppid > 0 ? find_proc(v, n, q->ppid) : NULL;
		if (!q || p->pid == t->child || p->state == 'Z')
			continue;
		if (proc_has_env(p->pid, "DUMP_HEAPTRACK_OUTPUT") ||
		    proc_has_map(p->pid, HEAPTRACK_PRELOAD_NAME)) {
			t->root = p->pid;
			t->root_start = p->start;
		}
	}
}

/* Decide whether the member's image samples itself; returns its kind. */
static enum oya_member_kind decide(struct oya_tree *t, struct oya_member *m)
{
	int dyn;

	if (proc_has_map(m->pid, PRELOAD_NAME) &&
	    (!t->heaptrack || proc_has_map(m->pid, HEAPTRACK_PRELOAD_NAME)))
		return OYA_M_SELF;
	dyn = proc_is_dynamic(m->pid);
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
static bool is_run_orphan(struct oya_tree *t, const struct procinfo *p)
{
	if (t->child_start && p->start < t->child_start)
		return false;
	return t->marker && oya_guard_marked(p->pid, t->marker);
}

int oya_tree_scan(struct oya_tree *t, uint64_t now_ns)
{
	struct procinfo *v = NULL;
	size_t n = 0, i, j;
	bool changed;

	if (read_procs(&v, &n))
		return -1;
	if (!t->child_start) {
		struct procinfo *c = find_proc(v, n, t->child);

		t->child_start = c ? c->start : 0;
	}
	if (t->heaptrack && !t->root)
		find_root(t, v, n);
	if (!t->heaptrack && !t->root) {
		t->root = t->child;
		struct procinfo *c = find_proc(v, n, t->child);
		t->root_start = c ? c->start : 0;
	}
	/* Known members, the root, then descendants to a fixed point. */
	for (i = 0; i < n; i++) {
		struct oya_member *m = find_member(t, v[i].pid);

		v[i].member = (m && m->starttime == v[i].start) ||
			      (t->root && v[i].pid == t->root && v[i].start == t->root_start);
	}
	do {
		changed = false;
		for (i = 0; i < n; i++) {
			struct procinfo *pp;
			char exe[256];

			if (v[i].member || is_outsider(t, v[i].pid, v[i].start))
				continue;
			pp = find_proc(v, n, v[i].ppid);
			if (pp && pp->member) {
				v[i].member = 1;
				changed = true;
			} else if (v[i].ppid == t->self && v[i].pid != t->child && t->root &&
				   is_run_orphan(t, &v[i])) {
				/* An orphan that came back to the subreaper. Under heaptrack it may
				 * be one of heaptrack's own if the script is gone. */
				if (t->heaptrack) {
					proc_exe(v[i].pid, exe, sizeof(exe));
					if (helper_name(exe)) {
						add_outsider(t, v[i].pid, v[i].start);
						continue;
					}
				}
				v[i].member = 1;
				changed = true;
			} else if (t->heaptrack && pp && pp->pid == t->child && t->root) {
				add_outsider(t, v[i].pid, v[i].start); /* heaptrack's helpers */
			}
		}
	} while (changed);

	/* Forget members that are gone (or whose pid was reused). */
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
	free(v);

	/* Decide, sample, and add up the tree's RSS. */
	t->rss_kb = 0;
	t->live = 0;
	for (i = 0; i < t->n; i++) {
		struct oya_member *m = &t->m[i];
		struct oya_status st;
		char exe[256];

		if (m->zombie)
			continue;
		proc_exe(m->pid, exe, sizeof(exe));
		if (m->exe[0] && strcmp(exe, m->exe) != 0) { /* an exec: a new image */
			m->kind = OYA_M_UNDECIDED;
			m->looks = 0;
			m->seq = 0;
		}
		memcpy(m->exe, exe, sizeof(m->exe));
		if (member_status(m, &st))
			continue;
		t->live++;
		m->rss_kb = st.vm_rss_kb;
		t->rss_kb += st.vm_rss_kb;
		if (m->kind == OYA_M_UNDECIDED && is_exec_helper(t, m->pid))
			continue; /* decided after its exec */
		if (m->kind == OYA_M_UNDECIDED) {
			m->kind = decide(t, m);
			if (m->kind == OYA_M_EXTERNAL) {
				write_sample(t, m, "start", &st);
				m->next_ns = now_ns + t->interval_ns;
			}
			continue;
		}
		if (m->kind == OYA_M_EXTERNAL && now_ns >= m->next_ns) {
			write_sample(t, m, "sample", &st);
			m->next_ns += t->interval_ns;
			if (m->next_ns <= now_ns) /* fell behind: no burst */
				m->next_ns = now_ns + t->interval_ns;
		}
	}
	if (t->rss_kb > t->peak_rss_kb)
		t->peak_rss_kb = t->rss_kb;
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
		if (only_new && t->m[i].stopped)
			continue;
		t->m[i].stopped = true;
		char path[64], buf[1024];
		int64_t ppid;
		uint64_t start;
		char state;
		ssize_t len;

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
