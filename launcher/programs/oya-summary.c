/*
 * oya-summary: reports from oya's JSONL time series or summary JSON files —
 * a table, the summary JSON, a diff of two runs with a CI gate, a live view.
 * The figures come from the summary library (launcher/core/summary.h), the
 * texts from launcher/report; this file reads files and writes outputs.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "heaptrack_data.h"
#include "ht_output.h"
#include "json_member.h"
#include "oya-summary.h"
#include "report.h"
#include "summary.h"
#include "text_report.h"

#define PROG "oya-summary"
#define PEEK 65536
#define SUMMARY_MAX (256u << 20)

static const char usage_text[] =
	"usage: oya-summary [OPTIONS] FILE...\n"
	"       oya-summary --diff BASE NEW [--fail-above PCT]\n"
	"       oya-summary --follow FILE\n"
	"\n"
	"Summarise oya's memory profiles. FILE is a JSONL time series (several are merged:\n"
	"their processes together) or a summary JSON written by oya-launch; '-' reads stdin.\n"
	"\n"
	"  (default)          a table: per process and for the whole tree, samples, duration,\n"
	"                     RSS min/avg/p50/p95/max, VmHWM, growth per hour, leak verdict\n"
	"      --json         the summary JSON (the same schema oya-launch writes)\n"
	"      --html FILE    a self-contained HTML report: RSS chart, table, leak verdicts,\n"
	"                     heaptrack figures and flame graphs of peak and leaked memory\n"
	"      --svg FILE     the RSS chart alone (SVG)\n"
	"      --heaptrack FILE  heaptrack's data file for this run (default: NAME.heaptrack.zst\n"
	"                     or .gz next to NAME.jsonl, or the one the summary JSON names)\n"
	"      --diff         compare two runs, BASE then NEW (JSONL or summary JSON); with\n"
	"                     heaptrack data for both, also the call stacks that changed most\n"
	"      --fail-above PCT  with --diff: exit 1 when max RSS, average RSS or heaptrack's\n"
	"                     peak heap grew by more than PCT percent\n"
	"      --follow       watch a JSONL file that is still being written (Ctrl-C to stop)\n"
	"      --interval MS  with --follow: how often to look at the file (default 500)\n"
	"      --once         with --follow: draw the view once and exit\n"
	"  -h, --help         this help\n"
	"  -V, --version      the version\n"
	"\n"
	"Exit status: 0 ok; 1 --fail-above found a regression; 2 bad usage, a file that cannot\n"
	"be read or holds no samples, or output that cannot be written.\n"
	"Malformed lines are skipped and counted in every output.\n";

enum {
	OPT_JSON = 256, OPT_DIFF, OPT_FAIL_ABOVE, OPT_FOLLOW, OPT_INTERVAL, OPT_ONCE, OPT_HTML, OPT_SVG,
	OPT_HEAPTRACK,
};

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '" PROG " --help' for more information.\n");
	return OYA_SUMMARY_FAILURE;
}

/* What was read from the files of one run. */
struct run {
	struct oya_stats *st;
	const json_object *summary;   /* the summary JSON it came from, or NULL (borrowed from st) */
	const char *path;             /* the first file */
	char *ht_file;                /* heaptrack's data file for the run, or NULL (owned) */
	json_object *ht;              /* its figures when read here (owned), or NULL */
};

