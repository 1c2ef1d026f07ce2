/* Counts heap calls: its own malloc family (the executable's definitions win
 * over libc's for every library, the preload included) forwards to glibc and
 * counts the calls made on the thread named oya-sampler, and all calls made in
 * a window in which main itself allocates nothing.
 * Usage: preload-mallocount OUTPUT N
 * Prints "sampler_allocs=A window_allocs=W probe_allocs=P samples=N"; P counts a
 * thread of its own named like the sampler, to show that the counting works. */
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "preload-wait.h"

#define API __attribute__((visibility("default")))

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

static unsigned long sampler_allocs, all_allocs;

static void count(void)
{
	char name[16] = "";

	__atomic_add_fetch(&all_allocs, 1, __ATOMIC_SEQ_CST);
	if (!prctl(PR_GET_NAME, name, 0, 0, 0) && !strcmp(name, "oya-sampler"))
		__atomic_add_fetch(&sampler_allocs, 1, __ATOMIC_SEQ_CST);
}

API void *malloc(size_t n)
{
	count();
	return __libc_malloc(n);
}

API void *calloc(size_t n, size_t m)
{
	count();
	return __libc_calloc(n, m);
}

API void *realloc(void *p, size_t n)
{
	count();
	return __libc_realloc(p, n);
}

API void *memalign(size_t a, size_t n)
{
	count();
	return __libc_memalign(a, n);
}

API void *aligned_alloc(size_t a, size_t n)
{
	count();
	return __libc_memalign(a, n);
}

API int posix_memalign(void **out, size_t a, size_t n)
{
	void *p;

	count();
	p = __libc_memalign(a, n);
	if (!p)
		return 12; /* ENOMEM */
	*out = p;
	return 0;
}

API void free(void *p)
{
	__libc_free(p);
}

/* Positive control: a thread with the sampler's name, allocating once. */
static void *fake_sampler(void *arg)
{
	void *volatile p;

	(void)arg;
	prctl(PR_SET_NAME, "oya-sampler", 0, 0, 0);
	p = malloc(32);
	free(p);
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long before, window, sampler, probe;
	void *volatile p;
	pthread_t t;
	char line[96];
	int n, len;

	if (argc < 3)
		return 2;
	n = atoi(argv[2]);
	before = __atomic_load_n(&all_allocs, __ATOMIC_SEQ_CST);
	p = malloc(16);
	free(p);
	if (__atomic_load_n(&all_allocs, __ATOMIC_SEQ_CST) == before) {
		fprintf(stderr, "target: malloc is not interposed\n");
		return 98;
	}
	/* From here until the second read main makes no heap call: open, read,
	 * nanosleep and snprintf into a stack buffer only. */
	before = __atomic_load_n(&all_allocs, __ATOMIC_SEQ_CST);
	if (wait_samples(argv[1], n))
		return 99;
	window = __atomic_load_n(&all_allocs, __ATOMIC_SEQ_CST) - before;
	sampler = __atomic_load_n(&sampler_allocs, __ATOMIC_SEQ_CST);
	if (pthread_create(&t, NULL, fake_sampler, NULL) || pthread_join(t, NULL))
		return 97;
	probe = __atomic_load_n(&sampler_allocs, __ATOMIC_SEQ_CST) - sampler;
	len = snprintf(line, sizeof(line),
		       "sampler_allocs=%lu window_allocs=%lu probe_allocs=%lu samples=%d\n", sampler,
		       window, probe, n);
	if (write(STDOUT_FILENO, line, (size_t)len) != len)
		return 3;
	return 0;
}
