/*
 * oya_run: start the command (under heaptrack or not) with the sampler
 * preloaded, follow its process tree, stop it at the limit, and hand over to
 * finish.c. The shape follows coreutils timeout and git's run-command: signals
 * blocked before fork and read from a signalfd, exec failures reported through a
 * close-on-exec pipe, PR_SET_PDEATHSIG in the child, the launcher a subreaper.
 * Under heaptrack, the script and its helpers write to a pipe the launcher
 * reads (their messages are not the command's output), and the client the
 * script starts is oya-exec, which hands the command the launcher's own stdout
 * and stderr and execs it.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "duration.h"
#include "ht_output.h"
#include "guard.h"
#include "path_template.h"
#include "run_priv.h"
#include "tree.h"

#define PRELOAD_FILE "liboya_preload.so"
#define EXEC_HELPER_FILE "oya-exec" /* heaptrack's client: see launcher/programs/oya-exec.c */
#define EXEC_HELPER_STARTED "oya-exec: started" /* its first line on heaptrack's pipe */
#define SCAN_MAX_NS 500000000u  /* follow the tree at least twice a second */
#define HEAPTRACK_STUCK_NS 30000000000ull

void oya_note(const struct oya_config *cfg, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	/* On a terminal with a progress line, clear it first. */
	int n = snprintf(line, sizeof(line), "%s%s: ", cfg->progress ? "\r\033[K" : "",
			 cfg->prefix ? cfg->prefix : "oya");
	ssize_t w;

	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	do
		w = write(STDERR_FILENO, line, (size_t)n);
	while (w < 0 && errno == EINTR);
}

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

/* An ELF file without a program interpreter? */
static bool is_static(const char *path)
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

/* Find NAME as execvp would. 0 with DST set; else ENOENT (not found) or the
 * errno of the best candidate (found, not executable). */
static int resolve(const char *name, char *dst, size_t cap)
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

/* Where is liboya_preload.so? See oya_config_set_preload. */
static oya_error find_preload(const struct oya_config *cfg, char *dst, size_t cap)
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
	if (!find_beside(PRELOAD_FILE, dst, cap))
		return OYA_OK;
	return oya_fail(OYA_ERR_IO,
			"cannot find %s next to the program, in ../lib/oya or next to liboya; "
			"set OYA_PRELOAD to its path", PRELOAD_FILE);
}

/* Where is oya-exec? Next to the preload (both live in LIBDIR/oya, or in the
 * build directory), else where the preload would be searched. It must be
 * static: a dynamic one would load heaptrack's preload itself, which removes
 * LD_PRELOAD before the command could get it. */
static oya_error find_exec_helper(const char *preload, char *dst, size_t cap)
{
	const char *slash = strrchr(preload, '/');

	if (!slash || snprintf(dst, cap, "%.*s/%s", (int)(slash - preload), preload,
			       EXEC_HELPER_FILE) >= (int)cap || !file_exists(dst)) {
		if (find_beside(EXEC_HELPER_FILE, dst, cap))
			return oya_fail(OYA_ERR_IO,
					"cannot find %s (heaptrack's helper) next to the preload %s, the "
					"program, in ../lib/oya or next to liboya: reinstall oya, or pass "
					"--no-heaptrack", EXEC_HELPER_FILE, preload);
	}
	if (runnable(dst))
		return oya_fail(OYA_ERR_IO, "%s is not executable: reinstall oya, or pass --no-heaptrack",
				dst);
	if (!is_static(dst))
		return oya_fail(OYA_ERR_IO, "%s is not statically linked: rebuild it (make), or pass "
				"--no-heaptrack", dst);
	return OYA_OK;
}

/* Rename PATH to PATH.old when it exists. */
static oya_error keep_old(const struct oya_config *cfg, const char *path)
{
	char old[PATH_MAX];
	struct stat st;
	bool replaced;

	if (lstat(path, &st))
		return OYA_OK;
	if (S_ISDIR(st.st_mode)) /* not a previous output: never move a directory away */
		return oya_fail(OYA_ERR_IO, "%s is a directory, not an output file", path);
	if (oya_path_old(old, sizeof(old), path) < 0)
		return oya_fail(OYA_ERR_IO, "%s: path too long to keep a .old copy", path);
	replaced = !lstat(old, &st);
	/* NOLINTNEXTLINE(readability-suspicious-call-argument): OLD is the new name, PATH.old */
	if (rename(path, old))
		return oya_fail(OYA_ERR_IO, "%s exists and cannot be renamed to %s: %s", path, old,
				strerror(errno));
	if (replaced)
		oya_note(cfg, "%s exists: renamed to %s (replacing the previous %s)", path, old, old);
	else
		oya_note(cfg, "%s exists: renamed to %s", path, old);
	return OYA_OK;
}

