/* The summary statistics over sample lines: hand-computed fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "sample_line.h"
#include "summary.h"

#define T0 1795720713072LL /* 2026-11-26T19:18:33.072Z */

/* One sampler-format line at T0 + OFF_MS; SEQ < 0 leaves seq out. */
static void add(struct oya_acc *acc, int64_t pid, int64_t off_ms, uint64_t rss, const char *event,
		long seq, const char *exe)
{
	char ts[32], line[512], seqs[32] = "";

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + off_ms), 24);
	if (seq >= 0)
		snprintf(seqs, sizeof(seqs), "\"seq\":%ld,", seq);
	snprintf(line, sizeof(line),
		 "{\"timestamp\":\"%s\",\"pid\":%lld,\"ppid\":1,\"exe\":\"%s\",\"event\":\"%s\",%s"
		 "\"source\":\"preload\",\"metrics\":{\"rss_kb\":%llu,\"vm_size_kb\":%llu,"
		 "\"vm_peak_kb\":%llu,\"rss_shared_kb\":10,\"vm_hwm_kb\":%llu,\"threads\":1},"
		 "\"elapsed_secs\":0,\"elapsed_ms\":0}",
		 ts, (long long)pid, exe, event, seqs, (unsigned long long)rss,
		 (unsigned long long)rss * 2, (unsigned long long)rss * 3, (unsigned long long)rss + 1);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
}

static struct oya_stats *finish(struct oya_acc *acc)
{
	struct oya_stats *st = oya_acc_finish(acc);

	assert_non_null(st);
	oya_acc_free(acc);
	return st;
}

static void test_percentile(void **state)
{
	uint64_t v[10] = { 7, 3, 10, 1, 9, 2, 8, 4, 6, 5 }, one = 42, dup[5] = { 5, 5, 1, 5, 1 };

	(void)state;
	assert_int_equal(oya_percentile(v, 10, 50), 5);  /* rank ceil(5.0) = 5 */
	assert_int_equal(oya_percentile(v, 10, 95), 10); /* rank ceil(9.5) = 10 */
	assert_int_equal(oya_percentile(v, 10, 90), 9);
	assert_int_equal(oya_percentile(v, 10, 0), 1);
	assert_int_equal(oya_percentile(v, 10, 100), 10);
	assert_int_equal(oya_percentile(&one, 1, 50), 42);
	assert_int_equal(oya_percentile(&one, 1, 95), 42);
	assert_int_equal(oya_percentile(NULL, 0, 50), 0);
	assert_int_equal(oya_percentile(dup, 5, 50), 5); /* 1 1 5 5 5: rank 3 */
	assert_int_equal(oya_percentile(dup, 5, 40), 1); /* rank 2 */
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Against sorting: random sizes, few distinct values and many, every rank. */
static void test_percentile_random(void **state)
{
	static uint64_t v[300], sorted[300];
	unsigned rng = 3;

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t n = 1 + (size_t)round % 300;
		unsigned range = round % 3 == 0 ? 3 : 100000;
		double p = (double)(round % 101);
		size_t rank;

		for (size_t i = 0; i < n; i++) {
			rng = rng * 1103515245u + 12345u;
			sorted[i] = v[i] = (rng >> 8) % range;
		}
		qsort(sorted, n, sizeof(sorted[0]), cmp_u64);
		rank = (size_t)ceil(p / 100.0 * (double)n - 1e-9);
		if (rank == 0)
			rank = 1;
		assert_int_equal(oya_percentile(v, n, p), sorted[rank - 1]);
	}
}

