/*
 * The end of a run: read the samples back, check heaptrack's data, write the
 * summary file, and tell the user. The one place where a run becomes a summary.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "finish.h"
#include "heaptrack_summary.h"
#include "human.h"
#include "unfreed.h"
#include "ht_output.h"
#include "note.h"
#include "summary.h"
#include "summary_handle.h"

static char *dup_str(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The summary JSON, written to a temporary file renamed over PATH: a reader never
 * sees half of it. Streamed: memory does not grow with the number of processes. */
static oya_error write_summary(const char *path, const struct oya_stats *st, const struct oya_run_info *info)
{
	char tmp[PATH_MAX];
	FILE *fp;
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp%d", path, (int)getpid()) >= (int)sizeof(tmp))
		return oya_fail(OYA_ERR_IO, "the summary path %s is too long", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0)
		return oya_fail(OYA_ERR_IO, "cannot write the summary %s: %s", tmp, strerror(errno));
	fp = fdopen(fd, "w");
	if (!fp) {
		err = errno;
		close(fd);
	} else {
		errno = 0;
		if (oya_summary_json_write(fp, st, info))
			err = errno ? errno : ENOMEM;
		if (fclose(fp) && !err)
			err = errno ? errno : EIO;
	}
	if (!err && rename(tmp, path))
		err = errno;
	if (err) {
		unlink(tmp);
		return oya_fail(OYA_ERR_IO, "cannot write the summary %s: %s", path, strerror(err));
	}
	return OYA_OK;
}

/* The heaptrack data file heaptrack -o BASE wrote. */
static char *heaptrack_file(const char *base)
{
	char path[PATH_MAX];
	struct stat st;
	size_t i;

	for (i = 0; i < OYA_HT_DATA_NAMES; i++) {
		if (oya_ht_data_name(path, sizeof(path), base, i) >= 0 && !stat(path, &st))
			return strdup(path);
	}
	return NULL;
}

static void fill_handle(struct oya_summary *s, const struct oya_stats *st)
{
	size_t i;

	if (!st)
		return;
	s->max_rss_mb = (double)st->max_rss_kb / 1024.0;
	s->avg_rss_mb = st->avg_rss_kb / 1024.0;
	if (st->pss.have) {
		s->max_pss_mb = (double)st->pss.max / 1024.0;
		s->avg_pss_mb = st->pss.avg / 1024.0;
		s->pss_rss_fallback_images = st->pss_rss_fallback_images;
	}
	s->samples = st->samples;
	s->procs = calloc(st->nprocs ? st->nprocs : 1, sizeof(*s->procs));
	if (!s->procs)
		return;
	for (i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i];
		struct oya_proc_brief *b = &s->procs[s->nprocs];

		b->pid = p->pid;
		b->exe = dup_str(p->exe ? p->exe : "");
		if (!b->exe)
			break;
		b->max_rss_mb = (double)p->rss_max / 1024.0;
		b->avg_rss_mb = p->rss_avg / 1024.0;
		b->samples = p->samples;
		s->nprocs++;
	}
}

