/* PSS, USS and swap in the summary: hand-computed fixtures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "diff.h"
#include "sample_line.h"
#include "summary.h"

#define T0 1795720713072LL /* 2026-11-26T19:18:33.072Z */
#define NONE -1		   /* the line has no such field */

/* One line of PID at T0 + SEC seconds with RSS, and PSS / USS / swap unless NONE. */
static void add(struct oya_acc *acc, int64_t pid, int64_t sec, const char *event, uint64_t rss, long pss,
		long uss, long swap)
{
	char ts[32], line[512], extra[128] = "";
	size_t n = 0;

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + sec * 1000), 24);
	if (swap != NONE)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, ",\"swap_kb\":%ld", swap);
	if (pss != NONE)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, ",\"pss_kb\":%ld", pss);
	if (uss != NONE)
		snprintf(extra + n, sizeof(extra) - n, ",\"uss_kb\":%ld", uss);
	snprintf(
		line, sizeof(line),
		"{\"timestamp\":\"%s\",\"pid\":%lld,\"ppid\":1,\"exe\":\"w\",\"event\":\"%s\","
		"\"source\":\"preload\",\"metrics\":{\"rss_kb\":%llu%s},\"elapsed_secs\":0,\"elapsed_ms\":0}",
		ts, (long long)pid, event, (unsigned long long)rss, extra);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
}

static struct oya_stats *finish(struct oya_acc *acc)
{
	struct oya_stats *st = oya_acc_finish(acc);

	assert_non_null(st);
	oya_acc_free(acc);
	return st;
}

static const struct oya_proc *proc_of(const struct oya_stats *st, int64_t pid)
{
	for (size_t i = 0; i < st->nprocs; i++)
		if (st->procs[i].pid == pid)
			return &st->procs[i];
	fail_msg("no pid %lld", (long long)pid);
	return NULL;
}

/* Per image: the figures are over the lines that read PSS; swap over the lines that have it. */
static void test_proc_figures(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	const struct oya_proc *p;
	struct oya_stats *st;

	(void)state;
	add(acc, 10, 0, "start", 1000, NONE, NONE, 0);
	add(acc, 10, 1, "sample", 1000, 400, 300, 0);
	add(acc, 10, 2, "sample", 1100, NONE, NONE, 7);
	add(acc, 10, 3, "sample", 1100, 600, 200, 3);
	add(acc, 10, 4, "exit", 1100, NONE, NONE, 0);
	st = finish(acc);
	p = proc_of(st, 10);
	assert_int_equal(p->npss, 2);
	assert_true(p->pss.have);
	assert_int_equal(p->pss.min, 400);
	assert_int_equal(p->pss.max, 600);
	assert_int_equal(p->pss.p50, 400);
	assert_int_equal(p->pss.p95, 600);
	assert_true(p->pss.avg == 400.0); /* 400 holds from 1 s to 3 s, the only span */
	assert_true(p->uss.have);
	assert_int_equal(p->uss.min, 200);
	assert_int_equal(p->uss.max, 300);
	assert_true(p->have_swap);
	assert_int_equal(p->swap_max_kb, 7);
	/* RSS stays over every line */
	assert_int_equal(p->rss_min, 1000);
	assert_int_equal(p->samples, 5);
	oya_stats_free(st);
}

/* No line with PSS: no PSS figures anywhere, and the JSON says null. */
static void test_no_pss(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	json_object *o, *v;

	(void)state;
	add(acc, 10, 0, "start", 1000, NONE, NONE, NONE);
	add(acc, 10, 1, "exit", 1000, NONE, NONE, NONE);
	st = finish(acc);
	assert_false(st->pss.have);
	assert_int_equal(st->ntree_pss, 0);
	assert_false(st->procs[0].pss.have);
	assert_false(st->procs[0].have_swap);
	assert_string_equal(st->tree_leak.measure, "rss");
	o = oya_summary_json(st, NULL);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "max_pss_kb", &v) && v == NULL);
	assert_true(json_object_object_get_ex(o, "pss_kb", &v) && v == NULL);
	assert_true(json_object_object_get_ex(o, "pss_rss_fallback_images", &v) && v == NULL);
	json_object_put(o);
	oya_stats_free(st);
}

/*
 * The tree by PSS: each member's latest PSS carried between its reads, RSS for
 * a member with none yet (counted as a fallback), and only settled moments.
 *   t=0  A start (rss 1000, no PSS)
 *   t=1  A reads 400
 *   t=2  B starts (rss 900, no PSS yet): A's read is older than the fork, so t=2 is not settled
 *   t=3  A reads 300 (its share fell at the fork), B none -> 300 + 900 = 1200, settled
 *   t=4  B reads 250 -> 300 + 250 = 550
 *   t=5  A line without PSS (300 carried), B line without PSS (250 carried) -> 550
 */
