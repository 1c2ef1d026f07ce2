#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "metrics_file.h"
#include "note.h"
#include "openmetrics.h"
#include "summary.h"

#define SUMMARY_MAX (64u << 20)

oya_error oya_metrics_file_init(struct oya_metrics_file *m, const struct oya_config *cfg, const char *samples)
{
	char *dcopy = NULL, *bcopy = NULL;
	struct stat sb;
	oya_error e = OYA_OK;

	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
	if (!cfg->metrics_file)
		return OYA_OK;
	if (!(dcopy = strdup(cfg->metrics_file)) || !(bcopy = strdup(cfg->metrics_file)) ||
	    !(m->base = strdup(basename(bcopy)))) {
		e = oya_fail(OYA_ERR_NO_MEMORY, "no memory for the metrics file's name");
		goto out;
	}
	m->dirfd = open(dirname(dcopy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (m->dirfd < 0 || fstat(m->dirfd, &sb)) {
		e = oya_fail(OYA_ERR_IO, "--metrics-file %s: cannot open its directory: %s",
			     cfg->metrics_file, strerror(errno));
		goto out;
	}
	m->world_writable = (sb.st_mode & S_IWOTH) != 0;
	m->cfg = cfg;
	m->samples = samples;
	m->period_ns = cfg->interval_ms * 1000000u;
out:
	free(dcopy);
	free(bcopy);
	return e;
}

static void give_up(struct oya_metrics_file *m, const char *why, int err)
{
	if (!m->failed)
		oya_note(m->cfg, "--metrics-file %s: %s%s%s; it is no longer updated", m->cfg->metrics_file,
			 why, err ? ": " : "", err ? strerror(err) : "");
	m->failed = true;
}

/* The final name may be replaced: not a symlink or another's file where anyone may write. */
static bool target_ok(struct oya_metrics_file *m)
{
	struct stat sb;

	if (fstatat(m->dirfd, m->base, &sb, AT_SYMLINK_NOFOLLOW))
		return true; /* not there yet */
	if (S_ISDIR(sb.st_mode)) {
		give_up(m, "it is a directory", 0);
		return false;
	}
	if (m->world_writable && (!S_ISREG(sb.st_mode) || sb.st_uid != geteuid())) {
		give_up(m, "in a world-writable directory it is a symlink or not the launcher's own file", 0);
		return false;
	}
	return true;
}

/* A new file next to the final one, made here and now: never one that was there, never a link. */
static FILE *open_temp(struct oya_metrics_file *m, char *tmp, size_t cap)
{
	int fd;
	FILE *f;

	snprintf(tmp, cap, ".%s.%ld.tmp", m->base, (long)getpid());
	fd = openat(m->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST && !unlinkat(m->dirfd, tmp, 0)) /* left by a launcher killed here */
		fd = openat(m->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0) {
		give_up(m, "cannot create a file in its directory", errno);
		return NULL;
	}
	if (!(f = fdopen(fd, "w"))) {
		give_up(m, "cannot write", errno);
		close(fd);
		unlinkat(m->dirfd, tmp, 0);
	}
	return f;
}

static void write_stats(struct oya_metrics_file *m, const struct oya_stats *st, const json_object *summary)
{
	char tmp[512];
	FILE *f;
	int rc;

	if (m->failed || !target_ok(m) || !(f = open_temp(m, tmp, sizeof(tmp))))
		return;
	rc = oya_openmetrics_write(f, st, summary);
	if (fclose(f) || rc) {
		give_up(m, "cannot write", errno);
		unlinkat(m->dirfd, tmp, 0);
		return;
	}
	if (renameat(m->dirfd, tmp, m->dirfd, m->base)) {
		give_up(m, "cannot rename the new version into place", errno);
		unlinkat(m->dirfd, tmp, 0);
	}
}

/* Read the samples written since the last time and write the figures so far. */
static void from_samples(struct oya_metrics_file *m)
{
	struct oya_stats *st;

	if (!m->acc && !(m->acc = oya_acc_new()))
		return;
	if (!m->in && !(m->in = fopen(m->samples, "rb")))
		return; /* no sample yet */
	if (oya_acc_read(m->acc, m->in, false, NULL))
		return;
	st = oya_acc_finish(m->acc);
	if (st && st->samples)
		write_stats(m, st, NULL);
	oya_stats_free(st);
}

void oya_metrics_file_update(struct oya_metrics_file *m, uint64_t now_ns)
{
	if (!m->cfg || m->failed || now_ns < m->next_ns)
		return;
	m->next_ns = now_ns + m->period_ns;
	from_samples(m);
}

/* The summary JSON at PATH, NULL when it cannot be read. */
static struct oya_stats *read_summary(const char *path)
{
	struct oya_stats *st = NULL;
	FILE *f = fopen(path, "rb");
	char *buf = NULL, err[160];
	struct stat sb;
	size_t n;

	if (!f)
		return NULL;
	if (!fstat(fileno(f), &sb) && sb.st_size > 0 && sb.st_size < SUMMARY_MAX &&
	    (buf = malloc((size_t)sb.st_size)) && (n = fread(buf, 1, (size_t)sb.st_size, f)) > 0)
		st = oya_summary_read(buf, n, err, sizeof(err));
	fclose(f);
	free(buf);
	return st;
}

void oya_metrics_file_final(struct oya_metrics_file *m, const char *summary)
{
	struct oya_stats *st;

	if (!m->cfg || m->failed)
		return;
	st = summary ? read_summary(summary) : NULL;
	if (st && st->doc)
		write_stats(m, st, st->doc);
	else
		from_samples(m);
	oya_stats_free(st);
}

void oya_metrics_file_release(struct oya_metrics_file *m)
{
	if (!m->base) /* never prepared */
		return;
	if (m->in)
		fclose(m->in);
	oya_acc_free(m->acc);
	if (m->dirfd >= 0)
		close(m->dirfd);
	free(m->base);
	memset(m, 0, sizeof(*m));
	m->dirfd = -1;
}
