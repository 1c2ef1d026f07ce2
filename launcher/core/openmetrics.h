/*
 * A run's summary as metrics for Prometheus: the text exposition format that
 * node_exporter's textfile collector and `promtool check metrics` read, with
 * OpenMetrics' "# EOF" at the end. Names follow Prometheus' rules (oya_ prefix,
 * base units: _bytes, _seconds, _total for counters). Pure: writes to a FILE
 * the caller opened.
 */
#ifndef OYA_OPENMETRICS_H
#define OYA_OPENMETRICS_H

#include <stddef.h>
#include <stdio.h>
#include <json-c/json.h>

struct oya_stats;

/* Write ST (and the summary object SUMMARY: run facts, "heaptrack", "cgroup"; NULL for none) to OUT.
   Run series carry the labels host and run, process series host, run, exe and pid. 0 ok, -1 when
   memory or the stream failed. */
int oya_openmetrics_write(FILE *out, const struct oya_stats *st, const json_object *summary);

/* Several runs in one text: each family once, with a run series per run (labelled with that run's
   host and run id) and the process series of all of them. The runs' stats should hold one run id
   each (oya_acc_finish_with's one_run); two with the same labels would give a duplicate series. */
struct oya_om_run {
	const struct oya_stats *st;
	const json_object *summary; /* NULL for none */
};
int oya_openmetrics_write_runs(FILE *out, const struct oya_om_run *runs, size_t n);

/* Write S (LEN bytes) as a label value: backslash, double quote and newline escaped, other control
   characters and bytes that are not UTF-8 replaced by U+FFFD. */
void oya_openmetrics_label(FILE *out, const char *s, size_t len);

#endif