/* The same file: the same absolute path, or both exist with one dev/inode. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The summary must not overwrite the samples (OUTPUT, absolute) or heaptrack's
 * data (HT_BASE.zst or .gz; HT_BASE NULL without heaptrack). */
static oya_error check_summary_path(const char *summary, const char *output, const char *ht_base,
				    const char *cwd)
{
	static const char *const ext[] = { ".zst", ".gz" };
	char abs[PATH_MAX], ht[PATH_MAX];
	size_t i;

	if (oya_path_absolute(abs, sizeof(abs), summary, cwd) < 0)
		return oya_fail(OYA_ERR_IO, "the summary path %s is too long", summary);
	if (same_file(abs, output))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT,
				"--summary and --output are the same file %s: give them different paths",
				abs);
	for (i = 0; ht_base && i < 2; i++) {
		if (snprintf(ht, sizeof(ht), "%s%s", ht_base, ext[i]) >= (int)sizeof(ht))
			return oya_fail(OYA_ERR_IO, "the heaptrack path %s is too long", ht_base);
		if (same_file(abs, ht))
			return oya_fail(OYA_ERR_INVALID_ARGUMENT,
					"--summary %s is the heaptrack data file of --output %s: give the "
					"summary another path", abs, output);
	}
	return OYA_OK;
}

/* Create PATH empty (KEEP) or only prove that it can be created: an output that
 * cannot be written is refused before the command starts. */
static oya_error create_empty(const char *path, const char *what, bool keep)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | (keep ? 0 : O_EXCL),
		      0666);

	if (fd < 0)
		return oya_fail(OYA_ERR_IO, "cannot write the %s %s: %s", what, path, strerror(errno));
	close(fd);
	if (!keep)
		unlink(path);
	return OYA_OK;
}

/* The child's environment: ours without the variables the launcher sets, then those. */
static char **child_env(char *const *set)
{
	static const char *const drop[] = { "LD_PRELOAD=", "OYA_OUTPUT=", "OYA_INTERVAL=", "OYA_T0=",
					    "OYA_ALLOW_FAST_SAMPLING=", "OYA_REQUIRE_HEAPTRACK=",
					    "OYA_DISABLE=" /* the point of the launcher is to sample */ };
	size_t n = 0, k = 0, i, j;
	char **env;

	while (environ && environ[n])
		n++;
	while (set[k])
		k++;
	env = calloc(n + k + 1, sizeof(char *));
	if (!env)
		return NULL;
	for (i = j = 0; i < n; i++) {
		bool skip = false;

		for (size_t d = 0; d < sizeof(drop) / sizeof(drop[0]); d++)
			if (!strncmp(environ[i], drop[d], strlen(drop[d])))
				skip = true;
		if (!skip)
			env[j++] = environ[i];
	}
	for (i = 0; i < k; i++)
		env[j++] = set[i];
	return env;
}

/* Write '%' as "%%": the preload expands templates in OYA_OUTPUT. */
static void escape_percent(char *dst, size_t cap, const char *src)
{
	size_t o = 0;

	for (; *src && o + 2 < cap; src++) {
		if (*src == '%')
			dst[o++] = '%';
		dst[o++] = *src;
	}
	dst[o] = '\0';
}

struct exec_report {
	int stage; /* 1: prctl, 2: exec */
	int err;
};

struct run {
	const struct oya_config *cfg;
	char resolved[PATH_MAX], heaptrack[PATH_MAX], preload[PATH_MAX], helper[PATH_MAX];
	char output[PATH_MAX], summary[PATH_MAX], ht_base[PATH_MAX];
	char env_preload[PATH_MAX * 2 + 32], env_output[PATH_MAX * 2 + 16], env_interval[48],
		env_t0[48];
	char **argv, **envp;
	sigset_t old_mask;
	int sfd;
	/* heaptrack's own stdout and stderr: a pipe the launcher reads; the
	 * command's are handed to oya-exec as these descriptors ("-": none) */
	int ht_fd;
	struct oya_ht_lines ht_lines;
	bool std_open[2];          /* the launcher's stdout, stderr */
	char fd_arg[2][16];
	char pgid_arg[24];         /* the launcher's process group, for oya-exec */
	int guard;              /* the guard's socket (guard.h), -1 without one */
	pid_t child;
	struct oya_tree tree;
	bool ht;                /* under heaptrack (the config's wish, unless it cannot work) */
	bool cmd_started;       /* heaptrack mode: heaptrack got as far as oya-exec */
	uint64_t empty_since;   /* heaptrack mode: the target's tree has been empty since */
	int stuck_rounds;
	int prev_subreaper;
	/* the end */
	const char *stop_reason;
	int stop_sig, interrupt_sig;
	bool sent_kill, child_done, progress_shown;
	int child_status;
	uint64_t kill_at;
	/* disk */
	uint64_t last_written, reserve;
	bool reserve_known;
};

