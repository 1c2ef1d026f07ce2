/* oya-summary: reading a run: JSONL files (merged) or one summary JSON, and heaptrack's data. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "heaptrack_summary.h"
#include "ht_output.h"
#include "json_member.h"
#include "oya-summary.h"
#include "summary.h"

#define PEEK 65536
#define SUMMARY_MAX (256u << 20)

void run_release(struct run *run)
{
	oya_stats_free(run->st);
	oya_acc_free(run->acc);
	free(run->ht_file);
	json_object_put(run->ht);
	memset(run, 0, sizeof(*run));
}

static bool is_summary_start(const char *buf, size_t n)
{
	const char *nl, *p = buf, *end = buf + n;
	struct json_tokener *tok;
	json_object *o;
	bool summary = false;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end || *p != '{')
		return false;
	nl = memchr(p, '\n', (size_t)(end - p));
	tok = json_tokener_new();
	if (!tok)
		return false;
	o = json_tokener_parse_ex(tok, p, (int)((nl ? nl : end) - p));
	if (o) {
		/* one line that is a whole object: a summary if it has processes */
		summary = json_object_object_get_ex(o, "processes", NULL);
		json_object_put(o);
	} else if (json_tokener_get_error(tok) == json_tokener_continue && nl) {
		/* an object over several lines: pretty-printed JSON, unless lines start with '{' */
		summary = !memmem(p, (size_t)(end - p), "\n{", 2);
	} else if (!nl) {
		/* a first line longer than the peek: a compact summary says what it is early on */
		summary = memmem(p, (size_t)(end - p), "\"schema_version\"", 16) ||
			  memmem(p, (size_t)(end - p), "\"max_rss_kb\"", 12);
	}
	json_tokener_free(tok);
	return summary;
}

static FILE *open_input(const char *path, FILE *err)
{
	struct stat sb;
	FILE *f;

	if (!strcmp(path, "-"))
		return stdin;
	if (stat(path, &sb)) {
		fprintf(err, PROG ": %s: %s\n", path, errno == ENOENT ? "no such file" : strerror(errno));
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		fprintf(err, PROG ": %s: is a directory, not a JSONL or summary file\n", path);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f)
		fprintf(err, PROG ": %s: cannot open: %s\n", path, strerror(errno));
	return f;
}

