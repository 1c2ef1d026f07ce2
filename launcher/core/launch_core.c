#include "launch_core.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cgroup_parse.h"
#include "duration.h"
#include "pss_budget.h"
#include "oya/oya.h"

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (cap) {
		va_start(ap, fmt);
		vsnprintf(err, cap, fmt, ap);
		va_end(ap);
	}
	return -1;
}

enum opt_id {
	O_DURATION,
	O_INTERVAL,
	O_OUTPUT,
	O_SUMMARY,
	O_NO_HEAPTRACK,
	O_HEAPTRACK_ARG,
	O_KILL_AFTER,
	O_SIGNAL,
	O_QUIET,
	O_VERBOSE,
	O_HELP,
	O_VERSION,
	O_FAST,
	O_MIN_FREE,
	O_MEMORY_LIMIT,
	O_CGROUP,
	O_DAEMON,
	O_PSS,
	O_SAMPLER,
	O_FAIL_ON_LEAK,
	O_METRICS_FILE,
	O_PID,
	O_HEAPTRACK,
};

static const struct opt_def {
	const char *lng;
	char shrt;
	bool value;
	enum opt_id id;
} opts[] = {
	{ "duration", 'd', true, O_DURATION },
	{ "interval", 'i', true, O_INTERVAL },
	{ "output", 'o', true, O_OUTPUT },
	{ "summary", 's', true, O_SUMMARY },
	{ "no-heaptrack", 0, false, O_NO_HEAPTRACK },
	{ "heaptrack-arg", 'H', true, O_HEAPTRACK_ARG },
	{ "kill-after", 'k', true, O_KILL_AFTER },
	{ "signal", 0, true, O_SIGNAL },
	{ "quiet", 'q', false, O_QUIET },
	{ "verbose", 'v', false, O_VERBOSE },
	{ "help", 'h', false, O_HELP },
	{ "version", 'V', false, O_VERSION },
	{ "allow-fast-sampling", 0, false, O_FAST },
	{ "min-free", 0, true, O_MIN_FREE },
	{ "daemon", 0, false, O_DAEMON },
	{ "memory-limit", 0, true, O_MEMORY_LIMIT },
	{ "cgroup", 0, true, O_CGROUP },
	{ "pid", 'p', true, O_PID },
	{ "heaptrack", 0, false, O_HEAPTRACK },
	{ "metrics-file", 0, true, O_METRICS_FILE },
	{ "pss", 0, true, O_PSS },
	{ "sampler", 0, true, O_SAMPLER },
	{ "fail-on-leak", 0, false, O_FAIL_ON_LEAK },
};

static const struct opt_def *find_long(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strlen(opts[i].lng) == len && !strncmp(opts[i].lng, name, len))
			return &opts[i];
	return NULL;
}

static const struct opt_def *find_short(char c)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (opts[i].shrt == c)
			return &opts[i];
	return NULL;
}

static int parse_dur(const char *opt, const char *v, uint64_t *ms, char *err, size_t cap)
{
	const char *why = "";

	if (oya_duration_parse(v, ms, &why))
		return fail(err, cap, "%s '%s' is not a duration: it %s (use e.g. 90s, 1m30s, 2h, 500ms)",
			    opt, v, why);
	return 0;
}

static int parse_pid(const char *opt, const char *v, long *pid, char *err, size_t cap)
{
	char *end = NULL;
	long n;

	errno = 0;
	/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): opts[] gives it a value */
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n <= 0 || n > 0x3fffffffL)
		return fail(err, cap, "%s '%s' is not a process id (a positive number)", opt, v);
	*pid = n;
	return 0;
}

