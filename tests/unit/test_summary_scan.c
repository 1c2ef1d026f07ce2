/*
 * The fast line scanner against json-c: on lines it accepts, it must read what
 * json-c reads; lines it declines are left to json-c. Mutated lines check it
 * never accepts what json-c refuses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "summary_int.h"
#include "utf8.h"

static const char base_line[] =
	"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"pid\":2397,\"ppid\":2313,\"exe\":\"dash\","
	"\"event\":\"start\",\"seq\":0,\"source\":\"preload\",\"metrics\":{\"rss_kb\":1464,"
	"\"vm_size_kb\":2500,\"vm_peak_kb\":2544,\"rss_shared_kb\":1344,\"vm_hwm_kb\":1464,"
	"\"rss_anon_kb\":120,\"rss_file_kb\":1344,\"rss_shmem_kb\":0,\"threads\":1},"
	"\"elapsed_secs\":0,\"elapsed_ms\":0}";

/* A launcher line: identity, a title with UTF-8, PSS fields, numbers of 8 digits and more. */
static const char long_line[] =
	"{\"timestamp\":\"2026-12-03T11:53:16.954Z\",\"pid\":2147483647,\"ppid\":25490,\"exe\":\"dash\","
	"\"event\":\"sample\",\"seq\":12345678,\"source\":\"launcher\",\"host\":\"web-01.example\","
	"\"run\":\"748b20c6-721b-4e00-b354-868f1efb81da\",\"cmdline\":\"postgres: caf\xc3\xa9 \xe2\x82\xac idle\","
	"\"outside\":\"no preload\",\"metrics\":{\"rss_kb\":123456789,\"vm_size_kb\":987654321012,"
	"\"vm_peak_kb\":-98765432,\"vm_hwm_kb\":1,\"swap_kb\":0,\"pss_kb\":12345678901234567,"
	"\"uss_kb\":99999999,\"current_bytes\":100000000},\"elapsed_secs\":0,\"elapsed_ms\":207}";

static bool same_str(const char *a, size_t al, const char *b, size_t bl)
{
	if (!a || !b)
		return a == b;
	return al == bl && !memcmp(a, b, al);
}

/* Compare the scanner's fields with json-c's for LINE; returns whether the scanner took it. */
static bool check_line(const char *line, size_t len)
{
	struct oya_fields f, g;
	struct json_tokener *tok;
	json_object *obj, *m, *v;
	bool utf8_ok = true;

	if (oya_line_scan(line, len, &f) != 0)
		return false;
	for (size_t i = 0; i < len;) {
		size_t k = oya_utf8_len((const unsigned char *)line + i, len - i);

		if (!k) {
			utf8_ok = false;
			break;
		}
		i += k;
	}
	assert_true(utf8_ok);
	tok = json_tokener_new();
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS);
	obj = json_tokener_parse_ex(tok, line, (int)len);
	if (!obj)
		print_message("scanner took what json-c refuses: %.*s\n", (int)len, line);
	assert_non_null(obj);
	for (size_t e = json_tokener_get_parse_end(tok); e < len; e++)
		assert_true(line[e] == ' ' || line[e] == '\t');
	json_tokener_free(tok);

	memset(&g, 0, sizeof(g));
#define STR(key, p, l)                                                                           \
	if (json_object_object_get_ex(obj, key, &v) && json_object_is_type(v, json_type_string)) { \
		g.p = json_object_get_string(v);                                                   \
		g.l = (size_t)json_object_get_string_len(v);                                       \
	}
	STR("timestamp", ts, ts_len);
	STR("exe", exe, exe_len);
	STR("event", event, event_len);
	STR("source", source, source_len);
	STR("host", host, host_len);
	STR("run", run, run_len);
	STR("cmdline", cmdline, cmdline_len);
	STR("outside", outside, outside_len);