static void test_tree_pss(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	add(acc, 1, 0, "start", 1000, NONE, NONE, 0);
	add(acc, 1, 1, "sample", 1000, 400, 350, 0);
	add(acc, 2, 2, "start", 900, NONE, NONE, 0);
	add(acc, 1, 3, "sample", 1000, 300, 250, 0);
	add(acc, 2, 3, "sample", 900, NONE, NONE, 0);
	add(acc, 2, 4, "sample", 900, 250, 20, 0);
	add(acc, 1, 5, "exit", 1000, NONE, NONE, 0);
	add(acc, 2, 5, "exit", 900, NONE, NONE, 0);
	st = finish(acc);
	assert_int_equal(st->max_rss_kb, 1900);
	assert_int_equal(st->ntree_pss, 4); /* t = 1, 3, 4, 5; t = 2 is not settled */
	assert_int_equal(st->tree_pss[0].rss_kb, 400);
	assert_int_equal(st->tree_pss[1].t_ms, T0 + 3000);
	assert_int_equal(st->tree_pss[1].rss_kb, 1200);
	assert_int_equal(st->tree_pss[2].rss_kb, 550);
	assert_int_equal(st->tree_pss[3].rss_kb, 550);
	assert_true(st->pss.have);
	assert_int_equal(st->pss.max, 1200);
	assert_int_equal(st->pss.min, 400);
	/* 400 for 2 s, 1200 for 1 s, 550 for 1 s over 4 s */
	assert_true(st->pss.avg == (400.0 * 2 + 1200 + 550) / 4);
	assert_int_equal(st->pss_rss_fallback_images, 1);
	oya_stats_free(st);
}

/* A fork after every member has read: the old reads overstate until each reads again. */
static void test_tree_pss_settles(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	add(acc, 1, 0, "start", 1000, 1000, 1000, 0);
	add(acc, 1, 1, "sample", 1000, 1000, 1000, 0);
	add(acc, 2, 2, "start", 1000, 500, 0, 0); /* the child's share; the parent's read is old */
	add(acc, 1, 3, "sample", 1000, 500, 0, 0);
	add(acc, 2, 3, "sample", 1000, 500, 0, 0);
	add(acc, 2, 4, "exit", 1000, 500, 0, 0);
	add(acc, 1, 6, "sample", 1000, 1000, 1000, 0);
	add(acc, 1, 7, "exit", 1000, 1000, 1000, 0);
	st = finish(acc);
	assert_int_equal(st->max_rss_kb, 2000);
	assert_int_equal(st->pss.max, 1000); /* never 1500: t = 2 is not settled */
	assert_int_equal(st->pss.min, 1000);
	assert_int_equal(st->pss_rss_fallback_images, 0);
	for (size_t i = 0; i < st->ntree_pss; i++)
		assert_true(st->tree_pss[i].t_ms != T0 + 2000);
	oya_stats_free(st);
}

/* A parent and 4 workers share 200 kB (40 each); the workers end unseen (no exit line) after t = 3,
   and the parent's reads from t = 4 on hold the whole 200. Until the workers leave (t = 5, two
   intervals after their last line) a moment would add their held 40s to it: 360 at t = 4. */
static void test_tree_pss_unseen_exit(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	for (int64_t t = 0; t <= 3; t++)
		for (int64_t pid = 1; pid <= 5; pid++)
			add(acc, pid, t, t ? "sample" : "start", 200, 40, 10, 0);
	for (int64_t t = 4; t <= 6; t++)
		add(acc, 1, t, "sample", 200, 200, 200, 0);
	add(acc, 1, 7, "exit", 200, 200, 200, 0);
	st = finish(acc);
	assert_int_equal(st->max_rss_kb, 1000);
	assert_int_equal(st->pss.max, 200);
	assert_int_equal(st->pss.min, 200);
	assert_int_equal(st->ntree_pss, 6); /* t = 0 to 3, 6 and 7: t = 4 and 5 fall in the workers' grace */
	assert_int_equal(st->tree_pss[4].t_ms, T0 + 6000);
	assert_int_equal(st->tree[4].rss_kb, 1000); /* the RSS total keeps them until they leave */
	oya_stats_free(st);
}

/* The leak rule judges PSS when it has enough reads: a worker whose RSS grows as it
   touches shared pages, its PSS flat. With too few reads it judges RSS, and says so. */