static void test_timestamp(void **state)
{
	int64_t ms;

	(void)state;
	assert_int_equal(oya_timestamp_parse("1970-01-01T00:00:00Z", 20, &ms), 0);
	assert_int_equal(ms, 0);
	assert_int_equal(oya_timestamp_parse("2026-11-26T19:18:33.072Z", 24, &ms), 0);
	assert_int_equal(ms, T0);
	assert_int_equal(oya_timestamp_parse("2026-11-26T20:18:33.0729+01:00", 30, &ms), 0);
	assert_int_equal(ms, T0);
	assert_int_equal(oya_timestamp_parse("2026-11-26 18:18:33.5Z", 22, &ms), 0);
	assert_int_equal(ms, 1795717113500LL);
	assert_int_equal(oya_timestamp_parse("2024-02-29T00:00:00Z", 20, &ms), 0);
	assert_int_equal(oya_timestamp_parse("2026-13-01T00:00:00Z", 20, &ms), -1);
	assert_int_equal(oya_timestamp_parse("2026-02-30T00:00:00Z", 20, &ms), -1);
	assert_int_equal(oya_timestamp_parse("2026-11-26T19:18:33.Z", 21, &ms), -1);
	assert_int_equal(oya_timestamp_parse("2026-11-26T19:18:33", 19, &ms), -1);
	assert_int_equal(oya_timestamp_parse("2026-11-26T19:18:33.072Zx", 25, &ms), -1);
	assert_int_equal(oya_timestamp_parse("yesterday", 9, &ms), -1);
}

/* Two interleaved processes; every figure computed by hand in the comments. */
static void test_interleaved(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	const struct oya_proc *a, *b;
	static const uint64_t tree[] = { 100, 1100, 1200, 3200, 3300, 2000 };

	(void)state;
	assert_non_null(acc);
	add(acc, 10, 0, 100, "start", 0, "a");
	add(acc, 11, 5000, 1000, "start", 0, "b");
	add(acc, 10, 10000, 200, "sample", 1, "a");
	add(acc, 11, 15000, 3000, "sample", 1, "b");
	add(acc, 10, 20000, 300, "exit", 2, "a");
	add(acc, 11, 25000, 2000, "sample", 3, "b"); /* seq 2 is missing */
	st = finish(acc);
	assert_int_equal(st->nprocs, 2);
	a = &st->procs[0];
	b = &st->procs[1];
	assert_int_equal(a->pid, 10);
	assert_string_equal(a->exe, "a");
	assert_string_equal(a->source, "preload");
	assert_int_equal(a->ppid, 1);
	assert_int_equal(a->samples, 3);
	assert_int_equal(a->rss_min, 100);
	assert_int_equal(a->rss_max, 300);
	assert_int_equal(a->rss_first, 100);
	assert_int_equal(a->rss_last, 300);
	assert_true(fabs(a->rss_avg - 150) < 1e-9); /* (100*10 + 200*10) / 20 */
	assert_int_equal(a->rss_p50, 200);
	assert_int_equal(a->rss_p95, 300);
	assert_int_equal(a->lost_samples, 0);
	assert_true(a->saw_exit);
	assert_int_equal(a->vm_size_max, 600);
	assert_int_equal(a->vm_peak_kb, 900);
	assert_int_equal(a->vm_hwm_kb, 301);
	assert_int_equal(a->first_ms, T0);
	assert_int_equal(a->last_ms, T0 + 20000);
	assert_int_equal(a->npoints, 3);
	assert_int_equal(a->points[1].rss_kb, 200);

	assert_int_equal(b->pid, 11);
	assert_int_equal(b->samples, 3);
	assert_true(fabs(b->rss_avg - 2000) < 1e-9); /* (1000*10 + 3000*10) / 20 */
	assert_int_equal(b->rss_p50, 2000);
	assert_int_equal(b->rss_p95, 3000);
	assert_int_equal(b->lost_samples, 1);
	assert_false(b->saw_exit);

	/* tree: 0:a100 5:+b1000 10:a200 15:b3000 20:a300 (a exits) 25:b2000 */
	assert_int_equal(st->ntree, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(st->tree[i].t_ms, T0 + (int64_t)i * 5000);
		assert_int_equal(st->tree[i].rss_kb, tree[i]);
	}
	assert_int_equal(st->max_rss_kb, 3300);
	assert_true(fabs(st->avg_rss_kb - 1780) < 1e-9); /* (100+1100+1200+3200+3300)*5 / 25 */
	/* sorted 100 1100 1200 2000 3200 3300: nearest rank 3 of 6 and 6 of 6 */
	assert_true(st->have_tree_dist);
	assert_int_equal(st->min_rss_kb, 100);
	assert_int_equal(st->p50_rss_kb, 1200);
	assert_int_equal(st->p95_rss_kb, 3300);
	assert_int_equal(st->samples, 6);
	assert_int_equal(st->lost_samples, 1);
	assert_int_equal(st->malformed_lines, 0);
	assert_int_equal(st->peak_hwm_kb, 3001);
	assert_int_equal(st->first_ms, T0);
	assert_int_equal(st->last_ms, T0 + 25000);
	oya_stats_free(st);
}

