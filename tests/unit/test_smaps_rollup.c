/* oya_rollup_parse over real captured smaps_rollup files and hand-made broken ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "smaps_rollup.h"

#define ALL (OYA_RU_PSS | OYA_RU_PSS_ANON | OYA_RU_PSS_FILE | OYA_RU_PSS_SHMEM | OYA_RU_USS | \
	     OYA_RU_SWAP_PSS)

/* Read a fixture under $OYA_ROOT/tests/fixtures/smaps_rollup into BUF. */
static size_t read_fixture(const char *name, char *buf, size_t cap)
{
	char path[4096];
	const char *root = getenv("OYA_ROOT");
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/smaps_rollup/%s", root ? root : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s (set OYA_ROOT to the repository root)", path);
	n = fread(buf, 1, cap, f);
	assert_true(n < cap);
	assert_int_equal(fclose(f), 0);
	return n;
}

struct fixture_case {
	const char *file;
	unsigned have;
	uint64_t pss, anon, file_kb, shmem, pclean, pdirty, swap_pss;
};

/* Values copied from the files, captured on Debian 12, kernel 6.18: cat; a
 * parent that wrote 64 MB and 32 MB of MAP_SHARED before forking two children,
 * and one of those children; a kernel thread (the read gives nothing). */
static const struct fixture_case fixtures[] = {
	{ "plain.txt", ALL, 217, 112, 105, 0, 40, 112, 0 },
	{ "cow_parent.txt", ALL, 61082, 24761, 3552, 32768, 2616, 33664, 0 },
	{ "cow_child.txt", ALL, 25442, 24680, 761, 0, 0, 704, 0 },
	{ "kthread.txt", 0, 0, 0, 0, 0, 0, 0, 0 },
};

static void test_fixtures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct fixture_case *c = &fixtures[i];
		char buf[8192];
		struct oya_rollup r;
		size_t n = read_fixture(c->file, buf, sizeof(buf));
		int found = oya_rollup_parse(buf, n, &r);

		print_message("fixture %s\n", c->file);
		assert_int_equal(r.have, c->have);
		assert_int_equal(found, __builtin_popcount(c->have));
		assert_int_equal(r.pss_kb, c->pss);
		assert_int_equal(r.pss_anon_kb, c->anon);
		assert_int_equal(r.pss_file_kb, c->file_kb);
		assert_int_equal(r.pss_shmem_kb, c->shmem);
		assert_int_equal(r.private_clean_kb, c->pclean);
		assert_int_equal(r.private_dirty_kb, c->pdirty);
		assert_int_equal(r.swap_pss_kb, c->swap_pss);
		assert_int_equal(oya_rollup_uss_kb(&r), c->pclean + c->pdirty);
		/* The kernel's own identity, up to its rounding of each part. */
		if (c->have & OYA_RU_PSS)
			assert_true(r.pss_kb + 3 >= r.pss_anon_kb + r.pss_file_kb + r.pss_shmem_kb &&
				    r.pss_kb <= r.pss_anon_kb + r.pss_file_kb + r.pss_shmem_kb + 3);
	}
}

/* Every prefix of a real file parses without reading past it, and a field is
 * only reported once its whole line (with the '\n') is inside the prefix. */
static void test_truncated_prefixes(void **state)
{
	char buf[8192];
	size_t n = read_fixture("cow_parent.txt", buf, sizeof(buf)), len;

	(void)state;
	for (len = 0; len <= n; len++) {
		char *copy = malloc(len ? len : 1);
		const char *pss = strstr(buf, "\nPss:");
		const char *eol = strchr(pss + 1, '\n');
		struct oya_rollup r;

		assert_non_null(copy);
		memcpy(copy, buf, len);
		oya_rollup_parse(copy, len, &r);
		assert_int_equal(!!(r.have & OYA_RU_PSS), len > (size_t)(eol - buf));
		if (r.have & OYA_RU_PSS)
			assert_int_equal(r.pss_kb, 61082);
		free(copy);
	}
}

struct text_case {
	const char *what;
	const char *text;
	size_t len;
	unsigned have;
	uint64_t pss;
	uint64_t uss;
};

