/* oya_status_parse over real captured status files and hand-made broken ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "status.h"

#define ALL_FIELDS                                                                           \
	(OYA_ST_MEMORY | OYA_ST_RSSANON | OYA_ST_RSSFILE | OYA_ST_RSSSHMEM | OYA_ST_VMSWAP | \
	 OYA_ST_THREADS | OYA_ST_PPID)
#define NO_MEMORY (OYA_ST_THREADS | OYA_ST_PPID)

/* Read a fixture under $OYA_ROOT/tests/fixtures/status into BUF. */
static size_t read_fixture(const char *name, char *buf, size_t cap)
{
	char path[4096];
	const char *root = getenv("OYA_ROOT");
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/tests/fixtures/status/%s", root ? root : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s (set OYA_ROOT to the repository root)", path);
	n = fread(buf, 1, cap, f);
	assert_true(n > 0 && n < cap);
	assert_int_equal(fclose(f), 0);
	return n;
}

struct fixture_case {
	const char *file;
	unsigned have;
	int64_t ppid;
	uint64_t peak, size, hwm, rss, anon, file_kb, shmem, threads, swap;
};

/* Values copied from the captured files (captured on Debian 12, kernel 6.x). */
static const struct fixture_case fixtures[] = {
	{ "plain.txt", ALL_FIELDS, 5921, 3060, 3060, 1616, 1616, 116, 1500, 0, 1, 0 },
	{ "threads8.txt", ALL_FIELDS, 5921, 532800, 532800, 13696, 13696, 6996, 6700, 0, 8, 0 },
	/* A kernel thread and a zombie have no Vm or Rss lines at all. */
	{ "kthread.txt", NO_MEMORY, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
	{ "zombie.txt", NO_MEMORY, 5995, 0, 0, 0, 0, 0, 0, 0, 1, 0 },
};

static int popcount(unsigned v)
{
	return __builtin_popcount(v);
}

static void test_fixtures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct fixture_case *c = &fixtures[i];
		char buf[8192];
		struct oya_status st;
		size_t n = read_fixture(c->file, buf, sizeof(buf));
		int found = oya_status_parse(buf, n, &st);

		print_message("fixture %s\n", c->file);
		assert_int_equal(st.have, c->have);
		assert_int_equal(found, popcount(c->have));
		assert_int_equal(st.ppid, c->ppid);
		assert_int_equal(st.vm_peak_kb, c->peak);
		assert_int_equal(st.vm_size_kb, c->size);
		assert_int_equal(st.vm_hwm_kb, c->hwm);
		assert_int_equal(st.vm_rss_kb, c->rss);
		assert_int_equal(st.rss_anon_kb, c->anon);
		assert_int_equal(st.rss_file_kb, c->file_kb);
		assert_int_equal(st.rss_shmem_kb, c->shmem);
		assert_int_equal(st.threads, c->threads);
		assert_int_equal(st.vm_swap_kb, c->swap);
		if (c->have & OYA_ST_VMRSS) /* the kernel's own identity */
			assert_int_equal(st.vm_rss_kb, st.rss_anon_kb + st.rss_file_kb + st.rss_shmem_kb);
	}
}

/* Every prefix of a real file parses without reading past it, and a field is
 * only reported once its whole line (with the '\n') is inside the prefix. */
static void test_truncated_prefixes(void **state)
{
	char buf[8192];
	size_t n = read_fixture("plain.txt", buf, sizeof(buf)), len;

	(void)state;
	for (len = 0; len <= n; len++) {
		char *copy = malloc(len ? len : 1); /* exact size: ASan/valgrind catch overreads */
		struct oya_status st;
		const char *rss = strstr(buf, "VmRSS:");
		size_t rss_end = (size_t)(strchr(rss, '\n') - buf) + 1;

		assert_non_null(copy);
		memcpy(copy, buf, len);
		oya_status_parse(copy, len, &st);
		if (len < rss_end) {
			assert_false(st.have & OYA_ST_VMRSS);
			assert_int_equal(st.vm_rss_kb, 0);
		} else {
			assert_true(st.have & OYA_ST_VMRSS);
			assert_int_equal(st.vm_rss_kb, 1616);
		}
		free(copy);
	}
}

struct text_case {
	const char *what;
	const char *text;
	size_t len;	  /* sizeof the literal - 1: texts may hold NULs */
	unsigned have;	  /* expected st.have */
	uint64_t rss;	  /* expected vm_rss_kb */
	uint64_t threads; /* expected threads */
};

#define T(what, text, ...)                                \
	{                                                 \
		what, text, sizeof(text) - 1, __VA_ARGS__ \
	}
