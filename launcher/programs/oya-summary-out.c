/* oya-summary: writing the outputs: the text and JSON on stdout, the diff, the chart and the page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "heaptrack_data.h"
#include "heaptrack_file.h"
#include "heaptrack_folded.h"
#include "text_sites.h"
#include "json_member.h"
#include "openmetrics.h"
#include "oya-summary.h"
#include "report.h"
#include "summary.h"
#include "text_report.h"

int emit(const char *text)
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

size_t runs_in(const struct run *run)
{
	const char **v;
	size_t n = 0, ids = 0;

	if (!run->acc || !(v = oya_acc_runs(run->acc, &n)))
		return 1;
	for (size_t i = 0; i < n; i++)
		ids += v[i] != NULL;
	free(v);
	/* lines without a run id (a process that lost OYA_RUN) go with the one run there is */
	return ids > 1 ? ids : 1;
}

/* One run's stats for each run id of RUN's lines, into OUT (N of them). 0, or -1 on ENOMEM. */
static int split_runs(const struct run *run, struct oya_om_run **out, size_t *n)
{
	const char **ids = oya_acc_runs(run->acc, n);
	int rc = -1;

	*out = ids ? calloc(*n, sizeof(**out)) : NULL;
	if (!*out)
		goto out;
	for (size_t i = 0; i < *n; i++) {
		struct oya_finish how = { .one_run = true, .run = ids[i] };

		if (!((*out)[i].st = oya_acc_finish_with(run->acc, &how)))
			goto out;
	}
	rc = 0;
out:
	free(ids);
	return rc;
}

int emit_openmetrics(const struct run *run, const json_object *summary)
{
	struct oya_om_run one = { run->st, summary }, *v = &one;
	size_t n = 1;
	int rc;

	/* Prometheus tells series apart by their labels: each run id gets its own run series, of its
	   own images, rather than the merged tree under the first run's id */
	if (runs_in(run) > 1 && split_runs(run, &v, &n)) {
		fprintf(stderr, PROG ": out of memory\n");
		rc = OYA_SUMMARY_FAILURE;
		goto out;
	}
	errno = 0;
	rc = OYA_SUMMARY_OK;
	if (oya_openmetrics_write_runs(stdout, v, n) || fflush(stdout)) {
		fprintf(stderr, PROG ": cannot write the output: %s\n", strerror(errno ? errno : ENOMEM));
		rc = OYA_SUMMARY_FAILURE;
	}
out:
	if (v != &one) {
		for (size_t i = 0; v && i < n; i++)
			oya_stats_free((struct oya_stats *)v[i].st);
		free(v);
	}
	return rc;
}

int emit_json(json_object *o)
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

int do_diff(char *base_path, char *new_path, double fail_above, bool json)
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
		json_object *o = oya_diff_json(&d, base_path, new_path, changes, nchanges);

		if (o &&
		    json_object_object_add(o, "new_growing_sites",
					   oya_new_growing_sites(heaptrack_of(&base), heaptrack_of(&now)))) {
			json_object_put(o);
			o = NULL;
		}
		rc = emit_json(o);
		json_object_put(o);
	} else {
		char *text = oya_text_diff(&d, base_path, new_path);
		char *stacks = changes ? oya_text_stack_changes(changes, nchanges) : NULL;

		char *grown = oya_text_new_growing(heaptrack_of(&base), heaptrack_of(&now));

		rc = emit(text);
		if (!rc && changes)
			rc = emit(stacks);
		if (!rc)
			rc = emit(grown);
		free(text);
		free(stacks);
		free(grown);
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

/* The flame graphs' folded stacks from one reading of FILE; heaptrack_print's for a file
 * version the reader does not know. */
static void flame_stacks(const char *file, char **peak, char **leaked)
{
	oya_htr *r = oya_heaptrack_file_read(file);
	const struct oya_htr_result *res = r ? oya_htr_finish(r) : NULL;

	if (res && res->unknown_version) {
		*peak = oya_heaptrack_folded(file, "peak");
		*leaked = oya_heaptrack_folded(file, "leaked");
	} else if (res && res->complete) {
		*peak = oya_htr_folded(r, true);
		*leaked = oya_htr_folded(r, false);
	}
	if (res && !res->complete && !res->unknown_version)
		errno = EPROTO;
	oya_htr_free(r);
}

/* The chart and the page. A summary JSON has no time series: take NAME.jsonl next to it. */
int write_reports(struct run *run, const json_object *summary, const char *html, const char *svg)
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
			fprintf(stderr,
				PROG ": %s: a summary JSON has no time series; the chart is empty "
				     "(give the JSONL file for it)\n",
				run->path);
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
			flame_stacks(run->ht_file, &peak, &leaked);
			if (!peak || !leaked) {
				const char *what = " of leaked memory";

				if (!peak)
					what = leaked ? " of peak memory" : "s";
				fprintf(stderr, PROG ": %s: no flame graph%s: %s\n", run->ht_file, what,
					strerror(errno));
			}
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
