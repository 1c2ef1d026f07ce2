/* Blocks SIGTERM in main and waits for it in sigwait: the pattern a sampler
 * thread that does not block signals breaks. Writes "ready" to READY_FILE once
 * it waits. Exits 42 after printing the signal it got.
 * Usage: preload-sigwait READY_FILE */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t set;
	int sig = 0, fd;

	if (argc < 2)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return 3;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "ready\n", 6) != 6 || close(fd))
		return 4;
	if (sigwait(&set, &sig))
		return 5;
	printf("got signal %d\n", sig);
	return 42;
}
