#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "exit_status.h"

/* In the child: everything up to exec. Only async-signal-safe calls. */
static _Noreturn void child(const struct oya_spawn *sp, int report_fd)
{
	struct oya_spawn_report rep = { OYA_SPAWN_SETUP, 0 };
	struct sigaction dfl;
	sigset_t none;
	ssize_t w;

	if (sp->default_signals) {
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigaction(SIGPIPE, &dfl, NULL);
		sigaction(SIGTERM, &dfl, NULL);
		sigaction(SIGINT, &dfl, NULL);
	}
	if (sp->setup && sp->setup(sp->ctx))
		goto fail;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, sp->mask ? sp->mask : &none, NULL);
	rep.stage = OYA_SPAWN_EXEC;
	errno = ENOENT;
	if (sp->path)
		execve(sp->path, sp->argv, sp->envp ? sp->envp : environ);
fail:
	rep.err = errno;
	do
		w = write(report_fd, &rep, sizeof(rep));
	while (w < 0 && errno == EINTR);
	_exit(rep.stage == OYA_SPAWN_EXEC ? oya_exit_for_exec_errno(rep.err) : OYA_EXIT_CANNOT_RUN);
}

pid_t oya_spawn(const struct oya_spawn *sp, struct oya_spawn_report *rep)
{
	int pfd[2], err;
	ssize_t got;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		err = errno;
		close(pfd[0]);
		close(pfd[1]);
		errno = err;
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		child(sp, pfd[1]);
	}
	close(pfd[1]);
	/* EOF: exec closed the pipe */
	do
		got = read(pfd[0], rep, sizeof(*rep));
	while (got < 0 && errno == EINTR);
	close(pfd[0]);
	if (got != (ssize_t)sizeof(*rep)) {
		rep->stage = OYA_SPAWN_STARTED;
		rep->err = 0;
	}
	return pid;
}
