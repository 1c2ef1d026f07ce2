/*
 * Before the start: the programs a run needs, its output files, and the
 * command's argv and environment.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch_core.h"
#include "locate.h"
#include "note.h"
#include "run.h"

/* The child's environment: ours without the variables the launcher sets, then those. */
static char **child_env(char *const *set)
{
	static const char *const drop[] = { "LD_PRELOAD=",
					    "OYA_OUTPUT=",
					    "OYA_INTERVAL=",
					    "OYA_T0=",
					    "OYA_ALLOW_FAST_SAMPLING=",
					    "OYA_REQUIRE_HEAPTRACK=",
					    "OYA_PSS=",
					    "OYA_SAMPLER=",
					    "OYA_RUN=",
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

/* The command, heaptrack and oya's own files; R->ht false when heaptrack cannot trace it. */
static oya_error locate_programs(struct run *r)
{
	const struct oya_config *cfg = r->cfg;
	oya_error e;
	int err;

	err = oya_resolve(cfg->argv[0], r->resolved, sizeof(r->resolved));
	if (err == ENOENT || err == ENOTDIR)
		return oya_fail(OYA_ERR_COMMAND_NOT_FOUND, "%s: command not found", cfg->argv[0]);
	if (err)
		return oya_fail(OYA_ERR_COMMAND_NOT_EXECUTABLE, "%s: cannot run it: %s", cfg->argv[0],
				strerror(err));
	r->ht = cfg->heaptrack;
	if (r->ht && oya_is_static(r->resolved)) {
		/* heaptrack's preload cannot load, and its script then waits forever. */
		oya_note(cfg, "%s is statically linked: heaptrack cannot trace it, sampling RSS only",
			 cfg->argv[0]);
		r->ht = false;
	}
	if (r->ht && oya_resolve("heaptrack", r->heaptrack, sizeof(r->heaptrack)))
		return oya_fail(OYA_ERR_HEAPTRACK_NOT_FOUND,
				"heaptrack is not on PATH: install it (apt-get install heaptrack, or "
				"scripts/install-deps build) or pass --no-heaptrack for RSS sampling only");
	if ((e = oya_find_preload(cfg, r->preload, sizeof(r->preload))))
		return e;
	if (r->ht && (e = oya_find_exec_helper(r->preload, r->helper, sizeof(r->helper))))
		return e;
	return OYA_OK;
}

/* The variables the launcher sets for the command; OYA_T0 is filled just before the start. */
static oya_error build_env(struct run *r)
{
	const struct oya_config *cfg = r->cfg;
	char tmp[PATH_MAX], esc[PATH_MAX * 2];
	char *set[10];
	size_t k = 0;

	if (oya_preload_join(tmp, sizeof(tmp), getenv("LD_PRELOAD"), r->preload) < 0)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "LD_PRELOAD is too long to add the sampler");
	snprintf(r->env_preload, sizeof(r->env_preload), "LD_PRELOAD=%s", tmp);
	escape_percent(esc, sizeof(esc), r->out.output);
	snprintf(r->env_output, sizeof(r->env_output), "OYA_OUTPUT=%s", esc);
	snprintf(r->env_interval, sizeof(r->env_interval), "OYA_INTERVAL=%llums",
		 (unsigned long long)cfg->interval_ms);
	set[k++] = r->env_preload;
	set[k++] = r->env_output;
	set[k++] = r->env_interval;
	set[k++] = r->env_t0;
	oya_identity(r->host, r->run_id);
	snprintf(r->env_run, sizeof(r->env_run), "OYA_RUN=%s", r->run_id);
	set[k++] = r->env_run;
	set[k++] = (char *)(cfg->pss == OYA_PSS_ALWAYS ? "OYA_PSS=always"
			    : cfg->pss == OYA_PSS_OFF  ? "OYA_PSS=off"
						       : "OYA_PSS=auto");
	if (cfg->allow_fast)
		set[k++] = (char *)"OYA_ALLOW_FAST_SAMPLING=1";
	if (cfg->edges)
		set[k++] = (char *)"OYA_SAMPLER=edges";
	if (r->ht)
		set[k++] = (char *)"OYA_REQUIRE_HEAPTRACK=1";
	set[k] = NULL;
	r->envp = child_env(set);
	return OYA_OK;
}

/* heaptrack -o BASE [ARGS] -- oya-exec OUTFD ERRFD PGID CGROUP PROGRAM ARGV0 ARGS,
 * or the command itself. OUTFD, ERRFD, PGID and CGROUP are filled at the start. */
static oya_error build_argv(struct run *r)
{
	const struct oya_config *cfg = r->cfg;
	size_t i, n = 0, a = 0;

	while (cfg->argv[n])
		n++;
	r->argv = calloc(n + cfg->nhargs + 11, sizeof(char *));
	if (!r->envp || !r->argv)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the command's environment");
	if (r->ht) {
		r->argv[a++] = r->heaptrack;
		r->argv[a++] = (char *)"-o";
		r->argv[a++] = r->out.ht_base;
		for (i = 0; i < cfg->nhargs; i++)
			r->argv[a++] = cfg->hargs[i];
		r->argv[a++] = (char *)"--";
		r->argv[a++] = r->helper;
		r->argv[a++] = r->fd_arg[0];
		r->argv[a++] = r->fd_arg[1];
		r->argv[a++] = r->pgid_arg;
		r->argv[a++] = r->cg_arg;
		r->argv[a++] = r->resolved;
	}
	for (i = 0; i < n; i++)
		r->argv[a++] = cfg->argv[i];
	r->argv[a] = NULL;
	return OYA_OK;
}

oya_error oya_run_prepare(struct run *r)
{
	oya_error e;

	/* the cgroup first: a refused --memory-limit leaves the outputs untouched */
	if ((e = locate_programs(r)) || (e = oya_run_cg_open(&r->cg, r->cfg)) ||
	    (e = oya_outputs_prepare(r->cfg, r->ht, &r->out)) || (e = build_env(r)) || (e = build_argv(r)))
		return e;
	return OYA_OK;
}
