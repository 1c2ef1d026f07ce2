/* The pure helpers of oya-launch: signals, sizes, disk reserve, exit statuses, paths, /proc text. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "launch_core.h"

static void test_signals(void **state)
{
	(void)state;
	assert_int_equal(oya_signal_parse("TERM"), SIGTERM);
	assert_int_equal(oya_signal_parse("SIGTERM"), SIGTERM);
	assert_int_equal(oya_signal_parse("term"), SIGTERM);
	assert_int_equal(oya_signal_parse("sigint"), SIGINT);
	assert_int_equal(oya_signal_parse("KILL"), SIGKILL);
	assert_int_equal(oya_signal_parse("15"), 15);
	assert_int_equal(oya_signal_parse("64"), 64);
	assert_int_equal(oya_signal_parse("0"), -1);
	assert_int_equal(oya_signal_parse("65"), -1);
	assert_int_equal(oya_signal_parse("1x"), -1);
	assert_int_equal(oya_signal_parse("SIG"), -1);
	assert_int_equal(oya_signal_parse(""), -1);
	assert_int_equal(oya_signal_parse(NULL), -1);
	assert_int_equal(oya_signal_parse("99999999999999999999"), -1);
	assert_string_equal(oya_signal_name(SIGSEGV), "SEGV");
	assert_string_equal(oya_signal_name(SIGHUP), "HUP");
	assert_null(oya_signal_name(0));
	assert_null(oya_signal_name(40));
}

static void test_sizes(void **state)
{
	uint64_t b;
	unsigned pct;
	const char *why = NULL;

	(void)state;
	assert_int_equal(oya_size_parse("4096", &b, &pct, &why), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(oya_size_parse("1K", &b, &pct, &why), 0);
	assert_int_equal(b, 1024);
	assert_int_equal(oya_size_parse("500M", &b, &pct, &why), 0);
	assert_int_equal(b, 500ULL << 20);
	assert_int_equal(oya_size_parse("2GiB", &b, &pct, &why), 0);
	assert_int_equal(b, 2ULL << 30);
	assert_int_equal(oya_size_parse("1tb", &b, &pct, &why), 0);
	assert_int_equal(b, 1ULL << 40);
	assert_int_equal(oya_size_parse("5%", &b, &pct, &why), 0);
	assert_int_equal(b, 0);
	assert_int_equal(pct, 5);
	assert_int_equal(oya_size_parse("0", &b, &pct, &why), 0);
	assert_int_equal(b, 0);
	assert_int_equal(pct, 0);
	assert_int_equal(oya_size_parse("51%", &b, &pct, &why), -1);
	assert_string_equal(why, "is above 50%");
	assert_int_equal(oya_size_parse("", &b, &pct, &why), -1);
	assert_string_equal(why, "is empty");
	assert_int_equal(oya_size_parse("G", &b, &pct, &why), -1);
	assert_string_equal(why, "has no number");
	assert_int_equal(oya_size_parse("3Q", &b, &pct, &why), -1);
	assert_string_equal(why, "has an unknown unit");
	assert_int_equal(oya_size_parse("3Gx", &b, &pct, &why), -1);
	assert_int_equal(oya_size_parse("5%%", &b, &pct, &why), -1);
	assert_int_equal(oya_size_parse("99999999999999999999", &b, &pct, &why), -1);
	assert_string_equal(why, "is too large");
	assert_int_equal(oya_size_parse("99999999999T", &b, &pct, &why), -1);
	assert_string_equal(why, "is too large");
}

static void test_disk(void **state)
{
	const uint64_t G = 1ULL << 30;

	(void)state;
	/* default: the smaller of 1 GiB and 5 % */
	assert_int_equal(oya_disk_reserve(100 * G, 0, 0, true), G);
	assert_int_equal(oya_disk_reserve(10 * G, 0, 0, true), 10 * G / 100 * 5);
	assert_int_equal(oya_disk_reserve(100 * G, 2 * G, 0, false), 2 * G);
	assert_int_equal(oya_disk_reserve(100 * G, 0, 10, false), 10 * G);
	assert_int_equal(oya_disk_reserve(100 * G, 0, 0, false), 0);
	assert_false(oya_disk_low(5 * G, G, 0));
	assert_true(oya_disk_low(G - 1, G, 0));
	/* what the run writes per check counts, twice */
	assert_true(oya_disk_low(3 * G, G, G + 1));
	assert_false(oya_disk_low(3 * G, G, G - 1));
	assert_false(oya_disk_low(0, 0, 0)); /* no reserve: no check */
	assert_true(oya_disk_low(2 * G, G, UINT64_MAX));
}