/* Without an exit line a process stays in the tree until it has missed two of its intervals. */
static void test_tree_presumed_alive(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	static const uint64_t tree[] = { 30, 30, 30, 30, 20, 20 };

	(void)state;
	for (int i = 0; i < 6; i++) {
		if (i < 3)
			add(acc, 12, i * 10000, 10, "sample", i, "c"); /* last at 20 s, interval 10 s */
		add(acc, 13, i * 10000 + 3, 20, "sample", i, "d");  /* 3 ms later each time */
	}
	st = finish(acc);
	/* c counts until 20 + 2*10 = 40 s; gone at 40.003 */
	assert_int_equal(st->ntree, 9);
	assert_int_equal(st->tree[0].rss_kb, 10);
	for (size_t i = 0, k = 0; i < st->ntree; i++) {
		if ((st->tree[i].t_ms - T0) % 10000 == 3)
			assert_int_equal(st->tree[i].rss_kb, tree[k++]);
	}
	assert_int_equal(st->tree[st->ntree - 1].rss_kb, 20);
	assert_int_equal(st->max_rss_kb, 30);
	oya_stats_free(st);
}

/* exec keeps the pid: each "start" begins a new image, and the old one leaves the tree. */
static void test_exec_images(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	add(acc, 20, 0, 500, "start", 0, "sh");
	add(acc, 20, 1000, 600, "sample", 1, "sh");
	add(acc, 20, 1500, 900, "start", 0, "app");
	add(acc, 20, 2500, 1000, "sample", 1, "app");
	add(acc, 20, 3500, 1100, "exit", 2, "app");
	st = finish(acc);
	assert_int_equal(st->nprocs, 2);
	assert_string_equal(st->procs[0].exe, "sh");
	assert_int_equal(st->procs[0].samples, 2);
	assert_false(st->procs[0].saw_exit);
	assert_string_equal(st->procs[1].exe, "app");
	assert_int_equal(st->procs[1].samples, 3);
	assert_int_equal(st->procs[1].lost_samples, 0);
	assert_true(st->procs[1].saw_exit);
	assert_int_equal(st->lost_samples, 0);
	assert_int_equal(st->ntree, 5);
	assert_int_equal(st->tree[2].rss_kb, 900); /* not 600 + 900 */
	assert_int_equal(st->max_rss_kb, 1100);
	oya_stats_free(st);
}

/* A member that went quiet: the launcher's lines go on with the preload's seq, so the gap is lost
 * samples; the image keeps its latest title and says why it was sampled from outside. */
static void test_taken_over(void **state)
{
	static const char *const lines[] = {
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"pid\":9,\"exe\":\"nginx\",\"event\":\"start\",\"seq\":0,"
		"\"source\":\"preload\",\"metrics\":{\"rss_kb\":100},\"cmdline\":\"nginx: master process\"}",
		"{\"timestamp\":\"2026-11-26T19:18:34.072Z\",\"pid\":9,\"exe\":\"nginx\",\"event\":\"sample\",\"seq\":1,"
		"\"source\":\"preload\",\"metrics\":{\"rss_kb\":100},\"cmdline\":\"nginx: worker process\"}",
		"{\"timestamp\":\"2026-11-26T19:18:38.072Z\",\"pid\":9,\"exe\":\"nginx\",\"event\":\"sample\",\"seq\":5,"
		"\"source\":\"launcher\",\"metrics\":{\"rss_kb\":300},\"outside\":\"went quiet\"}",
		"{\"timestamp\":\"2026-11-26T19:18:39.072Z\",\"pid\":9,\"exe\":\"nginx\",\"event\":\"sample\",\"seq\":6,"
		"\"source\":\"launcher\",\"metrics\":{\"rss_kb\":300},\"outside\":\"went quiet\"}",
	};
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	json_object *j;

	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(oya_acc_add_line(acc, lines[i], strlen(lines[i])), 0);
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->procs[0].samples, 4);
	assert_int_equal(st->procs[0].lost_samples, 3); /* 2, 3, 4 */
	assert_string_equal(st->procs[0].cmdline, "nginx: worker process");
	assert_string_equal(st->procs[0].outside, "went quiet");
	assert_string_equal(st->procs[0].source, "launcher");
	j = oya_summary_json(st, NULL);
	assert_non_null(j);
	assert_non_null(strstr(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), "\"cmdline\":\"nginx: worker process\""));
	assert_non_null(strstr(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), "\"outside\":\"went quiet\""));
	json_object_put(j);
	oya_stats_free(st);
}

