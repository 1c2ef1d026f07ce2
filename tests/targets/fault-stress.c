/*
 * A stress target for the sampler and the launcher: threads allocating and
 * freeing, forked children that fork again, exec chains, a SIGALRM timer, a
 * sigwait thread that ends the run on SIGTERM, and a child that closes every
 * descriptor like a daemon and checks that its own file holds only its bytes.
 * Every process image appends "pid exe-step" to $STRESS_PIDS, so a test can
 * check that each one is in the profile.
 * Usage: fault-stress            run until SIGTERM (exit 0), or 10 minutes (exit 3)
 *        fault-stress chain N    (internal) exec itself N more times, then exit 0
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms;
static int stop; /* set by the sigwait thread, read by main */
static const char *self_path;

static void note_pid(const char *what)
{
	const char *file = getenv("STRESS_PIDS");
	char line[96];
	int fd, n;

	if (!file)
		return;
	n = snprintf(line, sizeof(line), "%ld %s\n", (long)getpid(), what);
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, line, (size_t)n) != n)
			_exit(4);
		close(fd);
	}
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void *churn(void *arg)
{
	unsigned x = (unsigned)(size_t)arg * 2654435761u + 1;
	void *slot[128] = { 0 };

	for (;;) {
		unsigned k;

		x = x * 1103515245u + 12345u;
		k = (x >> 16) & 127;
		free(slot[k]);
		slot[k] = malloc(1 + (x >> 8) % 65536);
		if (slot[k])
			memset(slot[k], (int)k, 1);
	}
	return NULL;
}

static void *waiter(void *arg)
{
	sigset_t *set = arg;
	int sig = 0;

	/* The launcher's stop signal: main ends the run. Calling exit() here could
	 * race with main's fork() and leave the child holding glibc's exit lock. */
	if (!sigwait(set, &sig) && sig == SIGTERM)
		__atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void daemon_step(void)
{
	char path[64], back[64];
	int fd;
	ssize_t n;

	/* Close every descriptor but 0-2, open our own file: it must hold only our bytes. */
	if (syscall(SYS_close_range, 3, ~0U, 0) != 0)
		_exit(5);
	snprintf(path, sizeof(path), "/tmp/fault-stress.%ld", (long)getpid());
	for (int i = 0; i < 20; i++) {
		struct timespec t = { 0, 20 * 1000 * 1000 };

		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || write(fd, "mine\n", 5) != 5)
			_exit(6);
		nanosleep(&t, NULL);
		if (lseek(fd, 0, SEEK_SET) != 0)
			_exit(6);
		n = read(fd, back, sizeof(back));
		close(fd);
		if (n != 5 || memcmp(back, "mine\n", 5)) {
			unlink(path);
			_exit(7); /* someone else wrote into our file */
		}
	}
	unlink(path);
}

static void spawn_family(unsigned round)
{
	pid_t grandchild;
	pid_t child = fork();

	if (child != 0)
		return;
	note_pid("child");
	if (round % 3 == 0)
		daemon_step();
	grandchild = fork();
	if (grandchild == 0) {
		note_pid("grandchild");
		execl(self_path, self_path, "chain", "3", (char *)NULL);
		_exit(8);
	}
	if (grandchild > 0)
		waitpid(grandchild, NULL, 0);
	exit(0);
}

int main(int argc, char **argv)
{
	static sigset_t term;
	struct itimerval it = { { 0, 10000 }, { 0, 10000 } };
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	pthread_t t;
	unsigned round;

	self_path = "/proc/self/exe";
	if (argc == 3 && !strcmp(argv[1], "chain")) {
		int left = atoi(argv[2]);
		char next[16];

		note_pid("chain");
		if (left <= 0)
			return 0;
		snprintf(next, sizeof(next), "%d", left - 1);
		execl(self_path, self_path, "chain", next, (char *)NULL);
		return 8;
	}
	note_pid("main");
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &term, NULL) || pthread_create(&t, NULL, waiter, &term))
		return 2;
	signal(SIGALRM, on_alarm);
	if (setitimer(ITIMER_REAL, &it, NULL))
		return 2;
	for (long i = 0; i < 4; i++)
		if (pthread_create(&t, NULL, churn, (void *)i))
			return 2;
	for (round = 0; round < 3000; round++) {
		if (__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
			while (wait(NULL) > 0) /* the family ends before the run does */
				;
			return 0;
		}
		spawn_family(round);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		while (nanosleep(&pause, &pause) && errno == EINTR)
			;
		pause.tv_nsec = 200 * 1000 * 1000;
	}
	return 3;
}
