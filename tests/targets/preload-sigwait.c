/* The common daemon pattern: main blocks SIGTERM (so every thread it creates
 * inherits the mask), one thread waits for it in sigwait, main joins that
 * thread. A sampler thread that did not block SIGTERM would be the one thread
 * that accepts it and the process would die of the default action (143).
 * Writes "ready" to READY_FILE once it waits; exits 42 after printing the
 * signal it got.
 * Usage: preload-sigwait READY_FILE */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigset_t set;
static int got;

static void *waiter(void *arg)
{
	const char *ready = arg;
	int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, "ready\n", 6) != 6 || close(fd))
		return NULL;
	if (sigwait(&set, &got))
		got = -1;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;

	if (argc < 2)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return 3;
	if (pthread_create(&t, NULL, waiter, argv[1]) || pthread_join(t, NULL))
		return 4;
	printf("got signal %d\n", got);
	return 42;
}