/* --pid with options that only mean something for a command the launcher starts. */
static int check_attach(const struct oya_launch_opts *o, char *err, size_t cap)
{
	if (o->n_command > 0)
		return fail(err, cap, "--pid %ld and a command: give one or the other", o->pid);
	if (o->heaptrack || o->n_heaptrack_args)
		return fail(err, cap,
			    "--pid with --heaptrack%s is refused: heaptrack -p gives no way to "
			    "detach at the limit and leave the running process unharmed",
			    o->n_heaptrack_args ? " arguments" : "");
	if (o->memory_limit)
		return fail(err, cap,
			    "--memory-limit with --pid: a running process is never moved or limited");
	if (o->daemon)
		return fail(err, cap,
			    "--daemon with --pid: an attached run follows the process while it lives");
	return 0;
}

/* Apply one option with its value V (NULL for flags). NAME is as the user wrote it. */
static int apply(struct oya_launch_opts *o, const struct opt_def *d, const char *name, const char *v,
		 const char **hargs, char *err, size_t cap)
{
	const char *why = "";
	enum oya_pss_mode mode;

	switch (d->id) {
	case O_DURATION: o->duration_arg = v; return parse_dur(name, v, &o->duration_ms, err, cap);
	case O_INTERVAL: o->interval_arg = v; return parse_dur(name, v, &o->interval_ms, err, cap);
	case O_KILL_AFTER:
		if (parse_dur(name, v, &o->kill_after_ms, err, cap))
			return -1;
		if ((why = oya_kill_after_out_of_bounds(o->kill_after_ms)))
			return fail(err, cap, "%s %s is %s", name, v, why);
		return 0;
	case O_OUTPUT:
	case O_SUMMARY:
	case O_METRICS_FILE:
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): opts[] gives these a value */
		if (!*v)
			return fail(err, cap, "%s '' is empty: give a file name", name);
		if (v[strlen(v) - 1] == '/')
			return fail(err, cap, "%s %s is a directory: give a file name", name, v);
		if (d->id == O_OUTPUT)
			o->output = v;
		else if (d->id == O_SUMMARY)
			o->summary = v;
		else
			o->metrics_file = v;
		return 0;
	case O_HEAPTRACK_ARG: hargs[o->n_heaptrack_args++] = v; return 0;
	case O_SIGNAL:
		o->stop_signal = oya_signal_parse(v);
		if (o->stop_signal < 0)
			return fail(err, cap, "%s '%s' is not a signal name or number (e.g. TERM, INT, 15)",
				    name, v);
		return 0;
	case O_MIN_FREE:
		if (oya_size_parse(v, &o->min_free_bytes, &o->min_free_percent, &why))
			return fail(err, cap, "%s '%s' %s (use e.g. 2G, 500M, 10%%, or 0 to turn it off)",
				    name, v, why);
		o->min_free_default = false;
		return 0;
	case O_PSS:
		if (oya_pss_mode_parse(v, &mode))
			return fail(err, cap, "%s '%s' is not auto, always or off", name, v);
		o->pss = v;
		return 0;
	case O_SAMPLER:
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): opts[] gives it a value */
		if (strcmp(v, "thread") != 0 && strcmp(v, "launcher") != 0)
			return fail(err, cap, "%s '%s' is neither thread nor launcher", name, v);
		o->sampler = v;
		return 0;
	case O_MEMORY_LIMIT: return oya_memory_limit_parse(name, v, &o->memory_limit, err, cap);
	case O_CGROUP:
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): opts[] gives it a value */
		o->no_cgroup = strcmp(v, "off") == 0;
		if (!o->no_cgroup && strcmp(v, "auto") != 0)
			return fail(err, cap, "%s '%s' is neither auto nor off", name, v);
		return 0;
	case O_PID: return parse_pid(name, v, &o->pid, err, cap);
	case O_NO_HEAPTRACK: o->no_heaptrack = true; return 0;
	case O_HEAPTRACK: o->heaptrack = true; return 0;
	case O_DAEMON: o->daemon = true; return 0;
	case O_QUIET: o->quiet = true; return 0;
	case O_VERBOSE: o->verbose = true; return 0;
	case O_HELP: o->help = true; return 0;
	case O_VERSION: o->version = true; return 0;
	case O_FAST: o->allow_fast = true; return 0;
	case O_FAIL_ON_LEAK: o->fail_on_leak = true; return 0;
	}
	return fail(err, cap, "%s is not an option", name);
}

