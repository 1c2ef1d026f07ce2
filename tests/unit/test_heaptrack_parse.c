/* heaptrack_print text parsing, on outputs captured from heaptrack 1.4 (tests/fixtures/heaptrack). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "heaptrack_data.h"

static char *fixture(const char *name, size_t *len)
{
	FILE *f;
	char *buf;
	const char *root = getenv("OYA_ROOT");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/heaptrack/%s", root ? root : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s (set OYA_ROOT to the repository)", path);
	buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void test_size(void **state)
{
	static const char *bad[] = {"", "K", "12", "12X", "1.K", "-", "99E", "100000000000000000000B", ".5K"};
	static const struct { const char *s; int64_t bytes; size_t used; } cases[] = {
		{"0B", 0, 2},
		{"64B", 64, 3},
		{"16.44K", 16440, 6},
		{"1000.00K", 1000000, 8},
		{"1.09M", 1090000, 5},
		{"4.12M", 4120000, 5},
		{"-1000.00K", -1000000, 9},
		{"2.5G", 2500000000LL, 4},
		{"1.00E", 1000000000000000000LL, 5},
		{"12.35K peak", 12350, 6},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t b = -7;
		size_t used = oya_heaptrack_parse_size(cases[i].s, strlen(cases[i].s), &b);
		assert_int_equal(used, cases[i].used);
		assert_int_equal(b, cases[i].bytes);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t b = -7;
		assert_int_equal(oya_heaptrack_parse_size(bad[i], strlen(bad[i]), &b), 0);
		assert_int_equal(b, -7);
	}
}

static void check_summary_of(const char *name)
{
	size_t len;
	char *t = fixture(name, &len);
	struct oya_heaptrack h;
	memset(&h, 0, sizeof h);
	assert_int_equal(oya_heaptrack_parse_summary(t, len, &h), 0);
	assert_int_equal(h.allocations, 1103);
	assert_int_equal(h.temporary_allocations, 1001);
	assert_int_equal(h.peak_heap_bytes, 1090000);
	assert_int_equal(h.peak_rss_bytes, 4120000);
	assert_int_equal(h.leaked_bytes, 16440);
	free(t);
}

static void test_summary_full(void **state)
{
	(void)state;
	check_summary_of("print-full.txt");
	check_summary_of("print-summary.txt");
}

/* An empty or truncated data file: heaptrack_print exits 0 and prints zeros. The figures parse, and are 0. */
static void test_summary_zero(void **state)
{
	const char *names[] = {"print-empty.txt", "print-truncated.txt"};
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		size_t len;
		char *t = fixture(names[i], &len);
		struct oya_heaptrack h;
		memset(&h, 0xff, sizeof h);
		assert_int_equal(oya_heaptrack_parse_summary(t, len, &h), 0);
		assert_int_equal(h.allocations, 0);
		assert_int_equal(h.temporary_allocations, 0);
		assert_int_equal(h.peak_heap_bytes, 0);
		assert_int_equal(h.peak_rss_bytes, 0);
		assert_int_equal(h.leaked_bytes, 0);
		free(t);
	}
}

static void test_summary_missing(void **state)
{
	struct oya_heaptrack h;
	const char *fail = "reading file \"missing.zst\" - please wait, this might take some time...\n";
	const char *nonl = "calls to allocation functions: 5\ntemporary memory allocations: 1\n"
			   "peak heap memory consumption: 2K\npeak RSS (including heaptrack overhead): 1M\n"
			   "total memory leaked: 3B";
	const char *bad = "calls to allocation functions: 5\ntemporary memory allocations: 1\n"
			  "peak heap memory consumption: lots\npeak RSS (including heaptrack overhead): 1M\n"
			  "total memory leaked: 0B\n";
	const char *cut = "calls to allocation functions: 5 (1/s)\ntemporary memory allocations: 1 (0/s)\n"
			  "peak heap memory consumption: 1.00K\n";
	(void)state;
	memset(&h, 0, sizeof h);
	assert_int_equal(oya_heaptrack_parse_summary(cut, strlen(cut), &h), -1);
	assert_int_equal(h.allocations, 0);
	/* heaptrack_print's own failure: only its reading line */
	assert_int_equal(oya_heaptrack_parse_summary(fail, strlen(fail), &h), -1);
	assert_int_equal(oya_heaptrack_parse_summary("", 0, &h), -1);
	/* a bad size is not a figure */
	assert_int_equal(oya_heaptrack_parse_summary(bad, strlen(bad), &h), -1);
	/* no newline at the end, and the text cut inside a line */
	assert_int_equal(oya_heaptrack_parse_summary(nonl, strlen(nonl), &h), 0);
	assert_int_equal(h.leaked_bytes, 3);
	assert_int_equal(oya_heaptrack_parse_summary(nonl, strlen(nonl) - 2, &h), -1);
}