static void run_release(struct run *run)
{
	oya_stats_free(run->st);
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

static FILE *open_input(const char *path)
{
	struct stat sb;
	FILE *f;

	if (!strcmp(path, "-"))
		return stdin;
	if (stat(path, &sb)) {
		fprintf(stderr, PROG ": %s: %s\n", path,
			errno == ENOENT ? "no such file" : strerror(errno));
		return NULL;
	}
	if (S_ISDIR(sb.st_mode)) {
		fprintf(stderr, PROG ": %s: is a directory, not a JSONL or summary file\n", path);
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f)
		fprintf(stderr, PROG ": %s: cannot open: %s\n", path, strerror(errno));
	return f;
}

static void close_input(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

static int read_summary(FILE *f, const char *path, char *peek, size_t npeek, struct run *run)
{
	size_t cap = npeek + PEEK, len = npeek;
	char *buf = malloc(cap), err[200];

	if (!buf)
		goto nomem;
	memcpy(buf, peek, npeek);
	for (;;) {
		size_t n;

		if (len == cap) {
			char *nb;

			if (cap >= SUMMARY_MAX) {
				fprintf(stderr, PROG ": %s: too large for a summary JSON (over %u MiB)\n", path,
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
				fprintf(stderr, PROG ": %s: read error: %s\n", path, strerror(errno));
				free(buf);
				return OYA_SUMMARY_FAILURE;
			}
			break;
		}
	}
	run->st = oya_summary_read(buf, len, err, sizeof(err));
	free(buf);
	if (!run->st) {
		fprintf(stderr, PROG ": %s: %s\n", path, err);
		return OYA_SUMMARY_FAILURE;
	}
	run->summary = run->st->doc;
	return OYA_SUMMARY_OK;
nomem:
	free(buf);
	fprintf(stderr, PROG ": %s: out of memory\n", path);
	return OYA_SUMMARY_FAILURE;
}

/* Feed one JSONL file (PEEK already read from it) to ACC; messages about it on stderr. */
static int read_jsonl(FILE *f, const char *path, char *buf, size_t n, struct oya_acc *acc)
{
	uint64_t lines0, bad0, lines, bad, line_no;
	const char *problem;

	oya_acc_counts(acc, &lines0, &bad0);
	oya_acc_mark(acc);
	for (;;) {
		if (n && oya_acc_feed(acc, buf, n)) {
			fprintf(stderr, PROG ": %s: out of memory\n", path);
			return OYA_SUMMARY_FAILURE;
		}
		n = fread(buf, 1, PEEK, f);
		if (n == 0) {
			if (ferror(f)) {
				fprintf(stderr, PROG ": %s: read error: %s\n", path, strerror(errno));
				return OYA_SUMMARY_FAILURE;
			}
			break;
		}
	}
	if (oya_acc_feed_end(acc)) {
		fprintf(stderr, PROG ": %s: out of memory\n", path);
		return OYA_SUMMARY_FAILURE;
	}
	oya_acc_counts(acc, &lines, &bad);
	lines -= lines0;
	bad -= bad0;
	problem = oya_acc_first_problem(acc, &line_no);
	if (bad)
		fprintf(stderr, PROG ": %s: skipped %llu malformed line%s of %llu (first: line %llu: %s)\n",
			path, (unsigned long long)bad, bad == 1 ? "" : "s", (unsigned long long)lines,
			(unsigned long long)line_no, problem ? problem : "?");
	if (lines == bad)
		fprintf(stderr, PROG ": %s: no sample lines\n", path);
	return OYA_SUMMARY_OK;
}

/* Read FILES (N of them) as one run. */
static int load(char **files, int n, struct run *run)
{
	struct oya_acc *acc = NULL;
	char *buf = malloc(PEEK);
	int rc = OYA_SUMMARY_FAILURE;

	memset(run, 0, sizeof(*run));
	run->path = files[0];
	if (!buf || !(acc = oya_acc_new())) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	for (int i = 0; i < n; i++) {
		FILE *f = open_input(files[i]);
		size_t got;

		if (!f)
			goto out;
		got = fread(buf, 1, PEEK, f);
		if (got == 0 && ferror(f)) {
			fprintf(stderr, PROG ": %s: read error: %s\n", files[i], strerror(errno));
			close_input(f);
			goto out;
		}
		if (got == 0) {
			fprintf(stderr, PROG ": %s: empty file: no samples\n", files[i]);
			close_input(f);
			goto out;
		}
		if (is_summary_start(buf, got)) {
			if (n > 1) {
				fprintf(stderr,
					PROG ": %s: a summary JSON cannot be merged with other files; "
					     "give it alone\n",
					files[i]);
				close_input(f);
				goto out;
			}
			rc = read_summary(f, files[i], buf, got, run);
			close_input(f);
			goto out;
		}
		rc = read_jsonl(f, files[i], buf, got, acc);
		close_input(f);
		if (rc)
			goto out;
	}
	rc = OYA_SUMMARY_FAILURE;
	run->st = oya_acc_finish(acc);
	if (!run->st) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out;
	}
	if (run->st->samples == 0) {
		fprintf(stderr, PROG ": %s%s: no valid samples to summarise (%llu malformed lines skipped)\n",
			files[0], n > 1 ? " and the others" : "",
			(unsigned long long)run->st->malformed_lines);
		oya_stats_free(run->st);
		run->st = NULL;
		goto out;
	}
	rc = OYA_SUMMARY_OK;
out:
	oya_acc_free(acc);
	free(buf);
	return rc;
}

static int emit(const char *text)
{
	if (!text) {
		fprintf(stderr, PROG ": out of memory\n");
		return OYA_SUMMARY_FAILURE;
	}
	if (fputs(text, stdout) == EOF || fflush(stdout)) {
		fprintf(stderr, PROG ": cannot write the output: %s\n", strerror(errno));
		return OYA_SUMMARY_FAILURE;
	}
	return OYA_SUMMARY_OK;
}

static int emit_json(json_object *o)
{
	const char *s;

	if (!o) {
		fprintf(stderr, PROG ": out of memory\n");
		return OYA_SUMMARY_FAILURE;
	}
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!s || printf("%s\n", s) < 0 || fflush(stdout)) {
		fprintf(stderr, PROG ": cannot write the output: %s\n", strerror(errno));
		return OYA_SUMMARY_FAILURE;
	}
	return OYA_SUMMARY_OK;
}

static const json_object *heaptrack_of(const struct run *run)
{
	return run->ht ? run->ht : oya_json_member(run->summary, "heaptrack");
}

/* The summary object of RUN: as read, or made from the statistics. Caller puts it. */
static json_object *summary_of(const struct run *run)
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

static bool is_file(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* PATH with its ".jsonl" or ".summary.json" ending replaced by SUFFIX (malloc'd), NULL if neither. */
static char *sibling(const char *path, const char *suffix)
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

/*
 * Find heaptrack's data file for RUN: EXPLICIT (--heaptrack), else the one its summary JSON
 * names, else NAME.heaptrack.zst/.gz next to NAME.jsonl or NAME.summary.json. Read its figures
 * unless the summary JSON has them already. A file given with --heaptrack that cannot be read
 * is an error; one that was only found is a warning.
 */
static int attach_heaptrack(struct run *run, const char *explicit)
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
	if (oya_heaptrack_read(run->ht_file, &h)) {
		fprintf(stderr, PROG ": %s: %s\n", run->ht_file, h.problem);
		oya_heaptrack_release(&h);
		if (explicit)
			return OYA_SUMMARY_FAILURE;
		free(run->ht_file);
		run->ht_file = NULL;
		return OYA_SUMMARY_OK;
	}
	if (!h.complete)
		fprintf(stderr, PROG ": %s: %s\n", run->ht_file, h.problem);
	run->ht = oya_heaptrack_json(&h);
	oya_heaptrack_release(&h);
	if (!run->ht) {
		fprintf(stderr, PROG ": out of memory\n");
		return OYA_SUMMARY_FAILURE;
	}
	return OYA_SUMMARY_OK;
}

/* Adds V (NULL is null) to O; counts failures in *FAIL. */
static void put(json_object *o, const char *key, json_object *v, int *fail)
{
	if (json_object_object_add(o, key, v))
		(*fail)++;
}

static json_object *diff_json(const struct oya_diff *d, const char *base, const char *now,
			      const struct oya_heaptrack_change *c, size_t nc)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();
	json_object *stacks = c ? json_object_new_array() : NULL;
	int fail = !o || !rows || (c && !stacks);

	if (fail) {
		json_object_put(o);
		json_object_put(rows);
		json_object_put(stacks);
		return NULL;
	}
	put(o, "base", oya_json_text(base), &fail);
	put(o, "new", oya_json_text(now), &fail);
	for (size_t i = 0; i < d->nrows; i++) {
		const struct oya_diff_row *r = &d->rows[i];
		json_object *x;

		if (!r->have)
			continue;
		if (!(x = json_object_new_object()) || json_object_array_add(rows, x)) {
			json_object_put(x);
			fail++;
			continue;
		}
		put(x, "name", json_object_new_string(r->name), &fail);
		put(x, "unit", json_object_new_string(r->unit), &fail);
		put(x, "base", isnan(r->base) ? NULL : json_object_new_double(r->base), &fail);
		put(x, "new", isnan(r->now) ? NULL : json_object_new_double(r->now), &fail);
		put(x, "change_pct", isnan(r->pct) ? NULL : json_object_new_double(r->pct), &fail);
		put(x, "gated", json_object_new_boolean(r->gate), &fail);
		put(x, "regression", json_object_new_boolean(r->regression), &fail);
	}
	put(o, "rows", rows, &fail);
	put(o, "fail_above_pct", d->fail_above >= 0 ? json_object_new_double(d->fail_above) : NULL, &fail);
	put(o, "regression", json_object_new_boolean(d->regression), &fail);
	put(o, "base_malformed_lines", json_object_new_int64((int64_t)d->base_skipped), &fail);
	put(o, "new_malformed_lines", json_object_new_int64((int64_t)d->now_skipped), &fail);
	for (size_t i = 0; stacks && i < nc; i++) {
		json_object *x;

		if (!(x = json_object_new_object()) || json_object_array_add(stacks, x)) {
			json_object_put(x);
			fail++;
			continue;
		}
		put(x, "peak_delta_bytes", json_object_new_int64(c[i].peak_delta_bytes), &fail);
		put(x, "calls_delta", json_object_new_int64(c[i].calls_delta), &fail);
		put(x, "function", c[i].function ? oya_json_text(c[i].function) : NULL, &fail);
		put(x, "location", c[i].location ? oya_json_text(c[i].location) : NULL, &fail);
		put(x, "callers", c[i].callers ? oya_json_text(c[i].callers) : NULL, &fail);
	}
	put(o, "stack_changes", stacks, &fail);
	if (fail) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int do_diff(char *base_path, char *new_path, double fail_above, bool json)
{
	struct oya_heaptrack_change *changes = NULL;
	size_t nchanges = 0;
	struct run base, now;
	struct oya_diff d;
	int rc;

	rc = load(&base_path, 1, &base);
	if (rc)
		return rc;
	rc = load(&new_path, 1, &now);
	if (rc)
		goto out;
	if ((rc = attach_heaptrack(&base, NULL)) || (rc = attach_heaptrack(&now, NULL)))
		goto out;
	oya_diff_compute(base.st, now.st, heaptrack_of(&base), heaptrack_of(&now), fail_above, &d);
	if (base.ht_file && now.ht_file &&
	    oya_heaptrack_diff(base.ht_file, now.ht_file, 10, &changes, &nchanges)) {
		fprintf(stderr, PROG ": no call stack comparison: heaptrack_print --diff of %s and %s: %s\n",
			base.ht_file, now.ht_file, strerror(errno));
		changes = NULL;
		nchanges = 0;
	}
	if (json) {
		json_object *o = diff_json(&d, base_path, new_path, changes, nchanges);

		rc = emit_json(o);
		json_object_put(o);
	} else {
		char *text = oya_text_diff(&d, base_path, new_path);
		char *stacks = changes ? oya_text_stack_changes(changes, nchanges) : NULL;

		rc = emit(text);
		if (!rc && changes)
			rc = emit(stacks);
		free(text);
		free(stacks);
	}
	if (rc == OYA_SUMMARY_OK && d.regression)
		rc = OYA_SUMMARY_REGRESSION;
out:
	oya_heaptrack_changes_free(changes, nchanges);
	run_release(&base);
	run_release(&now);
	return rc;
}

static FILE *out_open(const char *path)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, PROG ": %s: cannot create: %s\n", path, strerror(errno));
	return f;
}

