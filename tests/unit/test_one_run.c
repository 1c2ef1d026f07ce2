/*
 * One run rendered as the table, the summary JSON, the HTML report, the diff and
 * the live view: each figure shows the same digits in each. And the words for
 * heaptrack's unfreed bytes follow how the run ended.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "human.h"
#include "json_member.h"
#include "report.h"
#include "summary.h"
#include "text_report.h"

#define PEAK_HEAP 36175944.0   /* bytes: 34.5 MiB */

static const char *const lines[] = {
	"{\"timestamp\":\"2026-11-26T19:00:00.000Z\",\"pid\":10,\"exe\":\"app\",\"metrics\":{\"rss_kb\":20000}}",
	"{\"timestamp\":\"2026-11-26T19:05:00.000Z\",\"pid\":10,\"metrics\":{\"rss_kb\":35328}}",
	"{\"timestamp\":\"2026-11-26T19:10:00.000Z\",\"pid\":10,\"metrics\":{\"rss_kb\":30000}}",
	"{\"timestamp\":\"2026-11-26T19:12:05.000Z\",\"pid\":10,\"metrics\":{\"rss_kb\":30000}}",
};

struct run {
	struct oya_acc *acc;
	struct oya_stats *st;
	json_object *ht, *summary;
};

static void run_make(struct run *r, const char *stop_reason)
{
	static const char *const cmd[] = { "./app", NULL };
	struct oya_run_info info = { .exit_code = -1 };

	r->acc = oya_acc_new();
	assert_non_null(r->acc);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		assert_int_equal(oya_acc_add_line(r->acc, lines[i], strlen(lines[i])), 0);
	r->st = oya_acc_finish(r->acc);
	assert_non_null(r->st);
	r->ht = json_tokener_parse("{\"data_file\":\"/tmp/app.heaptrack.zst\",\"complete\":true,"
				   "\"peak_heap_bytes\":36175944,\"peak_rss_bytes\":42100000,"
				   "\"leaked_bytes\":2097152,\"allocations\":100,\"temporary_allocations\":3}");
	assert_non_null(r->ht);
	info.command = cmd;
	info.stop_reason = stop_reason;
	info.heaptrack = r->ht;
	r->summary = oya_summary_json(r->st, &info);
	assert_non_null(r->summary);
}

static void run_free(struct run *r)
{
	json_object_put(r->summary);
	json_object_put(r->ht);
	oya_stats_free(r->st);
	oya_acc_free(r->acc);
}

static char *table(const struct run *r)
{
	char *t = oya_text_table(r->st, r->summary);

	assert_non_null(t);
	return t;
}

static char *page(const struct run *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(oya_render_html(f, r->st, r->summary, NULL, NULL, 0), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *diff(const struct run *r)
{
	struct oya_diff d;
	char *t;

	oya_diff_compute(r->st, r->st, r->ht, r->ht, -1, &d);
	t = oya_text_diff(&d, "a", "b");
	assert_non_null(t);
	return t;
}

static char *live(const struct run *r)
{
	struct oya_live v[1];
	char *t;

	assert_int_equal(oya_acc_live(r->acc, v, 1), 1);
	t = oya_text_live(v, 1, "app.jsonl", 4, 0, 0);
	assert_non_null(t);
	return t;
}

static double number(const json_object *o, const char *key)
{
	double v = -1;

	assert_true(oya_json_number(o, key, &v));
	return v;
}

static void expect_in(const char *text, const char *what, const char *figure)
{
	if (!strstr(text, figure))
		fail_msg("the %s lacks \"%s\":\n%s", what, figure, text);
}

static void test_same_digits(void **state)
{
	char peak[OYA_HUMAN_MAX], avg[OYA_HUMAN_MAX], heap[OYA_HUMAN_MAX], dur[OYA_HUMAN_MAX], mb[32];
	char *t, *h, *d, *l;
	struct run r;

	(void)state;
	run_make(&r, "exited");
	/* the figures as the summary JSON holds them */
	oya_human_kb(peak, sizeof(peak), number(r.summary, "max_rss_kb"));
	oya_human_kb(avg, sizeof(avg), number(r.summary, "avg_rss_kb"));
	oya_human_bytes(heap, sizeof(heap), number(oya_json_member(r.summary, "heaptrack"), "peak_heap_bytes"));
	oya_human_dur(dur, sizeof(dur), number(r.summary, "duration_secs"));
	assert_string_equal(peak, "34.5 MiB");
	assert_string_equal(heap, "34.5 MiB");
	assert_string_equal(dur, "12 min 5 s");
	/* the JSON's _mb fields are MiB: the same digits as the human forms */
	snprintf(mb, sizeof(mb), "%.1f MiB", number(r.summary, "max_rss_mb"));
	assert_string_equal(mb, peak);
	snprintf(mb, sizeof(mb), "%.1f MiB", number(r.summary, "avg_rss_mb"));
	assert_string_equal(mb, avg);

	t = table(&r);
	h = page(&r);
	d = diff(&r);
	l = live(&r);
	expect_in(t, "table", peak);
	expect_in(h, "HTML report", peak);
	expect_in(d, "diff", peak);
	expect_in(l, "live view", peak);
	expect_in(t, "table", avg);
	expect_in(h, "HTML report", avg);
	expect_in(d, "diff", avg);
	expect_in(t, "table", heap);
	expect_in(h, "HTML report", heap);
	expect_in(d, "diff", heap);
	expect_in(t, "table", dur);
	expect_in(h, "HTML report", dur);
	/* no output falls back to units of 1000 */
	assert_null(strstr(t, " MB"));
	assert_null(strstr(h, " MB"));
	assert_null(strstr(d, " MB"));
	assert_null(strstr(l, " MB"));
	free(t);
	free(h);
	free(d);
	free(l);
	run_free(&r);
}

static void test_unfreed_words(void **state)
{
	static const char *const stopped[] = { "duration_limit", "interrupted", "disk_limit" };
	static const char *const by_itself[] = { "exited", "signaled" };
	struct run r;
	char *t, *h;

	(void)state;
	for (size_t i = 0; i < sizeof(by_itself) / sizeof(by_itself[0]); i++) {
		run_make(&r, by_itself[i]);
		t = table(&r);
		h = page(&r);
		expect_in(t, "table", "leaked at exit         2.0 MiB");
		expect_in(t, "table", "stronger evidence");
		expect_in(h, "HTML report", "not freed at exit");
		expect_in(h, "HTML report", "stronger evidence");
		free(t);
		free(h);
		run_free(&r);
	}
	for (size_t i = 0; i < sizeof(stopped) / sizeof(stopped[0]); i++) {
		run_make(&r, stopped[i]);
		t = table(&r);
		h = page(&r);
		expect_in(t, "table", "in use when stopped    2.0 MiB");
		expect_in(t, "table", "still in use when the program was stopped");
		expect_in(h, "HTML report", "still in use when it was stopped");
		assert_null(strstr(t, "leaked at exit"));
		assert_null(strstr(t, "stronger evidence"));
		assert_null(strstr(h, "leaked at exit"));
		assert_null(strstr(h, "stronger evidence"));
		free(t);
		free(h);
		run_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_digits),
		cmocka_unit_test(test_unfreed_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
