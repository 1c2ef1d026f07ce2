/* The terminal texts: inert strings, the diff and its gate, the table, the live view. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "text_report.h"

static char *inert(const char *s, size_t maxcols, size_t pad)
{
	struct oya_text t = { 0 };

	oya_text_inert(&t, s, maxcols, pad);
	oya_text_printf(&t, "|");
	return oya_text_take(&t);
}

static void expect_inert(const char *s, size_t maxcols, size_t pad, const char *want)
{
	char *got = inert(s, maxcols, pad);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_inert(void **state)
{
	(void)state;
	expect_inert("app", 10, 0, "app|");
	expect_inert("app", 10, 5, "app  |");
	expect_inert(NULL, 10, 0, "-|");
	expect_inert("a\x1b[31mb", 40, 0, "a\\x1b[31mb|");
	expect_inert("a\nb\tc\x7f", 40, 0, "a\\x0ab\\x09c\\x7f|");
	expect_inert("back\\slash", 40, 0, "back\\\\slash|");
	expect_inert("caf\xc3\xa9", 40, 0, "caf\xc3\xa9|");   /* UTF-8 kept */
	expect_inert("bad\xff\xc3", 40, 0, "bad\\xff\\xc3|"); /* not UTF-8: shown as bytes */
	expect_inert("\xc2\x9b"
		     "31m",
		     40, 0, "\\xc2\\x9b31m|");		 /* C1 CSI: not let through */
	expect_inert("abcdefghijkl", 8, 8, "abcde...|"); /* cut with "..." */
	expect_inert("abcdefgh", 8, 0, "abcdefgh|");
	expect_inert("\x1b\x1b\x1b", 9, 9, "\\x1b...  |"); /* an escape is not cut in half */
	expect_inert("caf\xc3\xa9s and more", 6, 6, "caf...|");
}

static struct oya_stats *stats(uint64_t max_kb, double avg_kb, uint64_t hwm_kb)
{
	struct oya_stats *st = calloc(1, sizeof(*st));

	assert_non_null(st);
	st->max_rss_kb = max_kb;
	st->avg_rss_kb = avg_kb;
	st->peak_hwm_kb = hwm_kb;
	return st;
}