static oya_error prepare(struct run *r)
{
	const struct oya_config *cfg = r->cfg;
	char cwd[PATH_MAX], tmp[PATH_MAX];
	const char *pre = getenv("LD_PRELOAD");
	char esc[PATH_MAX * 2];
	oya_error e;
	int err;
	size_t i, n = 0, a = 0;

	err = resolve(cfg->argv[0], r->resolved, sizeof(r->resolved));
	if (err == ENOENT || err == ENOTDIR)
		return oya_fail(OYA_ERR_COMMAND_NOT_FOUND, "%s: command not found", cfg->argv[0]);
	if (err)
		return oya_fail(OYA_ERR_COMMAND_NOT_EXECUTABLE, "%s: cannot run it: %s", cfg->argv[0],
				strerror(err));
	r->ht = cfg->heaptrack;
	if (r->ht && is_static(r->resolved)) {
		/* heaptrack's preload cannot load, and its script then waits forever. */
		oya_note(cfg, "%s is statically linked: heaptrack cannot trace it, sampling RSS only",
			 cfg->argv[0]);
		r->ht = false;
	}
	if (r->ht && resolve("heaptrack", r->heaptrack, sizeof(r->heaptrack)))
		return oya_fail(OYA_ERR_HEAPTRACK_NOT_FOUND,
				"heaptrack is not on PATH: install it (apt-get install heaptrack, or "
				"scripts/install-deps build) or pass --no-heaptrack for RSS sampling only");
	if ((e = find_preload(cfg, r->preload, sizeof(r->preload))))
		return e;
	if (r->ht && (e = find_exec_helper(r->preload, r->helper, sizeof(r->helper))))
		return e;

	if (!getcwd(cwd, sizeof(cwd)))
		return oya_fail(OYA_ERR_IO, "cannot get the working directory: %s", strerror(errno));
	if (oya_path_absolute(r->output, sizeof(r->output), cfg->output, cwd) < 0)
		return oya_fail(OYA_ERR_IO, "the output path %s is too long", cfg->output);
	if (cfg->summary)
		snprintf(r->summary, sizeof(r->summary), "%s", cfg->summary);
	else if (oya_path_replace_ext(r->summary, sizeof(r->summary), cfg->output, ".summary.json") < 0)
		return oya_fail(OYA_ERR_IO, "the summary path for %s is too long", cfg->output);
	if (r->ht &&
	    oya_path_replace_ext(r->ht_base, sizeof(r->ht_base), r->output, ".heaptrack") < 0)
		return oya_fail(OYA_ERR_IO, "the heaptrack path for %s is too long", cfg->output);

	if ((e = check_summary_path(r->summary, r->output, r->ht ? r->ht_base : NULL, cwd)))
		return e;
	/* Never destroy a previous run's files silently. */
	if ((e = keep_old(cfg, cfg->output)) || (e = keep_old(cfg, r->summary)))
		return e;
	if (r->ht) {
		static const char *const ext[] = { ".zst", ".gz" };

		for (i = 0; i < 2; i++) {
			if (snprintf(tmp, sizeof(tmp), "%s%s", r->ht_base, ext[i]) >= (int)sizeof(tmp))
				return oya_fail(OYA_ERR_IO, "the heaptrack path %s is too long", r->ht_base);
			if ((e = keep_old(cfg, tmp)))
				return e;
		}
	}
	if ((e = create_empty(r->output, "output", false)) ||
	    (e = create_empty(r->summary, "summary", false)) ||
	    (e = create_empty(r->output, "output", true)))
		return e;

	/* The environment. */
	if (oya_preload_join(tmp, sizeof(tmp), pre, r->preload) < 0)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "LD_PRELOAD is too long to add the sampler");
	snprintf(r->env_preload, sizeof(r->env_preload), "LD_PRELOAD=%s", tmp);
	escape_percent(esc, sizeof(esc), r->output);
	snprintf(r->env_output, sizeof(r->env_output), "OYA_OUTPUT=%s", esc);
	snprintf(r->env_interval, sizeof(r->env_interval), "OYA_INTERVAL=%llums",
		 (unsigned long long)cfg->interval_ms);
	{
		char *set[7];
		size_t k = 0;

		set[k++] = r->env_preload;
		set[k++] = r->env_output;
		set[k++] = r->env_interval;
		set[k++] = r->env_t0; /* filled just before fork */
		if (cfg->allow_fast)
			set[k++] = (char *)"OYA_ALLOW_FAST_SAMPLING=1";
		if (r->ht)
			set[k++] = (char *)"OYA_REQUIRE_HEAPTRACK=1";
		set[k] = NULL;
		r->envp = child_env(set);
	}
	/* argv: heaptrack -o BASE [ARGS] -- oya-exec OUTFD ERRFD PGID PROGRAM ARGV0 ARGS,
	 * or the command itself. */
	while (cfg->argv[n])
		n++;
	r->argv = calloc(n + cfg->nhargs + 10, sizeof(char *));
	if (!r->envp || !r->argv)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the command's environment");
	if (r->ht) {
		r->argv[a++] = r->heaptrack;
		r->argv[a++] = (char *)"-o";
		r->argv[a++] = r->ht_base;
		for (i = 0; i < cfg->nhargs; i++)
			r->argv[a++] = cfg->hargs[i];
		r->argv[a++] = (char *)"--";
		r->argv[a++] = r->helper;
		r->argv[a++] = r->fd_arg[0]; /* filled in spawn */
		r->argv[a++] = r->fd_arg[1];
		r->argv[a++] = r->pgid_arg;
		r->argv[a++] = r->resolved;
		for (i = 0; i < n; i++)
			r->argv[a++] = cfg->argv[i];
	} else {
		for (i = 0; i < n; i++)
			r->argv[a++] = cfg->argv[i];
	}
	r->argv[a] = NULL;
	return OYA_OK;
}

