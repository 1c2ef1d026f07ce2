/*
 * oya-exec: the client oya-launch hands to heaptrack's script instead of the
 * command. The script's own stdout and stderr go to a pipe the launcher reads,
 * so that heaptrack's messages never mix into the command's output; this
 * program puts the launcher's real stdout and stderr (passed as two inherited
 * descriptors) back on 1 and 2 and execs the command, environment untouched.
 * Linked statically: LD_PRELOAD is then ignored, so heaptrack's preload does
 * not load here and does not remove LD_PRELOAD before the command gets it.
 *
 * Usage: oya-exec OUTFD ERRFD PGID CGROUP FILE ARGV0 [ARG...]
 *   OUTFD, ERRFD  descriptors for the command's stdout and stderr, or "-"
 *                 when the launcher had none (the command then has none either)
 *   PGID          the launcher's process group, or "-": the launcher puts
 *                 heaptrack's script (and its helpers) in a group of their own,
 *                 out of reach of the terminal's Ctrl-C; the command goes back
 *                 to the launcher's group, the terminal's foreground one
 *   CGROUP        the cgroup.procs file of the run's cgroup, or "-": the command
 *                 enters the group here, just before exec, so that the kernel
 *                 charges the group with the command alone, not with heaptrack's
 *                 script, interpreter and compressor (an argument, not a
 *                 variable: nothing of it reaches the command)
 *   FILE          the program to run (a path); ARGV0 and ARGs its argv
 * Exit status when FILE cannot be run: 127 not found, 126 otherwise (as a shell).
 * Its first act is the line "oya-exec: started" on heaptrack's pipe: it tells
 * the launcher that heaptrack got as far as starting the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "exec_helper.h"
#include "exit_status.h"

static void say(const char *a, const char *b)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "oya-launch: %s: %s\n", a, b);
	ssize_t w;

	if (n <= 0)
		return;
	if ((size_t)n >= sizeof(line))
		n = (int)sizeof(line) - 1;
	do
		w = write(STDERR_FILENO, line, (size_t)n);
	while (w < 0 && errno == EINTR);
}

/* "-" -> -1; a whole number from MIN to MAX -> it; else -2. */
static long parse_arg(const char *s, long min, long max)
{
	char *end;
	long v;

	if (!strcmp(s, "-"))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return -2;
	return v;
}

/* Move this process into the cgroup whose cgroup.procs is PROCS ("0": the writer). */
static int enter_cgroup(const char *procs)
{
	ssize_t w;
	int fd = open(procs, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	do
		w = write(fd, "0", 1);
	while (w < 0 && errno == EINTR);
	if (w != 1) {
		int e = w < 0 ? errno : EIO;

		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

/* Put FROM on TO (or close TO when FROM is -1). */
static int restore(int from, int to)
{
	if (from < 0)
		return close(to) && errno != EBADF ? -1 : 0;
	return dup2(from, to) < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int out, err, e;
	long pg;

	if (argc < 7) {
		say("oya-exec",
		    "usage: oya-exec OUTFD ERRFD PGID CGROUP FILE ARGV0 [ARG...] (run by oya-launch)");
		return OYA_EXIT_CANNOT_RUN;
	}
	/* descriptors above 2; a process group above 0 */
	out = (int)parse_arg(argv[1], 3, 1L << 20);
	err = (int)parse_arg(argv[2], 3, 1L << 20);
	if (out == -2 || err == -2) {
		say("oya-exec", "the descriptor arguments must be numbers above 2 or -");
		return OYA_EXIT_CANNOT_RUN;
	}
	{
		char started[64];
		int len = snprintf(started, sizeof(started), OYA_EXEC_STARTED " %d\n", (int)getpid());
		ssize_t w;

		do
			w = write(STDOUT_FILENO, started, (size_t)len);
		while (w < 0 && errno == EINTR);
	}
	/* stderr last: until then, a failure still reaches the launcher's pipe */
	if (restore(out, STDOUT_FILENO)) {
		say("oya-exec: cannot restore stdout", strerror(errno));
		return OYA_EXIT_CANNOT_RUN;
	}
	if (restore(err, STDERR_FILENO)) {
		say("oya-exec: cannot restore stderr", strerror(errno));
		return OYA_EXIT_CANNOT_RUN;
	}
	if (out >= 0)
		close(out);
	if (err >= 0 && err != out)
		close(err);
	pg = parse_arg(argv[3], 1, 1L << 30);
	if (pg == -2) {
		say("oya-exec", "the process group argument must be a number above 0 or -");
		return OYA_EXIT_CANNOT_RUN;
	}
	/* Back in the launcher's (foreground) group: the command gets the
	 * terminal's signals and can read the terminal. Failing that, it runs
	 * in heaptrack's group. */
	if (pg > 0 && setpgid(0, (pid_t)pg))
		errno = 0;
	if (strcmp(argv[4], "-") != 0 && enter_cgroup(argv[4])) {
		char why[256];

		snprintf(why, sizeof(why), "cannot enter the run's cgroup: %s", strerror(errno));
		say(argv[4], why);
		return OYA_EXIT_CANNOT_RUN;
	}
	execv(argv[5], argv + 6);
	e = errno;
	if (oya_exit_for_exec_errno(e) == OYA_EXIT_NOT_FOUND) {
		say(argv[5], "command not found");
		return OYA_EXIT_NOT_FOUND;
	}
	{
		char why[256];

		snprintf(why, sizeof(why), "cannot run it: %s", strerror(e));
		say(argv[5], why);
	}
	return OYA_EXIT_CANNOT_RUN;
}
