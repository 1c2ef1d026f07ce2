/* Reading /proc: the process list, and what one process maps, sets and runs. */
#include "proc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch_core.h"
#include "read_full.h"
#include "clock.h"

void oya_proc_rollup(pid_t pid, enum oya_pss_mode mode, bool at_start, struct oya_pss_budget *b,
		     struct oya_rollup *ru)
{
	char path[64], buf[4096]; /* smaps_rollup is about 1 KB; the fields it needs come first */
	uint64_t start;
	ssize_t n;

	memset(ru, 0, sizeof(*ru));
	b->mode = mode;
	start = oya_mono_ns();
	if ((at_start && mode != OYA_PSS_ALWAYS) || !oya_pss_due(b, start))
		return;
	snprintf(path, sizeof(path), "/proc/%d/smaps_rollup", (int)pid);
	n = oya_read_path(path, buf, sizeof(buf));
	oya_pss_spent(b, start, oya_mono_ns());
	if (n > 0)
		oya_rollup_parse(buf, (size_t)n, ru);
	if (!(ru->have & OYA_RU_PSS))
		memset(ru, 0, sizeof(*ru));
}

/* Read a /proc file of any size (maps can be large; past 64 MiB the rest is not looked at). */
static char *read_all(const char *path, size_t *len)
{
	char *buf;

	return oya_read_alloc(path, 64u << 20, &buf, len) < 0 ? NULL : buf;
}

bool oya_proc_has_map(pid_t pid, const char *name)
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

bool oya_proc_has_env(pid_t pid, const char *var)
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

int oya_proc_is_dynamic(pid_t pid)
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

/* The base name of PID's executable into DST (cut to CAP, as the preload cuts its exe name); false
 * when it cannot be read. */
static bool exe_base(pid_t pid, char *dst, size_t cap)
{
	char path[64], target[PATH_MAX];
	ssize_t n;
	const char *base;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	n = (ssize_t)strlen(base);
	if ((size_t)n >= cap)
		n = (ssize_t)cap - 1;
	memcpy(dst, base, (size_t)n);
	dst[n] = '\0';
	return true;
}

void oya_proc_exe(pid_t pid, char *dst, size_t cap)
{
	if (!exe_base(pid, dst, cap))
		snprintf(dst, cap, "unknown");
}

int oya_proc_name(pid_t pid, char *dst, size_t cap)
{
	char path[64];
	ssize_t n;

	if (exe_base(pid, dst, cap))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	n = oya_read_path(path, dst, cap - 1);
	if (n > 0 && dst[n - 1] == '\n')
		n--;
	dst[n > 0 ? n : 0] = '\0';
	return n > 0 ? 0 : -1;
}

static int by_pid(const void *a, const void *b)
{
	pid_t x = ((const struct oya_procinfo *)a)->pid, y = ((const struct oya_procinfo *)b)->pid;

	return (x > y) - (x < y);
}

int oya_procs_read(struct oya_procinfo **out, size_t *count)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	struct oya_procinfo *v = NULL, *nv;
	size_t n = 0, cap = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[64], buf[1024];
		struct oya_procinfo p;
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

struct oya_procinfo *oya_procs_find(struct oya_procinfo *v, size_t n, int64_t pid)
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