/* The tree's footprint by PSS, with the summed RSS (RSS_PEAK) beside it for comparison. */
static void headline_pss(const struct oya_config *cfg, const struct oya_summary *s, const char *rss_peak)
{
	char peak[OYA_HUMAN_MAX], avg[OYA_HUMAN_MAX];
	uint64_t n = s->pss_rss_fallback_images;

	oya_human_kb(peak, sizeof(peak), s->max_pss_mb * 1024.0);
	oya_human_kb(avg, sizeof(avg), s->avg_pss_mb * 1024.0);
	oya_note(cfg, "peak PSS %s (RSS summed: %s), average PSS %s, %zu process%s, %llu sample%s", peak,
		 rss_peak, avg, s->nprocs, s->nprocs == 1 ? "" : "es", (unsigned long long)s->samples,
		 s->samples == 1 ? "" : "s");
	if (n)
		oya_note(cfg,
			 "PSS: %llu process image%s counted by RSS (an upper bound) until %s first PSS read",
			 (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "its" : "their");
}

/* "64.0 MiB" for BYTES. */
static const char *size_text(char *buf, size_t cap, int64_t bytes)
{
	oya_human_bytes(buf, cap, (double)bytes);
	return buf;
}

/* The kernel's figures for the run's cgroup, one line. */
static void note_cgroup(const struct oya_run_facts *f)
{
	const struct oya_cg_final *c = f->cgroup;
	char peak[OYA_HUMAN_MAX] = "unknown", limit[OYA_HUMAN_MAX] = "none", kills[48] = "";

	if (c->peak >= 0)
		size_text(peak, sizeof(peak), c->peak);
	if (c->limit >= 0)
		size_text(limit, sizeof(limit), c->limit);
	if (c->oom_kills >= 0)
		snprintf(kills, sizeof(kills), ", %lld OOM kill%s", (long long)c->oom_kills,
			 c->oom_kills == 1 ? "" : "s");
	oya_note(f->cfg, "cgroup: the kernel's peak %s, limit %s%s", peak, limit, kills);
}

/* Why the command died, when the kernel says or hints it: the cgroup's OOM kill counter is a
   fact; a SIGKILL the launcher did not send, without the counter, is a hint. */
static void note_oom(const struct oya_run_facts *f)
{
	const struct oya_config *cfg = f->cfg;
	const char *name = f->command[0];
	char at[OYA_HUMAN_MAX + 32] = "", lim[OYA_HUMAN_MAX];

	if (f->oom_killed == 1) {
		if (f->cgroup->limit >= 0)
			snprintf(at, sizeof(at), " at the memory limit of %s",
				 size_text(lim, sizeof(lim), f->cgroup->limit));
		if (f->end.signal == SIGKILL)
			oya_note(cfg,
				 "%s was killed by the kernel's OOM killer%s (the run's cgroup counted it): "
				 "exit status %d",
				 name, at, oya_exit_for_signal(SIGKILL));
		else
			oya_note(cfg, "the kernel's OOM killer killed %lld process%s of the run%s",
				 (long long)f->cgroup->oom_kills, f->cgroup->oom_kills == 1 ? "" : "es", at);
	} else if (f->killed_externally && f->oom_killed == 0) {
		oya_note(cfg,
			 "%s was killed by SIGKILL, which oya-launch did not send, and not by the OOM "
			 "killer (the run's cgroup counted none)",
			 name);
	} else if (f->killed_externally) {
		oya_note(cfg,
			 "%s was killed by SIGKILL, which oya-launch did not send: the kernel's OOM "
			 "killer is a likely cause (see dmesg); its last samples are in the summary",
			 name);
	}
}

/* Images of the tree that ended before any sample: how many, and their names. */
static void note_unsampled(const struct oya_run_facts *f)
{
	char names[512];

	if (!f->tree || !f->tree->unsampled)
		return;
	oya_tree_facts_text(names, sizeof(names), f->tree, 5);
	oya_note(f->cfg, "%llu of the tree's %llu process%s ended too soon to be sampled (%s)%s",
		 (unsigned long long)f->tree->unsampled, (unsigned long long)f->tree->processes,
		 f->tree->processes == 1 ? "" : "es", names,
		 f->tree->followed_by && !strcmp(f->tree->followed_by, OYA_TREE_BY_EVENTS)
			 ? ""
			 : ": without the kernel's process events (root) the shortest are not even seen");
}

static void human_summary(const struct oya_run_facts *f, const struct oya_summary *s,
			  const struct oya_heaptrack *h)
{
	const struct oya_config *cfg = f->cfg;
	const char *name = f->command[0];
	const char *sig = oya_signal_name(f->end.signal);
	double peak_kb = s->max_rss_mb > 0 ? s->max_rss_mb * 1024.0 : (double)f->observed_peak_kb;
	char dur[OYA_HUMAN_MAX], peak[OYA_HUMAN_MAX], avg[OYA_HUMAN_MAX];

	oya_human_dur(dur, sizeof(dur), (double)(f->ended_ms - f->started_ms) / 1000.0);
	switch (f->end.stop_reason) {
	case OYA_STOP_DURATION_LIMIT:
		oya_note(cfg, "%s was stopped at the duration limit after %s", name, dur);
		break;
	case OYA_STOP_DISK_LIMIT:
		oya_note(cfg, "%s was stopped after %s: the disk reserve was reached", name, dur);
		break;
	case OYA_STOP_INTERRUPTED:
		oya_note(cfg, "%s was interrupted (SIG%s) after %s", name,
			 oya_signal_name(f->interrupt_sig) ? oya_signal_name(f->interrupt_sig) : "?", dur);
		break;
	case OYA_STOP_DETACHED: oya_note(cfg, "stopped observing %s after %s: it runs on", name, dur); break;
	default:
		if (f->end.exit_code < 0 && !f->end.signal)
			oya_note(cfg, "%s ended after %s (not oya-launch's child: its status is not known)",
				 name, dur);
		else if (f->end.signal)
			oya_note(cfg, "%s died of SIG%s after %s", name, sig ? sig : "?", dur);
		else
			oya_note(cfg, "%s exited with status %d after %s", name, f->end.exit_code, dur);
	}
	oya_human_kb(peak, sizeof(peak), peak_kb);
	oya_human_kb(avg, sizeof(avg), s->avg_rss_mb * 1024.0);
	if (s->max_pss_mb >= 0)
		headline_pss(cfg, s, peak);
	else
		oya_note(cfg, "peak RSS %s, average RSS %s, %zu process%s, %llu sample%s", peak, avg,
			 s->nprocs, s->nprocs == 1 ? "" : "es", (unsigned long long)s->samples,
			 s->samples == 1 ? "" : "s");
	if (h && h->data_file && !h->complete && !h->allocations) {
		oya_note(cfg, "heaptrack: no figures: the data is not usable");
	} else if (h && h->data_file) {
		char heap[OYA_HUMAN_MAX], unfreed[OYA_HUMAN_MAX];
		const char *stop = oya_stop_reason_name(f->end.stop_reason);

		oya_human_bytes(heap, sizeof(heap), (double)h->peak_heap_bytes);
		oya_human_bytes(unfreed, sizeof(unfreed), (double)h->leaked_bytes);
		oya_note(cfg, "heaptrack: peak heap %s, %s %s, %llu allocations%s", heap,
			 oya_unfreed_label(oya_unfreed_kind(stop)), unfreed,
			 (unsigned long long)h->allocations, h->complete ? "" : " (data incomplete)");
	}
	if (f->heaptrack_base && f->ht_pid > 0)
		oya_note(cfg,
			 "heaptrack traced one process, pid %lld (%s): not its forked children, "
			 "not past an exec",
			 (long long)f->ht_pid, f->ht_exe ? f->ht_exe : "?");
	if (f->cgroup)
		note_cgroup(f);
	note_unsampled(f);
	oya_note(cfg, "samples: %s", f->output);
	oya_note(cfg, "summary: %s", f->summary);
	if (s->heaptrack_file)
		oya_note(cfg, "heaptrack: %s (heaptrack_print or heaptrack_gui)", s->heaptrack_file);
}

/* heaptrack ran but left no data file oya reads: say what is there instead. */
static void note_no_data(const struct oya_run_facts *f)
{
	char raw[PATH_MAX];
	struct stat rst;

	if (snprintf(raw, sizeof(raw), "%s.raw.zst", f->heaptrack_base) < (int)sizeof(raw) &&
	    !stat(raw, &rst))
		oya_note(f->cfg,
			 "heaptrack wrote raw data (%s, from -H --raw), which oya-launch does "
			 "not read: no heaptrack figures",
			 raw);
	else
		oya_note(f->cfg, "heaptrack wrote no data file at %s.zst", f->heaptrack_base);
}

/* The summary's "heaptrack" object: the data's figures (HJ, NULL when there is no
 * data file) and the process heaptrack traced. Takes HJ; NULL without memory. */
static json_object *heaptrack_object(const struct oya_run_facts *f, json_object *hj)
{
	json_object *o = hj;

	if (!o) {
		o = json_object_new_object();
		if (!o)
			return NULL;
		json_object_object_add(o, "data_file", NULL);
		json_object_object_add(o, "complete", json_object_new_boolean(false));
		json_object_object_add(o, "problem", json_object_new_string("heaptrack wrote no data file"));
	}
	json_object_object_add(o, "pid", f->ht_pid > 0 ? json_object_new_int64(f->ht_pid) : NULL);
	json_object_object_add(o, "exe", f->ht_exe ? oya_json_text(f->ht_exe) : NULL);
	return o;
}

/* The handle with what the run knows before the files are read; NULL without memory. */
static struct oya_summary *new_handle(const struct oya_run_facts *f)
{
	struct oya_summary *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->max_pss_mb = s->avg_pss_mb = -1;
	s->stop_reason = f->end.stop_reason;
	s->exit_code = f->end.exit_code;
	s->signal = f->end.signal;
	s->exit_status = oya_exit_status(&f->end, f->interrupt_sig);
	s->oom_killed = f->oom_killed;
	s->cgroup_peak_bytes = f->cgroup ? f->cgroup->peak : -1;
	s->summary_path = dup_str(f->summary);
	s->output_path = dup_str(f->output);
	if (f->heaptrack_base)
		s->heaptrack_file = heaptrack_file(f->heaptrack_base);
	if (!s->summary_path || !s->output_path) {
		oya_summary_free(s);
		return NULL;
	}
	return s;
}

/* The samples read back, streamed, into *ST. */
static oya_error read_samples(const struct oya_run_facts *f, struct oya_acc **acc, struct oya_stats **st)
{
	FILE *fp = fopen(f->output, "re");

	if (!fp)
		return oya_fail(OYA_ERR_METRICS_READ_FAILED, "cannot read the samples %s: %s", f->output,
				strerror(errno));
	*acc = oya_acc_new();
	if (!*acc || oya_acc_add_file(*acc, fp) || !(*st = oya_acc_finish(*acc))) {
		fclose(fp);
		return oya_fail(OYA_ERR_METRICS_READ_FAILED, "cannot summarise the samples %s: %s", f->output,
				strerror(errno ? errno : ENOMEM));
	}
	fclose(fp);
	return OYA_OK;
}

static oya_error write_run_summary(const struct oya_run_facts *f, const struct oya_stats *st, json_object *hj,
				   json_object *cj, json_object *tj)
{
	struct oya_run_info info;

	memset(&info, 0, sizeof(info));
	info.command = (const char *const *)f->command;
	info.started_ms = f->started_ms;
	info.ended_ms = f->ended_ms;
	info.planned_duration_secs = (double)f->cfg->duration_ms / 1000.0;
	info.interval_secs = (double)f->cfg->interval_ms / 1000.0;
	info.stop_reason = oya_stop_reason_name(f->end.stop_reason);
	info.exit_code = f->end.exit_code;
	info.signal = f->end.signal;
	info.killed_externally = f->killed_externally;
	info.heaptrack = hj;
	info.host = f->host;
	info.run = f->run;
	info.cgroup = cj;
	info.tree = tj;
	return write_summary(f->summary, st, &info);
}

/* What the run's end means for the caller: OK, the command failed, or heaptrack did. */
static oya_error run_result(const struct oya_run_facts *f)
{
	if (f->end.stop_reason == OYA_STOP_HEAPTRACK_FAILED)
		return oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED,
				"heaptrack ended (%s %d) before it started %s, which did not run",
				f->end.signal ? "signal" : "status",
				f->end.signal ? f->end.signal : f->end.exit_code, f->command[0]);
	if (!oya_stop_is_limit(f->end.stop_reason) && f->end.stop_reason != OYA_STOP_DETACHED &&
	    (f->end.signal || f->end.exit_code > 0))
		return oya_fail(OYA_ERR_PROCESS_TERMINATED, "%s %s %d", f->command[0],
				f->end.signal ? "died of signal" : "exited with status",
				f->end.signal ? f->end.signal : f->end.exit_code);
	return OYA_OK;
}