static void test_leak_on_pss(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	for (int i = 0; i <= 60; i++)
		add(acc, 5, i, "sample", 10000 + (uint64_t)i * 2000, 5000, 4000, 0);
	st = finish(acc);
	assert_string_equal(st->procs[0].leak.measure, "pss");
	assert_true(st->procs[0].leak.enough_data);
	assert_false(st->procs[0].leak.leak_suspected);
	assert_non_null(strstr(st->procs[0].leak.reason, "(PSS)"));
	assert_string_equal(st->tree_leak.measure, "pss");
	oya_stats_free(st);

	acc = oya_acc_new();
	for (int i = 0; i <= 60; i++)
		add(acc, 5, i, "sample", 10000 + (uint64_t)i * 2000, i % 30 ? NONE : 5000, NONE, 0);
	st = finish(acc);
	assert_string_equal(st->procs[0].leak.measure, "rss");
	assert_true(st->procs[0].leak.leak_suspected);
	assert_non_null(strstr(st->procs[0].leak.reason, "RSS: too few PSS reads"));
	oya_stats_free(st);
}

/* The summary JSON carries the PSS figures and reads them back. */
static void test_json_round_trip(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st, *back;
	const char *text;
	json_object *o;
	char err[256];

	(void)state;
	add(acc, 1, 0, "start", 1000, 400, 300, 2);
	add(acc, 1, 1, "sample", 1000, 500, 300, 9);
	add(acc, 1, 2, "exit", 1000, 500, 300, 0);
	st = finish(acc);
	o = oya_summary_json(st, NULL);
	assert_non_null(o);
	text = json_object_to_json_string(o);
	back = oya_summary_read(text, strlen(text), err, sizeof(err));
	assert_non_null(back);
	assert_true(back->pss.have);
	assert_int_equal(back->pss.max, 500);
	assert_int_equal(back->pss.min, 400);
	assert_true(back->pss.avg == st->pss.avg);
	assert_int_equal(back->pss_rss_fallback_images, 0);
	assert_true(back->procs[0].pss.have);
	assert_int_equal(back->procs[0].pss.p95, 500);
	assert_int_equal(back->procs[0].uss.max, 300);
	assert_true(back->procs[0].have_swap);
	assert_int_equal(back->procs[0].swap_max_kb, 9);
	assert_string_equal(back->tree_leak.measure, st->tree_leak.measure);
	json_object_put(o);
	oya_stats_free(back);
	oya_stats_free(st);
}

/* --diff compares the tree's PSS where both runs have it, and gates on it. */
static void test_diff_pss(void **state)
{
	struct oya_acc *a = oya_acc_new(), *b = oya_acc_new(), *c = oya_acc_new();
	struct oya_stats *base, *now, *none;
	struct oya_diff d;
	bool seen = false;

	(void)state;
	add(a, 1, 0, "start", 1000, 400, 300, 0);
	add(a, 1, 1, "exit", 1000, 400, 300, 0);
	add(b, 1, 0, "start", 1000, 600, 300, 0);
	add(b, 1, 1, "exit", 1000, 600, 300, 0);
	add(c, 1, 0, "start", 1000, NONE, NONE, 0);
	add(c, 1, 1, "exit", 1000, NONE, NONE, 0);
	base = finish(a);
	now = finish(b);
	none = finish(c);
	oya_diff_compute(base, now, NULL, NULL, 10, &d);
	assert_true(d.regression); /* RSS is flat: PSS +50% decides */
	for (size_t i = 0; i < d.nrows; i++) {
		if (strcmp(d.rows[i].name, "max PSS (tree)"))
			continue;
		seen = true;
		assert_true(d.rows[i].have);
		assert_true(d.rows[i].regression);
		assert_true(d.rows[i].base == 400 && d.rows[i].now == 600);
	}
	assert_true(seen);
	oya_diff_compute(base, none, NULL, NULL, 10, &d); /* one run without PSS: not compared */
	assert_false(d.regression);
	for (size_t i = 0; i < d.nrows; i++)
		if (strstr(d.rows[i].name, "PSS"))
			assert_false(d.rows[i].have);
	oya_stats_free(base);
	oya_stats_free(now);
	oya_stats_free(none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proc_figures), cmocka_unit_test(test_no_pss),
		cmocka_unit_test(test_tree_pss),     cmocka_unit_test(test_tree_pss_settles),
		cmocka_unit_test(test_tree_pss_unseen_exit),
		cmocka_unit_test(test_leak_on_pss),  cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_diff_pss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
