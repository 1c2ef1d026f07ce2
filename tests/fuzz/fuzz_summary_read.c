/* fuzz-needs: oya_summary_read oya_stats_free
 * The summary-JSON reader of oya-summary and --diff over any bytes: a result or
 * a message, never both, never neither. */
#include "fuzz.h"
#include "summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct oya_stats *st;
	size_t i;

	memset(err, 'x', sizeof(err));
	err[0] = '\0';
	st = oya_summary_read((const char *)data, size, err, sizeof(err));
	if (!st) {
		FUZZ_CHECK(memchr(err, '\0', sizeof(err)) != NULL && err[0] != '\0');
		return 0;
	}
	for (i = 0; i < st->nprocs; i++)
		FUZZ_CHECK(st->procs[i].rss_min <= st->procs[i].rss_max || !st->procs[i].samples);
	oya_stats_free(st);
	return 0;
}