/* Checks that need every option (the interval floor depends on --allow-fast-sampling). */
static int check(const struct oya_launch_opts *o, char *err, size_t cap)
{
	const char *why;
	char a[32];

	if (o->help || o->version)
		return 0;
	if ((why = oya_duration_out_of_bounds(o->duration_ms))) {
		oya_duration_format(a, sizeof(a), o->duration_ms);
		return fail(err, cap, "--duration %s is %s", o->duration_arg ? o->duration_arg : a, why);
	}
	if ((why = oya_interval_out_of_bounds(o->interval_ms, o->allow_fast))) {
		oya_duration_format(a, sizeof(a), o->interval_ms);
		return fail(err, cap, "--interval %s is %s%s", o->interval_arg ? o->interval_arg : a, why,
			    o->allow_fast ? "" : " (100ms with --allow-fast-sampling)");
	}
	if (o->memory_limit && o->no_cgroup)
		return fail(err, cap, "--memory-limit needs a cgroup: it cannot go with --cgroup off");
	if (o->pid)
		return check_attach(o, err, cap);
	if (o->n_command == 0)
		return fail(err, cap, "no command given (usage: oya-launch [OPTIONS] [--] COMMAND [ARG...])");
	if (!o->command[0][0])
		return fail(err, cap, "the command '' is empty");
	return 0;
}

int oya_launch_parse(int argc, char *const argv[], struct oya_launch_opts *o, const char **hargs, char *err,
		     size_t errcap)
{
	int i = 1;

	memset(o, 0, sizeof(*o));
	o->duration_ms = oya_run_defaults.duration_ms;
	o->interval_ms = oya_run_defaults.interval_ms;
	o->kill_after_ms = oya_run_defaults.kill_after_ms;
	o->min_free_bytes = oya_run_defaults.min_free_bytes;
	o->min_free_percent = oya_run_defaults.min_free_percent;
	o->min_free_default = true;
	o->stop_signal = oya_run_defaults.stop_signal;
	o->output = oya_run_defaults.output;
	o->heaptrack_args = hargs;
	if (errcap)
		err[0] = '\0';

	while (i < argc) {
		const char *arg = argv[i];

		if (!strcmp(arg, "--")) {
			i++;
			break;
		}
		if (arg[0] != '-' || arg[1] == '\0')
			break; /* the command: options stop here */
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct opt_def *d = find_long(name, len);
			const char *v = NULL;
			char shown[40];

			if (!d)
				return fail(err, errcap, "%.*s is not an option (see --help)", (int)(len + 2),
					    arg);
			if (d->value) {
				if (eq) {
					v = eq + 1;
				} else if (i + 1 < argc) {
					v = argv[++i];
				} else {
					return fail(err, errcap, "--%s needs a value", d->lng);
				}
			} else if (eq) {
				return fail(err, errcap, "--%s takes no value (got '%s')", d->lng, eq + 1);
			}
			snprintf(shown, sizeof(shown), "--%s", d->lng);
			if (apply(o, d, shown, v, hargs, err, errcap))
				return -1;
			i++;
			continue;
		}
		/* A cluster of short options: "-qd2s", "-d", "2s". */
		for (const char *p = arg + 1; *p; p++) {
			const struct opt_def *d = find_short(*p);
			char shown[4] = { '-', *p, '\0', '\0' };
			const char *v = NULL;

			if (!d)
				return fail(err, errcap, "-%c is not an option (see --help)", *p);
			if (d->value) {
				if (p[1]) {
					v = p + 1;
				} else if (i + 1 < argc) {
					v = argv[++i];
				} else {
					return fail(err, errcap, "-%c needs a value", *p);
				}
			}
			if (apply(o, d, shown, v, hargs, err, errcap))
				return -1;
			if (v)
				break;
		}
		i++;
	}
	o->command = argv + i;
	o->n_command = argc - i;
	return check(o, err, errcap);
}

