/* liboya's runner entry points and the summary accessors. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"

OYA_API oya_error oya_run(const oya_config *cfg, oya_summary **out)
{
	return oya_run_blocking(cfg, out);
}

struct oya_run {
	pthread_t thread;
	const struct oya_config *cfg;
	oya_summary *summary;
	oya_error result;
	char detail[1024];
};

static void *run_thread(void *arg)
{
	struct oya_run *h = arg;

	h->result = oya_run_blocking(h->cfg, &h->summary);
	strncpy(h->detail, oya_last_error_detail(), sizeof(h->detail) - 1);
	return NULL;
}

OYA_API oya_error oya_run_background(const oya_config *cfg, oya_run_handle **out)
{
	struct oya_run *h;
	sigset_t block, old;
	oya_error e;
	int err;

	oya_detail_clear();
	if (!out)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the OUT pointer is NULL");
	*out = NULL;
	if ((e = oya_config_check(cfg)))
		return e;
	h = calloc(1, sizeof(*h));
	if (!h)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the run");
	h->cfg = cfg;
	/* The thread starts with the signals it waits for already blocked. */
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	err = pthread_create(&h->thread, NULL, run_thread, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err) {
		free(h);
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot start a thread: %s", strerror(err));
	}
	*out = h;
	return OYA_OK;
}

OYA_API oya_error oya_join(oya_run_handle *h, oya_summary **out)
{
	oya_error e;
	int err;

	oya_detail_clear();
	if (!h || !out)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the run handle or OUT pointer is NULL");
	*out = NULL;
	if ((err = pthread_join(h->thread, NULL)))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "cannot join the run: %s", strerror(err));
	e = h->result;
	*out = h->summary;
	oya_detail_set(h->detail);
	free(h);
	return e;
}
