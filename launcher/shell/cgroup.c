/*
 * The run's cgroup on disk. The layout and rules are the kernel's
 * (Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/memory.rst): a group is a
 * directory; mkdir makes one, rmdir removes one that holds no process; a v2
 * child has memory.* files only when its parent's cgroup.subtree_control names
 * memory, and a v2 group that holds processes cannot enable it (the "no
 * internal processes" rule), so the launcher's group must already delegate it.
 */
#include "cgroup.h"
#include "read_full.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SMALL_FILE 16384	 /* memory.stat is ~2 KB; stat, events and values far less */
#define MOUNTINFO_MAX (4u << 20) /* hosts with thousands of mounts have mountinfo of a few MB */
#define REMOVE_TRIES 50
#define REMOVE_WAIT_NS 10000000L /* 10 ms */
#define NAME_TRIES 64		 /* runs at once in one process (liboya's background runs) */

struct oya_cgroup {
	enum oya_cg_version version;
	char dir[OYA_CG_PATH_MAX * 2];	      /* ROOT + the group's directory */
	char path[OYA_CG_PATH_MAX];	      /* the group in its hierarchy */
	char procs[OYA_CG_PATH_MAX * 2 + 16]; /* DIR/cgroup.procs, made before any fork */
};

__attribute__((format(printf, 3, 4))) static int fail(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!cap)
		return -1;
	n = snprintf(why, cap, "no cgroup for the run: ");
	if (n < 0 || (size_t)n >= cap)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* DIR/NAME into BUF; false when it does not fit. */
static bool join(char *buf, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(buf, cap, "%s/%s", dir, name);

	return n >= 0 && (size_t)n < cap;
}

