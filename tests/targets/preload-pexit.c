/* main ends with pthread_exit while a worker runs on for a while: the process
 * must end when the worker does, with status 0, as it does without the preload. */
#include <pthread.h>
#include <time.h>

static void *worker(void *arg)
{
	struct timespec ts = { 0, 400 * 1000 * 1000 };

	(void)arg;
	nanosleep(&ts, NULL);
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL))
		return 1;
	pthread_exit(NULL);
}