#define T(what, text, ...) { what, text, sizeof(text) - 1, __VA_ARGS__ }
static const struct text_case texts[] = {
	T("empty", "", 0, 0, 0),
	T("header only", "00400000-7ffd0000 ---p 00000000 00:00 0   [rollup]\n", 0, 0, 0),
	T("no newline", "Pss:   12 kB", 0, 0, 0),
	T("one field", "Pss:   12 kB\n", OYA_RU_PSS, 12, 0),
	T("Pss_Dirty is not Pss", "Pss_Dirty:  5 kB\n", 0, 0, 0),
	T("Private_Hugetlb is not Private_Clean", "Private_Hugetlb: 5 kB\n", 0, 0, 0),
	T("no space after the colon", "Pss:12 kB\n", OYA_RU_PSS, 12, 0),
	T("key without colon", "Pss 12 kB\n", 0, 0, 0),
	T("lower case", "pss: 12 kB\n", 0, 0, 0),
	T("not a number", "Pss: x kB\n", 0, 0, 0),
	T("negative", "Pss: -1 kB\n", 0, 0, 0),
	T("other unit", "Pss: 12 MB\n", 0, 0, 0),
	T("largest accepted (2^62)", "Pss: 4611686018427387904 kB\n", OYA_RU_PSS, 1ULL << 62, 0),
	T("just above 2^62", "Pss: 4611686018427387905 kB\n", 0, 0, 0),
	T("repeated key: neither believed", "Pss: 1 kB\nPss: 2 kB\n", 0, 0, 0),
	T("repeated three times", "Pss: 1 kB\nPss: 2 kB\nPss: 3 kB\n", 0, 0, 0),
	T("bad then good", "Pss: x kB\nPss: 2 kB\n", 0, 0, 0),
	T("uss needs both halves", "Private_Clean: 4 kB\n", OYA_RU_PRIVATE_CLEAN, 0, 0),
	T("uss", "Private_Clean: 4 kB\nPrivate_Dirty: 6 kB\n", OYA_RU_USS, 0, 10),
	T("CRLF", "Pss: 12 kB\r\n", 0, 0, 0),
	T("NUL inside", "Pss: 1\0 kB\nSwapPss: 3 kB\n", OYA_RU_SWAP_PSS, 0, 0),
	/* Linux 4.14 to 5.6: no Pss_Anon, Pss_File, Pss_Shmem. */
	T("older kernel", "Rss: 9 kB\nPss: 7 kB\nShared_Clean: 2 kB\nPrivate_Clean: 1 kB\n"
			  "Private_Dirty: 5 kB\nSwap: 0 kB\nSwapPss: 0 kB\n",
	  OYA_RU_PSS | OYA_RU_USS | OYA_RU_SWAP_PSS, 7, 6),
};
#undef T

static void test_texts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const struct text_case *c = &texts[i];
		char *copy = malloc(c->len ? c->len : 1);
		struct oya_rollup r;
		int found;

		print_message("case: %s\n", c->what);
		assert_non_null(copy);
		memcpy(copy, c->text, c->len);
		memset(&r, 0x5a, sizeof(r)); /* the parser must clear everything */
		found = oya_rollup_parse(copy, c->len, &r);
		assert_int_equal(r.have, c->have);
		assert_int_equal(found, __builtin_popcount(c->have));
		assert_int_equal(r.pss_kb, c->pss);
		assert_int_equal(oya_rollup_uss_kb(&r), c->uss);
		if (!(r.have & OYA_RU_SWAP_PSS))
			assert_int_equal(r.swap_pss_kb, 0);
		free(copy);
	}
}

/* Every field's key maps to its own member. */
static void test_each_field(void **state)
{
	static const char text[] = "Pss: 1 kB\nPss_Anon: 2 kB\nPss_File: 3 kB\nPss_Shmem: 4 kB\n"
				   "Private_Clean: 5 kB\nPrivate_Dirty: 6 kB\nSwapPss: 7 kB\n";
	struct oya_rollup r;

	(void)state;
	assert_int_equal(oya_rollup_parse(text, sizeof(text) - 1, &r), 7);
	assert_int_equal(r.have, ALL);
	assert_int_equal(r.pss_kb, 1);
	assert_int_equal(r.pss_anon_kb, 2);
	assert_int_equal(r.pss_file_kb, 3);
	assert_int_equal(r.pss_shmem_kb, 4);
	assert_int_equal(r.private_clean_kb, 5);
	assert_int_equal(r.private_dirty_kb, 6);
	assert_int_equal(r.swap_pss_kb, 7);
	assert_int_equal(oya_rollup_uss_kb(&r), 11);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),
		cmocka_unit_test(test_truncated_prefixes),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_each_field),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