static const struct oya_diff_row *row_named(const struct oya_diff *d, const char *name)
{
	for (size_t i = 0; i < d->nrows; i++)
		if (!strcmp(d->rows[i].name, name))
			return &d->rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

static void test_diff_gate(void **state)
{
	struct oya_stats *base = stats(1000, 800, 1000), *same = stats(1000, 800, 1000),
			 *up = stats(1200, 800, 1300), *down = stats(900, 700, 900);
	json_object *hb =
		json_tokener_parse("{\"peak_heap_bytes\":1000,\"leaked_bytes\":0,\"allocations\":5}");
	json_object *hn =
		json_tokener_parse("{\"peak_heap_bytes\":1150,\"leaked_bytes\":64,\"allocations\":5}");
	struct oya_diff d;
	char *text;

	(void)state;
	oya_diff_compute(base, up, NULL, NULL, 10, &d);
	assert_true(d.regression);
	assert_string_equal(d.rows[0].name, "max RSS (tree)");
	assert_true(fabs(d.rows[0].pct - 20) < 1e-9);
	assert_true(d.rows[0].regression);
	assert_false(d.rows[1].regression);		       /* avg unchanged */
	assert_false(row_named(&d, "peak VmHWM")->regression); /* shown, not gated */
	assert_true(fabs(row_named(&d, "peak VmHWM")->pct - 30) < 1e-9);
	text = oya_text_diff(&d, "a.jsonl", "b\x1b.jsonl");
	assert_non_null(text);
	assert_non_null(strstr(text, "+20.0%  REGRESSION"));
	assert_non_null(strstr(text, "regression: max RSS (tree) grew by more than 10%"));
	assert_non_null(strstr(text, "b\\x1b.jsonl"));
	assert_null(strstr(text, "heaptrack")); /* no heaptrack data on either side */
	free(text);

	oya_diff_compute(base, up, NULL, NULL, 20, &d); /* exactly 20%: not beyond */
	assert_false(d.regression);
	oya_diff_compute(base, same, NULL, NULL, 0, &d);
	assert_false(d.regression);
	oya_diff_compute(base, down, NULL, NULL, 0, &d);
	assert_false(d.regression);
	oya_diff_compute(base, up, NULL, NULL, -1, &d); /* no gate */
	assert_false(d.regression);
	text = oya_text_diff(&d, "a", "b");
	assert_non_null(strstr(text, "no --fail-above given"));
	free(text);

	oya_diff_compute(base, same, hb, hn, 10, &d); /* peak heap +15% is gated */
	assert_true(d.regression);
	text = oya_text_diff(&d, "a", "b");
	assert_non_null(strstr(text, "heaptrack peak heap"));
	assert_non_null(strstr(text, "+15.0%  REGRESSION"));
	assert_non_null(strstr(text, "heaptrack leaked"));
	free(text);
	oya_diff_compute(base, same, hb, NULL, 10, &d); /* heaptrack on one side only: not compared */
	assert_false(d.regression);

	/* growth: a number only where the run was long enough to judge it, n/a otherwise */
	same->tree_leak.enough_data = true;
	same->tree_leak.growth_kb_per_hour = 1024;
	oya_diff_compute(base, same, NULL, NULL, 10, &d);
	assert_true(row_named(&d, "growth per hour")->have);
	assert_true(isnan(row_named(&d, "growth per hour")->base));
	assert_true(row_named(&d, "growth per hour")->now == 1024);
	assert_true(isnan(row_named(&d, "growth per hour")->pct));
	assert_false(row_named(&d, "growth per hour")->regression);
	text = oya_text_diff(&d, "a", "b");
	assert_non_null(text);
	assert_non_null(strstr(text, "growth per hour                   n/a     +1.0 MiB/h        n/a\n"));
	free(text);

	base->max_rss_kb = 0; /* from nothing to something */
	oya_diff_compute(base, up, NULL, NULL, 10, &d);
	assert_true(isnan(d.rows[0].pct));
	assert_true(d.rows[0].regression);

	json_object_put(hb);
	json_object_put(hn);
	oya_stats_free(base);
	oya_stats_free(same);
	oya_stats_free(up);
	oya_stats_free(down);
}

static void test_table(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	static const char *const lines[] = {
		"{\"timestamp\":\"2026-11-26T19:00:00.000Z\",\"pid\":10,\"exe\":\"a\\u001b[2J\","
		"\"metrics\":{\"rss_kb\":2048,\"vm_hwm_kb\":4096}}",
		"{\"timestamp\":\"2026-11-26T19:00:10.000Z\",\"pid\":10,\"metrics\":{\"rss_kb\":1024}}",
		"oops",
	};
	json_object *sum = json_tokener_parse("{\"command\":[\"./x\",\"-v\"],\"stop_reason\":\"exited\","
					      "\"exit_code\":3,\"heaptrack\":{\"peak_heap_bytes\":2097152,"
					      "\"leaked_bytes\":1024,\"allocations\":7,\"complete\":false}}");
	struct oya_stats *st;
	char *text;

	(void)state;
	for (size_t i = 0; i < 3; i++)
		oya_acc_add_line(acc, lines[i], strlen(lines[i]));
	st = oya_acc_finish(acc);
	oya_acc_free(acc);
	assert_non_null(st);
	text = oya_text_table(st, sum);
	assert_non_null(text);
	print_message("%s", text);
	assert_non_null(strstr(text, "1 process image, 2 samples over 10 s"));
	assert_non_null(strstr(text, "command: ./x -v"));
	assert_non_null(strstr(text, "stopped: exited, exit status 3"));
	assert_non_null(strstr(text, "10 a\\x1b[2J"));
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "2.0 MiB")); /* max */
	assert_non_null(
		strstr(text, "1.0 MiB    2.0 MiB    1.0 MiB")); /* min, avg (2048 held for the 10 s), p50 */
	assert_non_null(strstr(text, "4.0 MiB"));		/* VmHWM */
	assert_non_null(strstr(text, "peak heap              2.0 MiB"));
	assert_non_null(strstr(text, "leaked at exit         1 KiB"));
	assert_non_null(strstr(text, "not complete"));
	assert_non_null(strstr(text, "skipped: 1 malformed line; lost: 0 samples"));
	/* 2 samples over 10 s: too little data, so no extrapolated growth beside the verdict */
	assert_false(st->tree_leak.enough_data);
	assert_non_null(strstr(text, "        n/a  no\n"));
	assert_true(st->tree_leak.growth_kb_per_hour < -360000); /* -1 MB in 10 s, extrapolated */
	assert_null(strstr(text, "360.0 MiB"));
	free(text);

	st->tree_leak.enough_data = true; /* as if judged: the rate is shown */
	st->tree_leak.growth_kb_per_hour = 2048;
	text = oya_text_table(st, sum);
	assert_non_null(text);
	assert_non_null(strstr(text, "  +2.0 MiB/h  no\n"));
	free(text);
	json_object_put(sum);
	oya_stats_free(st);
}