static void test_folded_total(void **state)
{
	size_t len;
	uint64_t sum = 0;
	char *t;
	const char *bad[] = {"a;b\n", "a;b 12x\n", "12\n", "a 18446744073709551615\nb 1\n"};
	(void)state;
	t = fixture("folded-peak.txt", &len);
	assert_int_equal(oya_heaptrack_folded_total(t, len, &sum), 0);
	assert_int_equal(sum, 72704 + 1000000 + 12345 + 4096 + 64);
	free(t);
	t = fixture("folded-leaked.txt", &len);
	assert_int_equal(oya_heaptrack_folded_total(t, len, &sum), 0);
	assert_int_equal(sum, 12345 + 4096);
	free(t);
	assert_int_equal(oya_heaptrack_folded_total("", 0, &sum), 0);
	assert_int_equal(sum, 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(oya_heaptrack_folded_total(bad[i], strlen(bad[i]), &sum), -1);
}

static void test_check_stream(void **state)
{
	char p[256];
	const char *head = "v 10400 3\nX ./prog\n";
	const char *tail = "- 1\nc 9\nR 3ed\n\n# strings: 23\n# ips: 13\n";
	const char *cut = "+ 3\n+ 4\n- 3\n";
	const char *half = "R 3ed\n\n# strings: 23\n";
	const char *none = "\n# strings: 0\n# ips: 0\n";
	const char *some = "\n# strings: 2\n# ips: 0\n";
	(void)state;
	assert_int_equal(oya_heaptrack_check_stream(head, strlen(head), tail, strlen(tail), p, sizeof p), 0);
	assert_string_equal(p, "");
	assert_int_equal(oya_heaptrack_check_stream("", 0, "", 0, p, sizeof p), -1);
	assert_non_null(strstr(p, "empty"));
	assert_int_equal(oya_heaptrack_check_stream("garbage", 7, tail, strlen(tail), p, sizeof p), -1);
	assert_non_null(strstr(p, "version line"));
	assert_int_equal(oya_heaptrack_check_stream(head, strlen(head), cut, strlen(cut), p, sizeof p), -1);
	assert_non_null(strstr(p, "closing lines"));
	/* cut after "# strings" but before "# ips" */
	assert_int_equal(oya_heaptrack_check_stream(head, strlen(head), half, strlen(half), p, sizeof p), -1);
	/* only the interpreter's closing lines: the program allocated nothing heaptrack saw */
	assert_int_equal(oya_heaptrack_check_stream(none, strlen(none), none, strlen(none), p, sizeof p), 1);
	assert_string_equal(p, "");
	assert_int_equal(oya_heaptrack_check_stream(some, strlen(some), some, strlen(some), p, sizeof p), -1);
}

static void test_diff(void **state)
{
	size_t len, n = 0;
	char *t;
	struct oya_heaptrack_change *c = NULL;
	struct oya_heaptrack h;
	const char *txt = "PEAK MEMORY CONSUMERS\n"
			  "10B peak memory consumed over 1 calls from\nsmall\n  at a.c:1\n\n"
			  "-5.00K peak memory consumed over -3 calls from\nshrunk\n\n"
			  "MOST TEMPORARY ALLOCATIONS\n"
			  "99.00M peak memory consumed over 1 calls from\nnot_in_section\n";
	(void)state;
	t = fixture("print-diff.txt", &len);
	assert_int_equal(oya_heaptrack_parse_diff(t, len, &c, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].peak_delta_bytes, 2000000);
	assert_int_equal(c[0].calls_delta, 0);
	assert_string_equal(c[0].function, "cache");
	assert_string_equal(c[0].location, "/tmp/rpt/prog3.c:5");
	assert_string_equal(c[0].callers, "main (/tmp/rpt/prog3.c:6)");
	assert_int_equal(c[1].peak_delta_bytes, 8190);
	assert_int_equal(c[1].calls_delta, 2);
	assert_string_equal(c[1].function, "leaky");
	/* the figures of a diff parse too: they are the differences */
	memset(&h, 0, sizeof h);
	assert_int_equal(oya_heaptrack_parse_summary(t, len, &h), 0);
	assert_int_equal(h.allocations, 2);
	assert_int_equal(h.leaked_bytes, 8190);
	oya_heaptrack_changes_free(c, n);
	free(t);

	/* sorted by size of the change, a shrink included */
	assert_int_equal(oya_heaptrack_parse_diff(txt, strlen(txt), &c, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(c[0].function, "shrunk");
	assert_int_equal(c[0].peak_delta_bytes, -5000);
	assert_int_equal(c[0].calls_delta, -3);
	assert_string_equal(c[0].location, "");
	assert_string_equal(c[1].function, "small");
	assert_string_equal(c[1].location, "a.c:1");
	oya_heaptrack_changes_free(c, n);

	assert_int_equal(oya_heaptrack_parse_diff("nothing\n", 8, &c, &n), -1);
	assert_null(c);
	assert_int_equal(n, 0);
	oya_heaptrack_changes_free(NULL, 0);
}

static void test_json(void **state)
{
	struct oya_heaptrack h;
	json_object *o;
	json_object *v;
	const char *keys[] = {"peak_rss_bytes", "leaked_bytes", "allocations", "temporary_allocations"};
	(void)state;
	memset(&h, 0, sizeof h);
	h.data_file = strdup("/tmp/x \"q\".zst");
	h.complete = false;
	snprintf(h.problem, sizeof h.problem, "it is empty (0 bytes)");
	h.allocations = 7;
	h.peak_heap_bytes = 5000000000ULL;
	o = oya_heaptrack_json(&h);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "problem", &v));
	assert_string_equal(json_object_get_string(v), "it is empty (0 bytes)");
	assert_true(json_object_object_get_ex(o, "complete", &v));
	assert_false(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(o, "peak_heap_bytes", &v));
	assert_int_equal(json_object_get_int64(v), 5000000000LL);
	assert_true(json_object_object_get_ex(o, "data_file", &v));
	assert_string_equal(json_object_get_string(v), "/tmp/x \"q\".zst");
	for (size_t i = 0; i < 4; i++)
		assert_true(json_object_object_get_ex(o, keys[i], NULL));
	json_object_put(o);

	/* Nothing read at all: the figures are null, never zeros. */
	h.allocations = 0;
	o = oya_heaptrack_json(&h);
	assert_non_null(o);
	for (size_t i = 0; i < 4; i++) {
		assert_true(json_object_object_get_ex(o, keys[i], &v));
		assert_null(v);
	}
	assert_true(json_object_object_get_ex(o, "peak_heap_bytes", &v));
	assert_null(v);
	json_object_put(o);

	h.complete = true;
	o = oya_heaptrack_json(&h);
	assert_true(json_object_object_get_ex(o, "problem", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "allocations", &v));
	assert_non_null(v);
	json_object_put(o);
	oya_heaptrack_release(&h);
	assert_null(h.data_file);
	oya_heaptrack_release(NULL);
}

/* A file name (or a problem naming it) that is not UTF-8 still makes valid JSON: bad bytes become U+FFFD. */
static void test_json_not_utf8(void **state)
{
	struct oya_heaptrack h;
	json_object *o;
	const char *text;
	struct json_tokener *tok;
	json_object *back;
	json_object *v;
	(void)state;
	memset(&h, 0, sizeof h);
	h.data_file = strdup("/tmp/heap\xff\xfe.\xc3(zst");
	assert_non_null(h.data_file);
	snprintf(h.problem, sizeof h.problem, "cannot read /tmp/heap\xff");
	o = oya_heaptrack_json(&h);
	assert_non_null(o);
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	assert_non_null(text);

	tok = json_tokener_new();
	assert_non_null(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	back = json_tokener_parse_ex(tok, text, (int)strlen(text));
	assert_non_null(back);
	assert_true(json_object_object_get_ex(back, "data_file", &v));
	assert_string_equal(json_object_get_string(v), "/tmp/heap\xef\xbf\xbd\xef\xbf\xbd.\xef\xbf\xbd(zst");
	assert_true(json_object_object_get_ex(back, "problem", &v));
	assert_string_equal(json_object_get_string(v), "cannot read /tmp/heap\xef\xbf\xbd");
	json_object_put(back);
	json_tokener_free(tok);
	json_object_put(o);
	oya_heaptrack_release(&h);
}

/* Mutated fixtures and cut-off texts: never a crash, never a read past LEN (run under ASan too). */
static void test_robust(void **state)
{
	const char *names[] = {"print-full.txt", "print-diff.txt", "folded-peak.txt"};
	uint32_t seed = 12345;
	(void)state;
	for (size_t k = 0; k < 3; k++) {
		size_t len;
		char *t = fixture(names[k], &len);
		for (int round = 0; round < 300; round++) {
			size_t cut;
			struct oya_heaptrack h;
			struct oya_heaptrack_change *c = NULL;
			size_t n = 0;
			uint64_t sum;
			char p[256];
			char *m = malloc(len ? len : 1);
			assert_non_null(m);
			memcpy(m, t, len);
			for (int j = 0; j < 8 && len; j++) {
				seed = seed * 1103515245u + 12345u;
				m[(seed >> 8) % len] = (char)(seed >> 20);
			}
			seed = seed * 1103515245u + 12345u;
			cut = len ? (seed >> 4) % (len + 1) : 0;
			memset(&h, 0, sizeof h);
			(void)oya_heaptrack_parse_summary(m, cut, &h);
			if (oya_heaptrack_parse_diff(m, cut, &c, &n) == 0)
				oya_heaptrack_changes_free(c, n);
			(void)oya_heaptrack_folded_total(m, cut, &sum);
			(void)oya_heaptrack_check_stream(m, cut, m, cut, p, sizeof p);
			free(m);
		}
		free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_summary_full),
		cmocka_unit_test(test_summary_zero),
		cmocka_unit_test(test_summary_missing),
		cmocka_unit_test(test_folded_total),
		cmocka_unit_test(test_check_stream),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_not_utf8),
		cmocka_unit_test(test_robust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