/* FD moved to a number above 2 (the standard ones may be closed in the
 * launcher, and then pipe() hands them out), close-on-exec. -1 on failure. */
static int above_stdio(int fd)
{
	int high;

	if (fd > STDERR_FILENO)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	close(fd);
	return high;
}

/* Under heaptrack: the pipe for heaptrack's own output (IO[0] ours, IO[1] its
 * stdout and stderr) and copies of the launcher's stdout and stderr for the
 * command (STD, -1 where the launcher has none). All close-on-exec. */
static oya_error ht_pipes(struct run *r, int io[2], int std[2])
{
	int i;

	io[0] = io[1] = std[0] = std[1] = -1;
	if (pipe2(io, O_CLOEXEC))
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot make a pipe: %s", strerror(errno));
	io[0] = above_stdio(io[0]);
	io[1] = above_stdio(io[1]);
	if (io[0] < 0 || io[1] < 0 || fcntl(io[0], F_SETFL, O_NONBLOCK))
		goto fail;
	for (i = 0; i < 2; i++) {
		if (!r->std_open[i]) {
			snprintf(r->fd_arg[i], sizeof(r->fd_arg[i]), "-");
			continue;
		}
		std[i] = fcntl(STDOUT_FILENO + i, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
		if (std[i] < 0)
			goto fail;
		snprintf(r->fd_arg[i], sizeof(r->fd_arg[i]), "%d", std[i]);
	}
	return OYA_OK;
fail:
	i = errno;
	for (int k = 0; k < 2; k++) {
		if (io[k] >= 0)
			close(io[k]);
		if (std[k] >= 0)
			close(std[k]);
		io[k] = std[k] = -1;
	}
	return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot set up heaptrack's output pipe: %s",
			strerror(i));
}

static void close_all(int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0) {
			close(fds[i]);
			fds[i] = -1;
		}
}