#define NUM(o, key, st, val)                                                                     \
	if (json_object_object_get_ex(o, key, &v) && v) {                                        \
		g.st = json_object_is_type(v, json_type_int) ? OYA_NUM_OK : OYA_NUM_BAD;         \
		g.val = json_object_get_int64(v);                                                \
	}
	NUM(obj, "pid", pid_st, pid);
	NUM(obj, "ppid", ppid_st, ppid);
	NUM(obj, "seq", seq_st, seq);
	if (json_object_object_get_ex(obj, "metrics", &m) && json_object_is_type(m, json_type_object)) {
		g.have_metrics = true;
		NUM(m, "rss_kb", rss_st, rss);
		NUM(m, "vm_size_kb", vsize_st, vsize);
		NUM(m, "vm_peak_kb", vpeak_st, vpeak);
		NUM(m, "vm_hwm_kb", hwm_st, hwm);
		NUM(m, "pss_kb", pss_st, pss);
		NUM(m, "uss_kb", uss_st, uss);
		NUM(m, "swap_kb", swap_st, swap);
		NUM(m, "current_bytes", current_st, current);
	}
	assert_true(same_str(f.ts, f.ts_len, g.ts, g.ts_len));
	assert_true(same_str(f.exe, f.exe_len, g.exe, g.exe_len));
	assert_true(same_str(f.event, f.event_len, g.event, g.event_len));
	assert_true(same_str(f.source, f.source_len, g.source, g.source_len));
	assert_true(same_str(f.host, f.host_len, g.host, g.host_len));
	assert_true(same_str(f.run, f.run_len, g.run, g.run_len));
	assert_true(same_str(f.cmdline, f.cmdline_len, g.cmdline, g.cmdline_len));
	assert_true(same_str(f.outside, f.outside_len, g.outside, g.outside_len));
	assert_int_equal(f.have_metrics, g.have_metrics);
	assert_int_equal(f.pss_st, g.pss_st);
	assert_int_equal(f.uss_st, g.uss_st);
	assert_int_equal(f.swap_st, g.swap_st);
	assert_int_equal(f.current_st, g.current_st);
	assert_int_equal(f.pid_st, g.pid_st);
	assert_int_equal(f.ppid_st, g.ppid_st);
	assert_int_equal(f.seq_st, g.seq_st);
	assert_int_equal(f.rss_st, g.rss_st);
	assert_int_equal(f.vsize_st, g.vsize_st);
	assert_int_equal(f.vpeak_st, g.vpeak_st);
	assert_int_equal(f.hwm_st, g.hwm_st);
	if (f.pid_st == OYA_NUM_OK)
		assert_int_equal(f.pid, g.pid);
	if (f.rss_st == OYA_NUM_OK)
		assert_int_equal(f.rss, g.rss);
	if (f.seq_st == OYA_NUM_OK)
		assert_int_equal(f.seq, g.seq);
	if (f.hwm_st == OYA_NUM_OK)
		assert_int_equal(f.hwm, g.hwm);
	if (f.vsize_st == OYA_NUM_OK)
		assert_int_equal(f.vsize, g.vsize);
	if (f.vpeak_st == OYA_NUM_OK)
		assert_int_equal(f.vpeak, g.vpeak);
	if (f.pss_st == OYA_NUM_OK)
		assert_int_equal(f.pss, g.pss);
	if (f.uss_st == OYA_NUM_OK)
		assert_int_equal(f.uss, g.uss);
	if (f.current_st == OYA_NUM_OK)
		assert_int_equal(f.current, g.current);
	json_object_put(obj);
	return true;
}

static void test_sampler_line_takes_fast_path(void **state)
{
	struct oya_fields f;

	(void)state;
	assert_int_equal(oya_line_scan(base_line, strlen(base_line), &f), 0);
	assert_int_equal(f.pid, 2397);
	assert_int_equal(f.rss, 1464);
	assert_int_equal(f.hwm, 1464);
	assert_true(check_line(base_line, strlen(base_line)));
	assert_int_equal(oya_line_scan(long_line, strlen(long_line), &f), 0);
	assert_int_equal(f.pid, 2147483647);
	assert_int_equal(f.rss, 123456789);
	assert_int_equal(f.vsize, 987654321012);
	assert_int_equal(f.vpeak, -98765432);
	assert_int_equal(f.pss, 12345678901234567);
	assert_int_equal(f.run_len, 36);
	assert_true(check_line(long_line, strlen(long_line)));
}

