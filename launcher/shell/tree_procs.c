/*
 * The processes a scan of the tree looks at, found by their own relations: the
 * top of the tree (the launcher, whose children are the command and the orphans
 * that come back to it as a subreaper; or an attached process), the members
 * already known (an attached tree's orphans go to another reaper) and, from
 * each, the children the kernel lists in /proc/PID/task/TID/children
 * (CONFIG_PROC_CHILDREN). The cost follows the tree, not the machine. Where the
 * kernel has no such file, every /proc/PID/stat is read instead. With the kernel's
 * process events (tree_events.c) the scan reads only the members it knows, and
 * walks the children files again after events were lost.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch_core.h"
#include "proc.h"
#include "read_full.h"
#include "tree_priv.h"

#define CHILDREN_MAX 65536 /* one task's children file: ~9,000 pids */

struct found {
	struct oya_procinfo *v;
	size_t n, cap;
	char *buf; /* a children file */
};

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct oya_procinfo *)a)->pid, y = ((const struct oya_procinfo *)b)->pid;

	return (x > y) - (x < y);
}

/* PID into F once, with its stat; a process that is gone is skipped. -1 without memory. */
static int add(struct found *f, pid_t pid)
{
	char path[64], buf[1024];
	struct oya_procinfo p;
	ssize_t len;
	size_t i;

	for (i = 0; i < f->n; i++) /* linear: a tree of a few thousand costs microseconds */
		if (f->v[i].pid == pid)
			return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	len = oya_read_path(path, buf, sizeof(buf));
	memset(&p, 0, sizeof(p));
	p.pid = pid;
	if (len <= 0 || oya_stat_parse(buf, (size_t)len, &p.ppid, &p.start, &p.state))
		return 0;
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct oya_procinfo *nv = realloc(f->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		f->v = nv;
		f->cap = cap;
	}
	f->v[f->n++] = p;
	return 0;
}

/* The children of every thread of PID into F. */
static int add_children(struct found *f, pid_t pid)
{
	char path[96];
	struct dirent *e;
	DIR *d;
	int rc = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return 0; /* gone */
	while (!rc && (e = readdir(d))) {
		char *p, *end;
		ssize_t n;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/children", (int)pid, e->d_name);
		n = oya_read_path(path, f->buf, CHILDREN_MAX - 1);
		if (n <= 0)
			continue;
		f->buf[n] = '\0';
		for (p = f->buf; !rc; p = end) {
			long c = strtol(p, &end, 10);

			if (end == p)
				break;
			if (c > 0)
				rc = add(f, (pid_t)c);
		}
	}
	closedir(d);
	return rc;
}

static bool children_files(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)gettid());
	return access(path, R_OK) == 0;
}

enum oya_scan_mode oya_tree_mode(struct oya_tree *t)
{
	if (t->scan_mode)
		return t->scan_mode;
	if (t->have_events) {
		t->scan_mode = OYA_SCAN_EVENTS;
		t->resync = true; /* the first scan finds what is there */
	} else {
		t->scan_mode = children_files() ? OYA_SCAN_CHILDREN : OYA_SCAN_ALL;
	}
	return t->scan_mode;
}

/* With the process events: the members the tree knows (the events add the others). */
static int known(struct oya_tree *t, struct found *f)
{
	size_t i;

	if (t->root && !t->root_gone && add(f, t->root))
		return -1;
	for (i = 0; i < t->n; i++)
		if (add(f, t->m[i].pid))
			return -1;
	return 0;
}

int oya_tree_read_procs(struct oya_tree *t, struct oya_procinfo **out, size_t *count)
{
	struct found f = { NULL, 0, 0, NULL };
	enum oya_scan_mode mode = oya_tree_mode(t);
	size_t i;
	int rc = 0;

	/* under heaptrack the root is found among the script's descendants */
	if (mode == OYA_SCAN_EVENTS && !t->resync && t->root) {
		rc = known(t, &f);
		goto out;
	}
	if (mode == OYA_SCAN_ALL || (mode == OYA_SCAN_EVENTS && !children_files()))
		return oya_procs_read(out, count);
	f.buf = malloc(CHILDREN_MAX);
	if (!f.buf || add(&f, t->attached ? t->root : t->self))
		rc = -1;
	for (i = 0; !rc && i < t->n; i++)
		rc = add(&f, t->m[i].pid);
	for (i = 0; !rc && i < f.n; i++) /* F grows as it is walked: every descendant is reached */
		rc = add_children(&f, f.v[i].pid);
	free(f.buf);
out:
	if (rc) {
		free(f.v);
		errno = ENOMEM;
		return -1;
	}
	if (f.n > 1)
		qsort(f.v, f.n, sizeof(*f.v), by_pid);
	*out = f.v;
	*count = f.n;
	return 0;
}
