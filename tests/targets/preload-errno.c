/* Prints the errno a forked child sees right after fork() and the errno main
 * sees on entry, so a test can compare them with and without the preload. */
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int at_main = errno, status = 0;
	pid_t pid;

	errno = 4242;
	pid = fork();
	if (pid == 0) {
		printf("child errno %d\n", errno);
		fflush(stdout);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	printf("main errno %d\n", at_main);
	return 0;
}
