/* oya_config: building and checking a run's configuration, and the error table. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"
#include "launch_core.h"

static const char *const error_text[OYA_ERR_COUNT] = {
	[OYA_OK] = "no error",
	[OYA_ERR_HEAPTRACK_NOT_FOUND] = "heaptrack not found",
	[OYA_ERR_PROCESS_SPAWN_FAILED] = "process spawn failed",
	[OYA_ERR_PROCESS_TERMINATED] = "process terminated with a failure status or a signal",
	[OYA_ERR_METRICS_READ_FAILED] = "metrics read failed",
	[OYA_ERR_DURATION_TOO_LONG] = "duration too long",
	[OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT] = "sampling interval too short",
	[OYA_ERR_DURATION_TOO_SHORT] = "duration too short",
	[OYA_ERR_INVALID_ARGUMENT] = "invalid argument",
	[OYA_ERR_IO] = "input/output error",
	[OYA_ERR_NO_MEMORY] = "out of memory",
	[OYA_ERR_COMMAND_NOT_FOUND] = "command not found",
	[OYA_ERR_COMMAND_NOT_EXECUTABLE] = "command not executable",
	[OYA_ERR_BUSY] = "run already joined",
	[OYA_ERR_NO_CGROUP] = "no cgroup for the memory limit",
};

OYA_API const char *oya_strerror(oya_error err)
{
	if ((unsigned)err >= OYA_ERR_COUNT || !error_text[err])
		return "unknown error";
	return error_text[err];
}

static __thread char detail[1024];

OYA_API const char *oya_last_error_detail(void)
{
	return detail;
}

void oya_detail_clear(void)
{
	detail[0] = '\0';
}

void oya_detail_set(const char *d)
{
	snprintf(detail, sizeof(detail), "%s", d ? d : "");
}

oya_error oya_fail(oya_error err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return err;
}

static oya_error check_duration(uint64_t ms)
{
	const char *why = oya_duration_out_of_bounds(ms);

	if (!why)
		return OYA_OK;
	return oya_fail(ms < OYA_RUN_MIN_DURATION_MS ? OYA_ERR_DURATION_TOO_SHORT : OYA_ERR_DURATION_TOO_LONG,
			"duration %llums is %s", (unsigned long long)ms, why);
}

static oya_error check_interval(uint64_t ms, bool fast)
{
	const char *why = oya_interval_out_of_bounds(ms, fast);

	if (!why)
		return OYA_OK;
	return oya_fail(OYA_ERR_SAMPLING_INTERVAL_TOO_SHORT, "interval %llums is %s", (unsigned long long)ms,
			why);
}

oya_error oya_config_check(const struct oya_config *c)
{
	oya_error e;

	if (!c)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the config is NULL");
	if ((e = check_duration(c->duration_ms)) || (e = check_interval(c->interval_ms, c->allow_fast)))
		return e;
	if (c->memory_limit && !c->cgroup)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT,
				"a memory limit needs a cgroup: it cannot go with the cgroup turned off");
	if (c->pid && c->heaptrack)
		return oya_fail(
			OYA_ERR_INVALID_ARGUMENT,
			"heaptrack for pid %lld is refused: heaptrack -p gives no way to detach at the "
			"limit and leave the running process unharmed",
			(long long)c->pid);
	if (c->pid && (c->memory_limit || c->daemon))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %lld: a running process is never %s",
				(long long)c->pid, c->memory_limit ? "moved or limited" : "run as a daemon");
	return OYA_OK;
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

OYA_API void oya_config_free(oya_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; c->argv && c->argv[i]; i++)
		free(c->argv[i]);
	free(c->argv);
	for (i = 0; i < c->nhargs; i++)
		free(c->hargs[i]);
	free(c->hargs);
	free(c->output);
	free(c->summary);
	free(c->metrics_file);
	free(c->prefix);
	free(c->preload);
	free(c);
}

OYA_API oya_error oya_config_new(uint64_t duration_ms, uint64_t interval_ms, const char *output,
				 const char *program, const char *const *args, oya_config **out)
{
	struct oya_config *c;
	size_t n = 0, i;
	bool oom = false;
	oya_error e;

	oya_detail_clear();
	if (!out)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the OUT pointer is NULL");
	*out = NULL;
	if (!program || !*program)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the program is %s", program ? "empty" : "NULL");
	if (output && (!*output || output[strlen(output) - 1] == '/'))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "output '%s' is not a file name", output);
	if ((e = check_duration(duration_ms)) || (e = check_interval(interval_ms, false)))
		return e;
	while (args && args[n])
		n++;
	c = calloc(1, sizeof(*c));
	if (!c)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the config");
	c->duration_ms = duration_ms;
	c->interval_ms = interval_ms;
	c->kill_after_ms = oya_run_defaults.kill_after_ms;
	c->min_free_bytes = oya_run_defaults.min_free_bytes;
	c->min_free_percent = oya_run_defaults.min_free_percent;
	c->min_free_default = true;
	c->heaptrack = true;
	c->cgroup = true;
	c->stop_signal = oya_run_defaults.stop_signal;
	c->output = dup_or_null(output ? output : oya_run_defaults.output, &oom);
	c->prefix = dup_or_null("oya", &oom);
	c->argv = calloc(n + 2, sizeof(char *));
	if (!c->argv) {
		oom = true;
	} else {
		c->argv[0] = dup_or_null(program, &oom);
		for (i = 0; i < n; i++)
			c->argv[i + 1] = dup_or_null(args[i], &oom);
	}
	if (oom) {
		oya_config_free(c);
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the config");
	}
	*out = c;
	return OYA_OK;
}

OYA_API oya_error oya_config_one_hour_default(const char *program, const char *const *args, oya_config **out)
{
	return oya_config_new(oya_run_defaults.duration_ms, oya_run_defaults.interval_ms, NULL, program, args,
			      out);
}

#define NEED_CFG(c)                                                                      \
	do {                                                                             \
		oya_detail_clear();                                                      \
		if (!(c))                                                                \
			return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the config is NULL"); \
	} while (0)

OYA_API oya_error oya_config_set_interval(oya_config *c, uint64_t interval_ms, bool allow_fast)
{
	oya_error e;

	NEED_CFG(c);
	if ((e = check_interval(interval_ms, allow_fast)))
		return e;
	c->interval_ms = interval_ms;
	c->allow_fast = allow_fast;
	return OYA_OK;
}

/* Replace *SLOT with a copy of V (NULL allowed when NULL_OK). */
static oya_error set_str(char **slot, const char *v, bool null_ok, const char *what)
{
	char *d = NULL;

	if (!v && !null_ok)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "%s is NULL", what);
	if (v && !*v)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "%s is empty", what);
	if (v && !(d = strdup(v)))
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for %s", what);
	free(*slot);
	*slot = d;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_summary_path(oya_config *c, const char *path)
{
	NEED_CFG(c);
	return set_str(&c->summary, path, true, "the summary path");
}

