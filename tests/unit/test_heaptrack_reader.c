/* The streaming heaptrack reader and the growing sites, on small hand-written streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "growing_sites.h"
#include "heaptrack_reader.h"

/* A small real file's content (heaptrack 1.4.0 on a program doing five malloc/free pairs and
 * keeping one 1000-byte block), cut to the records that matter. */
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

struct buf { char *p; size_t n, cap; };

__attribute__((format(printf, 2, 3))) static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
		va_end(ap);
		assert_true(k >= 0);
		if (b->p && b->n + (size_t)k < b->cap)
			break;
		b->cap = (b->cap + (size_t)k + 1) * 2;
		b->p = realloc(b->p, b->cap);
		assert_non_null(b->p);
	}
	b->n += (size_t)k;
}

static oya_htr *read_all(const char *s, size_t n)
{
	oya_htr *r = oya_htr_new();

	assert_non_null(r);
	oya_htr_feed(r, s, n);
	return r;
}

static void test_small(void **state)
{
	oya_htr *r = read_all(SMALL, sizeof(SMALL) - 1);
	const struct oya_htr_result *res = oya_htr_finish(r);
	struct oya_htr_frame f[4];

	(void)state;
	assert_true(res->complete);
	assert_string_equal(res->problem, "");
	assert_int_equal(res->heaptrack_version, 0x10400);
	assert_int_equal(res->file_version, 3);
	assert_string_equal(res->command, "./p");
	assert_int_equal(res->allocations, 7);
	assert_int_equal(res->temporary_allocations, 5);
	assert_int_equal(res->peak_heap_bytes, 0x11c00 + 1000);
	assert_int_equal(res->leaked_bytes, 1000);
	assert_int_equal(res->peak_rss_bytes, 0x3b6 * 0x1000);
	assert_int_equal(res->total_ms, 1);
	assert_int_equal(res->nsites, 3);
	assert_int_equal(res->sites[1].allocations, 5);
	assert_int_equal(res->sites[1].temporary, 5);
	assert_int_equal(res->sites[2].live_end, 1000);
	/* trace 2 starts in operator new: skipped, as heaptrack does */
	assert_int_equal(oya_htr_stack(r, 2, f, 4), 1);
	assert_string_equal(f[0].function, "main");
	/* trace 3's ip has an inlined frame first (innermost), then its own */
	assert_int_equal(oya_htr_stack(r, 3, f, 4), 3);
	assert_string_equal(f[0].function, "main");
	assert_string_equal(f[0].file, "/tmp/h7/p.c");
	assert_int_equal(f[0].line, 5);
	assert_true(f[0].inlined);
	assert_string_equal(f[1].function, "operator new(unsigned long)");
	assert_false(f[1].inlined);
	assert_string_equal(f[2].module, "/tmp/h7/p");
	oya_htr_free(r);
}

/* The figures do not depend on where the chunks end: every split in two, and byte by byte. */
/* heaptrack writes the command line as it is, so an argument with a newline (python3 -c
 * 'a = 1<newline>import time') goes on over the lines up to the I record. */
static void test_command_newline(void **state)
{
	static const char cmd[] = "v 10400 3\nX python3 -c a = 1\nimport time\n\n+ 0\nI 1000 5e2924\n";
	const char *rest = strstr(SMALL, "I 1000");
	size_t n = strlen(cmd) + strlen(rest);
	char *s = malloc(n + 1);
	const struct oya_htr_result *res;
	oya_htr *r;

	(void)state;
	assert_non_null(s);
	snprintf(s, n + 1, "%s%s", cmd, rest + strlen("I 1000 5e2924\n"));
	r = read_all(s, n - strlen("I 1000 5e2924\n"));
	res = oya_htr_finish(r);
	assert_string_equal(res->problem, "");
	assert_true(res->complete);
	assert_string_equal(res->command, "python3 -c a = 1\nimport time\n\n+ 0");
	assert_int_equal(res->allocations, 7);
	assert_int_equal(res->leaked_bytes, 1000);
	oya_htr_free(r);
	free(s);
}