static void test_scan_period(void **state)
{
	const uint64_t MS = 1000000, S = 1000 * MS;

	(void)state;
	/* a cheap scan: as often as the base asks */
	assert_int_equal(oya_scan_period(500 * MS, 10 * S, 1 * MS), 500 * MS);
	/* 60 ms a scan (a tree of 1,000 read twice a second was 12% of a core): one in 6 s */
	assert_int_equal(oya_scan_period(500 * MS, 10 * S, 60 * MS), 6 * S);
	/* never later than the interval, whatever the cost */
	assert_int_equal(oya_scan_period(500 * MS, 10 * S, 1 * S), 10 * S);
	assert_int_equal(oya_scan_period(500 * MS, 10 * S, UINT64_MAX), 10 * S);
	/* a short interval is kept: sampling that often was asked for */
	assert_int_equal(oya_scan_period(100 * MS, 100 * MS, 60 * MS), 100 * MS);
}

static void test_stop_reason_names(void **state)
{
	(void)state;
	assert_null(oya_stop_reason_name(OYA_STOP_NONE));
	assert_string_equal(oya_stop_reason_name(OYA_STOP_EXITED), "exited");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_SIGNALED), "signaled");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_DURATION_LIMIT), "duration_limit");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_INTERRUPTED), "interrupted");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_DISK_LIMIT), "disk_limit");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_HEAPTRACK_FAILED), "heaptrack_failed");
	assert_string_equal(oya_stop_reason_name(OYA_STOP_DETACHED), "detached");
	assert_null(oya_stop_reason_name((enum oya_stop_reason)(OYA_STOP_DETACHED + 1)));
	assert_true(oya_stop_is_limit(OYA_STOP_DURATION_LIMIT));
	assert_true(oya_stop_is_limit(OYA_STOP_DISK_LIMIT));
	assert_false(oya_stop_is_limit(OYA_STOP_INTERRUPTED));
	assert_false(oya_stop_is_limit(OYA_STOP_EXITED));
}

static void test_exit_status(void **state)
{
	struct oya_end e;

	(void)state;
	e = (struct oya_end){ OYA_STOP_EXITED, 0, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 0);
	e = (struct oya_end){ OYA_STOP_EXITED, 3, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 3);
	e = (struct oya_end){ OYA_STOP_EXITED, 300, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 300 & 0xff);
	e = (struct oya_end){ OYA_STOP_SIGNALED, -1, SIGSEGV };
	assert_int_equal(oya_exit_status(&e, 0), 139);
	e = (struct oya_end){ OYA_STOP_DURATION_LIMIT, -1, SIGKILL };
	assert_int_equal(oya_exit_status(&e, 0), 0);
	e = (struct oya_end){ OYA_STOP_DISK_LIMIT, 1, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 0);
	/* heaptrack's own status is not the command's: it never ran */
	e = (struct oya_end){ OYA_STOP_HEAPTRACK_FAILED, 1, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 125);
	e = (struct oya_end){ OYA_STOP_HEAPTRACK_FAILED, 0, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 125);
	e = (struct oya_end){ OYA_STOP_HEAPTRACK_FAILED, -1, SIGKILL };
	assert_int_equal(oya_exit_status(&e, 0), 125);
	e = (struct oya_end){ OYA_STOP_INTERRUPTED, -1, SIGINT };
	assert_int_equal(oya_exit_status(&e, SIGINT), 130);
	assert_int_equal(oya_exit_status(&e, SIGTERM), 143);
	assert_int_equal(oya_exit_status(&e, SIGHUP), 129);
	/* an attached run: it detached, or the process (not the launcher's child) ended, status unknown */
	e = (struct oya_end){ OYA_STOP_DETACHED, -1, 0 };
	assert_int_equal(oya_exit_status(&e, SIGTERM), 0);
	e = (struct oya_end){ OYA_STOP_EXITED, -1, 0 };
	assert_int_equal(oya_exit_status(&e, 0), 0);
	assert_false(oya_stop_is_limit(OYA_STOP_DETACHED));
}

