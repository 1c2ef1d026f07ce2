/*
 * The start of the command, the shape of git's run-command: exec failures come
 * back through a close-on-exec pipe (spawn.c), PR_SET_PDEATHSIG in the child.
 * Under heaptrack, the script and its helpers write to a pipe the launcher
 * reads (their messages are not the command's output), and the client the
 * script starts is oya-exec, which hands the command the launcher's own stdout
 * and stderr and execs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guard.h"
#include "note.h"
#include "run.h"
#include "spawn.h"

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

/* What the child does before exec. */
struct child_setup {
	pid_t parent;
	bool ht;
	const struct oya_cgroup *cg; /* entered here without heaptrack (oya-exec enters it under it) */
	int fds[4];		     /* heaptrack's pipe (ours, its), the command's stdout, stderr */
};

static int setup_child(void *ctx)
{
	const struct child_setup *c = ctx;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL))
		return -1;
	if (getppid() != c->parent) {
		errno = ESRCH;
		return -1;
	}
	if (!c->ht)
		return c->cg ? oya_cgroup_enter(c->cg, 0) : 0;
	/* heaptrack's script and helpers in a group of their own: the
	 * terminal's SIGINT must not reach them (it empties the data file);
	 * oya-exec puts the command back in the launcher's group. */
	if (setpgid(0, 0))
		return -1;
	/* heaptrack's script writes to the pipe; the command's own stdout and
	 * stderr go through it to oya-exec (not close-on-exec there). */
	if (dup2(c->fds[1], STDOUT_FILENO) < 0 || dup2(c->fds[1], STDERR_FILENO) < 0 ||
	    (c->fds[2] >= 0 && fcntl(c->fds[2], F_SETFD, 0)) ||
	    (c->fds[3] >= 0 && fcntl(c->fds[3], F_SETFD, 0)))
		return -1;
	return 0;
}

/* The child reported a failure: it has exited; reap it and say why. */
static oya_error start_failed(struct run *r, const char *exe, const struct oya_spawn_report *rep)
{
	while (waitpid(r->child, NULL, 0) < 0 && errno == EINTR)
		;
	r->child = 0;
	if (r->ht_fd >= 0) {
		close(r->ht_fd);
		r->ht_fd = -1;
	}
	if (rep->stage == OYA_SPAWN_EXEC && (rep->err == ENOENT || rep->err == ENOTDIR))
		return oya_fail(OYA_ERR_COMMAND_NOT_FOUND, "%s: command not found", exe);
	if (rep->stage == OYA_SPAWN_EXEC)
		return oya_fail(OYA_ERR_COMMAND_NOT_EXECUTABLE, "%s: cannot run it: %s", exe,
				strerror(rep->err));
	return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot set up the child: %s", strerror(rep->err));
}

oya_error oya_run_start(struct run *r, uint64_t t0)
{
	struct child_setup c = { getpid(), r->ht, NULL, { -1, -1, -1, -1 } };
	struct oya_spawn sp = {
		r->ht ? r->heaptrack : r->resolved, r->argv, r->envp, &r->old_mask, false, setup_child, &c
	};
	struct oya_spawn_report rep;
	oya_error e;
	int err;

	snprintf(r->env_t0, sizeof(r->env_t0), "OYA_T0=%llu", (unsigned long long)t0);
	snprintf(r->pgid_arg, sizeof(r->pgid_arg), "%d", (int)getpgrp());
	oya_run_cg_start(&r->cg, r->out.output, t0);
	c.cg = r->cg.cg;
	snprintf(r->cg_arg, sizeof(r->cg_arg), "%s", c.cg ? oya_cgroup_procs(c.cg) : "-");
	if (r->ht && (e = ht_pipes(r, c.fds, c.fds + 2)))
		return e;
	if (oya_guard_arm(r->guard, r->env_t0))
		oya_note(r->cfg, "no guard: if oya-launch is killed, the command may outlive it");
	r->child = oya_spawn(&sp, &rep);
	if (r->child < 0) {
		err = errno;
		r->child = 0;
		close_all(c.fds, 4);
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot start the command: %s", strerror(err));
	}
	/* The child does it too, whoever is first; EACCES: it has exec'd, done. */
	if (r->ht && setpgid(r->child, r->child) && errno != EACCES && errno != ESRCH)
		oya_note(r->cfg, "cannot give heaptrack a process group of its own: %s", strerror(errno));
	r->ht_fd = c.fds[0];
	c.fds[0] = -1;
	close_all(c.fds, 4);
	if (rep.stage != OYA_SPAWN_STARTED)
		return start_failed(r, sp.path, &rep);
	return OYA_OK;
}
