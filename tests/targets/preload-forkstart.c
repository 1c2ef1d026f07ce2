/*
 * Forks while the preload's sampler thread may still be starting. Its own
 * pthread_create (the executable's definition wins for the preload too) holds
 * a stand-in for a runtime lock from thread creation until the thread's start
 * routine runs, as a sanitizer allocator or a fork-unsafe malloc would during
 * thread start-up. A child that inherits that lock held would hang on it in
 * real life; here it exits 97.
 * Usage: preload-forkstart. Prints "child inherited a held start-up lock" or
 * "child ok" and exits with the child's status.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);

struct start {
	int held;
	void *(*fn)(void *);
	void *arg;
};

/* Slot 0: the first thread start of the process (the preload's constructor);
 * slot 1: the one in the forked child. Later starts pass straight through. */
static struct start starts[2];
static int nstarts;

static void *trampoline(void *p)
{
	struct start *s = p;
	struct timespec startup = { 0, 20000000 };

	nanosleep(&startup, NULL); /* the runtime's thread start-up, made long */
	__atomic_store_n(&s->held, 0, __ATOMIC_RELEASE);
	return s->fn(s->arg);
}

API int pthread_create(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	create_fn real = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
	int i, err;

	if (!real)
		return 11; /* EAGAIN */
	i = __atomic_fetch_add(&nstarts, 1, __ATOMIC_SEQ_CST);
	if (i > 1)
		return real(t, attr, fn, arg);
	starts[i].fn = fn;
	starts[i].arg = arg;
	__atomic_store_n(&starts[i].held, 1, __ATOMIC_RELEASE);
	err = real(t, attr, trampoline, &starts[i]);
	if (err)
		__atomic_store_n(&starts[i].held, 0, __ATOMIC_RELEASE);
	return err;
}

int main(void)
{
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0)
		_exit(__atomic_load_n(&starts[0].held, __ATOMIC_ACQUIRE) ? 97 : 0);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
		perror("waitpid");
		return 2;
	}
	puts(WEXITSTATUS(status) == 97 ? "child inherited a held start-up lock" : "child ok");
	return WEXITSTATUS(status);
}
