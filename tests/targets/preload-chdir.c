/* Changes directory after start, then waits for N samples (read from the
 * original, absolute OUTPUT) and exits.
 * Usage: preload-chdir OUTPUT NEWDIR N */
#include <stdlib.h>

#include "preload-wait.h"

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	if (chdir(argv[2]))
		return 3;
	return wait_samples(argv[1], atoi(argv[3])) ? 99 : 0;
}