static void test_chunks(void **state)
{
	oya_htr *by_byte;
	size_t n = sizeof(SMALL) - 1;

	(void)state;
	for (size_t cut = 0; cut <= n; cut++) {
		oya_htr *r = oya_htr_new();
		const struct oya_htr_result *res;

		assert_int_equal(oya_htr_feed(r, SMALL, cut), 0);
		assert_int_equal(oya_htr_feed(r, SMALL + cut, n - cut), 0);
		res = oya_htr_finish(r);
		assert_true(res->complete);
		assert_int_equal(res->allocations, 7);
		assert_int_equal(res->temporary_allocations, 5);
		assert_int_equal(res->peak_heap_bytes, 0x11c00 + 1000);
		assert_string_equal(res->command, "./p");
		oya_htr_free(r);
	}
	by_byte = oya_htr_new();
	for (size_t i = 0; i < n; i++)
		assert_int_equal(oya_htr_feed(by_byte, SMALL + i, 1), 0);
	assert_true(oya_htr_finish(by_byte)->complete);
	assert_int_equal(oya_htr_finish(by_byte)->temporary_allocations, 5);
	oya_htr_free(by_byte);
}

static const struct oya_htr_result *run(oya_htr **r, const char *body)
{
	struct buf b = { 0 };

	put(&b, "v 10400 3\ns 1 f\ni 10 0 1\nt 1 0\na 10 1\na 20 1\na 30 1\n%s# strings: 1\n# ips: 1\n", body);
	*r = read_all(b.p, b.n);
	free(b.p);
	return oya_htr_finish(*r);
}

/* heaptrack_print's rule: a free of the info of the allocation just before it; the "last
 * allocation" is info 0 again after any free, so a free of info 0 then counts too. */
static void test_temporary(void **state)
{
	static const struct { const char *body; uint64_t temp; int64_t peak; } cases[] = {
		{ "+ 1\n- 1\n", 1, 0x20 },
		{ "+ 1\n+ 2\n- 1\n- 2\n", 0, 0x50 },
		{ "+ 1\n+ 1\n- 1\n- 1\n", 1, 0x40 },
		{ "+ 1\nc 5\n- 1\n", 1, 0x20 },
		{ "+ 1\n+ 2\n- 2\n- 1\n", 1, 0x50 },
		{ "+ 1\n+ 0\n- 1\n- 0\n", 1, 0x30 },
		{ "- 0\n", 1, 0 },
	};
	oya_htr *r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct oya_htr_result *res = run(&r, cases[i].body);

		assert_true(res->complete);
		assert_int_equal(res->temporary_allocations, cases[i].temp);
		assert_int_equal(res->peak_heap_bytes, cases[i].peak);
		oya_htr_free(r);
	}
}

static void expect_problem(const char *stream, const char *words)
{
	oya_htr *r = read_all(stream, strlen(stream));
	const struct oya_htr_result *res = oya_htr_finish(r);

	assert_false(res->complete);
	if (!strstr(res->problem, words))
		fail_msg("problem \"%s\" does not say \"%s\"", res->problem, words);
	oya_htr_free(r);
}

static void test_version(void **state)
{
	oya_htr *r;
	(void)state;
	expect_problem("v 10600 4\ns 1 f\n# strings: 1\n# ips: 0\n", "version 4 (from heaptrack 1.6.0)");
	expect_problem("v 10000\n", "version 0");
	r = read_all("v 10500 4\n", 10);
	assert_true(oya_htr_finish(r)->unknown_version);
	oya_htr_free(r);
	r = read_all("v 10400 3\n+ 1\n", 14);
	assert_false(oya_htr_finish(r)->unknown_version);
	oya_htr_free(r);
	expect_problem("s 1 f\n", "does not start with a version line");
}

