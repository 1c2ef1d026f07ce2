/*
 * The guard process. It is detached (double fork) so it is never the
 * launcher's child: the tree scan takes the subreaper's children for orphans of
 * the target. It reads the marker from a pipe, then waits: a "release" byte
 * means the run ended normally; end of file without it means the launcher died.
 * Then it kills, with SIGKILL, every process whose /proc/PID/environ holds the
 * marker, until none is left. Between fork and _exit only async-signal-safe
 * calls: the library may run in a threaded program.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guard.h"
#include "read_full.h"

#define GUARD_RELEASE '\n'
#define MARKER_MAX 128

/* Does /proc/PID/environ hold the entry M (with its NUL, LEN bytes)? Read in
 * chunks that overlap by LEN bytes, so an entry split by a chunk is found. */
static bool has_marker(const char *pid, const char *m, size_t len, char *buf, size_t cap)
{
	char path[64] = "/proc/";
	size_t keep = 1;
	ssize_t n;
	int fd;

	memcpy(path + 6, pid, strnlen(pid, 32));
	memcpy(path + 6 + strnlen(pid, 32), "/environ", 9);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	buf[0] = '\0'; /* entries are found as "\0NAME=VALUE\0" */
	for (;;) {
		n = oya_read_fd(fd, buf + keep, cap - keep - 1);
		if (n <= 0)
			break;
		buf[keep + (size_t)n] = '\0';
		if (memmem(buf, keep + (size_t)n + 1, m, len)) {
			close(fd);
			return true;
		}
		keep += (size_t)n;
		if (keep > len) {
			memmove(buf, buf + keep - len, len);
			keep = len;
		}
	}
	close(fd);
	return false;
}

/* One pass over /proc: SIGKILL every process with the marker; how many. */
static int kill_marked(const char *m, size_t len)
{
	static char dents[16384], buf[65536 + MARKER_MAX + 2];
	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC), hits = 0;
	pid_t self = getpid();
	long n;

	if (fd < 0)
		return 0;
	while ((n = syscall(SYS_getdents64, fd, dents, sizeof(dents))) > 0) {
		for (long off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			pid_t pid = 0;
			const char *c;

			off += d->d_reclen;
			for (c = d->d_name; *c >= '0' && *c <= '9' && pid < 100000000; c++)
				pid = pid * 10 + (*c - '0');
			if (*c || pid <= 1 || pid == self || !has_marker(d->d_name, m, len, buf, sizeof(buf)))
				continue;
			if (!kill(pid, SIGKILL))
				hits++;
		}
	}
	close(fd);
	return hits;
}

static void guard_main(int rfd)
{
	char msg[MARKER_MAX + 4];
	struct timespec pause = { 0, 20000000L }; /* 20 ms between passes */
	ssize_t len = 0, n;
	int round;

	/* Hold nothing of the launcher's: no terminal, no pipe a reader waits on. */
	close_range(0, (unsigned)rfd - 1, 0);
	close_range((unsigned)rfd + 1, ~0U, 0);
	if (chdir("/"))
		_exit(1);
	prctl(PR_SET_NAME, "oya-launch-grd", 0, 0, 0);
	signal(SIGINT, SIG_IGN); /* the terminal's signals are the launcher's to pass on */
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	for (;;) {
		n = read(rfd, msg + len, sizeof(msg) - (size_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
		if (msg[len - 1] == GUARD_RELEASE || len == (ssize_t)sizeof(msg))
			_exit(0);
	}
	/* The launcher is gone: "\0MARKER\0" must be whole to be trusted. */
	if (len < 3 || msg[0] != '\0' || msg[len - 1] != '\0')
		_exit(0);
	for (round = 0; round < 100 && kill_marked(msg, (size_t)len); round++)
		nanosleep(&pause, NULL);
	_exit(0);
}

bool oya_guard_marked(pid_t pid, const char *marker)
{
	char entry[MARKER_MAX + 4], id[24], buf[8192 + MARKER_MAX + 2];
	size_t mlen = strlen(marker);

	if (mlen + 2 > MARKER_MAX)
		return false;
	entry[0] = '\0';
	memcpy(entry + 1, marker, mlen);
	entry[mlen + 1] = '\0';
	snprintf(id, sizeof(id), "%d", (int)pid);
	return has_marker(id, entry, mlen + 2, buf, sizeof(buf));
}

int oya_guard_start(void)
{
	int p[2], status, err;
	pid_t g;

	/* A socket, not a pipe: send(MSG_NOSIGNAL) never raises SIGPIPE in the launcher. */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p))
		return -1;
	g = fork();
	if (g == 0) {
		close(p[1]);
		if (fork() == 0)
			guard_main(p[0]);
		_exit(0);
	}
	err = errno;
	close(p[0]);
	if (g < 0) {
		close(p[1]);
		errno = err;
		return -1;
	}
	while (waitpid(g, &status, 0) < 0 && errno == EINTR)
		;
	return p[1];
}

int oya_guard_arm(int fd, const char *marker)
{
	char msg[MARKER_MAX + 4];
	size_t mlen = strlen(marker);

	if (fd < 0)
		return -1;
	if (mlen + 2 > MARKER_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	msg[0] = '\0';
	memcpy(msg + 1, marker, mlen);
	msg[mlen + 1] = '\0';
	return send(fd, msg, mlen + 2, MSG_NOSIGNAL) == (ssize_t)(mlen + 2) ? 0 : -1;
}

void oya_guard_release(int fd)
{
	char c = GUARD_RELEASE;

	if (fd < 0)
		return;
	if (send(fd, &c, 1, MSG_NOSIGNAL) < 0)
		c = 0; /* the guard is gone already: nothing to release */
	close(fd);
}