static void test_seq_gaps_out_of_order(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	/* two files merged: lines arrive out of time order, one is repeated */
	add(acc, 30, 0, 1, "start", 0, "x");
	add(acc, 30, 20000, 3, "sample", 2, "x");
	add(acc, 30, 10000, 2, "sample", 1, "x");
	add(acc, 30, 50000, 6, "sample", 5, "x");
	add(acc, 30, 50000, 6, "sample", 5, "x");
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->procs[0].samples, 5);
	assert_int_equal(st->procs[0].lost_samples, 2); /* 3 and 4 */
	assert_int_equal(st->procs[0].rss_first, 1);
	assert_int_equal(st->procs[0].rss_last, 6);
	for (size_t i = 1; i < st->procs[0].npoints; i++)
		assert_true(st->procs[0].points[i].t_ms >= st->procs[0].points[i - 1].t_ms);
	oya_stats_free(st);
}

static void test_one_and_two_samples(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	add(acc, 40, 0, 777, "start", 0, "one");
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->procs[0].rss_min, 777);
	assert_int_equal(st->procs[0].rss_max, 777);
	assert_int_equal(st->procs[0].rss_p50, 777);
	assert_int_equal(st->procs[0].rss_p95, 777);
	assert_true(st->procs[0].rss_avg == 777);
	assert_int_equal(st->ntree, 1);
	assert_int_equal(st->max_rss_kb, 777);
	assert_true(st->avg_rss_kb == 777);
	assert_false(st->tree_leak.leak_suspected);
	oya_stats_free(st);

	acc = oya_acc_new();
	add(acc, 41, 0, 100, "start", 0, "two");
	add(acc, 41, 4000, 300, "exit", 1, "two");
	st = finish(acc);
	assert_int_equal(st->procs[0].rss_p50, 100);
	assert_int_equal(st->procs[0].rss_p95, 300);
	assert_true(st->procs[0].rss_avg == 100); /* 100 held for the whole 4 s */
	assert_true(fabs(st->procs[0].leak.growth_kb_per_hour - 180000) < 1e-6);
	assert_false(st->procs[0].leak.enough_data); /* 4 s: the 180000 kB/h is not to be shown */
	assert_false(st->procs[0].leak.leak_suspected);
	oya_stats_free(st);

	acc = oya_acc_new(); /* no lines at all */
	st = finish(acc);
	assert_int_equal(st->nprocs, 0);
	assert_int_equal(st->ntree, 0);
	assert_int_equal(st->max_rss_kb, 0);
	oya_stats_free(st);
}

static void test_seed_format(void **state)
{
	static const char line[] = "{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"pid\":5,\"metrics\":"
				   "{\"rss_kb\":10,\"vm_size_kb\":20,\"vm_peak_kb\":30,\"rss_shared_kb\":4},"
				   "\"elapsed_secs\":0}";
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->procs[0].pid, 5);
	assert_int_equal(st->procs[0].ppid, -1);
	assert_null(st->procs[0].exe);
	assert_string_equal(st->procs[0].source, "");
	assert_int_equal(st->procs[0].vm_size_max, 20);
	assert_int_equal(st->procs[0].vm_peak_kb, 30);
	assert_int_equal(st->procs[0].vm_hwm_kb, 0);
	assert_int_equal(st->procs[0].lost_samples, 0);
	assert_int_equal(st->procs[0].first_ms, T0);
	oya_stats_free(st);
}

#define TS "\"timestamp\":\"2026-11-26T19:18:33.072Z\""
#define OK_TAIL "\"metrics\":{\"rss_kb\":10}}"