static oya_error spawn(struct run *r, uint64_t t0)
{
	const char *exe = r->ht ? r->heaptrack : r->resolved;
	struct exec_report rep;
	pid_t parent = getpid();
	int pfd[2], fds[4] = { -1, -1, -1, -1 }; /* heaptrack's pipe (ours, its), the command's stdout, stderr */
	ssize_t got;
	oya_error e;

	snprintf(r->env_t0, sizeof(r->env_t0), "OYA_T0=%llu", (unsigned long long)t0);
	snprintf(r->pgid_arg, sizeof(r->pgid_arg), "%d", (int)getpgrp());
	if (r->ht && (e = ht_pipes(r, fds, fds + 2)))
		return e;
	if (oya_guard_arm(r->guard, r->env_t0))
		oya_note(r->cfg, "no guard: if oya-launch is killed, the command may outlive it");
	if (pipe2(pfd, O_CLOEXEC)) {
		close_all(fds, 4);
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot make a pipe: %s", strerror(errno));
	}
	r->child = fork();
	if (r->child < 0) {
		int err = errno;

		close(pfd[0]);
		close(pfd[1]);
		close_all(fds, 4);
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot fork: %s", strerror(err));
	}
	if (r->child == 0) {
		/* Only async-signal-safe calls from here to exec. */
		close(pfd[0]);
		rep.stage = 1;
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			goto fail;
		/* heaptrack's script and helpers in a group of their own: the
		 * terminal's SIGINT must not reach them (it empties the data file);
		 * oya-exec puts the command back in the launcher's group. */
		if (r->ht && setpgid(0, 0))
			goto fail;
		/* heaptrack's script writes to the pipe; the command's own stdout and
		 * stderr go through it to oya-exec (not close-on-exec there). */
		if (r->ht && (dup2(fds[1], STDOUT_FILENO) < 0 || dup2(fds[1], STDERR_FILENO) < 0 ||
			      (fds[2] >= 0 && fcntl(fds[2], F_SETFD, 0)) ||
			      (fds[3] >= 0 && fcntl(fds[3], F_SETFD, 0))))
			goto fail;
		sigprocmask(SIG_SETMASK, &r->old_mask, NULL);
		rep.stage = 2;
		execve(exe, r->argv, r->envp);
fail:
		rep.err = errno;
		if (write(pfd[1], &rep, sizeof(rep)) < 0)
			_exit(OYA_EXIT_FAILURE);
		_exit(rep.err == ENOENT ? OYA_EXIT_NOT_FOUND : OYA_EXIT_CANNOT_RUN);
	}
	close(pfd[1]);
	/* The child does it too, whoever is first; EACCES: it has exec'd, done. */
	if (r->ht && setpgid(r->child, r->child) && errno != EACCES && errno != ESRCH)
		oya_note(r->cfg, "cannot give heaptrack a process group of its own: %s",
			 strerror(errno));
	r->ht_fd = fds[0];
	fds[0] = -1;
	close_all(fds, 4);
	do
		got = read(pfd[0], &rep, sizeof(rep));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got == (ssize_t)sizeof(rep)) {
		while (waitpid(r->child, NULL, 0) < 0 && errno == EINTR)
			;
		r->child = 0;
		if (r->ht_fd >= 0) {
			close(r->ht_fd);
			r->ht_fd = -1;
		}
		if (rep.stage == 2 && (rep.err == ENOENT || rep.err == ENOTDIR))
			return oya_fail(OYA_ERR_COMMAND_NOT_FOUND, "%s: command not found", exe);
		if (rep.stage == 2)
			return oya_fail(OYA_ERR_COMMAND_NOT_EXECUTABLE, "%s: cannot run it: %s", exe,
					strerror(rep.err));
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot set up the child: %s",
				strerror(rep.err));
	}
	return OYA_OK;
}

/* One line of heaptrack's output: shown unless it is routine (or verbose). */
static void ht_line(void *ctx, const char *line, size_t len)
{
	struct run *r = ctx;

	if (len == strlen(EXEC_HELPER_STARTED) && !memcmp(line, EXEC_HELPER_STARTED, len)) {
		r->cmd_started = true;
		return;
	}
	/* the shell's "Terminated" for a command the launcher stopped: expected */
	if (!r->cfg->verbose && r->stop_reason &&
	    (oya_ht_line_reports_signal(line, len, sigdescr_np(r->stop_sig)) ||
	     (r->sent_kill && oya_ht_line_reports_signal(line, len, sigdescr_np(SIGKILL)))))
		return;
	if (r->cfg->verbose || !oya_ht_line_is_routine(line, len))
		oya_note(r->cfg, "heaptrack: %.*s", (int)(len > 1500 ? 1500 : len), line);
}

/* Read what heaptrack printed: a few reads, or at the end of the run (FINAL)
 * all that is there (bounded: an orphaned helper may still be writing).
 * Closes the pipe at its end. */
static void ht_drain(struct run *r, bool final)
{
	char buf[4096];
	int rounds = 0;
	ssize_t n;

	while (r->ht_fd >= 0 && rounds++ < (final ? 256 : 16)) {
		n = read(r->ht_fd, buf, sizeof(buf));
		if (n > 0) {
			oya_ht_lines_feed(&r->ht_lines, buf, (size_t)n, ht_line, r);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !final)
			return;
		/* the end (every writer gone), an error, or nothing more at the end */
		oya_ht_lines_flush(&r->ht_lines, ht_line, r);
		if (n == 0 || errno != EAGAIN) {
			close(r->ht_fd);
			r->ht_fd = -1;
		}
		return;
	}
}

/* Bytes the run has written so far (JSONL and heaptrack data). */
static uint64_t written(const struct run *r)
{
	static const char *const ext[] = { ".zst", ".gz" };
	char path[PATH_MAX];
	struct stat st;
	uint64_t sum = 0;
	size_t i;

	if (!stat(r->output, &st))
		sum += (uint64_t)st.st_size;
	for (i = 0; r->ht && i < 2; i++) {
		if (snprintf(path, sizeof(path), "%s%s", r->ht_base, ext[i]) < (int)sizeof(path) &&
		    !stat(path, &st))
			sum += (uint64_t)st.st_size;
	}
	return sum;
}

