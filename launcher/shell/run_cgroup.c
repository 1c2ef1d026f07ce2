#include "run_cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "note.h"
#include "read_full.h"

#define CG_LINE_MAX 3072

oya_error oya_run_cg_open(struct oya_run_cg *c, const struct oya_config *cfg)
{
	char why[1024];

	memset(c, 0, sizeof(*c));
	c->interval_ns = cfg->interval_ms * 1000000u;
	if (!cfg->cgroup)
		return OYA_OK;
	c->cg = oya_cgroup_create("", NULL, cfg->memory_limit, why, sizeof(why));
	if (c->cg)
		return OYA_OK;
	if (cfg->memory_limit)
		return oya_fail(OYA_ERR_NO_CGROUP, "--memory-limit cannot be enforced: %s", why);
	/* routine where the launcher may not make one: a notice, not a warning */
	if (cfg->human_summary || cfg->verbose)
		oya_note(cfg, "%s; the summary's cgroup figures are null", why);
	return OYA_OK;
}

oya_error oya_run_cg_observe(struct oya_run_cg *c, const struct oya_config *cfg, pid_t pid)
{
	struct oya_cg_final before;
	char why[1024];

	memset(c, 0, sizeof(*c));
	c->interval_ns = cfg->interval_ms * 1000000u;
	c->observed = true;
	c->oom_base = -1;
	if (!cfg->cgroup)
		return OYA_OK;
	c->cg = oya_cgroup_observe("", pid, why, sizeof(why));
	if (!c->cg) {
		if (cfg->human_summary || cfg->verbose)
			oya_note(cfg, "%s; the summary's cgroup figures are null", why);
		return OYA_OK;
	}
	if (oya_cgroup_final(c->cg, &before) == 0)
		c->oom_base = before.oom_kills;
	return OYA_OK;
}

void oya_run_cg_start(struct oya_run_cg *c, const char *output, uint64_t t0_ns)
{
	c->output = output;
	c->t0_ns = t0_ns;
	c->next_ns = t0_ns + c->interval_ns;
}

static void append(struct oya_run_cg *c, const char *line, size_t len)
{
	int err = oya_append_line(c->output, line, len);

	if (err && !c->write_errno)
		c->write_errno = err;
}

void oya_run_cg_sample(struct oya_run_cg *c, uint64_t now)
{
	char line[CG_LINE_MAX];
	struct oya_cg_usage u;
	struct oya_cg_line l;
	size_t n;

	if (!c->cg || !c->output || now < c->next_ns)
		return;
	c->next_ns += c->interval_ns;
	if (c->next_ns <= now)
		c->next_ns = now + c->interval_ns;
	if (oya_cgroup_read(c->cg, &u))
		return; /* the group is gone: nothing to say */
	l.version = oya_cgroup_version(c->cg);
	l.path = oya_cgroup_path(c->cg);
	l.host = c->host;
	l.run = c->run;
	l.seq = c->seq++;
	l.wall_ms = oya_wall_ms();
	l.elapsed_ms = (now - c->t0_ns) / 1000000u;
	n = oya_cg_line_format(line, sizeof(line), &l, &u);
	if (n)
		append(c, line, n);
}

void oya_run_cg_close(struct oya_run_cg *c, const struct oya_config *cfg)
{
	char why[1024];

	if (!c->cg)
		return;
	if (oya_cgroup_final(c->cg, &c->final) == 0) {
		snprintf(c->path, sizeof(c->path), "%s", oya_cgroup_path(c->cg));
		c->final.path = c->path;
		c->have_final = true;
	}
	if (!c->observed && oya_cgroup_remove(c->cg, why, sizeof(why)))
		oya_note(cfg, "%s", why);
	oya_cgroup_free(c->cg);
	c->cg = NULL;
}

int oya_run_cg_oom_killed(const struct oya_run_cg *c)
{
	if (!c->have_final || c->final.oom_kills < 0)
		return -1;
	if (c->observed) /* only the kills while the run watched */
		return c->oom_base < 0 ? -1 : c->final.oom_kills > c->oom_base;
	return c->final.oom_kills > 0;
}