static void test_malformed(void **state)
{
	static const char *const badl[] = {
		"not json",
		"{" TS ",\"pid\":1}",
		"{\"pid\":1," OK_TAIL,
		"{\"timestamp\":\"yesterday\",\"pid\":1," OK_TAIL,
		"{\"timestamp\":12,\"pid\":1," OK_TAIL,
		"{" TS ",\"pid\":-1," OK_TAIL,
		"{" TS ",\"pid\":0," OK_TAIL,
		"{" TS ",\"pid\":\"12\"," OK_TAIL,
		"{" TS ",\"pid\":1.5," OK_TAIL,
		"{" TS ",\"pid\":99999999999," OK_TAIL,
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":-5}}",
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":1e300}}",
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":99999999999999999999}}",
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":2000000000000}}",
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":null}}",
		"{" TS ",\"pid\":1,\"metrics\":[1]}",
		"{" TS ",\"pid\":1,\"exe\":\"\xff\xfe\"," OK_TAIL,
		"{" TS ",\"pid\":1,\"exe\":\"\xc0\xaf\"," OK_TAIL,
		"{" TS ",\"pid\":1,\"metr",
		"[1,2]",
		"{" TS ",\"pid\":1," OK_TAIL " xyz",
		"{" TS ",\"pid\":1," OK_TAIL "{}",
		"{" TS ",\"pid\":1,\"ppid\":\"x\"," OK_TAIL,
		"{" TS ",\"pid\":1,\"seq\":-1," OK_TAIL,
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":10,\"vm_hwm_kb\":true}}",
		"{" TS ",\"pid\":1,\"exe\":\"a\x01" "b\"," OK_TAIL,
		"{" TS ",\"pid\":1,\"exe\":\"a\x1b[31m\"," OK_TAIL,
		"\"just a string\"",
		"{" TS ",\"pid\":1,\"metrics\":{\"rss_kb\":10},}",
	};
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	uint64_t lines, bad, line_no;
	size_t n = sizeof(badl) / sizeof(badl[0]);

	(void)state;
	add(acc, 1, 0, 10, "start", 0, "good");
	oya_acc_mark(acc);
	assert_null(oya_acc_first_problem(acc, &line_no));
	for (size_t i = 0; i < n; i++) {
		int rc = oya_acc_add_line(acc, badl[i], strlen(badl[i]));

		if (rc != 1)
			print_message("accepted: %s\n", badl[i]);
		assert_int_equal(rc, 1);
	}
	assert_int_equal(oya_acc_add_line(acc, "   \r\n", 5), 0); /* blank: not a line */
	add(acc, 1, 1000, 20, "exit", 1, "good");
	oya_acc_counts(acc, &lines, &bad);
	assert_int_equal(lines, n + 2);
	assert_int_equal(bad, n);
	assert_string_equal(oya_acc_first_problem(acc, &line_no), "not valid JSON");
	assert_int_equal(line_no, 1);
	st = finish(acc);
	assert_int_equal(st->malformed_lines, n);
	assert_int_equal(st->samples, 2);
	assert_int_equal(st->nprocs, 1);
	oya_stats_free(st);
}

/* Lines the fast scanner leaves to json-c are still read, with the same result. */
static void test_unusual_but_valid(void **state)
{
	static const char *const ok[] = {
		"{" TS ",\"pid\":7,\"exe\":\"q\\\"<script>\\u0001\\/x\"," OK_TAIL,
		"  { \"metrics\" : { \"rss_kb\" : 20 } , \"pid\" : 7 , " TS " }  ",
		"{" TS ",\"pid\":7,\"extra\":{\"a\":[1,2,{\"b\":null}]},\"f\":1.5e3," OK_TAIL,
		"{" TS ",\"pid\":7,\"ppid\":null,\"seq\":null,\"exe\":null," OK_TAIL,
		"{" TS ",\"pid\":7,\"exe\":\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d\"," OK_TAIL,
		"{" TS ",\"pid\":7,\"metrics\":{\"rss_kb\":10,\"rss_kb\":30}}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072\\u005a\",\"pid\":7," OK_TAIL,
	};
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int rc = oya_acc_add_line(acc, ok[i], strlen(ok[i]));

		if (rc != 0)
			print_message("refused: %s\n", ok[i]);
		assert_int_equal(rc, 0);
	}
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->samples, 7);
	assert_int_equal(st->malformed_lines, 0);
	assert_string_equal(st->procs[0].exe, "q\"<script>\x01/x");
	assert_int_equal(st->procs[0].rss_max, 30); /* json-c keeps the last of a repeated key */
	oya_stats_free(st);
}

