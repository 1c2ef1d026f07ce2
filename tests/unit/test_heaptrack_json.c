/* The summary's heaptrack object, the flame graphs' stacks from the reader, and the leak gate. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "heaptrack_folded.h"
#include "heaptrack_json.h"
#include "heaptrack_reader.h"
#include "json_member.h"
#include "leak_gate.h"

/* heaptrack 1.4.0 on five malloc/free pairs beside a 72704-byte block freed at the end and a
 * 1000-byte block kept (cut from a real file). */
static const char SMALL[] =
	"v 10400 3\nX ./p\nI 1000 5e2924\n"
	"s 9 /tmp/h7/p\ns 1f /lib/x86_64-linux-gnu/libc.so.6\ns 4 main\ns b /tmp/h7/p.c\n"
	"s 1b operator new(unsigned long)\ns 9 libstdc++\n"
	"i 5644ab4da179 1 3 4 3\nt 1 0\n"
	"i 7f408e4a57b9 6 5\nt 2 1\n"
	"a 11c00 2\n+ 0\n"
	"a 64 1\n+ 1\n- 1\na 65 1\n+ 2\n- 2\na 66 1\n+ 3\n- 3\na 67 1\n+ 4\n- 4\na 68 1\n+ 5\n- 5\n"
	"i 5644ab4da1b3 1 3 4 5 5 0 0\nt 3 1\na 3e8 3\n+ 6\n- 0\nc 1\nR 3b6\n"
	"\n# strings: 6\n# ips: 3\n";

static oya_htr *read_text(const char *s, size_t n)
{
	oya_htr *r = oya_htr_new();

	assert_non_null(r);
	oya_htr_feed(r, s, n);
	oya_htr_finish(r);
	return r;
}

static int64_t num(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	assert_non_null(v);
	return json_object_get_int64(v);
}

static void test_json_complete(void **state)
{
	oya_htr *r = read_text(SMALL, sizeof(SMALL) - 1);
	const struct oya_htr_result *res = oya_htr_finish(r);
	json_object *o = oya_htr_json(r, "p.zst", 1000000), *s;

	(void)state;
	assert_non_null(o);
	assert_true(json_object_get_boolean(oya_json_member(o, "complete")));
	assert_null(oya_json_member(o, "problem"));
	assert_string_equal(json_object_get_string(oya_json_member(o, "figures_from")), "oya");
	assert_string_equal(json_object_get_string(oya_json_member(o, "heaptrack_version")), "1.4.0");
	assert_int_equal(num(o, "allocations"), (int64_t)res->allocations);
	assert_int_equal(num(o, "temporary_allocations"), (int64_t)res->temporary_allocations);
	assert_int_equal(num(o, "peak_heap_bytes"), res->peak_heap_bytes);
	assert_int_equal(num(o, "leaked_bytes"), res->leaked_bytes);
	assert_int_equal(json_object_array_length(oya_json_member(o, "growing_sites")), 0);
	assert_int_equal(num(o, "growing_sites_more"), 0);
	s = oya_json_member(o, "heap_series");
	assert_true(json_object_array_length(s) >= 1 && json_object_array_length(s) <= OYA_HT_SERIES_MAX);
	/* the last point ends at the last time stamp, on the anchor's clock */
	assert_int_equal(num(json_object_array_get_idx(s, json_object_array_length(s) - 1), "at_ms"),
			 1000000 + res->total_ms);
	assert_int_equal(oya_htr_json_growing(o, NULL, 0), 0);
	json_object_put(o);
	oya_htr_free(r);
}

static void test_json_incomplete(void **state)
{
	oya_htr *r = read_text(SMALL, sizeof(SMALL) / 2);
	json_object *o = oya_htr_json(r, "p.zst", 1000000);
	const char *const nulls[] = { "allocations", "peak_heap_bytes", "leaked_bytes", "growing_sites",
				      "heap_series" };

	(void)state;
	assert_non_null(o);
	assert_false(json_object_get_boolean(oya_json_member(o, "complete")));
	assert_non_null(oya_json_member(o, "problem"));
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++) {
		assert_true(json_object_object_get_ex(o, nulls[i], NULL));
		assert_null(oya_json_member(o, nulls[i]));
	}
	json_object_put(o);
	oya_htr_free(r);
}

