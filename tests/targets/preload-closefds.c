/* Like a daemon: closes every descriptor above 2, then opens its own data file
 * and writes to it until the sampler has written N samples. The file must end
 * up holding only these lines.
 * Usage: preload-closefds OUTPUT DATAFILE N */
#include <stdlib.h>
#include <string.h>
#include <linux/close_range.h>

#include "preload-wait.h"

int main(int argc, char **argv)
{
	char line[64];
	int fd, i = 0, n;

	if (argc < 4)
		return 2;
	n = atoi(argv[3]);
	if (close_range(3, ~0U, 0))
		return 3;
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 4;
	while (count_own_samples(argv[1]) < n && i < 20000) {
		struct timespec pause = { 0, 5 * 1000 * 1000 };
		int len = snprintf(line, sizeof(line), "data line %d\n", i++);

		if (write(fd, line, (size_t)len) != len)
			return 5;
		nanosleep(&pause, NULL);
	}
	if (close(fd))
		return 6;
	printf("%d\n", i);
	return count_own_samples(argv[1]) >= n ? 0 : 99;
}
