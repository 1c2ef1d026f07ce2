/*
 * oya-summary: reports from oya's JSONL time series or summary JSON files —
 * a table, the summary JSON, a diff of two runs with a CI gate, a live view.
 * The figures come from launcher/core, the texts from launcher/report; this
 * file reads the options and sends each mode to its file.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leak_gate.h"
#include "oya-summary.h"
#include "summary.h"
#include "text_report.h"

#define STR_(x) #x
#define STR(x) STR_(x)

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
	"      --openmetrics  the summary as metrics for Prometheus (text format, '# EOF' at\n"
	"                     the end; labels host, run, exe, pid): files of several runs give\n"
	"                     each run id its own run series\n"
	"      --runs         one row per run: FILEs and directories of JSONL and summary JSON\n"
	"                     files, peak and average by PSS where the run has it, else RSS\n"
	"                     (with --json: an array; --sort peak|growth|start|duration)\n"
	"      --html FILE    a self-contained HTML report: RSS chart, table, leak verdicts,\n"
	"                     heaptrack figures and flame graphs of peak and leaked memory\n"
	"      --svg FILE     the RSS chart alone (SVG)\n"
	"      --heaptrack FILE  heaptrack's data file for this run (default: NAME.heaptrack.zst\n"
	"                     or .gz next to NAME.jsonl, or the one the summary JSON names)\n"
	"      --diff         compare two runs, BASE then NEW (JSONL or summary JSON); with\n"
	"                     heaptrack data for both, also the call stacks that changed most\n"
	"      --fail-above PCT  with --diff: exit 1 when max RSS, average RSS or heaptrack's\n"
	"                     peak heap grew by more than PCT percent\n"
	"      --fail-on-leak  exit 1 when a leak is suspected: the tree's leak verdict or a\n"
	"                     growing allocation site in heaptrack's data; stderr says which\n"
	"      --follow       watch a JSONL file that is still being written (Ctrl-C to stop)\n"
	"      --interval MS  with --follow: how often to look at the file (default " STR(
		OYA_FOLLOW_DEFAULT_MS) ")\n"
				       "      --once         with --follow: draw the view once and exit\n"
				       "  -h, --help         this help\n"
				       "  -V, --version      the version\n"
				       "\n"
				       "Exit status: 0 ok; 1 --fail-above found a regression; 2 bad usage, a file that cannot\n"
				       "be read or holds no samples, or output that cannot be written. With --fail-on-leak,\n"
				       "1 also means a suspected leak.\n"
				       "Malformed lines are skipped and counted in every output.\n";

enum {
	OPT_JSON = 256,
	OPT_DIFF,
	OPT_FAIL_ABOVE,
	OPT_FOLLOW,
	OPT_INTERVAL,
	OPT_ONCE,
	OPT_HTML,
	OPT_SVG,
	OPT_HEAPTRACK,
	OPT_FAIL_ON_LEAK,
	OPT_OPENMETRICS,
	OPT_RUNS,
	OPT_SORT,
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

/* What the options ask for. */
struct opts {
	bool json, diff, follow, once, fail_on_leak, openmetrics, runs;
	const char *sort;
	const char *html, *svg, *heaptrack;
	double fail_above; /* < 0: no gate */
	int interval_ms;
	bool done; /* --help or --version: RC is the exit status */
	int rc;
};

static int parse_interval(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < OYA_FOLLOW_MIN_MS || v > OYA_FOLLOW_MAX_MS)
		return usage_error("--interval %s is not a number of ms from " STR(
					   OYA_FOLLOW_MIN_MS) " to " STR(OYA_FOLLOW_MAX_MS),
				   s);
	*out = (int)v;
	return 0;
}

/* Fill O from ARGV; 0, or an exit status for a usage error. */
static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longs[] = {
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
		{ "openmetrics", no_argument, NULL, OPT_OPENMETRICS },
		{ "runs", no_argument, NULL, OPT_RUNS },
		{ "sort", required_argument, NULL, OPT_SORT },
		{ "fail-on-leak", no_argument, NULL, OPT_FAIL_ON_LEAK },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->fail_above = -1;
	o->interval_ms = OYA_FOLLOW_DEFAULT_MS;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hV", longs, NULL)) != -1) {
		switch (c) {
		case 'h':
		case 'V':
			o->done = true;
			o->rc = emit(c == 'h' ? usage_text : PROG " " OYA_VERSION "\n");
			return 0;
		case OPT_JSON: o->json = true; break;
		case OPT_DIFF: o->diff = true; break;
		case OPT_FOLLOW: o->follow = true; break;
		case OPT_ONCE: o->once = true; break;
		case OPT_HTML: o->html = optarg; break;
		case OPT_SVG: o->svg = optarg; break;
		case OPT_HEAPTRACK: o->heaptrack = optarg; break;
		case OPT_OPENMETRICS: o->openmetrics = true; break;
		case OPT_RUNS: o->runs = true; break;
		case OPT_SORT: o->sort = optarg; break;
		case OPT_FAIL_ON_LEAK: o->fail_on_leak = true; break;
		case OPT_FAIL_ABOVE:
			if (parse_pct(optarg, &o->fail_above))
				return usage_error("--fail-above %s is not a percentage (like 10 or 2.5)",
						   optarg);
			break;
		case OPT_INTERVAL:
			if (parse_interval(optarg, &o->interval_ms))
				return OYA_SUMMARY_FAILURE;
			break;
		case ':': return usage_error("%s needs a value", argv[optind - 1]);
		default: return usage_error("%s is not an option", argv[optind - 1]);
		}
	}
	return 0;
}