static void test_bad_input(void **state)
{
	static const struct { const char *stream, *words; } cases[] = {
		{ "", "empty" },
		{ "v 10400 3\ns 1 f\n", "truncated: heaptrack_interpret's closing lines" },
		{ "v 10400 3\ns 1 f", "truncated: the last line has no end" },
		{ "v 10400 3\nh world\n", "unknown record 'h'" },
		{ "v 10400 3\nhello world\n", "no space after the record type 'h'" },
		{ "v 10400 3\n++ 1\n", "no space after" },
		{ "v 10400 3\n+ 5\n", "allocation info 5, which points nowhere" },
		{ "v 10400 3\n- 0\n", "points nowhere" },
		{ "v 10400 3\nc 11111111111111111\n", "too big" },
		{ "v 10400 3\nc 12g\n", "not a hex number" },
		{ "v 10400 3\nt 9 0\n", "trace's instruction pointer 9 points nowhere" },
		{ "v 10400 3\ni 10 4\n", "module string 4 points nowhere" },
		{ "v 10400 3\ns 1 f\ni 10 1\nt 1 5\n", "trace's parent 5 points nowhere" },
		{ "v 10400 3\na 10 1\n", "allocation's trace 1 points nowhere" },
		{ "v 10400 3\ns ff abc\n", "longer than its line" },
		{ "v 10400 3\nm x 0\n", "raw data" },
		{ "v 10400 3\nX a\nI 1000 1\nX b\n", "second command line" },
		{ "v 10400 3\ns 1 f\n# strings: 2\n# ips: 0\n", "damaged" },
		{ "v 10400 3\ns 1 f\ni 10 0 1\nt 1 0\na 10 1\n+ 0\nA\n", "attach record (A) after allocations" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_problem(cases[i].stream, cases[i].words);
}

/* A problem stops the reading; what follows is not counted, and feeding again does nothing. */
static void test_stop(void **state)
{
	oya_htr *r = oya_htr_new();
	static const char s[] = "v 10400 3\ns 1 f\ni 10 0 1\nt 1 0\na 10 1\n+ 0\n+ 9\n+ 0\n";

	(void)state;
	assert_int_equal(oya_htr_feed(r, s, sizeof(s) - 1), -1);
	assert_int_equal(oya_htr_feed(r, "+ 0\n", 4), -1);
	assert_int_equal(oya_htr_finish(r)->allocations, 1);
	assert_non_null(strstr(oya_htr_finish(r)->problem, "line 7:"));
	oya_htr_free(r);
	r = oya_htr_new();
	oya_htr_fail(r, "x.zst: truncated zstd stream");
	assert_false(oya_htr_finish(r)->complete);
	assert_string_equal(oya_htr_finish(r)->problem, "x.zst: truncated zstd stream");
	oya_htr_free(r);
}

/* The heap over time: at most OYA_HTR_BUCKETS buckets whatever the length, the peak kept
 * through the merges, the end of each bucket right. */
static void test_buckets(void **state)
{
	struct buf b = { 0 };
	const struct oya_htr_result *res;
	oya_htr *r;
	int64_t max = 0;

	(void)state;
	put(&b, "v 10400 3\nI 1000 1\ns 1 f\ni 10 0 1\nt 1 0\na 400 1\na 100000 1\n");
	/* one 1 KB block a second for 100 s; one 1 MB block held from 40 s to 41 s */
	for (int s = 0; s < 100; s++) {
		put(&b, "c %x\n%s+ 0\nR %x\n%s", s * 1000, s == 41 ? "- 1\n" : "", 10 + s,
		    s == 40 ? "+ 1\n" : "");
	}
	put(&b, "# strings: 1\n# ips: 1\n");
	r = read_all(b.p, b.n);
	res = oya_htr_finish(r);
	assert_true(res->complete);
	assert_true(res->nbuckets <= OYA_HTR_BUCKETS);
	assert_true(res->nbuckets >= OYA_HTR_BUCKETS / 2);
	assert_int_equal(res->peak_heap_bytes, 41 * 1024 + 1024 * 1024);
	assert_int_equal(res->peak_heap_t_ms, 40000);
	assert_int_equal(res->peak_rss_bytes, (10 + 99) * 4096);
	for (size_t i = 0; i < res->nbuckets; i++) {
		int64_t t, secs;
		if (res->buckets[i].heap_max > max)
			max = res->buckets[i].heap_max;
		assert_true(res->buckets[i].heap_end <= res->buckets[i].heap_max);
		if (i)
			assert_true(res->buckets[i].t_ms > res->buckets[i - 1].t_ms);
		/* the 1 KB blocks up to this bucket's end, plus the big one while it is held */
		t = res->buckets[i].t_ms;
		secs = t / 1000 + (t % 1000 || i + 1 == res->nbuckets ? 1 : 0);
		if (secs > 100)
			secs = 100;
		assert_int_equal(res->buckets[i].heap_end % (1024 * 1024), secs * 1024);
	}
	assert_int_equal(max, res->peak_heap_bytes);
	assert_int_equal(res->buckets[res->nbuckets - 1].t_ms, 99000);
	assert_int_equal(res->buckets[res->nbuckets - 1].rss_bytes, (10 + 99) * 4096);
	free(b.p);
	oya_htr_free(r);
}

/* More sites than series slots: the sites with a series plus "others" add up to the heap. */
static void test_site_cap(void **state)
{
	oya_htr *e;
	struct buf b = { 0 };
	const struct oya_htr_result *res;
	size_t nsites = OYA_HTR_SITE_SERIES + 300, with = 0;
	oya_htr *r;

	(void)state;
	put(&b, "v 10400 3\ns 1 f\ni 10 0 1\n");
	for (size_t i = 0; i < nsites; i++)
		put(&b, "t 1 0\na %zx %zx\n", 16 + i % 7, i + 1);
	for (size_t i = 0; i < nsites; i++)
		put(&b, "c %zx\n+ %zx\n%s", i * 10, i, i % 3 ? "" : "+ 0\n");
	for (size_t i = 0; i < nsites; i += 2)
		put(&b, "c %zx\n- %zx\n", (nsites + i) * 10, i);
	put(&b, "# strings: 1\n# ips: 1\n");
	r = read_all(b.p, b.n);
	res = oya_htr_finish(r);
	assert_true(res->complete);
	assert_int_equal(res->nsites, nsites);
	for (size_t k = 0; k < res->nbuckets; k++) {
		int64_t sum = res->others_series[k];

		for (size_t i = 0; i < res->nsites; i++)
			if (res->sites[i].series)
				sum += res->sites[i].series[k];
		assert_int_equal(sum, res->buckets[k].heap_end);
	}
	for (size_t i = 0; i < res->nsites; i++) {
		if (!res->sites[i].series)
			continue;
		with++;
		assert_int_equal(res->sites[i].series[res->nbuckets - 1], res->sites[i].live_end);
	}
	assert_int_equal(with, OYA_HTR_SITE_SERIES);
	free(b.p);
	e = oya_htr_new();
	oya_htr_free(e);
	oya_htr_free(NULL);
	oya_htr_free(r);
}

/* Three sites over 60 s: a churn, a cache that fills in 10 s, a steady leak. Only the leak grows. */
static void test_growing_sites(void **state)
{
	struct buf b = { 0 };
	struct oya_growing_site *g;
	size_t n, total;
	oya_htr *r;

	(void)state;
	put(&b, "v 10400 3\ns 5 churn\ns 5 cache\ns 4 leak\ns 4 main\n"
		"i 1 0 4\nt 1 0\ni 2 0 1\nt 2 1\ni 3 0 2\nt 3 1\ni 4 0 3\nt 4 1\n"
		"a 100000 2\na 10000 3\na 8000 4\n");
	for (int t = 0; t < 600; t++) {
		put(&b, "c %x\n+ 0\n", t * 100);
		if (t % 2)
			put(&b, "- 0\n- 0\n");
		if (t < 100)
			put(&b, "+ 1\n");
		put(&b, "+ 2\n");
	}
	put(&b, "# strings: 4\n# ips: 4\n");
	r = read_all(b.p, b.n);
	assert_true(oya_htr_finish(r)->complete);
	assert_int_equal(oya_growing_sites_find(r, 10, 8, &g, &n, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].trace, 4);
	assert_int_equal(g[0].live_end, 600 * 0x8000);
	assert_true(g[0].growth_bytes_per_hour > 0);
	assert_int_equal(g[0].nframes, 2);
	assert_string_equal(g[0].frames[0].function, "leak");
	assert_string_equal(g[0].frames[1].function, "main");
	assert_non_null(strstr(g[0].reason, "steady climb"));
	oya_growing_sites_free(g, n);
	assert_int_equal(oya_growing_sites_find(r, 0, 8, &g, &n, &total), 0);
	assert_int_equal(total, 1);
	assert_int_equal(n, 0);
	oya_growing_sites_free(g, n);
	free(b.p);
	oya_htr_free(r);
}

/* Not freed but suppressed: heaptrack's built-in names (anywhere in the stack, as a substring),
 * and a file's "leak:" patterns ('*', '^', '$'); operator new frames do not count. */
static void test_suppressed(void **state)
{
	static const char v2[] =
		"v 10300 2\ns main\ns x_tzset_internal_y\ns keep_cache\ns operator new(unsigned long)\n"
		"s other\nS leak:^keep*e$\nS leak:^othe$\nS leak:operator new\n"
		"i 1 0 1\nt 1 0\ni 2 0 2\nt 2 1\ni 3 0 3\nt 3 1\ni 4 0 4\nt 4 1\ni 5 0 5\nt 5 4\n"
		"a 10 2\na 20 3\na 40 5\na 80 1\n+ 0\n+ 1\n+ 2\n+ 3\n# strings: 5\n# ips: 5\n";
	oya_htr *r = read_all(v2, sizeof(v2) - 1);
	const struct oya_htr_result *res = oya_htr_finish(r);

	(void)state;
	assert_true(res->complete);
	assert_int_equal(res->suppressed_bytes, 0x10 + 0x20);
	assert_int_equal(res->leaked_bytes, 0x40 + 0x80);
	oya_htr_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small),
		cmocka_unit_test(test_command_newline),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_temporary),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_site_cap),
		cmocka_unit_test(test_growing_sites),
		cmocka_unit_test(test_suppressed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