oya_error oya_run_finish(const struct oya_run_facts *f, struct oya_summary **out)
{
	bool failed = f->end.stop_reason == OYA_STOP_HEAPTRACK_FAILED;
	struct oya_summary *s = new_handle(f);
	struct oya_heaptrack h;
	struct oya_stats *st = NULL;
	struct oya_acc *acc = NULL;
	json_object *hj = NULL, *cj = NULL, *tj = NULL;
	bool have_h = false;
	oya_error e;

	memset(&h, 0, sizeof(h));
	if (!s)
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the summary");
	if (f->cgroup)
		cj = oya_cg_summary_json(f->cgroup);
	if (f->tree && !(tj = oya_tree_facts_json(f->tree))) {
		oya_summary_free(s);
		json_object_put(cj);
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the summary");
	}
	note_oom(f);
	/* heaptrack's data: checked whole before it is reported. */
	if (f->heaptrack_base && !s->heaptrack_file && !failed)
		note_no_data(f);
	if (s->heaptrack_file) {
		/* heaptrack's time 0 is taken as the moment oya-launch started it (README) */
		hj = oya_heaptrack_summary(s->heaptrack_file, f->started_ms, &h);
		have_h = true;
		if (!h.complete)
			oya_note(f->cfg, "the heaptrack data %s is not whole: %s", s->heaptrack_file,
				 h.problem[0] ? h.problem : "unknown problem");
	}
	if (f->heaptrack_base && !failed)
		hj = heaptrack_object(f, hj);
	e = read_samples(f, &acc, &st);
	if (!e)
		e = write_run_summary(f, st, hj, cj, tj);
	if (!e) {
		fill_handle(s, st);
		/* heaptrack_failed: nothing ran; the caller reports the error. */
		if (f->cfg->human_summary && !failed)
			human_summary(f, s, have_h ? &h : NULL);
		e = run_result(f);
	}
	json_object_put(hj);
	json_object_put(cj);
	json_object_put(tj);
	if (have_h)
		oya_heaptrack_release(&h);
	if (st)
		oya_stats_free(st);
	if (acc)
		oya_acc_free(acc);
	if (e != OYA_OK && e != OYA_ERR_PROCESS_TERMINATED) {
		oya_summary_free(s);
		return e;
	}
	*out = s;
	return e;
}
