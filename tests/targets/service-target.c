/*
 * Behaviours of real services, for tests/integration/service_*.sh. Usage: service-target MODE ARG...
 *   setuid NAP_MS MB HOLD_MS LIFE_MS  nap, switch to nobody, touch MB MiB, hold it HOLD_MS, free it,
 *                                     live until LIFE_MS
 *   daemon PIDFILE TITLE MB LIFE_MS   double fork and setsid, write the daemon's pid to PIDFILE, chdir /,
 *                                     close every descriptor, rewrite the title over argv and environ,
 *                                     touch MB MiB, live until LIFE_MS
 *   grow MB HOLD_MS                   touch MB MiB, hold it HOLD_MS, exit 0
 *   orphan PIDFILE NAP_MS LIFE_MS     fork a child that writes its pid to PIDFILE and lives LIFE_MS
 *                                     (touching a little memory); the parent exits 0 after NAP_MS
 * LIFE_MS bounds every process, so that nothing outlives a failed test for long.
 */
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

static long arg(char **argv, int i)
{
	return strtol(argv[i], NULL, 10);
}

/* Memory the kernel counts as resident: every page written. */
static char *touch(long mb)
{
	size_t len = (size_t)mb << 20;
	char *p = malloc(len ? len : 1);

	if (p)
		memset(p, 0x5a, len);
	return p;
}

static int write_pid(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int n, ok;

	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	ok = write(fd, buf, (size_t)n) == n;
	return close(fd) == 0 && ok ? 0 : -1;
}

static int to_nobody(void)
{
	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return -1;
	return 0;
}

/* Overwrite the contiguous argv and environ strings with TITLE, as setproctitle does. */
static void set_title(char **argv, const char *title)
{
	char *start = argv[0], *end = argv[0] + strlen(argv[0]) + 1;
	static char *empty[] = { NULL };
	char buf[256];
	int i;

	snprintf(buf, sizeof(buf), "%s", title);
	for (i = 1; argv[i] && argv[i] == end; i++)
		end = argv[i] + strlen(argv[i]) + 1;
	for (i = 0; environ[i] && environ[i] == end; i++)
		end = environ[i] + strlen(environ[i]) + 1;
	environ = empty;
	memset(start, 0, (size_t)(end - start));
	strncpy(start, buf, (size_t)(end - start) - 1);
}

static int daemonize(const char *pidfile)
{
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (setsid() < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid > 0)
		_exit(0);
	if (write_pid(pidfile) || chdir("/"))
		return -1;
	return close_range(0, ~0U, 0);
}

static int orphan(const char *pidfile, long nap_ms, long life_ms)
{
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (pid == 0) {
		if (write_pid(pidfile))
			_exit(1);
		free(touch(4));
		nap(life_ms);
		_exit(0);
	}
	nap(nap_ms);
	return 0;
}

static int setuid_then_grow(char **argv)
{
	long nap_ms = arg(argv, 2), hold = arg(argv, 4), life = arg(argv, 5);
	char *p;

	nap(nap_ms);
	if (to_nobody())
		return 1;
	p = touch(arg(argv, 3));
	nap(hold);
	free(p);
	if (life > nap_ms + hold)
		nap(life - nap_ms - hold);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "setuid") && argc == 6)
		return setuid_then_grow(argv);
	if (!strcmp(mode, "daemon") && argc == 6) {
		long mb = arg(argv, 4), life = arg(argv, 5);
		char *p;

		if (daemonize(argv[2]))
			return 1;
		set_title(argv, argv[3]);
		p = touch(mb);
		if (!p)
			return 1;
		nap(life);
		free(p);
		return 0;
	}
	if (!strcmp(mode, "grow") && argc == 4) {
		char *p = touch(arg(argv, 2));

		nap(arg(argv, 3));
		free(p);
		return 0;
	}
	if (!strcmp(mode, "orphan") && argc == 5)
		return orphan(argv[2], arg(argv, 3), arg(argv, 4));
	fprintf(stderr, "usage: service-target setuid|daemon|grow|orphan ARG... (see the source)\n");
	return 2;
}