static const struct text_case texts[] = {
	T("empty", "", 0, 0, 0),
	T("only newlines", "\n\n\n", 0, 0, 0),
	T("no newline at all", "VmRSS:\t 12 kB", 0, 0, 0),
	T("one good line", "VmRSS:\t 12 kB\n", OYA_ST_VMRSS, 12, 0),
	T("spaces instead of tab", "VmRSS:    12 kB\n", OYA_ST_VMRSS, 12, 0),
	T("no unit", "VmRSS:\t12\n", OYA_ST_VMRSS, 12, 0),
	T("trailing spaces after number", "Threads:\t3   \n", OYA_ST_THREADS, 0, 3),
	T("zero", "VmRSS:\t0 kB\n", OYA_ST_VMRSS, 0, 0),
	T("largest accepted (2^62)", "VmRSS:\t4611686018427387904 kB\n", OYA_ST_VMRSS, 4611686018427387904ULL,
	  0),
	T("just above 2^62", "VmRSS:\t4611686018427387905 kB\n", 0, 0, 0),
	T("UINT64_MAX", "VmRSS:\t18446744073709551615 kB\n", 0, 0, 0),
	/* 1844674407370955162 * 10 wraps to 4 in 64 bits: must be refused, not read as 4. */
	T("wraps uint64 when multiplied", "VmRSS:\t18446744073709551620 kB\n", 0, 0, 0),
	T("wraps to a small number", "Threads:\t18446744073709551617\n", 0, 0, 0),
	T("forty digits", "VmRSS:\t1234567890123456789012345678901234567890 kB\n", 0, 0, 0),
	T("negative", "VmRSS:\t-5 kB\n", 0, 0, 0),
	T("hex", "VmRSS:\t0x10 kB\n", 0, 0, 0),
	T("letters after number", "VmRSS:\t12abc\n", 0, 0, 0),
	T("other unit", "VmRSS:\t12 MB\n", 0, 0, 0),
	T("unit with junk", "VmRSS:\t12 kBx\n", 0, 0, 0),
	T("empty value", "VmRSS:\n", 0, 0, 0),
	T("only blanks", "VmRSS:\t   \n", 0, 0, 0),
	T("key without colon", "VmRSS\t12 kB\n", 0, 0, 0),
	T("key in lower case", "vmrss:\t12 kB\n", 0, 0, 0),
	T("key not at line start", " VmRSS:\t12 kB\n", 0, 0, 0),
	T("first of duplicates wins", "VmRSS:\t1 kB\nVmRSS:\t2 kB\n", OYA_ST_VMRSS, 1, 0),
	T("bad duplicate after good", "VmRSS:\t1 kB\nVmRSS:\tzz\n", OYA_ST_VMRSS, 1, 0),
	T("good duplicate after bad", "VmRSS:\tzz\nVmRSS:\t7 kB\n", OYA_ST_VMRSS, 7, 0),
	T("truncated last line dropped", "Threads:\t4\nVmRSS:\t12", OYA_ST_THREADS, 0, 4),
	T("binary garbage", "\x01\x02\xff\xfe\n\x00\x00VmRSS:\n\xff", 0, 0, 0),
	T("NUL inside a value", "VmRSS:\t1\0002 kB\n", 0, 0, 0),
	T("CRLF line", "VmRSS:\t12 kB\r\n", 0, 0, 0),
	T("fields among garbage lines", "garbage\nVmRSS:\t5 kB\n\xff\xfe\n:::\nThreads:\t2\nVmRSSX:\t9 kB\n",
	  OYA_ST_VMRSS | OYA_ST_THREADS, 5, 2),
};

static void test_texts(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const struct text_case *c = &texts[i];
		size_t len = c->len;
		char *copy = malloc(len ? len : 1);
		struct oya_status st;
		int found;

		print_message("case: %s\n", c->what);
		assert_non_null(copy);
		memcpy(copy, c->text, len);
		memset(&st, 0x5a, sizeof(st)); /* the parser must clear everything */
		found = oya_status_parse(copy, len, &st);
		assert_int_equal(st.have, c->have);
		assert_int_equal(found, popcount(c->have));
		assert_int_equal(st.vm_rss_kb, c->rss);
		assert_int_equal(st.threads, c->threads);
		assert_int_equal(st.vm_peak_kb, 0);
		assert_int_equal(st.ppid, 0);
		free(copy);
	}
}

/* Every field's key maps to its own member; the Tgid and Name lines among them are not read. */
static void test_each_field(void **state)
{
	static const char text[] = "VmPeak:\t1 kB\nVmSize:\t2 kB\nVmHWM:\t3 kB\nVmRSS:\t4 kB\n"
				   "RssAnon:\t5 kB\nRssFile:\t6 kB\nRssShmem:\t7 kB\nThreads:\t8\n"
				   "PPid:\t9\nTgid:\t10\nName:\tx\nVmSwap:\t  123456 kB\n";
	struct oya_status st;

	(void)state;
	assert_int_equal(oya_status_parse(text, sizeof(text) - 1, &st), 10);
	assert_int_equal(st.have, ALL_FIELDS);
	assert_int_equal(st.vm_peak_kb, 1);
	assert_int_equal(st.vm_size_kb, 2);
	assert_int_equal(st.vm_hwm_kb, 3);
	assert_int_equal(st.vm_rss_kb, 4);
	assert_int_equal(st.rss_anon_kb, 5);
	assert_int_equal(st.rss_file_kb, 6);
	assert_int_equal(st.rss_shmem_kb, 7);
	assert_int_equal(st.threads, 8);
	assert_int_equal(st.ppid, 9);
	assert_int_equal(st.vm_swap_kb, 123456);
}

/* Deterministic random bytes and mutated real files never crash or overread. */
static void test_fuzz_smoke(void **state)
{
	char real[8192];
	size_t n = read_fixture("threads8.txt", real, sizeof(real));
	uint32_t x = 12345;
	int round;

	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t len = (size_t)(x % (n + 1)), i;
		char *buf = malloc(len ? len : 1);
		struct oya_status st;
		int found;

		assert_non_null(buf);
		memcpy(buf, real, len);
		for (i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			if ((x >> 16) % 16 == 0)
				buf[i] = (char)(x >> 24);
		}
		found = oya_status_parse(buf, len, &st);
		assert_true(found >= 0 && found <= popcount(ALL_FIELDS));
		assert_int_equal(found, popcount(st.have));
		assert_int_equal(st.have & ~(unsigned)ALL_FIELDS, 0);
		free(buf);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixtures),   cmocka_unit_test(test_truncated_prefixes),
		cmocka_unit_test(test_texts),	   cmocka_unit_test(test_each_field),
		cmocka_unit_test(test_fuzz_smoke),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
