/*
 * Read a heaptrack data file with oya's reader and print its figures, one "key value"
 * a line, for the integration tests and scripts/bench-heaptrack. With -s also the
 * growing sites and their stacks, with -b the time buckets; -F peak|leaked prints only the
 * folded stacks of the flame graphs.
 * Usage: ht-read [-s] [-b] [-F peak|leaked] FILE
 */
#include "growing_sites.h"
#include "heaptrack_file.h"
#include "heaptrack_folded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_sites(oya_htr *r)
{
	struct oya_growing_site *g;
	size_t n, total;

	if (oya_growing_sites_find(r, 20, 12, &g, &n, &total)) {
		printf("growing_sites_error out of memory\n");
		return;
	}
	printf("growing_sites %zu\n", total);
	for (size_t i = 0; i < n; i++) {
		printf("site %zu trace %u growth_bytes_per_hour %.0f live_end %lld reason %s\n", i, g[i].trace,
		       g[i].growth_bytes_per_hour, (long long)g[i].live_end, g[i].reason);
		for (size_t k = 0; k < g[i].nframes; k++)
			printf("frame %zu %s %s:%u %s%s\n", i, g[i].frames[k].function[0] ? g[i].frames[k].function : "??",
			       g[i].frames[k].file, g[i].frames[k].line, g[i].frames[k].module,
			       g[i].frames[k].inlined ? " (inlined)" : "");
	}
	oya_growing_sites_free(g, n);
}

int main(int argc, char **argv)
{
	const struct oya_htr_result *res;
	bool sites = false, buckets = false;
	const char *folded = NULL;
	oya_htr *r;
	int c;

	while ((c = getopt(argc, argv, "sbF:")) != -1) {
		if (c == 's')
			sites = true;
		else if (c == 'b')
			buckets = true;
		else if (c == 'F')
			folded = optarg;
		else
			return 2;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: ht-read [-s] [-b] FILE\n");
		return 2;
	}
	r = oya_heaptrack_file_read(argv[optind]);
	if (!r) {
		fprintf(stderr, "ht-read: out of memory\n");
		return 1;
	}
	res = oya_htr_finish(r);
	if (folded) {
		char *text = oya_htr_folded(r, strcmp(folded, "peak") == 0);

		fputs(text ? text : "", stdout);
		free(text);
		oya_htr_free(r);
		return text ? 0 : 1;
	}
	printf("complete %s\nproblem %s\n", res->complete ? "true" : "false", res->problem);
	printf("command %s\nallocations %llu\ntemporary %llu\npeak_heap %lld\npeak_heap_t_ms %lld\n", res->command,
	       (unsigned long long)res->allocations, (unsigned long long)res->temporary_allocations,
	       (long long)res->peak_heap_bytes, (long long)res->peak_heap_t_ms);
	printf("suppressed %lld\n", (long long)res->suppressed_bytes);
	printf("leaked %lld\npeak_rss %llu\ntotal_ms %lld\nsites %zu\nbuckets %zu\nbucket_ms %lld\n",
	       (long long)res->leaked_bytes, (unsigned long long)res->peak_rss_bytes, (long long)res->total_ms,
	       res->nsites, res->nbuckets, (long long)res->bucket_ms);
	if (buckets)
		for (size_t i = 0; i < res->nbuckets; i++)
			printf("bucket %lld %lld %lld %llu\n", (long long)res->buckets[i].t_ms,
			       (long long)res->buckets[i].heap_end, (long long)res->buckets[i].heap_max,
			       (unsigned long long)res->buckets[i].rss_bytes);
	if (sites)
		print_sites(r);
	oya_htr_free(r);
	return res ? 0 : 1;
}
