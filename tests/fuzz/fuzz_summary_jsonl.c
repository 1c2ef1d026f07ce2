/* fuzz-needs: oya_acc_new oya_acc_add_line oya_acc_finish oya_summary_json
 * The summary's JSONL reader over any lines: each line is taken or counted as
 * malformed, the statistics stay ordered, and the summary JSON parses back. */
#include <json.h>

#include "fuzz.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	struct oya_run_info run;
	const char *p = (const char *)data, *end = p + size;
	uint64_t lines = 0;
	size_t i;
	json_object *o, *back;

	if (!acc)
		return 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		int r = oya_acc_add_line(acc, p, len);

		FUZZ_CHECK(r == 0 || r == 1 || r == -1);
		lines++;
		p += len + (eol ? 1 : 0);
	}
	st = oya_acc_finish(acc);
	oya_acc_free(acc);
	if (!st)
		return 0;
	FUZZ_CHECK(st->malformed_lines <= lines);
	for (i = 0; i < st->nprocs; i++) {
		const struct oya_proc *pr = &st->procs[i];

		if (!pr->samples)
			continue;
		FUZZ_CHECK(pr->rss_min <= pr->rss_p50 && pr->rss_p50 <= pr->rss_p95);
		FUZZ_CHECK(pr->rss_p95 <= pr->rss_max);
		FUZZ_CHECK(pr->first_ms <= pr->last_ms);
	}
	memset(&run, 0, sizeof(run));
	run.exit_code = -1;
	o = oya_summary_json(st, &run);
	if (o) {
		back = json_tokener_parse(json_object_to_json_string(o));
		FUZZ_CHECK(back != NULL);
		json_object_put(back);
		json_object_put(o);
	}
	oya_stats_free(st);
	return 0;
}
