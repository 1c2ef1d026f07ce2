/* oya_acc_finish_with: the tree's figures alone (what --runs shows) and one run's images (what
 * --openmetrics labels with that run) are exactly those oya_acc_finish gives. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sample_line.h"
#include "summary.h"

#define T0 1795720713072LL /* 2026-11-26T19:18:33.072Z */

/* One line of PID of RUN at T0 + MS with RSS, and PSS when PSS >= 0. */
static void add(struct oya_acc *acc, const char *run, int64_t pid, int64_t ms, const char *event, uint64_t rss,
		long pss)
{
	char ts[32], line[512], pss_field[40] = "";

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + ms), 24);
	if (pss >= 0)
		snprintf(pss_field, sizeof(pss_field), ",\"pss_kb\":%ld", pss);
	snprintf(line, sizeof(line),
		 "{\"timestamp\":\"%s\",\"pid\":%lld,\"ppid\":1,\"exe\":\"e%lld\",\"event\":\"%s\","
		 "\"source\":\"preload\",\"host\":\"h\",\"run\":\"%s\",\"metrics\":{\"rss_kb\":%llu,"
		 "\"vm_hwm_kb\":%llu%s}}",
		 ts, (long long)pid, (long long)pid, event, run, (unsigned long long)rss,
		 (unsigned long long)rss + 10, pss_field);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
}

/* Run RUN: a parent growing for 10 minutes, two children that come and go (one execs), PSS on
   every third line; BASE shifts its sizes. */
static void feed_run(struct oya_acc *acc, const char *run, uint64_t base)
{
	for (int64_t i = 0; i < 600; i++) {
		int64_t ms = i * 1000;

		add(acc, run, 100, ms, i ? "sample" : "start", base + (uint64_t)i * 50 + (uint64_t)(i % 7) * 30,
		    i % 3 ? -1 : (long)(base / 2 + (uint64_t)i * 20));
		if (i >= 50 && i < 400)
			add(acc, run, 101, ms + 3, i == 50 ? "start" : i == 399 ? "exit" : "sample",
			    base / 4 + (uint64_t)(i % 11) * 100, i % 3 == 1 ? (long)(base / 8) : -1);
		if (i >= 200)
			add(acc, run, 102, ms + 5, i == 200 || i == 300 ? "start" : "sample", base / 3, -1);
	}
}

static void same_dist(const struct oya_dist *a, const struct oya_dist *b)
{
	assert_int_equal(a->have, b->have);
	assert_int_equal(a->min, b->min);
	assert_int_equal(a->max, b->max);
	assert_int_equal(a->p50, b->p50);
	assert_int_equal(a->p95, b->p95);
	assert_true(a->avg == b->avg);
}

/* The figures a tree-only finish promises, compared with the full finish's. */
static void same_tree(const struct oya_stats *lean, const struct oya_stats *full)
{
	assert_int_equal(lean->samples, full->samples);
	assert_int_equal(lean->first_ms, full->first_ms);
	assert_int_equal(lean->last_ms, full->last_ms);
	assert_int_equal(lean->max_rss_kb, full->max_rss_kb);
	assert_true(lean->avg_rss_kb == full->avg_rss_kb);
	assert_int_equal(lean->peak_hwm_kb, full->peak_hwm_kb);
	assert_int_equal(lean->ntree, full->ntree);
	assert_memory_equal(lean->tree, full->tree, full->ntree * sizeof(*full->tree));
	assert_int_equal(lean->ntree_pss, full->ntree_pss);
	assert_memory_equal(lean->tree_pss, full->tree_pss, full->ntree_pss * sizeof(*full->tree_pss));
	same_dist(&lean->pss, &full->pss);
	assert_int_equal(lean->pss_rss_fallback_images, full->pss_rss_fallback_images);
	assert_int_equal(lean->tree_leak.enough_data, full->tree_leak.enough_data);
	assert_int_equal(lean->tree_leak.leak_suspected, full->tree_leak.leak_suspected);
	assert_true(lean->tree_leak.growth_kb_per_hour == full->tree_leak.growth_kb_per_hour);
	assert_string_equal(lean->tree_leak.measure, full->tree_leak.measure);
	assert_string_equal(lean->tree_leak.reason, full->tree_leak.reason);
	assert_int_equal(lean->nprocs, full->nprocs);
	for (size_t i = 0; i < full->nprocs; i++) {
		assert_int_equal(lean->procs[i].pid, full->procs[i].pid);
		assert_string_equal(lean->procs[i].exe, full->procs[i].exe);
		assert_string_equal(lean->procs[i].run, full->procs[i].run);
		assert_int_equal(lean->procs[i].rss_max, full->procs[i].rss_max);
		assert_int_equal(lean->procs[i].npss, full->procs[i].npss);
	}
}