static const struct {
	const char *name;
	int sig;
} signals[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },	      { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "TRAP", SIGTRAP }, { "ABRT", SIGABRT },     { "BUS", SIGBUS },   { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 },     { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM },     { "TERM", SIGTERM }, { "STKFLT", SIGSTKFLT },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT },     { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },     { "URG", SIGURG },   { "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ }, { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO },     { "PWR", SIGPWR },	      { "SYS", SIGSYS },
};

/* The highest signal number on Linux (SIGRTMAX is a function in glibc). */
#define OYA_SIG_MAX 64

int oya_signal_parse(const char *s)
{
	size_t i;
	int n = 0;

	if (!s || !*s)
		return -1;
	if (*s >= '0' && *s <= '9') {
		for (; *s; s++) {
			if (*s < '0' || *s > '9')
				return -1;
			n = n * 10 + (*s - '0');
			if (n > OYA_SIG_MAX)
				return -1;
		}
		return n >= 1 ? n : -1;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (!strcasecmp(s, signals[i].name))
			return signals[i].sig;
	return -1;
}

const char *oya_signal_name(int sig)
{
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].sig == sig)
			return signals[i].name;
	return NULL;
}

int oya_exit_status(const struct oya_end *end, int interrupt_sig)
{
	if (end->stop_reason == OYA_STOP_INTERRUPTED)
		return oya_exit_for_signal(interrupt_sig);
	if (end->stop_reason == OYA_STOP_HEAPTRACK_FAILED)
		return OYA_EXIT_FAILURE;
	if (oya_stop_is_limit(end->stop_reason) || end->stop_reason == OYA_STOP_DETACHED)
		return 0;
	/* an attached process that ended: not the launcher's child, its status is not known */
	if (end->stop_reason == OYA_STOP_EXITED && end->exit_code < 0 && end->signal <= 0)
		return 0;
	if (end->signal > 0)
		return oya_exit_for_signal(end->signal);
	if (end->exit_code >= 0)
		return end->exit_code & 0xff;
	return OYA_EXIT_FAILURE;
}

long oya_path_replace_ext(char *dst, size_t cap, const char *output, const char *suffix)
{
	size_t n = strlen(output), sl = strlen(suffix);

	if (n > 6 && !strcmp(output + n - 6, ".jsonl"))
		n -= 6;
	if (n + sl + 1 > cap)
		return -1;
	memcpy(dst, output, n); // NOLINT(bugprone-not-null-terminated-result): the NUL comes next
	memcpy(dst + n, suffix, sl + 1);
	return (long)(n + sl);
}

long oya_path_old(char *dst, size_t cap, const char *path)
{
	int n = snprintf(dst, cap, "%s.old", path);

	return n < 0 || (size_t)n >= cap ? -1 : n;
}

long oya_preload_join(char *dst, size_t cap, const char *existing, const char *ours)
{
	size_t ol = strlen(ours);
	const char *p;
	int n;

	/* Already there as a whole entry (separated by ':' or ' ')? */
	for (p = existing ? strstr(existing, ours) : NULL; p; p = strstr(p + 1, ours)) {
		bool start = p == existing || p[-1] == ':' || p[-1] == ' ';
		bool end = p[ol] == '\0' || p[ol] == ':' || p[ol] == ' ';

		if (start && end) {
			n = snprintf(dst, cap, "%s", existing);
			return n < 0 || (size_t)n >= cap ? -1 : n;
		}
	}
	if (existing && *existing)
		n = snprintf(dst, cap, "%s:%s", existing, ours);
	else
		n = snprintf(dst, cap, "%s", ours);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

uint64_t oya_scan_period(uint64_t base_ns, uint64_t interval_ns, uint64_t cost_ns)
{
	uint64_t want = cost_ns > UINT64_MAX / OYA_SCAN_BUDGET ? UINT64_MAX : cost_ns * OYA_SCAN_BUDGET;

	if (want > interval_ns)
		want = interval_ns;
	return want > base_ns ? want : base_ns;
}
