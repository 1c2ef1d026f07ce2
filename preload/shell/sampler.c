/*
 * The shell of liboya_preload.so: a constructor that takes the first sample,
 * one sampler thread on absolute CLOCK_MONOTONIC deadlines, a fork handler that
 * starts over in the child, and a destructor that writes the exit sample.
 *
 * It lives inside programs it has never seen, so: no heap allocation and no
 * descriptor kept between samples, all signals blocked on its thread, every
 * failure reported once on stderr and otherwise ignored.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "duration.h"
#include "path_template.h"
#include "proc_read.h"
#include "report.h"
#include "pss_budget.h"
#include "sample_line.h"
#include "shell_str.h"
#include "settings.h"
#include "smaps_rollup.h"
#include "status.h"

#define SAMPLER_STACK ((size_t)64 * 1024)
/* Room for a long Groups: line, which comes before the memory fields. */
#define STATUS_CAP 16384
#define ZOMBIE "\nState:\tZ"

static struct {
	pthread_mutex_t lock;
	int active; /* this process image samples */
	int done;   /* the exit line is out: nothing may follow it */
	uint64_t seq;
	int64_t pid;
	uint64_t interval_ns;
	uint64_t t0_ns; /* elapsed_ms counts from here, on CLOCK_MONOTONIC */
	int have_t0;
	int edges; /* OYA_SAMPLER=edges: no thread, the start and exit lines only */
	struct oya_pss_budget pss;
	uid_t uid; /* the effective uid S.path was expanded for (%u) */
	int open_flags;
	char exe[256];
	char cmdline[256]; /* as the latest line had it: "cmdline" again when it changes */
	char host[65];
	char run[128]; /* OYA_RUN, "" when unset */
	/*
	 * The rest is laid out for page faults, the dearest step of a short
	 * process's start: what every process writes starts in the first pages
	 * (a string uses only its head), what few write comes last. The buffers of
	 * a sample are here, not on the stack, used with the lock held or before
	 * the thread exists.
	 */
	char line[OYA_LINE_MAX];
	char path[PATH_MAX];
	char tmpl[PATH_MAX];
	union {
		char status[STATUS_CAP]; /* a sample's read of its status */
		char expanded[PATH_MAX]; /* resolve_path, never during a read */
	} buf;
	/* At start, for a relative template only: relative outputs stay where they began. */
	char cwd[PATH_MAX];
} S = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Nonzero from pthread_create until the sampler thread runs its own code: a fork
 * in between would copy whatever locks the thread's start-up held in the runtime
 * (gcc 12's ASan allocator has no fork handler), and the child would hang.
 * STARTING, or WAITED once a fork waits for it (only then is a wake-up due). */
enum {
	STARTING = 1,
	WAITED = 2
};
static int thread_starting;

/* The _exit and _Exit we pass on to, resolved at load: a vfork child that calls
 * _exit must not run the dynamic linker's lookup (it may allocate). */
typedef void (*exit_fn)(int);
static exit_fn next_exit, next_Exit;

static void append_line(const char *line, size_t len)
{
	ssize_t w;
	int fd, err;

	do
		fd = open(S.path, S.open_flags, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		oya_warn_once(OYA_W_OPEN, S.path, errno);
		return;
	}
	do
		w = write(fd, line, len);
	while (w < 0 && errno == EINTR);
	err = w < 0 ? errno : ENOSPC;
	if (w != (ssize_t)len) /* a short append is a full disk */
		oya_warn_once(OYA_W_WRITE, S.path, err);
	close(fd);
}

/* With S.lock held: the start and exit lines read PSS on the program's own
 * thread, the start line only under always (process start-up stays as cheap
 * as it is without PSS). Returns PR, or NULL when no read is due. */
static struct oya_pss_read *pss_on_own_thread(struct oya_pss_read *pr, int at_start)
{
	memset(pr, 0, sizeof(*pr));
	if (!S.active || S.done || (at_start && S.pss.mode != OYA_PSS_ALWAYS) ||
	    !oya_pss_due(&S.pss, oya_now_ns(CLOCK_MONOTONIC)))
		return NULL;
	oya_pss_read(pr);
	return pr;
}

/* With S.lock held: count PR's time against the budget; the figures for the
 * line, or NULL. A kernel without smaps_rollup is asked once. */
static const struct oya_rollup *pss_account(const struct oya_pss_read *pr)
{
	if (!pr || !pr->taken)
		return NULL;
	oya_pss_spent(&S.pss, pr->start_ns, pr->end_ns);
	if (pr->err) {
		oya_warn_once(OYA_W_PSS, "cannot read /proc/thread-self/smaps_rollup", pr->err);
		S.pss.mode = OYA_PSS_OFF;
		return NULL;
	}
	return &pr->ru;
}

static int resolve_path(void);

/* This image's title as ps shows it into S.cmdline; 1 when it is not the one
 * the lines had (a program that rewrote its argv), 0 when unchanged or unreadable. */
static int title_changed(void)
{
	char raw[sizeof(S.cmdline)], text[sizeof(S.cmdline)];
	ssize_t n = oya_proc_read("/proc/self/cmdline", raw, sizeof(raw));

	if (n <= 0)
		return 0;
	oya_cmdline_text(text, sizeof(text), raw, (size_t)n);
	if (!strcmp(text, S.cmdline))
		return 0;
	memcpy(S.cmdline, text, sizeof(text));
	return 1;
}

/*
 * Take one sample and append it; EVENT is "start", "sample" or "exit", PR a
 * smaps_rollup read for it or NULL. Returns 1
 * when the main thread has ended with pthread_exit and no thread of the program
 * is left: glibc would now call exit(0), but our thread keeps the process alive.
 */
static int take_sample(const char *event, const struct oya_pss_read *pr)
{
	char *status = S.buf.status;
	const struct oya_rollup *ru;
	struct oya_sample s;
	uint64_t mono;
	ssize_t n;
	size_t len;
	int orphaned;

	if (!S.active || S.done)
		return 0;
	if (!strcmp(event, "exit"))
		S.done = 1;
	memset(&s, 0, sizeof(s));
	ru = pss_account(pr);
	if (ru)
		s.ru = *ru;
	/* A program that switched user writes where %u now points. */
	if (geteuid() != S.uid && resolve_path()) {
		S.active = 0;
		return 0;
	}
	s.seq = S.seq++;
	n = oya_proc_read("/proc/self/status", status, sizeof(S.buf.status));
	if (n <= 0) {
		oya_warn_once(OYA_W_PROC, "cannot read /proc/self/status", n < 0 ? errno : ENODATA);
		return 0;
	}
	/* A main thread gone with pthread_exit is a zombie whose entry has no memory
	 * figures; this thread's own entry has them. */
	orphaned = memmem(status, (size_t)n, ZOMBIE, sizeof(ZOMBIE) - 1) != NULL;
	if (orphaned && (n = oya_proc_read("/proc/thread-self/status", status, sizeof(S.buf.status))) <= 0)
		return 0;
	oya_status_parse(status, (size_t)n, &s.st);
	mono = oya_now_ns(CLOCK_MONOTONIC);
	s.event = event;
	s.source = "preload";
	s.exe = S.exe;
	s.host = S.host;
	s.run = S.run[0] ? S.run : NULL;
	s.pid = S.pid;
	s.ppid = s.st.ppid;
	s.wall_ms = (int64_t)(oya_now_ns(CLOCK_REALTIME) / 1000000u);
	s.elapsed_ms = mono > S.t0_ns ? (mono - S.t0_ns) / 1000000u : 0;
	if (title_changed() || strcmp(event, "sample") != 0)
		s.cmdline = S.cmdline[0] ? S.cmdline : NULL;
	len = oya_sample_format(S.line, sizeof(S.line), &s);
	if (len)
		append_line(S.line, len);
	return orphaned && s.st.threads <= 2; /* the zombie main thread and us */
}

/* Lock without ever blocking for long: a thread that exits from a signal handler
 * that interrupted a sample must not hang. Returns 0 when locked. */
static int lock_bounded(void)
{
	struct timespec pause = { 0, 1000000 };
	int i;

	for (i = 0; i < 100; i++) {
		if (!pthread_mutex_trylock(&S.lock))
			return 0;
		nanosleep(&pause, NULL);
	}
	return -1;
}

static void *sampler_main(void *arg)
{
	struct timespec next;
	struct oya_pss_read pr;
	uint64_t deadline, now;
	int done, last, due;

	(void)arg;
	if (__atomic_exchange_n(&thread_starting, 0, __ATOMIC_ACQ_REL) == WAITED)
		syscall(SYS_futex, &thread_starting, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
	prctl(PR_SET_NAME, "oya-sampler", 0, 0, 0);
	deadline = oya_now_ns(CLOCK_MONOTONIC);
	for (;;) {
		deadline += S.interval_ns;
		now = oya_now_ns(CLOCK_MONOTONIC);
		if (now > deadline + S.interval_ns) /* suspended or starved: realign, don't burst */
			deadline = now + S.interval_ns;
		next.tv_sec = (time_t)(deadline / 1000000000u);
		next.tv_nsec = (long)(deadline % 1000000000u);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
		if (pthread_mutex_lock(&S.lock))
			return NULL;
		due = S.active && !S.done && oya_pss_due(&S.pss, oya_now_ns(CLOCK_MONOTONIC));
		pthread_mutex_unlock(&S.lock);
		memset(&pr, 0, sizeof(pr));
		if (due)
			oya_pss_read(&pr);
		if (pthread_mutex_lock(&S.lock))
			return NULL;
		last = take_sample("sample", &pr);
		done = S.done;
		pthread_mutex_unlock(&S.lock);
		if (last)
			exit(0); /* what glibc does when the last thread ends; writes the exit line */
		if (done)
			return NULL;
	}
}

static void start_thread(void)
{
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;
	int err;

	if (pthread_attr_init(&attr))
		return;
	sigfillset(&all);
	err = pthread_attr_setstacksize(&attr, SAMPLER_STACK);
	if (!err)
		err = pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* The thread must never take a signal meant for the program: it inherits
	 * this mask. (pthread_attr_setsigmask_np would malloc in the program's heap.) */
	if (!err)
		err = pthread_sigmask(SIG_BLOCK, &all, &old);
	if (!err) {
		__atomic_store_n(&thread_starting, STARTING, __ATOMIC_RELEASE);
		err = pthread_create(&tid, &attr, sampler_main, NULL);
		if (err)
			__atomic_store_n(&thread_starting, 0, __ATOMIC_RELEASE);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	if (err)
		oya_warn_once(OYA_W_THREAD, "cannot start the sampler thread", err);
	pthread_attr_destroy(&attr);
}

/* Out of line: its buffer stays off the stack of every call that succeeds. */
static __attribute__((noinline)) void warn_path(const char *why)
{
	char msg[PATH_MAX + 128];

	if (!oya_report_first(OYA_W_PATH))
		return;
	oya_str_join(msg, sizeof(msg), "OYA_OUTPUT '", S.tmpl, "' ", why ? why : "cannot be made absolute",
		     "; sampling is off in this process", (const char *)NULL);
	oya_say(msg);
}

/* Expand the template for this pid and anchor it at the start directory. */
static int resolve_path(void)
{
	const char *why = NULL;
	struct stat st;
	char *slash;
	struct oya_path_vars vars;

	S.uid = geteuid();
	vars.pid = S.pid;
	vars.uid = (int64_t)S.uid;
	vars.host = S.host;
	vars.exe = S.exe;
	if (oya_path_expand(S.buf.expanded, sizeof(S.buf.expanded), S.tmpl, &vars, &why) < 0 ||
	    oya_path_absolute(S.path, sizeof(S.path), S.buf.expanded, S.cwd) < 0) {
		warn_path(why);
		return -1;
	}
	/* In a world-writable directory (/tmp), never follow a symlink planted there. */
	/* O_NONBLOCK: a FIFO without a reader must not hang the program. */
	S.open_flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
	slash = strrchr(S.path, '/');
	if (slash) {
		*slash = '\0';
		if (!stat(slash == S.path ? "/" : S.path, &st) && (st.st_mode & S_IWOTH))
			S.open_flags |= O_NOFOLLOW;
		*slash = '/';
	}
	return 0;
}

static void restart_in_child(void)
{
	struct utsname u;
	struct oya_pss_read pr;

	/* The parent's sampler thread is gone and may have held the lock. */
	pthread_mutex_init(&S.lock, NULL);
	/* a child may have entered a new UTS namespace before its fork (unshare) */
	if (!uname(&u))
		oya_str_copy(S.host, sizeof(S.host), u.nodename);
	S.pid = getpid();
	S.seq = 0;
	S.done = 0;
	/* The child's page tables are its own to time. */
	oya_pss_budget_init(&S.pss, S.pss.mode);
	oya_pss_budget_start(&S.pss, oya_now_ns(CLOCK_MONOTONIC));
	if (!S.have_t0)
		S.t0_ns = oya_now_ns(CLOCK_MONOTONIC);
	if (resolve_path()) {
		S.active = 0;
		return;
	}
	take_sample("start", pss_on_own_thread(&pr, 1));
	if (!S.edges)
		start_thread();
}

/* Runs first in the program's fork(): let a sampler thread that is still
 * starting get past its start-up, for at most 100 ms, so that the child gets no
 * lock it held. Usually one load; the bound keeps fork() from ever hanging. */
static void on_fork_prepare(void)
{
	struct timespec slice = { 0, 5000000 };
	int saved = errno, i, v = STARTING;

	/* Mark the wait first, so that the thread knows to wake us. */
	__atomic_compare_exchange_n(&thread_starting, &v, WAITED, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	for (i = 0; i < 20 && __atomic_load_n(&thread_starting, __ATOMIC_ACQUIRE); i++)
		syscall(SYS_futex, &thread_starting, FUTEX_WAIT_PRIVATE, WAITED, &slice, NULL, 0);
	errno = saved;
}

/* Runs inside the program's fork(): the child must see the errno fork left. */
static void on_fork_child(void)
{
	int saved = errno;

	/* No thread of the parent's exists here, starting or not. */
	__atomic_store_n(&thread_starting, 0, __ATOMIC_RELEASE);
	if (S.active)
		restart_in_child();
	errno = saved;
}

static void read_identity(void)
{
	char exe[PATH_MAX];
	struct utsname u;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *base = "unknown";

	if (n > 0) {
		exe[n] = '\0';
		base = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	}
	oya_str_copy(S.exe, sizeof(S.exe), base);
	oya_str_copy(S.host, sizeof(S.host), uname(&u) ? "localhost" : u.nodename);
}

static void start_sampling(void)
{
	static int once;
	struct oya_settings set;
	struct oya_env env;
	struct oya_pss_read pr;
	char warn[1024];
	const char *run;

	if (__atomic_exchange_n(&once, 1, __ATOMIC_SEQ_CST))
		return;
	next_exit = (exit_fn)dlsym(RTLD_NEXT, "_exit");
	next_Exit = (exit_fn)dlsym(RTLD_NEXT, "_Exit");
	/* A set-user-ID program must not let its caller choose a file to write. */
	if (getauxval(AT_SECURE))
		return;
	oya_report_init();
	env.output = getenv("OYA_OUTPUT");
	env.interval = getenv("OYA_INTERVAL");
	env.allow_fast = getenv("OYA_ALLOW_FAST_SAMPLING");
	env.disable = getenv("OYA_DISABLE");
	env.t0 = getenv("OYA_T0");
	/* too long to be one of ours: left out rather than cut, so it never names another run */
	run = getenv("OYA_RUN");
	if (oya_str_copy(S.run, sizeof(S.run), run ? run : ""))
		S.run[0] = '\0';
	env.pss = getenv("OYA_PSS");
	env.sampler = getenv("OYA_SAMPLER");
	if (oya_settings_parse(&set, &env, warn, sizeof(warn))) {
		char *line = warn, *nl;

		for (; line; line = nl) {
			nl = strchr(line, '\n');
			if (nl)
				*nl++ = '\0';
			oya_say(line);
		}
	}
	if (set.disabled)
		return;
	/* oya-launch sets this under heaptrack: only heaptrack's target samples
	 * itself, not heaptrack's own script, helpers and compressor. */
	if (oya_setting_true(getenv("OYA_REQUIRE_HEAPTRACK")) && !dlsym(RTLD_DEFAULT, "heaptrack_init"))
		return;

	S.pid = getpid();
	S.interval_ns = set.interval_ms * 1000000u;
	S.have_t0 = set.have_t0;
	S.edges = set.edges;
	oya_pss_budget_init(&S.pss, set.pss);
	/* A process too short for a read at 1% of its life (a compiler's helpers,
	 * true, sh -c) writes its exit line without PSS. */
	oya_pss_budget_start(&S.pss, oya_now_ns(CLOCK_MONOTONIC));
	S.t0_ns = set.have_t0 ? set.t0_ns : oya_now_ns(CLOCK_MONOTONIC);
	read_identity();
	if (oya_str_copy(S.tmpl, sizeof(S.tmpl), set.output)) {
		oya_say("OYA_OUTPUT is longer than PATH_MAX; sampling is off in this process");
		return;
	}
	if (S.tmpl[0] != '/' && !getcwd(S.cwd, sizeof(S.cwd)))
		oya_str_copy(S.cwd, sizeof(S.cwd), "/");
	if (resolve_path())
		return;
	S.active = 1;
	take_sample("start", pss_on_own_thread(&pr, 1));
	if (pthread_atfork(on_fork_prepare, NULL, on_fork_child))
		oya_say("cannot register a fork handler; forked children are not sampled");
	if (!S.edges)
		start_thread();
}

static void exit_sample(void)
{
	int saved = errno;
	struct oya_pss_read pr;

	/* A vfork child, or a fork that ran no handler, shares or copies S but is
	 * another process: its exit is not ours to report. */
	if (S.active && getpid() == S.pid && !lock_bounded()) {
		take_sample("exit", pss_on_own_thread(&pr, 0));
		pthread_mutex_unlock(&S.lock);
	}
	errno = saved; /* atexit handlers after ours may still read it */
}

__attribute__((constructor)) static void oya_preload_init(void)
{
	int saved = errno;

	start_sampling();
	errno = saved; /* the program starts with the errno it would have had */
}

/* Return from main and exit() run destructors. */
__attribute__((destructor)) static void oya_preload_fini(void)
{
	exit_sample();
}

/*
 * _exit() runs no destructor, yet shells and forked children end that way. These
 * two are the only symbols the preload exports; they write the exit sample and
 * pass the call on unchanged.
 */
static __attribute__((noreturn)) void pass_exit(exit_fn next, int status)
{
	if (next)
		next(status);
	for (;;)
		syscall(SYS_exit_group, status);
}

__attribute__((visibility("default"), noreturn)) void _exit(int status)
{
	exit_sample();
	pass_exit(next_exit, status);
}

__attribute__((visibility("default"), noreturn)) void _Exit(int status)
{
	exit_sample();
	pass_exit(next_Exit, status);
}
