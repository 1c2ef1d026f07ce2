/*
 * Finding programs: the command on PATH as execvp would, heaptrack, and oya's
 * own files (the preload, oya-exec) next to the program or liboya.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec_helper.h"
#include "launch_core.h"
#include "locate.h"
#include "path_template.h"

/* 0 executable file, else the errno that explains why not. */
static int runnable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return errno;
	if (S_ISDIR(st.st_mode))
		return EISDIR;
	if (access(path, X_OK))
		return errno;
	return 0;
}

bool oya_is_static(const char *path)
{
	unsigned char buf[4096];
	size_t len = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	while (len < sizeof(buf)) {
		n = read(fd, buf + len, sizeof(buf) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	return oya_elf_is_dynamic(buf, len) == 0;
}

int oya_resolve(const char *name, char *dst, size_t cap)
{
	const char *path = getenv("PATH"), *p;
	int best = ENOENT;

	if (strchr(name, '/')) {
		snprintf(dst, cap, "%s", name);
		return runnable(name);
	}
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p++) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int n = snprintf(dst, cap, "%.*s%s%s", (int)len, p, len ? "/" : "", name);
		int err;

		if (n > 0 && (size_t)n < cap) {
			err = runnable(dst);
			if (!err)
				return 0;
			if (err != ENOENT && err != ENOTDIR)
				best = err;
		}
		if (!end)
			break;
		p = end;
	}
	dst[0] = '\0';
	return best;
}

static bool file_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* NAME next to the running program, in ../lib/oya relative to it (the
 * installed layout), or in lib/oya next to liboya.so. 0 with DST set, -1. */
static int find_beside(const char *name, char *dst, size_t cap)
{
	char exe[PATH_MAX], *slash;
	ssize_t n;
	Dl_info info;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* the build tree, then the installed layout */
			if (snprintf(dst, cap, "%s/%s", exe, name) < (int)cap && file_exists(dst))
				return 0;
			if (snprintf(dst, cap, "%s/../lib/oya/%s", exe, name) < (int)cap && file_exists(dst))
				return 0;
		}
	}
	/* liboya.so itself in LIBDIR: our files are in LIBDIR/oya. */
	if (dladdr((void *)find_beside, &info) && info.dli_fname && strchr(info.dli_fname, '/')) {
		snprintf(exe, sizeof(exe), "%s", info.dli_fname);
		*strrchr(exe, '/') = '\0';
		if (snprintf(dst, cap, "%s/oya/%s", exe, name) < (int)cap && file_exists(dst))
			return 0;
	}
	return -1;
}

oya_error oya_find_preload(const struct oya_config *cfg, char *dst, size_t cap)
{
	const char *env = getenv("OYA_PRELOAD");

	if (cfg->preload || (env && *env)) {
		const char *p = cfg->preload ? cfg->preload : env;
		char cwd[PATH_MAX];

		if (!file_exists(p))
			return oya_fail(OYA_ERR_IO, "the preload %s (%s) does not exist", p,
					cfg->preload ? "as configured" : "from OYA_PRELOAD");
		if (p[0] == '/' || !getcwd(cwd, sizeof(cwd)))
			snprintf(dst, cap, "%s", p);
		else if (oya_path_absolute(dst, cap, p, cwd) < 0)
			return oya_fail(OYA_ERR_IO, "the preload path %s is too long", p);
		return OYA_OK;
	}
	if (!find_beside(OYA_PRELOAD_FILE, dst, cap))
		return OYA_OK;
	return oya_fail(OYA_ERR_IO,
			"cannot find %s next to the program, in ../lib/oya or next to liboya; "
			"set OYA_PRELOAD to its path",
			OYA_PRELOAD_FILE);
}

/* Where is oya-exec? Next to the preload (both live in LIBDIR/oya, or in the
 * build directory), else where the preload would be searched. It must be
 * static: a dynamic one would load heaptrack's preload itself, which removes
 * LD_PRELOAD before the command could get it. */
oya_error oya_find_exec_helper(const char *preload, char *dst, size_t cap)
{
	const char *slash = strrchr(preload, '/');

	if (!slash ||
	    snprintf(dst, cap, "%.*s/%s", (int)(slash - preload), preload, OYA_EXEC_HELPER_FILE) >=
		    (int)cap ||
	    !file_exists(dst)) {
		if (find_beside(OYA_EXEC_HELPER_FILE, dst, cap))
			return oya_fail(OYA_ERR_IO,
					"cannot find %s (heaptrack's helper) next to the preload %s, the "
					"program, in ../lib/oya or next to liboya: reinstall oya, or pass "
					"--no-heaptrack",
					OYA_EXEC_HELPER_FILE, preload);
	}
	if (runnable(dst))
		return oya_fail(OYA_ERR_IO, "%s is not executable: reinstall oya, or pass --no-heaptrack",
				dst);
	if (!oya_is_static(dst))
		return oya_fail(OYA_ERR_IO,
				"%s is not statically linked: rebuild it (make), or pass "
				"--no-heaptrack",
				dst);
	return OYA_OK;
}