/* A process whose lines read PSS has its PSS row under its RSS row; one without has none. */
static void test_table_pss(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	static const char *const lines[] = {
		"{\"timestamp\":\"2026-11-26T19:00:00.000Z\",\"pid\":10,\"exe\":\"w\","
		"\"metrics\":{\"rss_kb\":8192,\"pss_kb\":3072}}",
		"{\"timestamp\":\"2026-11-26T19:00:10.000Z\",\"pid\":10,\"metrics\":{\"rss_kb\":8192,\"pss_kb\":2048}}",
		"{\"timestamp\":\"2026-11-26T19:00:00.000Z\",\"pid\":11,\"exe\":\"v\",\"metrics\":{\"rss_kb\":1024}}",
		"{\"timestamp\":\"2026-11-26T19:00:10.000Z\",\"pid\":11,\"metrics\":{\"rss_kb\":1024}}",
	};
	json_object *sum = json_tokener_parse("{\"stop_reason\":\"exited\"}");
	struct oya_stats *st;
	char *text, *row;

	(void)state;
	for (size_t i = 0; i < 4; i++)
		oya_acc_add_line(acc, lines[i], strlen(lines[i]));
	st = oya_acc_finish(acc);
	oya_acc_free(acc);
	assert_non_null(st);
	text = oya_text_table(st, sum);
	assert_non_null(text);
	print_message("%s", text);
	row = strstr(text, "10 w");
	assert_non_null(row);
	row = strstr(row, "\n  its PSS ");
	assert_non_null(row); /* right under pid 10's row: min, avg (3072 held 10 s), p50 */
	assert_non_null(strstr(row, "2.0 MiB    3.0 MiB    2.0 MiB"));
	assert_null(strstr(strstr(text, "11 v"), "its PSS")); /* pid 11 has no PSS: no row */
	assert_true(strstr(text, "\n  its PSS ") == row); /* and only one such row */
	assert_null(strstr(row + strlen("\n  its PSS"), "its PSS"));
	free(text);
	json_object_put(sum);
	oya_stats_free(st);
}

static void test_live(void **state)
{
	struct oya_live v[2];
	char *text;

	(void)state;
	memset(v, 0, sizeof(v));
	v[0].pid = 42;
	v[0].exe = "svc";
	v[0].samples = 3;
	v[0].cur_kb = 3072;
	v[0].peak_kb = 4096;
	v[0].recent[0] = 1000;
	v[0].recent[1] = 2000;
	v[0].recent[2] = 3000;
	v[0].nrecent = 3;
	v[1].pid = 43;
	v[1].exe = "gone";
	v[1].exited = true;
	v[1].recent[0] = 5;
	v[1].nrecent = 1;
	text = oya_text_live(v, 2, "f.jsonl", 4, 1, 0);
	assert_non_null(text);
	assert_non_null(strstr(text, "4 lines, 1 malformed"));
	assert_non_null(strstr(text, "3.0 MiB"));
	assert_non_null(strstr(text, "4.0 MiB"));
	assert_non_null(strstr(text, "\u2581\u2585\u2588")); /* low, middle, high */
	assert_non_null(strstr(text, "exited"));
	free(text);
	text = oya_text_live(NULL, 0, "f.jsonl", 0, 0, 80);
	assert_non_null(strstr(text, "(no samples yet)"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inert),
		cmocka_unit_test(test_diff_gate),
		cmocka_unit_test(test_table), cmocka_unit_test(test_table_pss),
		cmocka_unit_test(test_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