OYA_API oya_error oya_config_set_metrics_file(oya_config *c, const char *path)
{
	NEED_CFG(c);
	return set_str(&c->metrics_file, path, true, "the metrics file path");
}

OYA_API oya_error oya_config_set_heaptrack(oya_config *c, bool on)
{
	NEED_CFG(c);
	c->heaptrack = on;
	return OYA_OK;
}

OYA_API oya_error oya_config_add_heaptrack_arg(oya_config *c, const char *arg)
{
	char **n, *d;

	NEED_CFG(c);
	if (!arg)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the heaptrack argument is NULL");
	d = strdup(arg);
	n = d ? realloc(c->hargs, (c->nhargs + 1) * sizeof(char *)) : NULL;
	if (!n) {
		free(d);
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for a heaptrack argument");
	}
	c->hargs = n;
	c->hargs[c->nhargs++] = d;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_kill_after(oya_config *c, uint64_t ms)
{
	const char *why;

	NEED_CFG(c);
	if ((why = oya_kill_after_out_of_bounds(ms)))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "kill-after %llums is %s", (unsigned long long)ms,
				why);
	c->kill_after_ms = ms;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_stop_signal(oya_config *c, int sig)
{
	NEED_CFG(c);
	if (sig < 1 || sig > 64 || sig == SIGSTOP || sig == SIGCONT || sig == SIGCHLD)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "signal %d cannot stop a process", sig);
	c->stop_signal = sig;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_min_free(oya_config *c, uint64_t bytes, unsigned percent)
{
	NEED_CFG(c);
	if (percent > OYA_MAX_MIN_FREE_PERCENT)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "min-free %u%% is above 50%%", percent);
	c->min_free_bytes = bytes;
	c->min_free_percent = percent;
	c->min_free_default = false;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_memory_limit(oya_config *c, uint64_t bytes)
{
	NEED_CFG(c);
	if (bytes > OYA_MEMORY_LIMIT_MAX)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "memory limit %llu bytes is above 2^62",
				(unsigned long long)bytes);
	c->memory_limit = bytes;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_cgroup(oya_config *c, bool on)
{
	NEED_CFG(c);
	c->cgroup = on;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_messages(oya_config *c, const char *prefix, bool progress,
					  bool human_summary)
{
	oya_error e;

	NEED_CFG(c);
	if ((e = set_str(&c->prefix, prefix ? prefix : "oya", false, "the message prefix")))
		return e;
	c->progress = progress;
	c->human_summary = human_summary;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_verbose(oya_config *c, bool verbose)
{
	NEED_CFG(c);
	c->verbose = verbose;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_daemon(oya_config *c, bool on)
{
	NEED_CFG(c);
	c->daemon = on;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_pid(oya_config *c, int64_t pid)
{
	NEED_CFG(c);
	if (pid < 0 || pid > INT32_MAX)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %lld is not a process id", (long long)pid);
	c->pid = pid;
	if (pid)
		c->heaptrack = false;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_pss(oya_config *c, const char *mode)
{
	enum oya_pss_mode m;

	NEED_CFG(c);
	if (!mode || oya_pss_mode_parse(mode, &m))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "--pss '%s' is not auto, always or off",
				mode ? mode : "(null)");
	c->pss = m;
	return OYA_OK;
}

OYA_API oya_error oya_config_set_sampler(oya_config *c, const char *who)
{
	NEED_CFG(c);
	if (!who || (strcmp(who, "thread") != 0 && strcmp(who, "launcher") != 0))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "--sampler '%s' is neither thread nor launcher",
				who ? who : "(null)");
	c->edges = !strcmp(who, "launcher");
	return OYA_OK;
}

OYA_API oya_error oya_config_set_preload(oya_config *c, const char *path)
{
	NEED_CFG(c);
	return set_str(&c->preload, path, true, "the preload path");
}
