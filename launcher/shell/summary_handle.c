/* The summary handle's accessors and its release. */
#include <stdlib.h>

#include "summary_handle.h"

OYA_API void oya_summary_free(oya_summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nprocs; i++)
		free(s->procs[i].exe);
	free(s->procs);
	free(s->summary_path);
	free(s->output_path);
	free(s->heaptrack_file);
	free(s);
}

OYA_API double oya_summary_max_rss_mb(const oya_summary *s)
{
	return s ? s->max_rss_mb : 0;
}
OYA_API double oya_summary_max_pss_mb(const oya_summary *s)
{
	return s ? s->max_pss_mb : -1;
}
OYA_API double oya_summary_avg_rss_mb(const oya_summary *s)
{
	return s ? s->avg_rss_mb : 0;
}
OYA_API const char *oya_summary_stop_reason(const oya_summary *s)
{
	return s ? oya_stop_reason_name(s->stop_reason) : NULL;
}
OYA_API int oya_summary_exit_code(const oya_summary *s)
{
	return s ? s->exit_code : -1;
}
OYA_API int oya_summary_signal(const oya_summary *s)
{
	return s ? s->signal : 0;
}
OYA_API int oya_summary_exit_status(const oya_summary *s)
{
	return s ? s->exit_status : 125;
}
OYA_API int oya_summary_oom_killed(const oya_summary *s)
{
	return s ? s->oom_killed : -1;
}
OYA_API int64_t oya_summary_cgroup_peak_bytes(const oya_summary *s)
{
	return s ? s->cgroup_peak_bytes : -1;
}
OYA_API uint64_t oya_summary_samples(const oya_summary *s)
{
	return s ? s->samples : 0;
}
OYA_API const char *oya_summary_path(const oya_summary *s)
{
	return s ? s->summary_path : NULL;
}
OYA_API const char *oya_summary_output_path(const oya_summary *s)
{
	return s ? s->output_path : NULL;
}
OYA_API const char *oya_summary_heaptrack_file(const oya_summary *s)
{
	return s ? s->heaptrack_file : NULL;
}
OYA_API size_t oya_summary_process_count(const oya_summary *s)
{
	return s ? s->nprocs : 0;
}

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