/* Only heaptrack_interpret's closing lines (a program heaptrack saw no allocation in): whole, zeros. */
static void test_json_empty_whole(void **state)
{
	static const char EMPTY[] = "\n# strings: 0\n# ips: 0\n";
	oya_htr *r = read_text(EMPTY, sizeof(EMPTY) - 1);
	json_object *o = oya_htr_json(r, "sh.zst", 1000000);

	(void)state;
	assert_non_null(o);
	assert_true(json_object_get_boolean(oya_json_member(o, "complete")));
	assert_int_equal(num(o, "allocations"), 0);
	assert_int_equal(num(o, "peak_heap_bytes"), 0);
	json_object_put(o);
	oya_htr_free(r);
	/* a stream with other lines and no version line is still refused */
	r = read_text("+ 1\n# strings: 0\n# ips: 0\n", 26);
	assert_false(oya_htr_finish(r)->complete);
	oya_htr_free(r);
}

static int64_t folded_sum(const char *t)
{
	int64_t sum = 0;

	for (const char *l = t; *l;) {
		const char *nl = strchr(l, '\n'), *sp;

		assert_non_null(nl);
		for (sp = nl; sp > l && sp[-1] != ' '; sp--)
			;
		sum += strtoll(sp, NULL, 10);
		l = nl + 1;
	}
	return sum;
}

/* The peak stacks add up to the peak heap, the end stacks to what is left. */
static void test_folded(void **state)
{
	oya_htr *r = read_text(SMALL, sizeof(SMALL) - 1);
	const struct oya_htr_result *res = oya_htr_finish(r);
	char *peak = oya_htr_folded(r, true), *left = oya_htr_folded(r, false);

	(void)state;
	assert_non_null(peak);
	assert_non_null(left);
	assert_int_equal(folded_sum(peak), res->peak_heap_bytes);
	assert_int_equal(folded_sum(left), res->leaked_bytes);
	assert_non_null(strstr(peak, "main (p.c)"));
	assert_null(strstr(peak, "operator new"));
	free(peak);
	free(left);
	oya_htr_free(r);
}

static json_object *summary(bool tree, const char *site_fn)
{
	char text[512];

	snprintf(
		text, sizeof(text),
		"{\"leak_suspected\":%s,\"leak_reason\":\"steady climb\",\"heaptrack\":{\"growing_sites\":%s%s%s,"
		"\"growing_sites_more\":%d}}",
		tree ? "true" : "false", site_fn ? "[{\"frames\":[{\"function\":\"" : "[",
		site_fn ? site_fn : "", site_fn ? "\"}]}]" : "]", site_fn ? 2 : 0);
	return json_tokener_parse(text);
}

static void test_gate(void **state)
{
	json_object *o;
	char why[256];

	(void)state;
	o = summary(false, NULL);
	assert_false(oya_leak_gate(o, why, sizeof(why)));
	assert_string_equal(why, "");
	json_object_put(o);
	o = summary(true, NULL);
	assert_true(oya_leak_gate(o, why, sizeof(why)));
	assert_non_null(strstr(why, "the tree's RSS grows (steady climb)"));
	assert_null(strstr(why, "growing allocation"));
	json_object_put(o);
	o = summary(false, "leak_slowly");
	assert_true(oya_leak_gate(o, why, sizeof(why)));
	assert_non_null(strstr(why, "3 growing allocation sites (heaptrack), the first in leak_slowly"));
	assert_null(strstr(why, "tree"));
	json_object_put(o);
	o = summary(true, "leak_slowly");
	assert_true(oya_leak_gate(o, why, 16)); /* cut, still a string */
	assert_int_equal(strlen(why), 15);
	json_object_put(o);
	assert_false(oya_leak_gate(NULL, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_complete),
		cmocka_unit_test(test_json_incomplete),
		cmocka_unit_test(test_json_empty_whole),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_gate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