/* oya_acc_feed: lines split anywhere, a huge line skipped without being kept, a last line without '\n'. */
static void test_feed_and_long_lines(void **state)
{
	static const char l1[] = "{" TS ",\"pid\":8," OK_TAIL "\n";
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	size_t big = 3 * 1024 * 1024;
	char *huge = malloc(big);
	uint64_t lines, bad;

	(void)state;
	assert_non_null(huge);
	for (size_t i = 0; i < sizeof(l1) - 1; i++) /* one byte at a time */
		assert_int_equal(oya_acc_feed(acc, l1 + i, 1), 0);
	memset(huge, 'x', big);
	memcpy(huge, "{\"exe\":\"", 8);
	for (size_t off = 0; off < big; off += 4096) /* a 3 MB line in pieces */
		assert_int_equal(oya_acc_feed(acc, huge + off, big - off < 4096 ? big - off : 4096), 0);
	assert_int_equal(oya_acc_feed(acc, "\"}\n", 3), 0);
	assert_int_equal(oya_acc_add_line(acc, huge, big), 1); /* and whole, to add_line */
	assert_int_equal(oya_acc_feed(acc, l1, sizeof(l1) - 2), 0); /* no '\n' at the end */
	assert_int_equal(oya_acc_feed_end(acc), 0);
	oya_acc_counts(acc, &lines, &bad);
	assert_int_equal(lines, 4);
	assert_int_equal(bad, 2);
	st = finish(acc);
	assert_int_equal(st->samples, 2);
	oya_stats_free(st);
	free(huge);
}

static void test_add_file(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 50000; i++) /* more than one read buffer */
		fprintf(f, "{\"timestamp\":\"2026-11-26T19:18:%02d.%03dZ\",\"pid\":%d,\"seq\":%d,"
			   "\"source\":\"preload\",\"metrics\":{\"rss_kb\":%d}}\n",
			i / 1000 % 60, i % 1000, 100 + i % 5, i / 5, 1000 + i % 5);
	fputs("{\"truncated", f);
	rewind(f);
	assert_int_equal(oya_acc_add_file(acc, f), 0);
	fclose(f);
	st = finish(acc);
	assert_int_equal(st->nprocs, 5);
	assert_int_equal(st->samples, 50000);
	assert_int_equal(st->malformed_lines, 1);
	assert_int_equal(st->lost_samples, 0);
	assert_int_equal(st->procs[4].rss_max, 1004);
	oya_stats_free(st);
}

