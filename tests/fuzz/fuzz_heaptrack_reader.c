/* The streaming heaptrack reader over any bytes: fed whole or in chunks (cut where the first
 * byte says) it gives the same figures, never reads outside its input, and what it reports
 * agrees with itself: a problem exactly when not complete, the series add up to the heap, the
 * sites' shares of the peak add up to the peak; the summary object and the folded stacks build.
 * fuzz-needs: oya_htr_new oya_htr_feed oya_htr_finish oya_htr_stack oya_growing_sites_find
 * fuzz-needs: oya_htr_json oya_htr_folded
 */
#include "fuzz.h"
#include "growing_sites.h"
#include "heaptrack_folded.h"
#include "heaptrack_json.h"
#include "heaptrack_reader.h"

static oya_htr *feed(const uint8_t *data, size_t size, size_t step)
{
	oya_htr *r = oya_htr_new();

	if (!r)
		return NULL;
	for (size_t i = 0; i < size; i += step) {
		size_t n = size - i < step ? size - i : step;
		char *chunk = fuzz_strndup(data + i, n);   /* exact size, so ASan sees any overread */

		if (!chunk)
			break;
		oya_htr_feed(r, chunk, n);
		free(chunk);
	}
	return r;
}

static void check(oya_htr *r)
{
	const struct oya_htr_result *res = oya_htr_finish(r);
	struct oya_htr_frame frames[8];
	struct oya_growing_site *g;
	size_t n, total;

	FUZZ_CHECK(res->complete == (res->problem[0] == '\0'));
	FUZZ_CHECK(memchr(res->problem, '\0', sizeof(res->problem)) != NULL);
	FUZZ_CHECK(res->nbuckets >= 1 && res->nbuckets <= OYA_HTR_BUCKETS);
	for (size_t k = 0; k < res->nbuckets; k++) {
		int64_t sum = res->others_series[k];

		for (size_t i = 0; i < res->nsites; i++)
			if (res->sites[i].series)
				sum += res->sites[i].series[k];
		FUZZ_CHECK(sum == res->buckets[k].heap_end);
		FUZZ_CHECK(res->buckets[k].heap_end <= res->buckets[k].heap_max);
	}
	for (size_t i = 0; i < res->nsites; i++) {
		size_t m = oya_htr_stack(r, res->sites[i].trace, frames, 8);

		for (size_t k = 0; k < m && k < 8; k++)
			FUZZ_CHECK(frames[k].function && frames[k].file && frames[k].module);
	}
	if (oya_growing_sites_find(r, 4, 4, &g, &n, &total) == 0) {
		FUZZ_CHECK(n <= 4 && n <= total);
		oya_growing_sites_free(g, n);
	}
	if (res->complete) {
		int64_t at_peak = 0;

		for (size_t i = 0; i < res->nsites; i++)
			at_peak += res->sites[i].live_at_peak;
		FUZZ_CHECK(at_peak == res->peak_heap_bytes);
	}
	json_object_put(oya_htr_json(r, "f", 1));
	free(oya_htr_folded(r, true));
	free(oya_htr_folded(r, false));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t step = size ? (size_t)data[0] % 97 + 1 : 1;
	oya_htr *whole = feed(data, size, size ? size : 1), *cut = feed(data, size, step);

	if (whole && cut) {
		const struct oya_htr_result *a = oya_htr_finish(whole), *b = oya_htr_finish(cut);

		FUZZ_CHECK(a->complete == b->complete);
		FUZZ_CHECK(strcmp(a->problem, b->problem) == 0);
		FUZZ_CHECK(a->allocations == b->allocations);
		FUZZ_CHECK(a->temporary_allocations == b->temporary_allocations);
		FUZZ_CHECK(a->peak_heap_bytes == b->peak_heap_bytes);
		FUZZ_CHECK(a->nsites == b->nsites && a->nbuckets == b->nbuckets);
		check(whole);
	}
	oya_htr_free(whole);
	oya_htr_free(cut);
	return 0;
}
