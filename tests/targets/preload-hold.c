/* Stays alive until STOPFILE exists (at most about 20 s), so a test can look at
 * its threads and descriptors while the sampler runs.
 * Usage: preload-hold STOPFILE */
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i;

	if (argc < 2)
		return 2;
	for (i = 0; i < 2000; i++) {
		if (!access(argv[1], F_OK))
			return 0;
		nanosleep(&pause, NULL);
	}
	return 99;
}