static void test_json_round_trip(void **state)
{
	static const char *const argv[] = { "./app", "--x=\"1\"", NULL };
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st, *back;
	struct oya_run_info run = {
		.command = argv, .started_ms = T0, .ended_ms = T0 + 30000,
		.planned_duration_secs = 3600, .interval_secs = 10, .stop_reason = "exited",
		.exit_code = 3, .signal = 0,
	};
	static const char weird[] = "{" TS ",\"pid\":9,\"exe\":\"a\\\"b<script>\\u0007\\u001b[31m\"," OK_TAIL;
	json_object *o, *v;
	const char *text;
	char err[128];

	(void)state;
	add(acc, 10, 0, 100, "start", 0, "a");
	add(acc, 11, 5000, 1000, "start", 0, "b");
	add(acc, 10, 10000, 200, "sample", 1, "a");
	add(acc, 11, 15000, 3000, "sample", 1, "b");
	add(acc, 10, 20000, 300, "exit", 2, "a");
	add(acc, 11, 25000, 2000, "sample", 3, "b");
	assert_int_equal(oya_acc_add_line(acc, weird, strlen(weird)), 0);
	assert_int_equal(oya_acc_add_line(acc, "{", 1), 1);
	st = finish(acc);
	o = oya_summary_json(st, &run);
	assert_non_null(o);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	for (const char *p = text; *p; p++)
		assert_true((unsigned char)*p >= 0x20); /* control characters escaped */
	assert_null(strstr(text, "\x1b"));
	assert_true(json_object_object_get_ex(o, "command", &v));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 1)), "--x=\"1\"");
	assert_true(json_object_object_get_ex(o, "started_at", &v));
	assert_string_equal(json_object_get_string(v), "2026-11-26T19:18:33.072Z");
	assert_true(json_object_object_get_ex(o, "duration_secs", &v));
	assert_true(json_object_get_double(v) == 30);
	assert_true(json_object_object_get_ex(o, "signal", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "heaptrack", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "exit_code", &v));
	assert_int_equal(json_object_get_int(v), 3);
	assert_true(json_object_object_get_ex(o, "max_rss_mb", &v));
	assert_true(fabs(json_object_get_double(v) - 3310.0 / 1024) < 0.01);
	assert_false(st->tree_leak.enough_data); /* 30 s of a few samples: growth null, not a number */
	assert_true(json_object_object_get_ex(o, "growth_kb_per_hour", &v));
	assert_null(v);
	v = json_object_array_get_idx(json_object_object_get(o, "processes"), 0);
	assert_non_null(v);
	assert_true(json_object_object_get_ex(v, "growth_kb_per_hour", &v));
	assert_null(v);

	back = oya_summary_read(text, strlen(text), err, sizeof(err));
	assert_non_null(back);
	assert_int_equal(back->nprocs, st->nprocs);
	assert_int_equal(back->samples, st->samples);
	assert_int_equal(back->lost_samples, 1);
	assert_int_equal(back->malformed_lines, 1);
	assert_int_equal(back->max_rss_kb, st->max_rss_kb);
	assert_true(fabs(back->avg_rss_kb - st->avg_rss_kb) < 0.05);
	assert_true(st->have_tree_dist);
	assert_true(back->have_tree_dist);
	assert_int_equal(back->min_rss_kb, st->min_rss_kb);
	assert_int_equal(back->p50_rss_kb, st->p50_rss_kb);
	assert_int_equal(back->p95_rss_kb, st->p95_rss_kb);
	assert_int_equal(back->peak_hwm_kb, st->peak_hwm_kb);
	assert_int_equal(back->first_ms, st->first_ms);
	assert_int_equal(back->last_ms, st->last_ms);
	assert_string_equal(back->tree_leak.reason, st->tree_leak.reason);
	assert_false(back->tree_leak.enough_data); /* null read back */
	assert_true(back->tree_leak.growth_kb_per_hour == 0);
	for (size_t i = 0; i < st->nprocs; i++) {
		const struct oya_proc *p = &st->procs[i], *q = &back->procs[i];

		assert_int_equal(q->pid, p->pid);
		assert_int_equal(q->ppid, p->ppid);
		assert_string_equal(q->exe, p->exe);
		assert_string_equal(q->source, p->source);
		assert_int_equal(q->samples, p->samples);
		assert_int_equal(q->lost_samples, p->lost_samples);
		assert_int_equal(q->first_ms, p->first_ms);
		assert_int_equal(q->last_ms, p->last_ms);
		assert_int_equal(q->rss_min, p->rss_min);
		assert_int_equal(q->rss_max, p->rss_max);
		assert_int_equal(q->rss_p50, p->rss_p50);
		assert_int_equal(q->rss_p95, p->rss_p95);
		assert_int_equal(q->rss_first, p->rss_first);
		assert_int_equal(q->rss_last, p->rss_last);
		assert_true(fabs(q->rss_avg - p->rss_avg) < 0.05);
		assert_int_equal(q->vm_size_max, p->vm_size_max);
		assert_int_equal(q->vm_peak_kb, p->vm_peak_kb);
		assert_int_equal(q->vm_hwm_kb, p->vm_hwm_kb);
		assert_int_equal(q->saw_exit, p->saw_exit);
		assert_int_equal(q->leak.leak_suspected, p->leak.leak_suspected);
		assert_int_equal(q->leak.enough_data, p->leak.enough_data);
		assert_string_equal(q->leak.reason, p->leak.reason);
	}
	assert_int_equal(back->procs[0].pid, 9); /* first at T0 with a lower pid than a's 10 */
	assert_string_equal(back->procs[0].exe, "a\"b<script>\a\x1b[31m");
	assert_non_null(back->doc);
	oya_stats_free(back);
	json_object_put(o);

	/* a series long enough to judge: the growth is a number and reads back as judged */
	st->tree_leak.enough_data = true;
	st->tree_leak.growth_kb_per_hour = 1234.5;
	o = oya_summary_json(st, &run);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "growth_kb_per_hour", &v));
	assert_true(json_object_is_type(v, json_type_double));
	assert_true(json_object_get_double(v) == 1234.5);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	back = oya_summary_read(text, strlen(text), err, sizeof(err));
	assert_non_null(back);
	assert_true(back->tree_leak.enough_data);
	assert_true(back->tree_leak.growth_kb_per_hour == 1234.5);
	assert_false(back->procs[0].leak.enough_data);
	oya_stats_free(back);
	json_object_put(o);

	/* no run facts: all null, the duration from the samples */
	o = oya_summary_json(st, NULL);
	assert_true(json_object_object_get_ex(o, "command", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "exit_code", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "duration_secs", &v));
	assert_true(json_object_get_double(v) == 25);
	json_object_put(o);
	oya_stats_free(st);
}

