/*
 * A CPU and malloc workload whose result depends on every step: two threads and
 * a forked child allocate, fill, hash and free. The checksum goes to stdout and
 * to a file, and decides the exit status, so that anything the preload changed
 * in the program would show. Usage: fault-work ITERATIONS [CHECKSUM-FILE]
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
	uint64_t seed, iters, sum;
	int failed;
};

static uint64_t mix(uint64_t h, uint64_t v)
{
	return (h ^ v) * 0x100000001b3ULL;
}

static void *work(void *arg)
{
	struct job *j = arg;
	unsigned char *slot[64] = { 0 };
	size_t len[64] = { 0 };
	uint64_t x = j->seed, h = 0xcbf29ce484222325ULL, i;
	unsigned k;

	for (i = 0; i < j->iters; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		k = (unsigned)(x >> 33) & 63;
		if (slot[k]) {
			h = mix(h, slot[k][len[k] / 2]);
			h = mix(h, len[k]);
			free(slot[k]);
		}
		len[k] = 16 + (size_t)((x >> 40) % 4096);
		slot[k] = malloc(len[k]);
		if (!slot[k]) {
			j->failed = 1;
			break;
		}
		memset(slot[k], (int)(x >> 56), len[k]);
		slot[k][len[k] / 2] ^= (unsigned char)i;
		h = mix(h, x);
	}
	for (k = 0; k < 64; k++)
		free(slot[k]);
	j->sum = h;
	return NULL;
}

int main(int argc, char **argv)
{
	struct job a = { 1, 0, 0, 0 }, b = { 2, 0, 0, 0 }, c = { 3, 0, 0, 0 };
	pthread_t ta, tb;
	int pfd[2], status;
	uint64_t total;
	pid_t pid;
	FILE *f;

	if (argc < 2) {
		fprintf(stderr, "usage: fault-work ITERATIONS [CHECKSUM-FILE]\n");
		return 2;
	}
	a.iters = b.iters = strtoull(argv[1], NULL, 10);
	c.iters = a.iters / 2;
	if (pipe(pfd))
		return 2;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		work(&c);
		_exit(write(pfd[1], &c.sum, sizeof(c.sum)) == sizeof(c.sum) && !c.failed ? 0 : 1);
	}
	close(pfd[1]);
	if (pthread_create(&ta, NULL, work, &a) || pthread_create(&tb, NULL, work, &b))
		return 2;
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	if (read(pfd[0], &c.sum, sizeof(c.sum)) != sizeof(c.sum) || waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status) || a.failed || b.failed)
		return 2;
	total = mix(mix(mix(mix(0, a.sum), b.sum), c.sum), a.iters);
	printf("checksum %016" PRIx64 "\n", total);
	if (argc > 2) {
		f = fopen(argv[2], "w");
		if (!f || fprintf(f, "%016" PRIx64 "\n", total) < 0 || fclose(f))
			return 2;
	}
	return 10 + (int)(total % 50);
}
