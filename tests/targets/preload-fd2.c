/* Closes stderr, opens its own data file (it gets descriptor 2), then makes the
 * sampler fail (no descriptor left for it) and writes more: the data file must
 * hold only the program's own bytes. Usage: preload-fd2 FILE */
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 500 * 1000 * 1000 };
	struct rlimit rl = { 3, 3 };
	int fd;

	if (argc < 2 || close(2))
		return 2;
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd != 2 || write(fd, "DATA\n", 5) != 5)
		return 3;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return 4;
	nanosleep(&ts, NULL);
	if (write(fd, "MORE\n", 5) != 5)
		return 5;
	return 0;
}
