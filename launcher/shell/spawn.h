/*
 * Starting a program: fork, the caller's set-up in the child, exec. A failure
 * in the child comes back as {stage, errno} through a close-on-exec pipe, and
 * the child then exits 126 or 127 as a shell would.
 */
#ifndef OYA_SPAWN_H
#define OYA_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

enum oya_spawn_stage {
	OYA_SPAWN_STARTED, /* exec succeeded */
	OYA_SPAWN_SETUP,   /* the caller's set-up failed in the child */
	OYA_SPAWN_EXEC,	   /* exec failed (or PATH is NULL: ENOENT) */
};

struct oya_spawn_report {
	enum oya_spawn_stage stage;
	int err;
};

struct oya_spawn {
	const char *path; /* the file to exec (found before fork); NULL: not found */
	char *const *argv;
	char *const *envp;    /* NULL: this process's environment */
	const sigset_t *mask; /* the child's signal mask; NULL: none blocked */
	bool default_signals; /* SIGPIPE, SIGINT, SIGTERM back to SIG_DFL (not ignored) */
	/* In the child before exec, async-signal-safe calls only: 0, or -1 with errno. */
	int (*setup)(void *ctx);
	void *ctx;
};

/* Start SP. Returns the child's pid (>0) with *REP saying how far it got: when
 * REP->stage is not OYA_SPAWN_STARTED the child has exited and must still be
 * waited for. -1 with errno when no child was made (pipe or fork failed). */
pid_t oya_spawn(const struct oya_spawn *sp, struct oya_spawn_report *rep);

#endif