/* The streaming writer prints what json-c prints for the whole object, byte for byte. */
static void expect_same_text(const struct oya_stats *st, const struct oya_run_info *run)
{
	json_object *o = oya_summary_json(st, run);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(o);
	assert_non_null(f);
	assert_int_equal(oya_summary_json_write(f, st, run), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
									 JSON_C_TO_STRING_NOSLASHESCAPE));
	free(buf);
	json_object_put(o);
}

static void test_json_write_streamed(void **state)
{
	static const char *const argv[] = { "./app", "a/b \"q\"", NULL };
	static const char weird[] = "{" TS ",\"pid\":9,\"exe\":\"a\\\"b/<script>\\u0007\\u00e9\"," OK_TAIL;
	struct oya_run_info run = {
		.command = argv, .started_ms = T0, .ended_ms = T0 + 30000,
		.planned_duration_secs = 3600, .interval_secs = 10, .stop_reason = "exited",
		.exit_code = 3, .signal = 0, .killed_externally = true,
	};
	json_object *ht = json_object_new_object();
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	/* no samples at all: an empty processes array */
	st = finish(oya_acc_new());
	expect_same_text(st, NULL);
	expect_same_text(st, &run);
	oya_stats_free(st);

	add(acc, 10, 0, 100, "start", 0, "a");
	add(acc, 11, 5000, 1000, "start", 0, "b");
	add(acc, 10, 10000, 200, "sample", 1, "a");
	add(acc, 11, 15000, 3000, "sample", 1, "b");
	add(acc, 10, 20000, 300, "exit", 2, "a");
	assert_int_equal(oya_acc_add_line(acc, weird, strlen(weird)), 0);
	st = finish(acc);
	assert_int_equal(st->nprocs, 3);
	expect_same_text(st, NULL);
	expect_same_text(st, &run);
	/* with heaptrack's object: nested objects and an empty array inside */
	assert_non_null(ht);
	json_object_object_add(ht, "data_file", json_object_new_string("/tmp/x.heaptrack.zst"));
	json_object_object_add(ht, "complete", json_object_new_boolean(1));
	json_object_object_add(ht, "peak_heap_bytes", json_object_new_int64(123456));
	json_object_object_add(ht, "stacks", json_object_new_array());
	run.heaptrack = ht;
	expect_same_text(st, &run);
	json_object_put(ht);
	oya_stats_free(st);
}

static void test_summary_read_bad(void **state)
{
	static const char *const bad[] = {
		"", "{", "[]", "{\"processes\":[]}", "{\"max_rss_kb\":1,\"processes\":{}}",
		"{\"max_rss_kb\":1,\"processes\":[1]}", "{\"max_rss_kb\":1,\"processes\":[]} x",
		"{\"max_rss_kb\":1,\"processes\":[],\"s\":\"\xff\"}",
	};
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_null(oya_summary_read(bad[i], strlen(bad[i]), err, sizeof(err)));
		assert_true(strlen(err) > 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_percentile_random),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_interleaved),
		cmocka_unit_test(test_tree_presumed_alive),
		cmocka_unit_test(test_exec_images),
		cmocka_unit_test(test_seq_gaps_out_of_order),
		cmocka_unit_test(test_taken_over),
		cmocka_unit_test(test_one_and_two_samples),
		cmocka_unit_test(test_seed_format),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unusual_but_valid),
		cmocka_unit_test(test_feed_and_long_lines),
		cmocka_unit_test(test_add_file),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_write_streamed),
		cmocka_unit_test(test_summary_read_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