/* Close what out_open gave; RENDERED is the renderer's status. */
static int out_close(FILE *f, const char *path, int rendered)
{
	bool bad = rendered != 0 || ferror(f);

	if (f == stdout)
		bad |= fflush(f) != 0;
	else
		bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, PROG ": %s: cannot write the report: %s\n", path,
			errno ? strerror(errno) : "write error");
		return OYA_SUMMARY_FAILURE;
	}
	if (f != stdout)
		fprintf(stderr, PROG ": wrote %s\n", path);
	return OYA_SUMMARY_OK;
}

static double planned_secs(const json_object *summary)
{
	double v;

	return oya_json_number(summary, "planned_duration_secs", &v) ? v : 0;
}

/* The chart and the page. A summary JSON has no time series: take NAME.jsonl next to it. */
static int write_reports(struct run *run, const json_object *summary, const char *html, const char *svg)
{
	const struct oya_stats *series = run->st;
	struct run sib = { 0 };
	char *jsonl = NULL, *peak = NULL, *leaked = NULL;
	double limit = planned_secs(summary);
	FILE *f;
	int rc = OYA_SUMMARY_OK;

	if (run->summary) {
		jsonl = sibling(run->path, ".jsonl");
		if (jsonl && is_file(jsonl) && load(&jsonl, 1, &sib) == OYA_SUMMARY_OK)
			series = sib.st;
		else
			fprintf(stderr, PROG ": %s: a summary JSON has no time series; the chart is empty "
					"(give the JSONL file for it)\n", run->path);
	}
	if (svg) {
		if (!(f = out_open(svg))) {
			rc = OYA_SUMMARY_FAILURE;
			goto out;
		}
		if ((rc = out_close(f, svg, oya_render_chart_svg(f, series, limit))))
			goto out;
	}
	if (html) {
		if (run->ht_file) {
			peak = oya_heaptrack_folded(run->ht_file, "peak");
			leaked = oya_heaptrack_folded(run->ht_file, "leaked");
			if (!peak || !leaked)
				fprintf(stderr, PROG ": %s: no flame graph%s: %s\n", run->ht_file,
					// cppcheck-suppress knownConditionTrueFalse ; wrong: here peak may be NULL, leaked not
					!peak && !leaked ? "s" : !peak ? " of peak memory" : " of leaked memory",
					strerror(errno));
		}
		if (!(f = out_open(html))) {
			rc = OYA_SUMMARY_FAILURE;
			goto out;
		}
		rc = out_close(f, html, oya_render_html(f, series, summary, peak, leaked, limit));
	}
out:
	free(jsonl);
	free(peak);
	free(leaked);
	run_release(&sib);
	return rc;
}

