/* A target with its own constructors (one early, one default) that allocate,
 * start a thread and print; main reports what they did. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *early_block;
static int early_ran, late_ran, thread_ran;

static void *ctor_thread(void *arg)
{
	(void)arg;
	__atomic_store_n(&thread_ran, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

__attribute__((constructor(101))) static void early(void)
{
	early_block = malloc(1 << 20);
	if (early_block)
		memset(early_block, 7, 1 << 20);
	early_ran = 1;
	printf("early constructor\n");
}

__attribute__((constructor)) static void late(void)
{
	pthread_t t;

	late_ran = early_ran + 1;
	if (!pthread_create(&t, NULL, ctor_thread, NULL))
		pthread_join(t, NULL);
	printf("late constructor\n");
}

int main(void)
{
	printf("main: early=%d late=%d thread=%d block=%d\n", early_ran, late_ran,
	       __atomic_load_n(&thread_ran, __ATOMIC_SEQ_CST), early_block ? early_block[12345] : -1);
	free(early_block);
	return 7;
}