static void test_paths(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(oya_path_replace_ext(buf, sizeof(buf), "memory-profile.jsonl", ".summary.json"),
			 strlen("memory-profile.summary.json"));
	assert_string_equal(buf, "memory-profile.summary.json");
	oya_path_replace_ext(buf, sizeof(buf), "/a/b.json", ".summary.json");
	assert_string_equal(buf, "/a/b.json.summary.json");
	oya_path_replace_ext(buf, sizeof(buf), "/a/x.jsonl", ".heaptrack");
	assert_string_equal(buf, "/a/x.heaptrack");
	oya_path_replace_ext(buf, sizeof(buf), ".jsonl", ".s");
	assert_string_equal(buf, ".jsonl.s"); /* a bare ".jsonl" is a name, not an extension */
	assert_int_equal(oya_path_replace_ext(buf, 8, "long-name.jsonl", ".summary.json"), -1);
	assert_int_equal(oya_path_old(buf, sizeof(buf), "p.jsonl"), 11);
	assert_string_equal(buf, "p.jsonl.old");
	assert_int_equal(oya_path_old(buf, 5, "p.jsonl"), -1);
}

static void test_preload_join(void **state)
{
	char buf[128];

	(void)state;
	assert_true(oya_preload_join(buf, sizeof(buf), NULL, "/l/oya.so") > 0);
	assert_string_equal(buf, "/l/oya.so");
	oya_preload_join(buf, sizeof(buf), "", "/l/oya.so");
	assert_string_equal(buf, "/l/oya.so");
	oya_preload_join(buf, sizeof(buf), "/x/a.so", "/l/oya.so");
	assert_string_equal(buf, "/x/a.so:/l/oya.so");
	oya_preload_join(buf, sizeof(buf), "/l/oya.so:/x/a.so", "/l/oya.so");
	assert_string_equal(buf, "/l/oya.so:/x/a.so"); /* already there: unchanged */
	oya_preload_join(buf, sizeof(buf), "/l/oya.so.1", "/l/oya.so");
	assert_string_equal(buf, "/l/oya.so.1:/l/oya.so");
	assert_int_equal(oya_preload_join(buf, 10, "/x/a.so", "/l/oya.so"), -1);
}

static void test_maps(void **state)
{
	static const char maps[] =
		"55d0-55d1 r--p 00000000 fe:00 1 /usr/bin/prog\n"
		"7f00-7f01 r--p 00001000 fe:00 2 /usr/lib/heaptrack/libheaptrack_preload.so\n"
		"7f02-7f03 r-xp 00002000 fe:00 3 /build/liboya_preload.so\n"
		"7f04-7f05 rw-p 00000000 00:00 0 \n"
		"7ffc-7ffd r-xp 00000000 00:00 0 [vdso]";

	(void)state;
	assert_true(oya_maps_has(maps, strlen(maps), "liboya_preload.so"));
	/* mapped as data only (heaptrack_interpret reads it): not loaded */
	assert_false(oya_maps_has(maps, strlen(maps), "libheaptrack_preload.so"));
	assert_false(oya_maps_has(maps, strlen(maps), "preload.so"));
	assert_false(oya_maps_has(maps, strlen(maps), "prog")); /* r--p */
	assert_false(oya_maps_has("", 0, "liboya_preload.so"));
	assert_false(oya_maps_has(maps, 20, "liboya_preload.so"));
}

static void test_environ(void **state)
{
	static const char env[] = "PATH=/bin\0DUMP_HEAPTRACK_OUTPUTX=1\0DUMP_HEAPTRACK_OUTPUT=/tmp/f\0";
	static const char env2[] = "A=1\0DUMP_HEAPTRACK_OUTPUT";

	(void)state;
	assert_true(oya_environ_has(env, sizeof(env) - 1, "DUMP_HEAPTRACK_OUTPUT"));
	assert_true(oya_environ_has(env, sizeof(env) - 1, "PATH"));
	assert_false(oya_environ_has(env, sizeof(env) - 1, "PAT"));
	assert_false(oya_environ_has(env2, sizeof(env2) - 1, "DUMP_HEAPTRACK_OUTPUT"));
	assert_false(oya_environ_has(env, 0, "PATH"));
}

static void test_stat(void **state)
{
	static const char st[] = "1234 (a b) c)) S 1200 1234 1234 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 "
				 "1 0 987654 1000000 100 18446744073709551615";
	int64_t ppid = 0;
	uint64_t start = 0;
	char state_c = 0;

	(void)state;
	assert_int_equal(oya_stat_parse(st, strlen(st), &ppid, &start, &state_c), 0);
	assert_int_equal(ppid, 1200);
	assert_int_equal(start, 987654);
	assert_int_equal(state_c, 'S');
	assert_int_equal(oya_stat_parse(st, 30, &ppid, &start, &state_c), -1);
	assert_int_equal(oya_stat_parse("1 (x", 4, &ppid, &start, &state_c), -1);
	assert_int_equal(oya_stat_parse("", 0, &ppid, &start, &state_c), -1);
	assert_int_equal(oya_stat_parse("1 (x) Z x", 9, &ppid, &start, &state_c), -1);
}

