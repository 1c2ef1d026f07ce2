/*
 * The files a run writes: where they go, the checks before the command
 * starts (no clash, no silent overwrite, writable), and the disk reserve.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "ht_output.h"
#include "launch_core.h"
#include "note.h"
#include "outputs.h"
#include "path_template.h"

/* Rename PATH to PATH.old when it exists. */
static oya_error keep_old(const struct oya_config *cfg, const char *path)
{
	char old[PATH_MAX];
	struct stat st;
	bool replaced;

	if (lstat(path, &st))
		return OYA_OK;
	if (S_ISDIR(st.st_mode)) /* not a previous output: never move a directory away */
		return oya_fail(OYA_ERR_IO, "%s is a directory, not an output file", path);
	if (oya_path_old(old, sizeof(old), path) < 0)
		return oya_fail(OYA_ERR_IO, "%s: path too long to keep a .old copy", path);
	replaced = !lstat(old, &st);
	/* NOLINTNEXTLINE(readability-suspicious-call-argument): OLD is the new name, PATH.old */
	if (rename(path, old))
		return oya_fail(OYA_ERR_IO, "%s exists and cannot be renamed to %s: %s", path, old,
				strerror(errno));
	if (replaced)
		oya_note(cfg, "%s exists: renamed to %s (replacing the previous %s)", path, old, old);
	else
		oya_note(cfg, "%s exists: renamed to %s", path, old);
	return OYA_OK;
}

/* The same file: the same absolute path, or both exist with one dev/inode. */
static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The summary must not overwrite the samples (OUTPUT, absolute) or heaptrack's
 * data (HT_BASE.zst or .gz; HT_BASE NULL without heaptrack). */
static oya_error check_summary_path(const char *summary, const char *output, const char *ht_base,
				    const char *cwd)
{
	char abs[PATH_MAX], ht[PATH_MAX];
	size_t i;

	if (oya_path_absolute(abs, sizeof(abs), summary, cwd) < 0)
		return oya_fail(OYA_ERR_IO, "the summary path %s is too long", summary);
	if (same_file(abs, output))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT,
				"--summary and --output are the same file %s: give them different paths",
				abs);
	for (i = 0; ht_base && i < OYA_HT_DATA_NAMES; i++) {
		if (oya_ht_data_name(ht, sizeof(ht), ht_base, i) < 0)
			return oya_fail(OYA_ERR_IO, "the heaptrack path %s is too long", ht_base);
		if (same_file(abs, ht))
			return oya_fail(OYA_ERR_INVALID_ARGUMENT,
					"--summary %s is the heaptrack data file of --output %s: give the "
					"summary another path",
					abs, output);
	}
	return OYA_OK;
}

/* Create PATH empty (KEEP) or only prove that it can be created: an output that
 * cannot be written is refused before the command starts. */
static oya_error create_empty(const char *path, const char *what, bool keep)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY | (keep ? 0 : O_EXCL), 0666);

	if (fd < 0)
		return oya_fail(OYA_ERR_IO, "cannot write the %s %s: %s", what, path, strerror(errno));
	close(fd);
	if (!keep)
		unlink(path);
	return OYA_OK;
}

/* Previous files of these names become .old, the output too. */
static oya_error keep_previous(const struct oya_config *cfg, const struct oya_outputs *o)
{
	char tmp[PATH_MAX];
	oya_error e;
	size_t i;

	if ((e = keep_old(cfg, cfg->output)) || (e = keep_old(cfg, o->summary)))
		return e;
	for (i = 0; o->ht_base[0] && i < OYA_HT_DATA_NAMES; i++) {
		if (oya_ht_data_name(tmp, sizeof(tmp), o->ht_base, i) < 0)
			return oya_fail(OYA_ERR_IO, "the heaptrack path %s is too long", o->ht_base);
		if ((e = keep_old(cfg, tmp)))
			return e;
	}
	return OYA_OK;
}

oya_error oya_outputs_prepare(const struct oya_config *cfg, bool ht, struct oya_outputs *o)
{
	char cwd[PATH_MAX];
	oya_error e;

	o->ht_base[0] = '\0';
	if (!getcwd(cwd, sizeof(cwd)))
		return oya_fail(OYA_ERR_IO, "cannot get the working directory: %s", strerror(errno));
	if (oya_path_absolute(o->output, sizeof(o->output), cfg->output, cwd) < 0)
		return oya_fail(OYA_ERR_IO, "the output path %s is too long", cfg->output);
	if (cfg->summary)
		snprintf(o->summary, sizeof(o->summary), "%s", cfg->summary);
	else if (oya_path_replace_ext(o->summary, sizeof(o->summary), cfg->output, ".summary.json") < 0)
		return oya_fail(OYA_ERR_IO, "the summary path for %s is too long", cfg->output);
	if (ht && oya_path_replace_ext(o->ht_base, sizeof(o->ht_base), o->output, ".heaptrack") < 0)
		return oya_fail(OYA_ERR_IO, "the heaptrack path for %s is too long", cfg->output);
	if ((e = check_summary_path(o->summary, o->output, ht ? o->ht_base : NULL, cwd)))
		return e;
	/* Never destroy a previous run's files silently. */
	if ((e = keep_previous(cfg, o)))
		return e;
	if ((e = create_empty(o->output, "output", false)) ||
	    (e = create_empty(o->summary, "summary", false)) || (e = create_empty(o->output, "output", true)))
		return e;
	return OYA_OK;
}

/* Bytes the run has written so far (JSONL and heaptrack data). */
static uint64_t written(const struct oya_outputs *o)
{
	char path[PATH_MAX];
	struct stat st;
	uint64_t sum = 0;
	size_t i;

	if (!stat(o->output, &st))
		sum += (uint64_t)st.st_size;
	for (i = 0; o->ht_base[0] && i < OYA_HT_DATA_NAMES; i++) {
		if (oya_ht_data_name(path, sizeof(path), o->ht_base, i) >= 0 && !stat(path, &st))
			sum += (uint64_t)st.st_size;
	}
	return sum;
}

bool oya_disk_low_now(struct oya_disk *d, const struct oya_config *cfg, const struct oya_outputs *o)
{
	struct statvfs vfs;
	uint64_t w, growth, avail;

	if (!cfg->min_free_default && !cfg->min_free_bytes && !cfg->min_free_percent)
		return false;
	if (statvfs(o->output, &vfs))
		return false;
	avail = (uint64_t)vfs.f_bavail * vfs.f_frsize;
	if (!d->reserve_known) {
		d->reserve = oya_disk_reserve((uint64_t)vfs.f_blocks * vfs.f_frsize, cfg->min_free_bytes,
					      cfg->min_free_percent, cfg->min_free_default);
		d->reserve_known = true;
	}
	w = written(o);
	growth = w > d->last_written ? w - d->last_written : 0;
	d->last_written = w;
	return oya_disk_low(avail, d->reserve, growth);
}