/* SKIP_PGID: see oya_tree_signal_except. */
static void begin_stop(struct run *r, const char *reason, int sig, uint64_t now, pid_t skip_pgid)
{
	r->stop_reason = reason;
	r->stop_sig = sig;
	oya_tree_scan(&r->tree, now);
	oya_tree_final(&r->tree);
	oya_tree_signal_except(&r->tree, sig, false, skip_pgid);
	r->kill_at = now + r->cfg->kill_after_ms * 1000000u;
}

/* true when the disk reserve is reached. */
static bool disk_low(struct run *r)
{
	struct statvfs vfs;
	uint64_t w, growth, avail;
	const struct oya_config *cfg = r->cfg;

	if (!cfg->min_free_default && !cfg->min_free_bytes && !cfg->min_free_percent)
		return false;
	if (statvfs(r->output, &vfs))
		return false;
	avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	if (!r->reserve_known) {
		r->reserve = oya_disk_reserve((uint64_t)vfs.f_blocks * vfs.f_frsize, cfg->min_free_bytes,
					      cfg->min_free_percent, cfg->min_free_default);
		r->reserve_known = true;
	}
	w = written(r);
	growth = w > r->last_written ? w - r->last_written : 0;
	r->last_written = w;
	return oya_disk_low(avail, r->reserve, growth);
}

static void progress(struct run *r, uint64_t now, uint64_t t0)
{
	char el[32], total[32], line[256];
	uint64_t ms = (now - t0) / 1000000u;
	ssize_t w;
	int n;

	oya_duration_format(el, sizeof(el), ms / 1000 * 1000);
	oya_duration_format(total, sizeof(total), r->cfg->duration_ms);
	n = snprintf(line, sizeof(line), "\r%s: %s / %s  rss %.1f MB  peak %.1f MB  %zu process%s\033[K",
		     r->cfg->prefix, el, total, (double)r->tree.rss_kb / 1024.0,
		     (double)r->tree.peak_rss_kb / 1024.0, r->tree.live, r->tree.live == 1 ? "" : "es");
	if (n <= 0)
		return;
	do
		w = write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	while (w < 0 && errno == EINTR);
	r->progress_shown = true;
}

static void reap(struct run *r)
{
	int st;

	if (!r->child_done && waitpid(r->child, &st, WNOHANG) == r->child) {
		r->child_status = st;
		r->child_done = true;
	}
	oya_tree_reap(&r->tree);
}

/* Did the target write an "exit" line (a normal end) into the JSONL? The target
 * is PID, or when it ended before the launcher saw it, the child of PARENT
 * (heaptrack's script). */
static bool wrote_exit(const char *jsonl, pid_t pid, pid_t parent)
{
	char key[48], *line = NULL;
	size_t cap = 0;
	bool found = false;
	FILE *f = fopen(jsonl, "re");

	if (!f)
		return false;
	if (pid > 0)
		snprintf(key, sizeof(key), "\"pid\":%d,", (int)pid);
	else
		snprintf(key, sizeof(key), ",\"ppid\":%d,", (int)parent);
	while (getline(&line, &cap, f) > 0)
		if (strstr(line, key) && strstr(line, "\"event\":\"exit\",") &&
		    strstr(line, "\"source\":\"preload\""))
			found = true;
	free(line);
	fclose(f);
	return found;
}

