/* dlopen and dlclose the library named in argv[1], then keep running a while:
 * unloading the preload must not take the code from under its thread. */
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 500 * 1000 * 1000 };
	void *h;

	if (argc < 2 || !(h = dlopen(argv[1], RTLD_NOW))) {
		fprintf(stderr, "dlopen failed\n");
		return 2;
	}
	if (dlclose(h))
		return 3;
	nanosleep(&ts, NULL);
	puts("done");
	return 0;
}