/* --fail-on-leak: 1 with the reason on stderr when SUMMARY suspects a leak. */
static int leak_gate(const json_object *summary)
{
	char why[512];

	if (!oya_leak_gate(summary, why, sizeof(why)))
		return OYA_SUMMARY_OK;
	fprintf(stderr, PROG ": leak suspected: %s\n", why);
	return OYA_SUMMARY_REGRESSION;
}

/* The table, the JSON and the reports of one run made of FILES (N of them). */
static int summarise(char **files, int n, const struct opts *o)
{
	static const struct oya_finish all = { 0 };
	/* --openmetrics keeps the lines: files of several runs give a set of series per run */
	const struct load_opts lo = { &all, stderr, o->openmetrics };
	json_object *summary;
	struct run run;
	size_t nruns;
	int rc;

	rc = load_with(files, n, &run, &lo);
	if (rc)
		return rc;
	nruns = runs_in(&run);
	if (o->openmetrics && nruns > 1 && o->heaptrack) {
		fprintf(stderr,
			PROG ": --heaptrack %s: the files hold %zu runs and heaptrack's data belongs to one; "
			     "give that run's files alone\n",
			o->heaptrack, nruns);
		run_release(&run);
		return OYA_SUMMARY_FAILURE;
	}
	/* heaptrack's file is found next to a single input; with several, only --heaptrack says */
	if ((n == 1 || o->heaptrack) && !(o->openmetrics && nruns > 1))
		rc = attach_heaptrack(&run, o->heaptrack);
	summary = rc ? NULL : summary_of(&run);
	if (!rc && !summary) {
		fprintf(stderr, PROG ": out of memory\n");
		rc = OYA_SUMMARY_FAILURE;
	}
	if (!rc && (o->html || o->svg))
		rc = write_reports(&run, summary, o->html, o->svg);
	if (!rc && o->openmetrics) {
		rc = emit_openmetrics(&run, summary);
	} else if (!rc && o->json) {
		rc = emit_json(summary);
	} else if (!rc && !o->html && !o->svg) {
		char *text = oya_text_table(run.st, summary);

		rc = emit(text);
		free(text);
	}
	if (!rc && o->fail_on_leak)
		rc = leak_gate(summary);
	json_object_put(summary);
	run_release(&run);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	int rc = parse_args(argc, argv, &o);

	if (rc || o.done)
		return rc ? rc : o.rc;
	if (o.fail_above >= 0 && !o.diff)
		return usage_error("%s works only with --diff", "--fail-above");
	if (o.diff && o.follow)
		return usage_error("%s", "--diff and --follow do not go together");
	if ((o.diff || o.follow) && (o.html || o.svg || o.heaptrack || o.fail_on_leak))
		return usage_error("%s works on one run, not with --diff or --follow",
				   o.html	 ? "--html"
				   : o.svg	 ? "--svg"
				   : o.heaptrack ? "--heaptrack"
						 : "--fail-on-leak");
	if (o.sort && !o.runs)
		return usage_error("%s works only with --runs", "--sort");
	if (o.openmetrics && (o.json || o.runs || o.diff || o.follow))
		return usage_error("%s goes with none of --json, --runs, --diff, --follow", "--openmetrics");
	if (o.runs) {
		if (o.diff || o.follow || o.html || o.svg || o.heaptrack)
			return usage_error("%s", "--runs goes with --json and --sort only");
		if (optind == argc)
			return usage_error("%s", "--runs needs FILEs or directories");
		return oya_summary_runs(argv + optind, argc - optind, o.sort, o.json);
	}
	if (o.diff) {
		if (argc - optind != 2)
			return usage_error("%s", "--diff needs two files: BASE NEW");
		return do_diff(argv[optind], argv[optind + 1], o.fail_above, o.json);
	}
	if (o.follow) {
		if (argc - optind != 1)
			return usage_error("%s", "--follow needs exactly one file");
		if (o.json)
			return usage_error("%s", "--follow and --json do not go together");
		return oya_summary_follow(argv[optind], o.interval_ms, o.once);
	}
	if (optind == argc)
		return usage_error("%s", "no FILE given");
	return summarise(argv + optind, argc - optind, &o);
}
