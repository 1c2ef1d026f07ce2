/* liboya's runner entry points and the summary accessors. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "run_priv.h"

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

	oya_detail_clear();
	if (!h || !out)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "the run handle or OUT pointer is NULL");
	*out = NULL;
	if (pthread_join(h->thread, NULL))
		return oya_fail(OYA_ERR_BUSY, "the run was already joined");
	e = h->result;
	*out = h->summary;
	oya_detail_set(h->detail);
	free(h);
	return e;
}

OYA_API void oya_summary_free(oya_summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nprocs; i++)
		free(s->procs[i].exe);
	free(s->procs);
	free(s->stop_reason);
	free(s->summary_path);
	free(s->output_path);
	free(s->heaptrack_file);
	free(s);
}

OYA_API double oya_summary_max_rss_mb(const oya_summary *s) { return s ? s->max_rss_mb : 0; }
OYA_API double oya_summary_avg_rss_mb(const oya_summary *s) { return s ? s->avg_rss_mb : 0; }
OYA_API const char *oya_summary_stop_reason(const oya_summary *s) { return s ? s->stop_reason : NULL; }
OYA_API int oya_summary_exit_code(const oya_summary *s) { return s ? s->exit_code : -1; }
OYA_API int oya_summary_signal(const oya_summary *s) { return s ? s->signal : 0; }
OYA_API int oya_summary_exit_status(const oya_summary *s) { return s ? s->exit_status : 125; }
OYA_API uint64_t oya_summary_samples(const oya_summary *s) { return s ? s->samples : 0; }
OYA_API const char *oya_summary_path(const oya_summary *s) { return s ? s->summary_path : NULL; }
OYA_API const char *oya_summary_output_path(const oya_summary *s) { return s ? s->output_path : NULL; }
OYA_API const char *oya_summary_heaptrack_file(const oya_summary *s) { return s ? s->heaptrack_file : NULL; }
OYA_API size_t oya_summary_process_count(const oya_summary *s) { return s ? s->nprocs : 0; }

static const struct oya_proc_brief *proc_at(const oya_summary *s, size_t i)
{
	return s && i < s->nprocs ? &s->procs[i] : NULL;
}

OYA_API int64_t oya_summary_process_pid(const oya_summary *s, size_t i)
{
	return proc_at(s, i) ? proc_at(s, i)->pid : -1;
}

OYA_API const char *oya_summary_process_exe(const oya_summary *s, size_t i)
{
	return proc_at(s, i) ? proc_at(s, i)->exe : NULL;
}

OYA_API double oya_summary_process_max_rss_mb(const oya_summary *s, size_t i)
{
	return proc_at(s, i) ? proc_at(s, i)->max_rss_mb : 0;
}

OYA_API double oya_summary_process_avg_rss_mb(const oya_summary *s, size_t i)
{
	return proc_at(s, i) ? proc_at(s, i)->avg_rss_mb : 0;
}

OYA_API uint64_t oya_summary_process_samples(const oya_summary *s, size_t i)
{
	return proc_at(s, i) ? proc_at(s, i)->samples : 0;
}
