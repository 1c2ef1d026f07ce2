/*
 * oya_run: prepare the command (command.c), start it with the sampler
 * preloaded (start.c), follow its process tree until nothing of it is left
 * (supervise.c), and hand over to finish.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "finish.h"
#include "guard.h"
#include "note.h"
#include "run.h"
#include "runner.h"

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

/* The end of the run as reason, code and signal. */
static void decode_end(struct run *r, struct oya_run_facts *f)
{
	int st = r->child_status;

	f->end.exit_code = -1;
	f->end.signal = 0;
	if (WIFEXITED(st)) {
		int code = WEXITSTATUS(st), sig;

		/* heaptrack's script reports a signal death as 128+N, like any shell. */
		if (r->ht && oya_exit_is_signal(code, &sig) &&
		    !wrote_exit(r->out.output, r->tree.root, r->child))
			f->end.signal = sig;
		else
			f->end.exit_code = code;
	} else if (WIFSIGNALED(st)) {
		f->end.signal = WTERMSIG(st);
	}
	f->killed_externally = f->end.signal == SIGKILL && !r->sent_kill;
	f->end.stop_reason = r->stop != OYA_STOP_NONE ? r->stop
			     : f->end.signal	      ? OYA_STOP_SIGNALED
						      : OYA_STOP_EXITED;
	/* heaptrack ended on its own and never ran oya-exec (nor was a target
	 * seen): a bad -H option, a broken install. Its status is not the command's. */
	if (r->ht && !r->cmd_started && !r->tree.root && r->stop == OYA_STOP_NONE)
		f->end.stop_reason = OYA_STOP_HEAPTRACK_FAILED;
	f->interrupt_sig = r->interrupt_sig;
}

static void release(struct run *r)
{
	if (r->ht_fd >= 0)
		close(r->ht_fd);
	r->ht_fd = -1;
	oya_run_cg_close(&r->cg, r->cfg); /* a start that failed: the group goes too */
	oya_tree_release(&r->tree);
	oya_metrics_file_release(&r->metrics);
	free(r->argv);
	free(r->envp);
	free(r);
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

/* The signals the run reads from its signalfd (SET) and, with SIGPIPE, blocks
 * (PIPE_SET). SIGPIPE is blocked, never ignored (that would pass through exec
 * to the command), so a write to a closed stderr fails with EPIPE instead of
 * killing the launcher before the summary is written; it is drained at the end. */
static void run_signals(sigset_t *set, sigset_t *pipe_set)
{
	sigemptyset(set);
	sigaddset(set, SIGCHLD);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	*pipe_set = *set;
	sigaddset(pipe_set, SIGPIPE);
}

/* The signalfd, the guard, the subreaper: what the launcher needs to follow the tree. */
static oya_error become_supervisor(struct run *r, const sigset_t *set)
{
	int sub = 0;

	r->sfd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r->sfd < 0)
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot make a signalfd: %s", strerror(errno));
	r->guard = oya_guard_start();
	prctl(PR_GET_CHILD_SUBREAPER, &sub, 0, 0, 0);
	r->prev_subreaper = sub;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot become a subreaper: %s",
				strerror(errno));
	return OYA_OK;
}

/* Start, follow and finish the command. */
void oya_run_facts_fill(const struct run *r, struct oya_run_facts *f)
{
	f->cfg = r->cfg;
	f->output = r->out.output;
	f->summary = r->out.summary;
	f->observed_peak_kb = r->tree.peak_rss_kb;
	f->tree = &r->tree.facts;
	f->host = r->host;
	f->run = r->run_id;
	f->cgroup = r->cg.have_final ? &r->cg.final : NULL;
	f->oom_killed = oya_run_cg_oom_killed(&r->cg);
}

static oya_error run_command(struct run *r, oya_summary **out)
{
	const struct oya_config *cfg = r->cfg;
	struct oya_run_facts f;
	char exe[PATH_MAX];
	uint64_t t0;
	oya_error e;

	memset(&f, 0, sizeof(f));
	if ((e = oya_metrics_file_init(&r->metrics, cfg, r->out.output)))
		return e;
	f.started_ms = oya_wall_ms();
	t0 = oya_mono_ns();
	r->cg.host = r->host;
	r->cg.run = r->run_id;
	oya_run_follow(r); /* before the command's first fork */
	if ((e = oya_run_start(r, t0)))
		return e;
	r->tree.self = getpid();
	r->tree.child = r->child;
	r->tree.heaptrack = r->ht;
	r->tree.helper = r->ht ? r->helper : NULL;
	r->tree.output = r->out.output;
	r->tree.marker = r->env_t0;
	r->tree.sole_parent = cfg->sole_parent;
	r->tree.interval_ns = cfg->interval_ms * 1000000u;
	r->tree.pss_mode = cfg->pss;
	r->tree.edges = cfg->edges;
	r->tree.t0_ns = t0;
	r->tree.host = r->host;
	r->tree.run = r->run_id;
	oya_run_supervise(r, t0);
	oya_tree_settle(&r->tree);
	f.ended_ms = oya_wall_ms();
	oya_run_cg_close(&r->cg, cfg);
	decode_end(r, &f);
	/* the cgroup's lines share the file the preload warns about: with -q, once is enough */
	if (r->tree.write_errno || (r->cg.write_errno && cfg->human_summary))
		oya_note(cfg, "some samples could not be written to %s: %s", r->out.output,
			 strerror(r->tree.write_errno ? r->tree.write_errno : r->cg.write_errno));
	oya_run_facts_fill(r, &f);
	f.command = cfg->argv;
	f.heaptrack_base = r->ht ? r->out.ht_base : NULL;
	f.ht_pid = r->ht ? r->tree.root : 0;
	/* the program's own file, as the process rows name it (/bin/sh is dash) */
	if (!realpath(r->resolved, exe))
		snprintf(exe, sizeof(exe), "%s", r->resolved);
	f.ht_exe = strrchr(exe, '/') ? strrchr(exe, '/') + 1 : exe;
	e = oya_run_finish(&f, out);
	oya_metrics_file_final(&r->metrics, r->out.summary);
	return e;
}

oya_error oya_run_blocking(const struct oya_config *cfg, oya_summary **out)
{
	struct run *r;
	sigset_t set, pipe_set;
	oya_error e;

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
	r->guard = -1;
	/* Before any descriptor of ours can take a free 1 or 2. */
	r->std_open[0] = fcntl(STDOUT_FILENO, F_GETFD) >= 0;
	r->std_open[1] = fcntl(STDERR_FILENO, F_GETFD) >= 0;
	run_signals(&set, &pipe_set);
	/* Blocked before prepare's notes. */
	if (pthread_sigmask(SIG_BLOCK, &pipe_set, &r->old_mask)) {
		release(r);
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot block signals");
	}
	if (cfg->pid) {
		e = oya_run_attached(r, &set, out);
		if (r->sfd >= 0)
			close(r->sfd);
	} else if (!(e = oya_run_prepare(r))) {
		if (!(e = become_supervisor(r, &set)))
			e = run_command(r, out);
		oya_guard_release(r->guard);
		if (r->sfd >= 0)
			close(r->sfd);
		prctl(PR_SET_CHILD_SUBREAPER, r->prev_subreaper, 0, 0, 0);
	}
	drain_sigpipe(&r->old_mask);
	pthread_sigmask(SIG_SETMASK, &r->old_mask, NULL);
	release(r);
	return e;
}