static void supervise(struct run *r, uint64_t t0)
{
	const struct oya_config *cfg = r->cfg;
	uint64_t deadline = t0 + cfg->duration_ms * 1000000u;
	uint64_t period = cfg->interval_ms * 1000000u < SCAN_MAX_NS ? cfg->interval_ms * 1000000u
								   : SCAN_MAX_NS;
	uint64_t next_scan = oya_mono_ns(), now;
	bool leftovers = false;

	for (;;) {
		struct signalfd_siginfo si;
		struct pollfd pfd[2];
		nfds_t npfd = 1;
		uint64_t wake;
		int timeout;

		reap(r);
		now = oya_mono_ns();
		if (r->ht && !r->child_done && r->tree.root) {
			/* The target is gone but heaptrack's script is not: its interpreter
			 * waits on a fifo no one opened (a target that never loaded
			 * heaptrack). Stop the script and its helpers after a while. */
			if (r->tree.live)
				r->empty_since = 0;
			else if (!r->empty_since)
				r->empty_since = now;
			else if (now - r->empty_since > HEAPTRACK_STUCK_NS) {
				oya_note(cfg, "heaptrack did not finish %us after the command ended: stopping it",
					 (unsigned)(HEAPTRACK_STUCK_NS / 1000000000u));
				/* its helpers first: the script then reports the target's status */
				for (size_t k = 0; k < r->tree.nout; k++)
					kill(r->tree.out[k].pid, SIGTERM);
				if (r->stuck_rounds++)
					kill(r->child, SIGTERM);
				r->empty_since = now;
			}
		}
		if (r->child_done) {
			/* The command may leave processes behind (under heaptrack the
			 * script ends after the target): stop them the same way. */
			oya_tree_scan(&r->tree, now);
			if (r->tree.live == 0)
				break;
			if (!leftovers && !r->kill_at) {
				leftovers = true;
				oya_note(cfg, "%zu process%s of the command still running: stopping them",
					 r->tree.live, r->tree.live == 1 ? "" : "es");
				oya_tree_final(&r->tree);
				oya_tree_signal(&r->tree, cfg->stop_signal, true);
				r->kill_at = now + cfg->kill_after_ms * 1000000u;
			}
		}
		if (!r->stop_reason && !r->child_done && now >= deadline)
			begin_stop(r, "duration_limit", cfg->stop_signal, now, 0);
		if (r->kill_at && !r->sent_kill && now >= r->kill_at) {
			oya_tree_scan(&r->tree, now);
			if (oya_tree_signal(&r->tree, SIGKILL, false))
				oya_note(cfg, "the command did not stop within %llums of SIG%s: killed it",
					 (unsigned long long)cfg->kill_after_ms,
					 oya_signal_name(r->stop_sig ? r->stop_sig : cfg->stop_signal)
						 ? oya_signal_name(r->stop_sig ? r->stop_sig : cfg->stop_signal)
						 : "?");
			r->sent_kill = true; /* armed once */
		}
		if (now >= next_scan) {
			oya_tree_scan(&r->tree, now);
			if (r->stop_reason || leftovers) /* late arrivals get the stop signal too, once */
				oya_tree_signal(&r->tree, r->stop_reason ? r->stop_sig : cfg->stop_signal, true);
			if (!r->stop_reason && disk_low(r)) {
				oya_note(cfg, "less than %llu MB free on the output's file system: ending the run",
					 (unsigned long long)(r->reserve >> 20));
				begin_stop(r, "disk_limit", cfg->stop_signal, now, 0);
			}
			if (cfg->progress)
				progress(r, now, t0);
			next_scan += period;
			if (next_scan <= now)
				next_scan = now + period;
		}
		wake = next_scan;
		if (!r->stop_reason && deadline < wake)
			wake = deadline;
		if (r->kill_at && !r->sent_kill && r->kill_at < wake)
			wake = r->kill_at;
		now = oya_mono_ns();
		timeout = wake > now ? (int)((wake - now + 999999) / 1000000) : 0;
		if (timeout > 200)
			timeout = 200; /* SIGCHLD may go to another thread: look anyway */
		pfd[0].fd = r->sfd;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		if (r->ht_fd >= 0) {
			pfd[1].fd = r->ht_fd;
			pfd[1].events = POLLIN;
			pfd[1].revents = 0;
			npfd = 2;
		}
		if (poll(pfd, npfd, timeout) <= 0)
			continue;
		if (npfd == 2 && pfd[1].revents)
			ht_drain(r, false);
		if (!(pfd[0].revents & POLLIN))
			continue;
		while (read(r->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
			int sig = (int)si.ssi_signo;
			/* Typed at the terminal (SI_KERNEL): the terminal sent it to its
			 * foreground group, ours, so the command's processes there have
			 * it already; a kill(2) (SI_USER) reached only the launcher. */
			pid_t skip = si.ssi_code == SI_KERNEL ? getpgrp() : 0;

			if (sig == SIGCHLD)
				continue;
			if (!r->stop_reason && !r->child_done) {
				r->interrupt_sig = sig;
				oya_note(cfg, "got SIG%s: stopping the command", oya_signal_name(sig));
				begin_stop(r, "interrupted", sig, oya_mono_ns(), skip);
			} else {
				/* a second Ctrl-C goes through too */
				oya_tree_signal_except(&r->tree, sig, false, skip);
			}
		}
	}
	if (r->progress_shown) {
		ssize_t w = write(STDERR_FILENO, "\r\033[K", 4);
		(void)w;
	}
	ht_drain(r, true); /* "Heaptrack finished!", the interpreter's last words */
}

/* The end of the run as reason, code and signal. */
static void decode_end(struct run *r, struct oya_run_facts *f)
{
	int st = r->child_status;

	f->end.exit_code = -1;
	f->end.signal = 0;
	if (WIFEXITED(st)) {
		int code = WEXITSTATUS(st);

		/* heaptrack's script reports a signal death as 128+N, like any shell. */
		if (r->ht && code > 128 && code <= 128 + 64 &&
		    !wrote_exit(r->output, r->tree.root, r->child))
			f->end.signal = code - 128;
		else
			f->end.exit_code = code;
	} else if (WIFSIGNALED(st)) {
		f->end.signal = WTERMSIG(st);
	}
	f->killed_externally = f->end.signal == SIGKILL && !r->sent_kill;
	f->end.stop_reason = r->stop_reason ? r->stop_reason : f->end.signal ? "signaled" : "exited";
	/* heaptrack ended on its own and never ran oya-exec (nor was a target
	 * seen): a bad -H option, a broken install. Its status is not the command's. */
	if (r->ht && !r->cmd_started && !r->tree.root && !r->stop_reason)
		f->end.stop_reason = "heaptrack_failed";
	f->interrupt_sig = r->interrupt_sig;
}

static void release(struct run *r)
{
	if (r->ht_fd >= 0)
		close(r->ht_fd);
	r->ht_fd = -1;
	oya_tree_release(&r->tree);
	free(r->argv);
	free(r->envp);
}

/* Take the SIGPIPEs our writes raised while it was blocked, unless the caller
 * had it blocked already (then what is pending may be the caller's). */
static void drain_sigpipe(const sigset_t *old)
{
	sigset_t pipe_only;
	siginfo_t info;
	const struct timespec zero = { 0, 0 };

	if (sigismember(old, SIGPIPE))
		return;
	sigemptyset(&pipe_only);
	sigaddset(&pipe_only, SIGPIPE);
	while (sigtimedwait(&pipe_only, &info, &zero) == SIGPIPE)
		;
}

oya_error oya_run_blocking(const struct oya_config *cfg, oya_summary **out)
{
	struct run *r;
	struct oya_run_facts f;
	sigset_t block, pipe_set;
	oya_error e;
	uint64_t t0;
	int sub = 0;

	oya_detail_clear();
	if (!out)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the OUT pointer is NULL");
	*out = NULL;
	if ((e = oya_config_check(cfg)))
		return e;
	r = calloc(1, sizeof(*r));
	if (!r)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the run");
	r->cfg = cfg;
	r->sfd = -1;
	r->ht_fd = -1;
	/* Before any descriptor of ours can take a free 1 or 2. */
	r->std_open[0] = fcntl(STDOUT_FILENO, F_GETFD) >= 0;
	r->std_open[1] = fcntl(STDERR_FILENO, F_GETFD) >= 0;
	r->guard = -1;

	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	/* SIGPIPE blocked too (never ignored: that would pass through exec to the
	 * command), so a write to a closed stderr fails with EPIPE instead of
	 * killing the launcher before the summary is written. Not read from the
	 * signalfd: it is drained at the end. Blocked before prepare's notes. */
	pipe_set = block;
	sigaddset(&pipe_set, SIGPIPE);
	if (pthread_sigmask(SIG_BLOCK, &pipe_set, &r->old_mask)) {
		e = oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot block signals");
		goto out;
	}
	if ((e = prepare(r)))
		goto unblock;
	r->sfd = signalfd(-1, &block, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r->sfd < 0) {
		e = oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot make a signalfd: %s", strerror(errno));
		goto restore;
	}
	r->guard = oya_guard_start();
	prctl(PR_GET_CHILD_SUBREAPER, &sub, 0, 0, 0);
	r->prev_subreaper = sub;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) {
		e = oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot become a subreaper: %s", strerror(errno));
		goto restore;
	}

	memset(&f, 0, sizeof(f));
	f.started_ms = oya_wall_ms();
	t0 = oya_mono_ns();
	if ((e = spawn(r, t0)))
		goto restore;
	r->tree.self = getpid();
	r->tree.child = r->child;
	r->tree.heaptrack = r->ht;
	r->tree.helper = r->ht ? r->helper : NULL;
	r->tree.output = r->output;
	r->tree.marker = r->env_t0;
	r->tree.interval_ns = cfg->interval_ms * 1000000u;
	r->tree.t0_ns = t0;
	supervise(r, t0);
	f.ended_ms = oya_wall_ms();
	decode_end(r, &f);
	if (r->tree.write_errno)
		oya_note(cfg, "some samples could not be written to %s: %s", r->output,
			 strerror(r->tree.write_errno));

	f.cfg = cfg;
	f.command = cfg->argv;
	f.output = r->output;
	f.summary = r->summary;
	f.heaptrack_base = r->ht ? r->ht_base : NULL;
	f.observed_peak_kb = r->tree.peak_rss_kb;
	e = oya_run_finish(&f, out);
restore:
	oya_guard_release(r->guard);
	if (r->sfd >= 0)
		close(r->sfd);
	prctl(PR_SET_CHILD_SUBREAPER, r->prev_subreaper, 0, 0, 0);
unblock:
	drain_sigpipe(&r->old_mask);
	pthread_sigmask(SIG_SETMASK, &r->old_mask, NULL);
out:
	release(r);
	free(r);
	return e;
}
