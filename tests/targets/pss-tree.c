/*
 * A tree that shares memory, for comparing the sampler's PSS with the kernel's.
 * cow: the parent writes MB of private memory, then forks CHILDREN that read it
 * all without writing (copy-on-write pages, shared until written). shared: the
 * parent writes MB of MAP_SHARED memory and the children read it all.
 * Once every child has read its pages, the parent writes the pids (its own
 * first) to READY; all then stay until STOP exists (at most about 60 s).
 * Usage: pss-tree cow|shared MB CHILDREN READY STOP
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

/* Reads every page; the sum is printed so that no compiler drops the reads. */
static unsigned long read_all(const volatile unsigned char *p, size_t len)
{
	unsigned long sum = 0;
	size_t i;

	for (i = 0; i < len; i += PAGE)
		sum += p[i];
	return sum;
}

static int wait_stop(const char *stop)
{
	struct timespec pause = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 6000; i++) {
		if (!access(stop, F_OK))
			return 0;
		nanosleep(&pause, NULL);
	}
	return 99;
}

static int write_ready(const char *ready, const pid_t *kids, int n)
{
	char tmp[4096];
	FILE *f;
	int i;

	snprintf(tmp, sizeof(tmp), "%s.tmp", ready);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "%d", (int)getpid());
	for (i = 0; i < n; i++)
		fprintf(f, " %d", (int)kids[i]);
	fprintf(f, "\n");
	if (fclose(f))
		return -1;
	return rename(tmp, ready);
}

int main(int argc, char **argv)
{
	pid_t kids[64];
	unsigned char *mem;
	size_t len;
	int n, i, shared, fds[2], st, rc = 0;
	char c;

	if (argc != 6 || (strcmp(argv[1], "cow") && strcmp(argv[1], "shared")))
		return 2;
	shared = !strcmp(argv[1], "shared");
	len = (size_t)atoi(argv[2]) * 1024 * 1024;
	n = atoi(argv[3]);
	if (!len || n < 1 || n > 64 || pipe(fds))
		return 2;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 3;
	memset(mem, 0x5a, len); /* really written: resident in the parent */
	for (i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0)
			return 4;
		if (kids[i] == 0) {
			unsigned long sum = read_all(mem, len);

			c = sum == (len / PAGE) * 0x5a ? 'y' : 'n';
			if (write(fds[1], &c, 1) != 1)
				_exit(5);
			_exit(wait_stop(argv[5]));
		}
	}
	for (i = 0; i < n; i++)
		if (read(fds[0], &c, 1) != 1 || c != 'y')
			rc = 6;
	if (write_ready(argv[4], kids, n))
		return 7;
	if (wait_stop(argv[5]))
		rc = 99;
	for (i = 0; i < n; i++)
		if (waitpid(kids[i], &st, 0) != kids[i] || !WIFEXITED(st) || WEXITSTATUS(st))
			rc = 8;
	printf("%s %d MB, %d children: %s\n", argv[1], atoi(argv[2]), n, rc ? "bad" : "ok");
	return rc;
}