/* A small file of DIR (NAME) into BUF, NUL-terminated; its length, or -1. */
static ssize_t read_small(const char *dir, const char *name, char *buf, size_t cap)
{
	char path[OYA_CG_PATH_MAX * 2 + 64];
	ssize_t n;

	if (!join(path, sizeof(path), dir, name))
		return -1;
	n = oya_read_path(path, buf, cap - 1);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

/* A single-value file as bytes; -1 when absent or not a number. */
static int64_t read_value(const char *dir, const char *name)
{
	char buf[64];
	ssize_t n = read_small(dir, name, buf, sizeof(buf));
	int64_t v;

	if (n < 0 || oya_cg_parse_value(buf, (size_t)n, &v))
		return -1;
	return v;
}

/* A whole file of any size (mountinfo) into *OUT (malloc'd, NUL-terminated). Its length or -1. */
static ssize_t read_whole(const char *path, char **out)
{
	size_t len;
	int rc = oya_read_alloc(path, MOUNTINFO_MAX, out, &len);

	if (rc == 1) {
		free(*out);
		*out = NULL;
		errno = EFBIG;
	}
	return rc ? -1 : (ssize_t)len;
}

/* Where PID's groups are (PID 0: this process), from ROOT/proc/PID/cgroup and this process's
 * mountinfo. 0 with *F filled, -1 with WHY set. */
static int locate(const char *root, pid_t pid, struct oya_cg_found *f, char *why, size_t cap)
{
	char path[OYA_CG_PATH_MAX + 64], *cgs = NULL, *mi = NULL;
	ssize_t nc, nm = -1;
	int rc = -1;

	if (pid > 0)
		snprintf(path, sizeof(path), "%s/proc/%d/cgroup", root, (int)pid);
	else
		snprintf(path, sizeof(path), "%s/proc/self/cgroup", root);
	nc = read_whole(path, &cgs);
	if (nc >= 0) {
		snprintf(path, sizeof(path), "%s/proc/self/mountinfo", root);
		nm = read_whole(path, &mi);
	}
	if (nc < 0 || nm < 0) {
		fail(why, cap, "cannot read %s: %s", path, strerror(errno));
	} else {
		oya_cg_locate(cgs, (size_t)nc, mi, (size_t)nm, f);
		rc = 0;
	}
	free(cgs);
	free(mi);
	return rc;
}

/* TEXT to DIR/NAME as a shell's "echo TEXT > FILE" does. 0 ok, -1 with errno. */
static int write_text(const char *dir, const char *name, const char *text)
{
	char path[OYA_CG_PATH_MAX * 2 + 64];
	size_t len = strlen(text);
	ssize_t w;
	int fd, err;

	if (!join(path, sizeof(path), dir, name)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	do {
		w = write(fd, text, len);
	} while (w < 0 && errno == EINTR);
	err = w < 0 ? errno : 0;
	if (close(fd) && !err)
		err = errno;
	if (!err && (size_t)w != len)
		err = EIO;
	errno = err;
	return err ? -1 : 0;
}

/* Field 22 of ROOT/proc/WHO/stat: the start time in clock ticks since boot; -1 when unreadable. */
static int64_t start_time(const char *root, const char *who)
{
	char path[OYA_CG_PATH_MAX + 64], buf[1024];
	const char *p;
	int64_t v = -1;
	int field = 2;
	ssize_t n;

	snprintf(path, sizeof(path), "%s/proc/%s/stat", root, who);
	n = oya_read_path(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the name may hold spaces and parentheses */
	if (!p)
		return -1;
	for (p++; *p && field < 22; p++)
		if (*p == ' ')
			field++;
	if (field == 22 && *p >= '0' && *p <= '9')
		v = strtoll(p, NULL, 10);
	return v;
}

/* "oya-PID-START" or "oya-PID-START-N" -> PID and START; false for any other name. */
static bool stale_name(const char *name, long *pid, long long *start)
{
	char *end;

	if (strncmp(name, "oya-", 4) != 0 || name[4] < '1' || name[4] > '9')
		return false;
	*pid = strtol(name + 4, &end, 10);
	if (*end != '-' || end[1] < '0' || end[1] > '9')
		return false;
	*start = strtoll(end + 1, &end, 10);
	if (*end == '-' && end[1] >= '1' && end[1] <= '9')
		strtol(end + 1, &end, 10);
	return *end == '\0';
}

/* Remove the groups in PARENT that a launcher killed before it could remove its own left: named
   "oya-PID-START" where PID no longer runs with that start time, and holding no process. */
static void remove_stale(const char *root, const char *parent, const char *mine)
{
	char dir[OYA_CG_PATH_MAX * 2 + 256], procs[64], who[32];
	struct dirent *e;
	long long start;
	long pid;
	DIR *d = opendir(parent);

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!stale_name(e->d_name, &pid, &start) || !strcmp(e->d_name, mine))
			continue;
		snprintf(who, sizeof(who), "%ld", pid);
		if (start_time(root, who) == start)
			continue; /* its launcher still runs */
		if (!join(dir, sizeof(dir), parent, e->d_name))
			continue;
		if (read_small(dir, "cgroup.procs", procs, sizeof(procs)) > 0)
			continue; /* something still runs in it: not ours to end */
		rmdir(dir);	  /* a failure leaves it for the next run; nothing depends on it */
	}
	closedir(d);
}

/* Can PARENT (v2) give a child the memory controller? 0 yes; -1 with the reason in WHY. */
static int v2_delegates(const char *parent, char *why, size_t cap)
{
	char buf[1024];
	ssize_t n = read_small(parent, "cgroup.controllers", buf, sizeof(buf));

	if (n < 0 || !oya_cg_list_has(buf, (size_t)n, "memory"))
		return fail(why, cap, "cgroup v2 at %s has no memory controller", parent);
	n = read_small(parent, "cgroup.subtree_control", buf, sizeof(buf));
	if (n >= 0 && oya_cg_list_has(buf, (size_t)n, "memory"))
		return 0;
	if (write_text(parent, "cgroup.subtree_control", "+memory") == 0)
		return 0;
	if (errno == EBUSY)
		return fail(why, cap,
			    "%s does not pass the memory controller to its children and cannot, "
			    "as it holds processes (run under a delegated group, e.g. systemd-run --user "
			    "--scope -p Delegate=yes)",
			    parent);
	return fail(why, cap, "%s/cgroup.subtree_control: %s", parent, strerror(errno));
}

/* The directory below which to make the group: v2 where it can have memory, else v1. */
static int pick_parent(const char *root, struct oya_cgroup *cg, char *parent, size_t pcap, char *why,
		       size_t cap)
{
	char v2why[512] = "";
	struct oya_cg_found f;

	if (locate(root, 0, &f, why, cap))
		return -1;
	if (f.v2.found) {
		snprintf(parent, pcap, "%s%s", root, f.v2.dir);
		if (v2_delegates(parent, v2why, sizeof(v2why)) == 0) {
			cg->version = OYA_CG_V2;
			snprintf(cg->path, sizeof(cg->path), "%s", f.v2.path);
			return 0;
		}
	}
	if (f.v1_memory.found) {
		snprintf(parent, pcap, "%s%s", root, f.v1_memory.dir);
		cg->version = OYA_CG_V1;
		snprintf(cg->path, sizeof(cg->path), "%s", f.v1_memory.path);
		return 0;
	}
	if (v2why[0])
		snprintf(why, cap, "%s", v2why);
	else
		fail(why, cap, "no cgroup v2 with the memory controller and no v1 memory hierarchy mounted");
	return -1;
}

/* This process's group name: "oya-PID-START". */
static void own_name(const char *root, char *buf, size_t cap)
{
	snprintf(buf, cap, "oya-%ld-%lld", (long)getpid(), (long long)start_time(root, "self"));
}

static int make_group(struct oya_cgroup *cg, const char *parent, const char *name, uint64_t limit, char *why,
		      size_t cap)
{
	char text[32];
	const char *file = cg->version == OYA_CG_V2 ? "memory.max" : "memory.limit_in_bytes";
	size_t pl = strlen(cg->path);

	if (!join(cg->dir, sizeof(cg->dir), parent, name) ||
	    snprintf(cg->path + pl, sizeof(cg->path) - pl, "%s%s", pl && cg->path[pl - 1] == '/' ? "" : "/",
		     name) >= (int)(sizeof(cg->path) - pl) ||
	    !join(cg->procs, sizeof(cg->procs), cg->dir, "cgroup.procs"))
		return fail(why, cap, "the group's path below %s is too long", parent);
	if (mkdir(cg->dir, 0755)) {
		int err = errno;

		cg->path[pl] = '\0';
		fail(why, cap, "cannot create %s: %s%s", cg->dir, strerror(err),
		     err == EACCES || err == EPERM || err == EROFS ? " (needs root, or a delegated cgroup)"
								   : "");
		errno = err;
		return -1;
	}
	if (!limit)
		return 0;
	snprintf(text, sizeof(text), "%llu", (unsigned long long)limit);
	if (write_text(cg->dir, file, text) == 0)
		return 0;
	fail(why, cap, "cannot set %s/%s to %s: %s", cg->dir, file, text, strerror(errno));
	rmdir(cg->dir);
	return -1;
}

struct oya_cgroup *oya_cgroup_create(const char *root, const char *name, uint64_t limit, char *why,
				     size_t cap)
{
	char parent[OYA_CG_PATH_MAX * 2], mine[64];
	struct oya_cgroup *cg = calloc(1, sizeof(*cg));
	bool own = !name;
	size_t base;
	int n;

	if (!cg) {
		fail(why, cap, "out of memory");
		return NULL;
	}
	if (!root)
		root = "";
	own_name(root, mine, sizeof(mine));
	if (!name)
		name = mine;
	if (!*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		fail(why, cap, "'%s' is not a group name", name);
		goto bad;
	}
	if (pick_parent(root, cg, parent, sizeof(parent), why, cap))
		goto bad;
	remove_stale(root, parent, name);
	/* another run of this process has the name: "oya-PID-START-2", -3, ... */
	base = strlen(mine);
	for (n = 2; make_group(cg, parent, name, limit, why, cap); n++) {
		if (!own || errno != EEXIST || n > NAME_TRIES)
			goto bad;
		snprintf(mine + base, sizeof(mine) - base, "-%d", n);
	}
	return cg;
bad:
	free(cg);
	return NULL;
}

int oya_cgroup_enter(const struct oya_cgroup *cg, pid_t pid)
{
	char digits[24];
	size_t i = sizeof(digits);
	unsigned long v = pid > 0 ? (unsigned long)pid : 0;
	ssize_t w;
	int fd;

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fd = open(cg->procs, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	do {
		w = write(fd, digits + i, sizeof(digits) - i);
	} while (w < 0 && errno == EINTR);
	if (close(fd) || w != (ssize_t)(sizeof(digits) - i))
		return -1;
	return 0;
}

int oya_cgroup_read(const struct oya_cgroup *cg, struct oya_cg_usage *u)
{
	char buf[SMALL_FILE];
	ssize_t n;

	u->current =
		read_value(cg->dir, cg->version == OYA_CG_V2 ? "memory.current" : "memory.usage_in_bytes");
	n = read_small(cg->dir, "memory.stat", buf, sizeof(buf));
	oya_cg_parse_stat(buf, n < 0 ? 0 : (size_t)n, cg->version, &u->stat);
	return u->current < 0 ? -1 : 0;
}

int oya_cgroup_final(const struct oya_cgroup *cg, struct oya_cg_final *f)
{
	char buf[1024];
	struct oya_cg_events ev;
	bool v2 = cg->version == OYA_CG_V2;
	ssize_t n;

	f->version = cg->version;
	f->path = cg->path;
	f->peak = read_value(cg->dir, v2 ? "memory.peak" : "memory.max_usage_in_bytes");
	f->limit = read_value(cg->dir, v2 ? "memory.max" : "memory.limit_in_bytes");
	if (!v2 && f->limit >= OYA_CG_V1_UNLIMITED)
		f->limit = -1;
	n = read_small(cg->dir, v2 ? "memory.events" : "memory.oom_control", buf, sizeof(buf));
	oya_cg_parse_events(buf, n < 0 ? 0 : (size_t)n, &ev);
	f->oom_kills = ev.oom_kill;
	f->oom_events = v2 ? ev.oom : -1;
	return f->peak < 0 && f->limit < 0 && n < 0 ? -1 : 0;
}

int oya_cgroup_remove(struct oya_cgroup *cg, char *why, size_t cap)
{
	const struct timespec pause = { 0, REMOVE_WAIT_NS };
	int i;

	for (i = 0; i < REMOVE_TRIES; i++) {
		if (rmdir(cg->dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			break;
		nanosleep(&pause, NULL);
	}
	if (cap)
		snprintf(why, cap, "cannot remove the run's cgroup %s: %s%s", cg->dir, strerror(errno),
			 errno == EBUSY ? " (a process of the run is still in it)" : "");
	return -1;
}

void oya_cgroup_free(struct oya_cgroup *cg)
{
	free(cg);
}

enum oya_cg_version oya_cgroup_version(const struct oya_cgroup *cg)
{
	return cg->version;
}

const char *oya_cgroup_path(const struct oya_cgroup *cg)
{
	return cg->path;
}

const char *oya_cgroup_dir(const struct oya_cgroup *cg)
{
	return cg->dir;
}

const char *oya_cgroup_procs(const struct oya_cgroup *cg)
{
	return cg->procs;
}

/* Does DIR hold the memory figures of VERSION? */
static bool has_memory(const char *dir, enum oya_cg_version version)
{
	return read_value(dir, version == OYA_CG_V2 ? "memory.current" : "memory.usage_in_bytes") >= 0;
}

struct oya_cgroup *oya_cgroup_observe(const char *root, pid_t pid, char *why, size_t cap)
{
	struct oya_cgroup *cg = calloc(1, sizeof(*cg));
	struct oya_cg_found f;
	const struct oya_cg_where *w = NULL;

	if (!cg) {
		fail(why, cap, "out of memory");
		return NULL;
	}
	if (locate(root, pid, &f, why, cap))
		goto fail;
	cg->version = OYA_CG_V2;
	snprintf(cg->dir, sizeof(cg->dir), "%s%s", root, f.v2.dir);
	if (f.v2.found && has_memory(cg->dir, OYA_CG_V2)) {
		w = &f.v2;
	} else if (f.v1_memory.found) {
		cg->version = OYA_CG_V1;
		snprintf(cg->dir, sizeof(cg->dir), "%s%s", root, f.v1_memory.dir);
		if (has_memory(cg->dir, OYA_CG_V1))
			w = &f.v1_memory;
	}
	if (!w) {
		fail(why, cap, "the cgroup of pid %d has no memory figures to read", (int)pid);
		goto fail;
	}
	snprintf(cg->path, sizeof(cg->path), "%s", w->path);
	return cg;
fail:
	free(cg);
	return NULL;
}