static void test_tree_only(void **state)
{
	static const struct oya_finish tree = { .tree_only = true };
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *full, *lean;

	(void)state;
	assert_non_null(acc);
	feed_run(acc, "r1", 40000);
	full = oya_acc_finish(acc);
	lean = oya_acc_finish_with(acc, &tree);
	assert_non_null(full);
	assert_non_null(lean);
	assert_true(full->pss.have);
	assert_true(full->tree_leak.enough_data);
	assert_int_equal(full->nprocs, 4); /* 102 starts again at 300 s */
	same_tree(lean, full);
	/* what it leaves out */
	assert_false(lean->have_tree_dist);
	assert_true(full->have_tree_dist);
	assert_int_equal(lean->procs[0].rss_p95, 0);
	assert_true(full->procs[0].rss_p95 > 0);
	assert_false(lean->procs[0].pss.have);
	oya_stats_free(full);
	oya_stats_free(lean);
	oya_acc_free(acc);
}

/* Two runs in one accumulator: each run's finish is that of its lines alone. */
static void test_one_run(void **state)
{
	struct oya_acc *both = oya_acc_new(), *alone = oya_acc_new();
	const char **runs;
	size_t nruns;
	struct oya_finish how = { .one_run = true, .run = "r2" };
	struct oya_stats *part, *ref;

	(void)state;
	assert_non_null(both);
	assert_non_null(alone);
	feed_run(both, "r1", 40000);
	feed_run(both, "r2", 90000);
	feed_run(alone, "r2", 90000);
	runs = oya_acc_runs(both, &nruns);
	assert_non_null(runs);
	assert_int_equal(nruns, 2);
	assert_string_equal(runs[0], "r1");
	assert_string_equal(runs[1], "r2");
	free(runs);
	part = oya_acc_finish_with(both, &how);
	ref = oya_acc_finish(alone);
	assert_non_null(part);
	assert_non_null(ref);
	same_tree(part, ref);
	for (size_t i = 0; i < ref->nprocs; i++) {
		assert_int_equal(part->procs[i].rss_p95, ref->procs[i].rss_p95);
		assert_int_equal(part->procs[i].lost_samples, ref->procs[i].lost_samples);
		assert_true(part->procs[i].leak.growth_kb_per_hour == ref->procs[i].leak.growth_kb_per_hour);
	}
	assert_int_equal(part->p95_rss_kb, ref->p95_rss_kb);
	oya_stats_free(part);
	/* a run no image has: nothing */
	how.run = "r3";
	part = oya_acc_finish_with(both, &how);
	assert_non_null(part);
	assert_int_equal(part->nprocs, 0);
	assert_int_equal(part->samples, 0);
	oya_stats_free(part);
	oya_stats_free(ref);
	oya_acc_free(both);
	oya_acc_free(alone);
}

/* Lines without a run id are a run of their own (NULL), apart from those with one. */
static void test_no_run_id(void **state)
{
	static const char line[] = "{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"pid\":7,\"exe\":\"x\","
				   "\"metrics\":{\"rss_kb\":5}}";
	struct oya_acc *acc = oya_acc_new();
	struct oya_finish how = { .one_run = true, .run = NULL };
	const char **runs;
	size_t nruns;
	struct oya_stats *st;

	(void)state;
	assert_non_null(acc);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
	add(acc, "r1", 8, 0, "start", 100, -1);
	runs = oya_acc_runs(acc, &nruns);
	assert_non_null(runs);
	assert_int_equal(nruns, 2);
	assert_null(runs[0]);
	assert_string_equal(runs[1], "r1");
	free(runs);
	st = oya_acc_finish_with(acc, &how);
	assert_non_null(st);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->procs[0].pid, 7);
	assert_int_equal(st->max_rss_kb, 5);
	oya_stats_free(st);
	oya_acc_free(acc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree_only),
		cmocka_unit_test(test_one_run),
		cmocka_unit_test(test_no_run_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