static int parse_pct(const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end != s && *end == '%')
		end++;
	if (errno || end == s || *end || !isfinite(v) || v < 0)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ "fail-above", required_argument, NULL, OPT_FAIL_ABOVE },
		{ "follow", no_argument, NULL, OPT_FOLLOW },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "once", no_argument, NULL, OPT_ONCE },
		{ "html", required_argument, NULL, OPT_HTML },
		{ "svg", required_argument, NULL, OPT_SVG },
		{ "heaptrack", required_argument, NULL, OPT_HEAPTRACK },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, diff = false, follow = false, once = false;
	const char *html = NULL, *svg = NULL, *heaptrack = NULL;
	json_object *summary;
	double fail_above = -1;
	int interval_ms = 500, c, rc;
	struct run run;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return emit(usage_text);
		case 'V':
			return emit(PROG " " OYA_VERSION "\n");
		case OPT_JSON: json = true; break;
		case OPT_DIFF: diff = true; break;
		case OPT_FOLLOW: follow = true; break;
		case OPT_ONCE: once = true; break;
		case OPT_HTML: html = optarg; break;
		case OPT_SVG: svg = optarg; break;
		case OPT_HEAPTRACK: heaptrack = optarg; break;
		case OPT_FAIL_ABOVE:
			if (parse_pct(optarg, &fail_above))
				return usage_error("--fail-above %s is not a percentage (like 10 or 2.5)",
						   optarg);
			break;
		case OPT_INTERVAL: {
			char *end;
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 50 || v > 60000)
				return usage_error("--interval %s is not a number of ms from 50 to 60000",
						   optarg);
			interval_ms = (int)v;
			break;
		}
		case ':':
			return usage_error("%s needs a value", argv[optind - 1]);
		default:
			return usage_error("%s is not an option", argv[optind - 1]);
		}
	}
	if (fail_above >= 0 && !diff)
		return usage_error("%s works only with --diff", "--fail-above");
	if (diff && follow)
		return usage_error("%s", "--diff and --follow do not go together");
	if ((diff || follow) && (html || svg || heaptrack))
		return usage_error("%s works on one run, not with --diff or --follow",
				   html ? "--html" : svg ? "--svg" : "--heaptrack");
	if (diff) {
		if (argc - optind != 2)
			return usage_error("%s", "--diff needs two files: BASE NEW");
		return do_diff(argv[optind], argv[optind + 1], fail_above, json);
	}
	if (follow) {
		if (argc - optind != 1)
			return usage_error("%s", "--follow needs exactly one file");
		if (json)
			return usage_error("%s", "--follow and --json do not go together");
		return oya_summary_follow(argv[optind], interval_ms, once);
	}
	if (optind == argc)
		return usage_error("%s", "no FILE given");
	rc = load(argv + optind, argc - optind, &run);
	if (rc)
		return rc;
	/* heaptrack's file is found next to a single input; with several, only --heaptrack says */
	if (argc - optind == 1 || heaptrack)
		rc = attach_heaptrack(&run, heaptrack);
	summary = rc ? NULL : summary_of(&run);
	if (!rc && !summary) {
		fprintf(stderr, PROG ": out of memory\n");
		rc = OYA_SUMMARY_FAILURE;
	}
	if (!rc && (html || svg))
		rc = write_reports(&run, summary, html, svg);
	if (!rc && json) {
		rc = emit_json(summary);
	} else if (!rc && !html && !svg) {
		char *text = oya_text_table(run.st, summary);

		rc = emit(text);
		free(text);
	}
	json_object_put(summary);
	run_release(&run);
	return rc;
}