static void close_input(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

static int read_summary(FILE *f, const char *path, char *peek, size_t npeek, struct run *run, FILE *err)
{
	size_t cap = npeek + PEEK, len = npeek;
	char *buf = malloc(cap), why[200];

	if (!buf)
		goto nomem;
	memcpy(buf, peek, npeek);
	for (;;) {
		size_t n;

		if (len == cap) {
			char *nb;

			if (cap >= SUMMARY_MAX) {
				fprintf(err, PROG ": %s: too large for a summary JSON (over %u MiB)\n", path,
					SUMMARY_MAX >> 20);
				free(buf);
				return OYA_SUMMARY_FAILURE;
			}
			nb = realloc(buf, cap * 2);
			if (!nb)
				goto nomem;
			buf = nb;
			cap *= 2;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0) {
			if (ferror(f)) {
				fprintf(err, PROG ": %s: read error: %s\n", path, strerror(errno));
				free(buf);
				return OYA_SUMMARY_FAILURE;
			}
			break;
		}
	}
	run->st = oya_summary_read(buf, len, why, sizeof(why));
	free(buf);
	if (!run->st) {
		fprintf(err, PROG ": %s: %s\n", path, why);
		return OYA_SUMMARY_FAILURE;
	}
	run->summary = run->st->doc;
	return OYA_SUMMARY_OK;
nomem:
	free(buf);
	fprintf(err, PROG ": %s: out of memory\n", path);
	return OYA_SUMMARY_FAILURE;
}

/* Feed one JSONL file (PEEK already read from it) to ACC; messages about it on ERR. */
static int read_jsonl(FILE *f, const char *path, const char *buf, size_t n, struct oya_acc *acc, FILE *err)
{
	uint64_t lines0, bad0, lines, bad, line_no;
	const char *problem;
	int rc;

	oya_acc_counts(acc, &lines0, &bad0);
	oya_acc_mark(acc);
	/* the peek first, then the rest of the file */
	rc = oya_acc_feed(acc, buf, n);
	if (rc)
		errno = ENOMEM;
	else
		rc = oya_acc_read(acc, f, true, NULL);
	if (rc) {
		if (errno == ENOMEM)
			fprintf(err, PROG ": %s: out of memory\n", path);
		else
			fprintf(err, PROG ": %s: read error: %s\n", path, strerror(errno));
		return OYA_SUMMARY_FAILURE;
	}
	oya_acc_counts(acc, &lines, &bad);
	lines -= lines0;
	bad -= bad0;
	problem = oya_acc_first_problem(acc, &line_no);
	if (bad)
		fprintf(err, PROG ": %s: skipped %llu malformed line%s of %llu (first: line %llu: %s)\n",
			path, (unsigned long long)bad, bad == 1 ? "" : "s", (unsigned long long)lines,
			(unsigned long long)line_no, problem ? problem : "?");
	if (lines == bad)
		fprintf(err, PROG ": %s: no sample lines\n", path);
	return OYA_SUMMARY_OK;
}

int load(char **files, int n, struct run *run)
{
	static const struct oya_finish all = { 0 };
	const struct load_opts lo = { &all, stderr, false };

	return load_with(files, n, run, &lo);
}

int load_with(char **files, int n, struct run *run, const struct load_opts *lo)
{
	FILE *err = lo->err;
	struct oya_acc *acc = NULL;
	char *buf = malloc(PEEK);
	int rc = OYA_SUMMARY_FAILURE;

	memset(run, 0, sizeof(*run));
	run->path = files[0];
	if (!buf || !(acc = oya_acc_new())) {
		fprintf(err, PROG ": out of memory\n");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		FILE *f = open_input(files[i], err);
		size_t got;

		if (!f)
			goto out;
		got = fread(buf, 1, PEEK, f);
		if (got == 0 && ferror(f)) {
			fprintf(err, PROG ": %s: read error: %s\n", files[i], strerror(errno));
			close_input(f);
			goto out;
		}
		if (got == 0) {
			fprintf(err, PROG ": %s: empty file: no samples\n", files[i]);
			close_input(f);
			goto out;
		}
		if (is_summary_start(buf, got)) {
			if (n > 1) {
				fprintf(err,
					PROG ": %s: a summary JSON cannot be merged with other files; "
					     "give it alone\n",
					files[i]);
				close_input(f);
				goto out;
			}
			rc = read_summary(f, files[i], buf, got, run, err);
			close_input(f);
			goto out;
		}
		rc = read_jsonl(f, files[i], buf, got, acc, err);
		close_input(f);
		if (rc)
			goto out;
	}
	rc = OYA_SUMMARY_FAILURE;
	run->st = oya_acc_finish_with(acc, lo->how);
	if (!run->st) {
		fprintf(err, PROG ": out of memory\n");
		goto out;
	}
	if (run->st->samples == 0) {
		fprintf(err, PROG ": %s%s: no valid samples to summarise (%llu malformed lines skipped)\n",
			files[0], n > 1 ? " and the others" : "",
			(unsigned long long)run->st->malformed_lines);
		oya_stats_free(run->st);
		run->st = NULL;
		goto out;
	}
	rc = OYA_SUMMARY_OK;
	if (lo->keep_lines) {
		run->acc = acc;
		acc = NULL;
	}
out:
	oya_acc_free(acc);
	free(buf);
	return rc;
}

const json_object *heaptrack_of(const struct run *run)
{
	return run->ht ? run->ht : oya_json_member(run->summary, "heaptrack");
}

/* The summary object of RUN: as read, or made from the statistics. Caller puts it. */
json_object *summary_of(const struct run *run)
{
	struct oya_run_info info = { .exit_code = -1 };
	json_object *o;

	if (run->summary) {
		o = json_object_get((json_object *)run->summary);
		if (run->ht && json_object_object_add(o, "heaptrack", json_object_get(run->ht))) {
			json_object_put(o);
			return NULL;
		}
		return o;
	}
	info.heaptrack = run->ht;
	return oya_summary_json(run->st, &info);
}

bool is_file(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* PATH with its ".jsonl" or ".summary.json" ending replaced by SUFFIX (malloc'd), NULL if neither. */
char *sibling(const char *path, const char *suffix)
{
	static const char *const ends[] = { ".summary.json", ".jsonl" };
	size_t n = strlen(path);

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t e = strlen(ends[i]);
		char *out;

		if (n <= e || strcmp(path + n - e, ends[i]) != 0)
			continue;
		if (!(out = malloc(n - e + strlen(suffix) + 1)))
			return NULL;
		memcpy(out, path, n - e);
		memcpy(out + n - e, suffix, strlen(suffix) + 1);
		return out;
	}
	return NULL;
}

/* The wall-clock time of heaptrack's time 0: when the run started (oya-launch starts heaptrack
 * then), else the first sample. */
static int64_t heaptrack_anchor(const struct run *run)
{
	json_object *v = oya_json_member(run->summary, "started_at");
	int64_t ms;

	if (v && json_object_is_type(v, json_type_string) &&
	    !oya_timestamp_parse(json_object_get_string(v), (size_t)json_object_get_string_len(v), &ms))
		return ms;
	return run->st ? run->st->first_ms : 0;
}

/*
 * Find heaptrack's data file for RUN: EXPLICIT (--heaptrack), else the one its summary JSON
 * names, else NAME.heaptrack.zst/.gz next to NAME.jsonl or NAME.summary.json. Read its figures
 * unless the summary JSON has them already. A file given with --heaptrack that cannot be read
 * is an error; one that was only found is a warning.
 */
int attach_heaptrack(struct run *run, const char *explicit)
{
	const json_object *ht = heaptrack_of(run);
	json_object *df = NULL;
	struct oya_heaptrack h;

	if (explicit) {
		run->ht_file = strdup(explicit);
	} else if (ht && json_object_object_get_ex(ht, "data_file", &df) &&
		   json_object_is_type(df, json_type_string) && is_file(json_object_get_string(df))) {
		run->ht_file = strdup(json_object_get_string(df));
	} else if (strcmp(run->path, "-") != 0) {
		char *base = sibling(run->path, ".heaptrack"), c[PATH_MAX];

		for (size_t i = 0; base && i < OYA_HT_DATA_NAMES && !run->ht_file; i++) {
			if (oya_ht_data_name(c, sizeof(c), base, i) >= 0 && is_file(c))
				run->ht_file = strdup(c);
		}
		free(base);
	}
	if (!run->ht_file || (ht && !explicit))
		return OYA_SUMMARY_OK;
	if (explicit && !is_file(run->ht_file)) {
		fprintf(stderr, PROG ": %s: cannot read it: %s\n", run->ht_file,
			errno ? strerror(errno) : "not a regular file");
		return OYA_SUMMARY_FAILURE;
	}
	run->ht = oya_heaptrack_summary(run->ht_file, heaptrack_anchor(run), &h);
	if (run->ht && !h.complete) {
		/* the opener's problems name the file already, the parser's do not */
		if (strncmp(h.problem, run->ht_file, strlen(run->ht_file)) != 0)
			fprintf(stderr, PROG ": %s: %s\n", run->ht_file, h.problem);
		else
			fprintf(stderr, PROG ": %s\n", h.problem);
		if (explicit && !h.allocations) {
			oya_heaptrack_release(&h);
			return OYA_SUMMARY_FAILURE;
		}
	}
	oya_heaptrack_release(&h);
	if (!run->ht) {
		fprintf(stderr, PROG ": out of memory\n");
		return OYA_SUMMARY_FAILURE;
	}
	return OYA_SUMMARY_OK;
}
