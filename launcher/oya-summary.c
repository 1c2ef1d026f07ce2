/*
 * oya-summary: reports from oya's JSONL time series or summary JSON files —
 * a table, the summary JSON, a diff of two runs with a CI gate, a live view.
 * The figures come from the summary library (launcher/core/summary.h), the
 * texts from launcher/report; this file reads files and writes outputs.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "oya-summary.h"
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
	"      --diff         compare two runs, BASE then NEW (JSONL or summary JSON)\n"
	"      --fail-above PCT  with --diff: exit 1 when max RSS, average RSS or heaptrack's\n"
	"                     peak heap grew by more than PCT percent\n"
	"      --follow       watch a JSONL file that is still being written (Ctrl-C to stop)\n"
	"      --interval MS  with --follow: how often to look at the file (default 500)\n"
	"  -h, --help         this help\n"
	"  -V, --version      the version\n"
	"\n"
	"Exit status: 0 ok; 1 --fail-above found a regression; 2 bad usage, a file that cannot\n"
	"be read or holds no samples, or output that cannot be written.\n"
	"Malformed lines are skipped and counted in every output.\n";

enum { OPT_JSON = 256, OPT_DIFF, OPT_FAIL_ABOVE, OPT_FOLLOW, OPT_INTERVAL, OPT_ONCE };

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
};

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
	} else if (json_tokener_get_error(tok) == json_tokener_continue) {
		/* an object over several lines: pretty-printed JSON, unless lines start with '{' */
		summary = !memmem(p, (size_t)(end - p), "\n{", 2);
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

/* The summary object of RUN: as read, or made from the statistics. Caller puts it. */
static json_object *summary_of(const struct run *run)
{
	if (run->summary)
		return json_object_get((json_object *)run->summary);
	return oya_summary_json(run->st, NULL);
}

static const json_object *heaptrack_of(const struct run *run)
{
	json_object *v = NULL;

	if (!run->summary || !json_object_object_get_ex(run->summary, "heaptrack", &v))
		return NULL;
	return v;
}

static json_object *diff_json(const struct oya_diff *d, const char *base, const char *now)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();

	if (!o || !rows) {
		json_object_put(o);
		json_object_put(rows);
		return NULL;
	}
	json_object_object_add(o, "base", json_object_new_string(base));
	json_object_object_add(o, "new", json_object_new_string(now));
	for (size_t i = 0; i < d->nrows; i++) {
		const struct oya_diff_row *r = &d->rows[i];
		json_object *x = json_object_new_object();

		if (!r->have || !x) {
			json_object_put(x);
			continue;
		}
		json_object_object_add(x, "name", json_object_new_string(r->name));
		json_object_object_add(x, "unit", json_object_new_string(r->unit));
		json_object_object_add(x, "base", json_object_new_double(r->base));
		json_object_object_add(x, "new", json_object_new_double(r->now));
		json_object_object_add(x, "change_pct", isnan(r->pct) ? NULL : json_object_new_double(r->pct));
		json_object_object_add(x, "gated", json_object_new_boolean(r->gate));
		json_object_object_add(x, "regression", json_object_new_boolean(r->regression));
		json_object_array_add(rows, x);
	}
	json_object_object_add(o, "rows", rows);
	json_object_object_add(o, "fail_above_pct",
			       d->fail_above >= 0 ? json_object_new_double(d->fail_above) : NULL);
	json_object_object_add(o, "regression", json_object_new_boolean(d->regression));
	json_object_object_add(o, "base_malformed_lines", json_object_new_int64((int64_t)d->base_skipped));
	json_object_object_add(o, "new_malformed_lines", json_object_new_int64((int64_t)d->now_skipped));
	return o;
}

static int do_diff(char *base_path, char *new_path, double fail_above, bool json)
{
	struct run base, now;
	struct oya_diff d;
	int rc;

	rc = load(&base_path, 1, &base);
	if (rc)
		return rc;
	rc = load(&new_path, 1, &now);
	if (rc) {
		oya_stats_free(base.st);
		return rc;
	}
	oya_diff_compute(base.st, now.st, heaptrack_of(&base), heaptrack_of(&now), fail_above, &d);
	if (json) {
		json_object *o = diff_json(&d, base_path, new_path);

		rc = emit_json(o);
		json_object_put(o);
	} else {
		char *text = oya_text_diff(&d, base_path, new_path);

		rc = emit(text);
		free(text);
	}
	oya_stats_free(base.st);
	oya_stats_free(now.st);
	if (rc == OYA_SUMMARY_OK && d.regression)
		rc = OYA_SUMMARY_REGRESSION;
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
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, diff = false, follow = false, once = false;
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
	if (json) {
		json_object *o = summary_of(&run);

		rc = emit_json(o);
		json_object_put(o);
	} else {
		char *text = oya_text_table(run.st, run.summary);

		rc = emit(text);
		free(text);
	}
	oya_stats_free(run.st);
	return rc;
}