/* Integers of every length up to the 18 digits the scanner takes, either sign, at the end of the line
   and before more text: the value json-c reads. */
static void test_integer_lengths(void **state)
{
	static const char digits[] = "918273645546372819";
	char line[96];

	(void)state;
	for (size_t n = 1; n <= 18; n++) {
		for (int neg = 0; neg < 2; neg++) {
			struct oya_fields f;
			int len = snprintf(line, sizeof(line), "{\"pid\":%s%.*s,\"exe\":\"x\"}", neg ? "-" : "",
					   (int)n, digits);

			assert_int_equal(oya_line_scan(line, (size_t)len, &f), 0);
			assert_true(check_line(line, (size_t)len));
			len = snprintf(line, sizeof(line), "{\"pid\":%s%.*s}", neg ? "-" : "", (int)n, digits);
			assert_int_equal(oya_line_scan(line, (size_t)len, &f), 0);
			assert_true(check_line(line, (size_t)len));
		}
	}
}

static void test_declined_lines(void **state)
{
	static const char *const declined[] = {
		"{\"exe\":\"a\\\"b\",\"pid\":1}",          /* an escape */
		"{\"pid\":1.5}",                            /* a fraction */
		"{\"pid\":1e3}",                            /* an exponent */
		"{\"pid\":0123}",                           /* a leading zero */
		"{\"pid\":1234567890123456789}",           /* 19 digits */
		"{\"pid\":-1234567890123456789}",
		"{\"pid\":12345678.5}",                    /* a fraction after 8 digits */
		"{\"pid\":123456789e1}",
		"{\"a\":[1]}",                              /* an array */
		"{\"a\":{\"b\":1}}",                        /* an object that is not metrics */
		"{\"pid\":1,\"pid\":2}",                    /* a repeated key */
		"{\"pid\":1} x",                            /* trailing text */
		"{\"pid\":1,}",                             /* a trailing comma */
		"{\"exe\":\"\xff\"}",                       /* not UTF-8 */
		"{\"exe\":\"\xed\xa0\x80\"}",               /* a surrogate */
		"{\"exe\":\"a\tb\"}",                       /* a raw control character */
		"{\"pid\":tru}",
		"{\"pid\":-}",
		"{\"pid\"",
		"[]",
		"",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(declined) / sizeof(declined[0]); i++) {
		struct oya_fields f;

		assert_int_equal(oya_line_scan(declined[i], strlen(declined[i]), &f), 1);
	}
}

/* Every single-byte change of BASE: the scanner agrees with json-c or declines. */
static void mutations_agree(const char *base)
{
	static const char bytes[] = "{}[]\":,0123456789-.eE+ tnfalsu\\\x01\x7f\xc3\xa9\xff\xe2\x82\n";
	size_t len = strlen(base), taken = 0, total = 0;
	char *line = malloc(len + 2);

	assert_non_null(line);
	for (size_t pos = 0; pos < len; pos++) {
		for (size_t b = 0; b < sizeof(bytes) - 1; b++) {
			memcpy(line, base, len + 1);
			line[pos] = bytes[b];
			taken += check_line(line, len);
			total++;
			/* and with the byte removed */
			memcpy(line, base, pos);
			memcpy(line + pos, base + pos + 1, len - pos);
			taken += check_line(line, len - 1);
			total++;
		}
	}
	print_message("    %zu of %zu mutated lines took the fast path\n", taken, total);
	assert_true(taken > 0);
	free(line);
}

static void test_mutations_agree(void **state)
{
	(void)state;
	mutations_agree(base_line);
	mutations_agree(long_line);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sampler_line_takes_fast_path),
		cmocka_unit_test(test_integer_lengths),
		cmocka_unit_test(test_declined_lines),
		cmocka_unit_test(test_mutations_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