/* A minimal 64-bit little-endian ELF header with N program headers of TYPES. */
static size_t make_elf(unsigned char *buf, const unsigned *types, unsigned n)
{
	unsigned i;

	memset(buf, 0, 64 + 56 * n);
	memcpy(buf, "\177ELF", 4);
	buf[4] = 2; /* 64-bit */
	buf[5] = 1; /* little-endian */
	buf[32] = 64; /* e_phoff */
	buf[54] = 56; /* e_phentsize */
	buf[56] = (unsigned char)n;
	for (i = 0; i < n; i++)
		buf[64 + 56 * i] = (unsigned char)types[i];
	return 64 + 56 * n;
}

static void test_elf(void **state)
{
	unsigned char buf[512];
	static const unsigned dyn[] = { 6, 3, 1 }, stat[] = { 1, 1, 4 };
	size_t n;

	(void)state;
	n = make_elf(buf, dyn, 3);
	assert_int_equal(oya_elf_is_dynamic(buf, n), 1);
	n = make_elf(buf, stat, 3);
	assert_int_equal(oya_elf_is_dynamic(buf, n), 0);
	assert_int_equal(oya_elf_is_dynamic(buf, 100), -1); /* cut short */
	assert_int_equal(oya_elf_is_dynamic((const unsigned char *)"#!/bin/sh\n", 10), -1);
	memcpy(buf, "#!/bin/sh\necho hello there, this is long enough for a header.......", 68);
	assert_int_equal(oya_elf_is_dynamic(buf, 68), -1);
}

static void test_line_peek(void **state)
{
	static const char self[] =
		"{\"timestamp\":\"2026-02-01T12:00:00.123Z\",\"pid\":4242,\"ppid\":1,"
				   "\"exe\":\"x\",\"event\":\"exit\",\"seq\":17,\"source\":\"preload\",\"metrics\":{}}";
	static const char outside[] = "{\"pid\":7,\"event\":\"sample\",\"seq\":3,\"source\":\"launcher\"}";
	static const char bad_pid[] = "{\"source\":\"preload\",\"pid\":x}";
	struct oya_line_peek p;

	(void)state;
	assert_int_equal(oya_line_peek(self, strlen(self), &p), 0);
	assert_int_equal(p.pid, 4242);
	assert_int_equal(p.seq, 17);
	assert_true(p.exit);
	assert_int_equal(oya_line_peek(outside, strlen(outside), &p), -1);
	assert_int_equal(oya_line_peek(bad_pid, strlen(bad_pid), &p), -1);
	assert_int_equal(oya_line_peek("", 0, &p), -1);
	/* cut short: the seq is not in the LEN bytes */
	assert_int_equal(oya_line_peek(self, 90, &p), -1);
}

/* The exe as written, escapes and all, so that an ended image is told from the pid's next one. */
static void test_line_peek_exe(void **state)
{
	static const char plain[] = "{\"pid\":9,\"exe\":\"sh\",\"seq\":0,\"source\":\"preload\"}";
	static const char quoted[] = "{\"pid\":9,\"exe\":\"a\\\"b\\\\\",\"seq\":0,\"source\":\"preload\"}";
	static const char none[] = "{\"pid\":9,\"seq\":0,\"source\":\"preload\"}";
	static const char open_end[] = "{\"pid\":9,\"seq\":0,\"source\":\"preload\",\"exe\":\"sh\\";
	struct oya_line_peek p;

	(void)state;
	assert_int_equal(oya_line_peek(plain, strlen(plain), &p), 0);
	assert_int_equal(p.exe_len, 2);
	assert_memory_equal(p.exe, "sh", 2);
	assert_int_equal(oya_line_peek(quoted, strlen(quoted), &p), 0);
	assert_int_equal(p.exe_len, strlen("a\\\"b\\\\"));
	assert_memory_equal(p.exe, "a\\\"b\\\\", p.exe_len);
	assert_int_equal(oya_line_peek(none, strlen(none), &p), 0);
	assert_null(p.exe);
	assert_int_equal(oya_line_peek(open_end, strlen(open_end), &p), 0);
	assert_null(p.exe); /* no closing quote within the line */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_disk),
		cmocka_unit_test(test_scan_period),
		cmocka_unit_test(test_exit_status),
		cmocka_unit_test(test_stop_reason_names),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_preload_join),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_environ),
		cmocka_unit_test(test_stat),
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_line_peek),
		cmocka_unit_test(test_line_peek_exe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
