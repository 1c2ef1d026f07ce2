/* oya_json_escape, oya_format_timestamp and oya_sample_format; every line is
 * parsed back with json-c and each field's value is checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <json.h>

#include "sample_line.h"

#define FFFD "\xef\xbf\xbd"

/* ---- oya_json_escape ---- */

struct esc_case {
	const char *what;
	const char *in;
	size_t len;
	const char *out;
};

#define E(what, in, out) { what, in, sizeof(in) - 1, out }
static const struct esc_case esc_cases[] = {
	E("empty", "", ""),
	E("plain", "ls", "ls"),
	E("double quote", "a\"b", "a\\\"b"),
	E("backslash", "a\\b", "a\\\\b"),
	E("slash is left alone", "a/b", "a/b"),
	E("short escapes", "\b\t\n\f\r", "\\b\\t\\n\\f\\r"),
	E("vertical tab", "\v", "\\u000b"),
	E("low controls", "\x01\x02\x1f", "\\u0001\\u0002\\u001f"),
	E("DEL", "\x7f", "\\u007f"),
	E("NUL inside", "a\0b", "a\\u0000b"),
	E("space and tilde", " ~", " ~"),
	E("two-byte UTF-8", "caf\xc3\xa9", "caf\xc3\xa9"),
	E("three-byte UTF-8", "\xe2\x82\xac", "\xe2\x82\xac"),
	E("U+2028 stays", "\xe2\x80\xa8", "\xe2\x80\xa8"),
	E("four-byte UTF-8", "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"),
	E("largest code point", "\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"),
	E("lone lead byte", "a\xc3", "a" FFFD),
	E("lone continuation", "\x80", FFFD),
	E("lead then ASCII", "\xc3(", FFFD "("),
	E("overlong slash", "\xc0\xaf", FFFD FFFD),
	E("overlong three-byte", "\xe0\x80\x80", FFFD FFFD FFFD),
	E("surrogate", "\xed\xa0\x80", FFFD FFFD FFFD),
	E("above U+10FFFF", "\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD),
	E("byte F5", "\xf5", FFFD),
	E("byte FF", "\xff\xfe", FFFD FFFD),
	E("cut four-byte at end", "\xf0\x9f\x98", FFFD FFFD FFFD),
	E("mixed", "x\"\\\n\xff\xc3\xa9", "x\\\"\\\\\\n" FFFD "\xc3\xa9"),
};

static void test_escape_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(esc_cases) / sizeof(esc_cases[0]); i++) {
		const struct esc_case *c = &esc_cases[i];
		char out[256];
		size_t n;

		print_message("case: %s\n", c->what);
		n = oya_json_escape(out, sizeof(out), c->in, c->len);
		assert_string_equal(out, c->out);
		assert_int_equal(n, strlen(c->out));
	}
}

/* With any capacity the output is a prefix of the full output that ends on a
 * whole piece (never half an escape or half a character) and is NUL-terminated. */
static void test_escape_capacity(void **state)
{
	static const char in[] = "a\"\xc3\xa9\x01\xf0\x9f\x98\x80\xff\\z";
	/* the pieces: a \" é \u0001 😀 FFFD \\ z */
	static const size_t cuts[] = { 0, 1, 3, 5, 11, 15, 18, 20, 21 };
	char full[128], out[128];
	size_t full_n, cap, i;

	(void)state;
	full_n = oya_json_escape(full, sizeof(full), in, sizeof(in) - 1);
	assert_int_equal(full_n, 21);
	assert_int_equal(oya_json_escape(out, 0, in, sizeof(in) - 1), 0);
	for (cap = 1; cap <= full_n + 1; cap++) {
		size_t n, expect = 0;

		memset(out, 'X', sizeof(out));
		n = oya_json_escape(out, cap, in, sizeof(in) - 1);
		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++)
			if (cuts[i] < cap)
				expect = cuts[i];
		assert_int_equal(n, expect);
		assert_int_equal(out[n], '\0');
		assert_memory_equal(out, full, n);
		assert_int_equal(out[cap], 'X'); /* nothing written past CAP */
	}
}

/* ---- oya_format_timestamp ---- */

struct ts_case {
	int64_t ms;
	const char *out; /* NULL: refused */
};

static const struct ts_case ts_cases[] = {
	{ 0, "1970-01-01T00:00:00.000Z" },
	{ 1, "1970-01-01T00:00:00.001Z" },
	{ 94694399000, "1972-12-31T23:59:59.000Z" },
	{ 946684799999, "1999-12-31T23:59:59.999Z" },
	{ 951827696789, "2000-02-29T12:34:56.789Z" }, /* 2000: divisible by 400, leap */
	{ 1709251199999, "2024-02-29T23:59:59.999Z" },
	{ 1709251200000, "2024-03-01T00:00:00.000Z" },
	{ 1769947200000, "2026-02-01T12:00:00.000Z" },
	{ 2147483648000, "2038-01-19T03:14:08.000Z" }, /* past 32-bit time_t */
	{ 4107542399999, "2100-02-28T23:59:59.999Z" }, /* 2100: not leap */
	{ 4107542400000, "2100-03-01T00:00:00.000Z" },
	{ 13574563200000, "2400-02-29T00:00:00.000Z" },
	{ 253402300799999, "9999-12-31T23:59:59.999Z" }, /* the last that fits 4 digits */
	{ 253402300800000, NULL },
	{ -1, NULL },
	{ INT64_MIN, NULL },
	{ INT64_MAX, NULL },
};

static void test_timestamp_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ts_cases) / sizeof(ts_cases[0]); i++) {
		char buf[32];
		size_t n;

		print_message("ms %lld\n", (long long)ts_cases[i].ms);
		memset(buf, 'X', sizeof(buf));
		n = oya_format_timestamp(buf, sizeof(buf), ts_cases[i].ms);
		if (!ts_cases[i].out) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, 24);
		assert_string_equal(buf, ts_cases[i].out);
	}
}

static void test_timestamp_capacity(void **state)
{
	char buf[32];

	(void)state;
	memset(buf, 'X', sizeof(buf));
	assert_int_equal(oya_format_timestamp(buf, 24, 0), 0);
	assert_int_equal(buf[0], 'X');
	assert_int_equal(oya_format_timestamp(buf, 0, 0), 0);
	assert_int_equal(oya_format_timestamp(buf, 25, 0), 24);
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
}

/* A sweep of the whole range against the C library's gmtime_r. */
static void test_timestamp_vs_gmtime(void **state)
{
	const int64_t step = 719LL * 3600 * 1000 + 12345; /* a prime number of hours, plus ms */
	int64_t ms;
	int count = 0;

	(void)state;
	for (ms = 0; ms <= 253402300799999LL; ms += step) {
		char got[32], want[64];
		time_t t = (time_t)(ms / 1000);
		struct tm tm;

		assert_non_null(gmtime_r(&t, &tm));
		snprintf(want, sizeof(want), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
		assert_int_equal(oya_format_timestamp(got, sizeof(got), ms), 24);
		assert_string_equal(got, want);
		count++;
	}
	assert_true(count > 10000);
}

/* ---- oya_sample_format ---- */

static struct oya_sample base_sample(void)
{
	struct oya_sample s;

	memset(&s, 0, sizeof(s));
	s.event = "sample";
	s.source = "preload";
	s.exe = "prog";
	s.seq = 7;
	s.pid = 12345;
	s.ppid = 1;
	s.wall_ms = 1769947200123;
	s.elapsed_ms = 61999;
	s.st.vm_peak_kb = 307200;
	s.st.vm_size_kb = 204800;
	s.st.vm_hwm_kb = 150000;
	s.st.vm_rss_kb = 102400;
	s.st.rss_anon_kb = 51200;
	s.st.rss_file_kb = 50000;
	s.st.rss_shmem_kb = 1200;
	s.st.threads = 3;
	s.st.vm_swap_kb = 4096;
	return s;
}

/* BASE_SAMPLE with every smaps_rollup figure read. */
static struct oya_sample pss_sample(void)
{
	struct oya_sample s = base_sample();

	s.ru.pss_kb = 60000;
	s.ru.pss_anon_kb = 51000;
	s.ru.pss_file_kb = 8000;
	s.ru.pss_shmem_kb = 1000;
	s.ru.private_clean_kb = 3000;
	s.ru.private_dirty_kb = 45000;
	s.ru.swap_pss_kb = 2048;
	s.ru.have = OYA_RU_PSS | OYA_RU_PSS_ANON | OYA_RU_PSS_FILE | OYA_RU_PSS_SHMEM | OYA_RU_USS |
		    OYA_RU_SWAP_PSS;
	return s;
}


static json_object *parse_strict(const char *line, size_t len)
{
	json_tokener *tok = json_tokener_new();
	json_object *obj;

	assert_non_null(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	/* parse without the '\n' so that the whole text must be one value */
	obj = json_tokener_parse_ex(tok, line, (int)len);
	if (json_tokener_get_error(tok) != json_tokener_success)
		fail_msg("not valid JSON (%s): %s", json_tokener_error_desc(json_tokener_get_error(tok)),
			 line);
	assert_int_equal(json_tokener_get_parse_end(tok), len);
	json_tokener_free(tok);
	return obj;
}

static json_object *get(json_object *o, const char *key, json_type type)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("field %s missing", key);
	assert_int_equal(json_object_get_type(v), type);
	return v;
}

static uint64_t get_u64(json_object *o, const char *key)
{
	json_object *v = get(o, key, json_type_int);

	return json_object_get_uint64(v);
}

static int64_t get_i64(json_object *o, const char *key)
{
	return json_object_get_int64(get(o, key, json_type_int));
}

static const char *get_str(json_object *o, const char *key)
{
	return json_object_get_string(get(o, key, json_type_string));
}

/* The PSS fields of S's line: each present exactly when its figure was read. */
static void check_rollup(json_object *m, const struct oya_rollup *ru)
{
	static const struct {
		const char *key;
		unsigned need;
	} keys[] = {
		{ "pss_kb", OYA_RU_PSS },	      { "uss_kb", OYA_RU_USS },
		{ "pss_anon_kb", OYA_RU_PSS_ANON },   { "pss_file_kb", OYA_RU_PSS_FILE },
		{ "pss_shmem_kb", OYA_RU_PSS_SHMEM }, { "swap_pss_kb", OYA_RU_SWAP_PSS },
	};
	const uint64_t want[] = { ru->pss_kb, ru->private_clean_kb + ru->private_dirty_kb,
				  ru->pss_anon_kb, ru->pss_file_kb, ru->pss_shmem_kb, ru->swap_pss_kb };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object *v;
		int have = (ru->have & keys[i].need) == keys[i].need;

		assert_int_equal(json_object_object_get_ex(m, keys[i].key, &v), have);
		if (have)
			assert_int_equal(get_u64(m, keys[i].key), want[i]);
	}
}

static size_t rollup_fields(const struct oya_rollup *ru)
{
	return (size_t)__builtin_popcount(ru->have & ~(unsigned)OYA_RU_USS) +
	       ((ru->have & OYA_RU_USS) == OYA_RU_USS);
}

/* Format S, check the framing, parse it back and check every field against S.
 * EXE_WANT is the exe as it must come back (NULL: s->exe itself). */
static void check_line(const struct oya_sample *s, const char *exe_want)
{
	static const char *const top[] = { "timestamp", "pid", "ppid", "exe", "event", "seq",
					   "source", "metrics", "elapsed_secs", "elapsed_ms" };
	static const char *const metrics[] = { "rss_kb", "vm_size_kb", "vm_peak_kb",
					       "rss_shared_kb", "vm_hwm_kb", "rss_anon_kb",
					       "rss_file_kb", "rss_shmem_kb", "threads", "swap_kb" };
	char line[OYA_LINE_MAX], ts[32];
	json_object *o, *m;
	size_t len = oya_sample_format(line, sizeof(line), s);

	assert_true(len > 0);
	assert_int_equal(strlen(line), len);
	assert_int_equal(line[len - 1], '\n');
	assert_ptr_equal(strchr(line, '\n'), line + len - 1); /* exactly one line */
	o = parse_strict(line, len - 1);
	assert_int_equal(json_object_object_length(o), sizeof(top) / sizeof(top[0]));
	m = get(o, "metrics", json_type_object);
	assert_int_equal(json_object_object_length(m),
			 sizeof(metrics) / sizeof(metrics[0]) + rollup_fields(&s->ru));

	if (!oya_format_timestamp(ts, sizeof(ts), s->wall_ms))
		strcpy(ts, "1970-01-01T00:00:00.000Z");
	assert_string_equal(get_str(o, "timestamp"), ts);
	assert_int_equal(get_i64(o, "pid"), s->pid);
	assert_int_equal(get_i64(o, "ppid"), s->ppid);
	assert_string_equal(get_str(o, "exe"), exe_want ? exe_want : s->exe);
	assert_string_equal(get_str(o, "event"), s->event);
	assert_int_equal(get_u64(o, "seq"), s->seq);
	assert_string_equal(get_str(o, "source"), s->source);
	assert_int_equal(get_u64(o, "elapsed_secs"), s->elapsed_ms / 1000);
	assert_int_equal(get_u64(o, "elapsed_ms"), s->elapsed_ms);
	assert_int_equal(get_u64(m, "rss_kb"), s->st.vm_rss_kb);
	assert_int_equal(get_u64(m, "vm_size_kb"), s->st.vm_size_kb);
	assert_int_equal(get_u64(m, "vm_peak_kb"), s->st.vm_peak_kb);
	assert_int_equal(get_u64(m, "rss_shared_kb"), s->st.rss_file_kb + s->st.rss_shmem_kb);
	assert_int_equal(get_u64(m, "vm_hwm_kb"), s->st.vm_hwm_kb);
	assert_int_equal(get_u64(m, "rss_anon_kb"), s->st.rss_anon_kb);
	assert_int_equal(get_u64(m, "rss_file_kb"), s->st.rss_file_kb);
	assert_int_equal(get_u64(m, "rss_shmem_kb"), s->st.rss_shmem_kb);
	assert_int_equal(get_u64(m, "threads"), s->st.threads);
	assert_int_equal(get_u64(m, "swap_kb"), s->st.vm_swap_kb);
	check_rollup(m, &s->ru);
	json_object_put(o);
}

/* The seed's example line, extended: names, order of the seed's fields, units. */
static void test_format_exact(void **state)
{
	struct oya_sample s = base_sample();
	char line[OYA_LINE_MAX];
	size_t n;

	(void)state;
	n = oya_sample_format(line, sizeof(line), &s);
	assert_string_equal(
		line,
		"{\"timestamp\":\"2026-02-01T12:00:00.123Z\",\"pid\":12345,\"ppid\":1,\"exe\":\"prog\","
		"\"event\":\"sample\",\"seq\":7,\"source\":\"preload\",\"metrics\":{\"rss_kb\":102400,"
		"\"vm_size_kb\":204800,\"vm_peak_kb\":307200,\"rss_shared_kb\":51200,"
		"\"vm_hwm_kb\":150000,\"rss_anon_kb\":51200,\"rss_file_kb\":50000,"
		"\"rss_shmem_kb\":1200,\"threads\":3,\"swap_kb\":4096},\"elapsed_secs\":61,"
		"\"elapsed_ms\":61999}\n");
	assert_int_equal(n, strlen(line));
	check_line(&s, NULL);
}

/* The optional texts follow elapsed_ms, escaped; a long title is cut, the line stays whole. */
static void test_format_cmdline(void **state)
{
	struct oya_sample s = base_sample();
	char line[OYA_LINE_MAX], title[2000];
	size_t n;

	(void)state;
	s.cmdline = "postgres: user db [local] \"idle\"";
	s.outside = "went quiet";
	n = oya_sample_format(line, sizeof(line), &s);
	assert_int_equal(n, strlen(line));
	assert_non_null(strstr(line, "\"elapsed_ms\":61999,\"cmdline\":\"postgres: user db [local] "
				     "\\\"idle\\\"\",\"outside\":\"went quiet\"}\n"));
	memset(title, 'a', sizeof(title) - 1);
	title[sizeof(title) - 1] = '\0';
	s.cmdline = title;
	n = oya_sample_format(line, sizeof(line), &s);
	assert_true(n > 0 && n < OYA_LINE_MAX);
	assert_int_equal(line[n - 1], '\n');
	assert_non_null(strstr(line, "aaaa\",\"outside\":\"went quiet\"}\n"));
}

/* /proc/PID/cmdline as ps shows it. */
static void test_cmdline_text(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(oya_cmdline_text(out, sizeof(out), "nginx\0-c\0f\0", 11), 10);
	assert_string_equal(out, "nginx -c f");
	/* a rewritten title: the rest of the old argv area is NULs or spaces */
	assert_int_equal(oya_cmdline_text(out, sizeof(out), "pg: walwriter   \0\0\0", 19), 13);
	assert_string_equal(out, "pg: walwriter");
	assert_int_equal(oya_cmdline_text(out, sizeof(out), "0123456789abcdefgh", 18), 15);
	assert_string_equal(out, "0123456789abcde");
	assert_int_equal(oya_cmdline_text(out, sizeof(out), "", 0), 0);
	assert_string_equal(out, "");
	assert_int_equal(oya_cmdline_text(out, 0, "x", 1), 0);
}

/* With smaps_rollup read: its fields follow swap_kb, in this order. */
static void test_format_pss_exact(void **state)
{
	struct oya_sample s = pss_sample();
	char line[OYA_LINE_MAX];

	(void)state;
	oya_sample_format(line, sizeof(line), &s);
	assert_non_null(strstr(line, "\"threads\":3,\"swap_kb\":4096,\"pss_kb\":60000,\"uss_kb\":48000,"
				     "\"pss_anon_kb\":51000,\"pss_file_kb\":8000,\"pss_shmem_kb\":1000,"
				     "\"swap_pss_kb\":2048},\"elapsed_secs\""));
	check_line(&s, NULL);
}

/* An older kernel's rollup (no Pss_Anon/File/Shmem), or half of USS: only what
 * was read is written, and uss_kb needs both of its halves. */
static void test_format_pss_partial(void **state)
{
	static const unsigned haves[] = {
		0,
		OYA_RU_PSS,
		OYA_RU_PSS | OYA_RU_PRIVATE_CLEAN,
		OYA_RU_PSS | OYA_RU_PRIVATE_DIRTY | OYA_RU_SWAP_PSS,
		OYA_RU_PSS | OYA_RU_USS | OYA_RU_SWAP_PSS,
		OYA_RU_PSS_SHMEM,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(haves) / sizeof(haves[0]); i++) {
		struct oya_sample s = pss_sample();

		s.ru.have = haves[i];
		print_message("have 0x%x\n", haves[i]);
		check_line(&s, NULL);
	}
}

struct exe_case {
	const char *what;
	const char *exe;
	const char *want; /* as it must come back from json-c */
};

static const struct exe_case exe_cases[] = {
	{ "plain", "ls", "ls" },
	{ "empty", "", "" },
	{ "spaces", "my prog", "my prog" },
	{ "quotes", "a\"b\"", "a\"b\"" },
	{ "backslash", "a\\b\\", "a\\b\\" },
	{ "json-looking", "\",\"pid\":1,\"x\":\"", "\",\"pid\":1,\"x\":\"" },
	{ "newline and tab", "a\nb\tc", "a\nb\tc" },
	{ "all low controls", "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x1b\x1f\x7f",
	  "\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x1b\x1f\x7f" },
	{ "valid UTF-8", "\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80", "\xe6\x97\xa5\xe6\x9c\xac-\xf0\x9f\x98\x80" },
	{ "invalid UTF-8", "bad\xff\xc3(", "bad" FFFD FFFD "(" },
	{ "latin-1 name", "caf\xe9", "caf" FFFD },
};

static void test_format_exe_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(exe_cases) / sizeof(exe_cases[0]); i++) {
		struct oya_sample s = base_sample();

		print_message("exe: %s\n", exe_cases[i].what);
		s.exe = exe_cases[i].exe;
		check_line(&s, exe_cases[i].want);
	}
}

static void test_format_null_exe(void **state)
{
	struct oya_sample s = base_sample();

	(void)state;
	s.exe = NULL;
	check_line(&s, "");
}

/* Long names are cut at a character boundary and the line stays valid, even
 * with every number at its widest. */
static void test_format_long_names(void **state)
{
	static const char *const units[] = { "a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
					     "\"", "\x01", "\xff" };
	size_t u;

	(void)state;
	for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
		char exe[4096], line[OYA_LINE_MAX];
		struct oya_sample s = base_sample();
		json_object *o;
		const char *back;
		size_t len = 0, n, ul = strlen(units[u]);

		while (len + ul < sizeof(exe)) {
			memcpy(exe + len, units[u], ul);
			len += ul;
		}
		exe[len] = '\0';
		s.exe = exe;
		s.seq = UINT64_MAX;
		s.pid = INT64_MIN;
		s.ppid = INT64_MAX;
		s.elapsed_ms = UINT64_MAX;
		s.st.vm_peak_kb = s.st.vm_size_kb = s.st.vm_hwm_kb = s.st.vm_rss_kb = UINT64_MAX;
		s.st.rss_anon_kb = s.st.threads = UINT64_MAX;
		s.st.rss_file_kb = s.st.rss_shmem_kb = 1ULL << 62; /* the parser's largest */
		s.st.vm_swap_kb = UINT64_MAX;
		s.ru = pss_sample().ru;
		s.ru.pss_kb = s.ru.pss_anon_kb = s.ru.pss_file_kb = UINT64_MAX;
		s.ru.pss_shmem_kb = s.ru.swap_pss_kb = UINT64_MAX;
		s.ru.private_clean_kb = s.ru.private_dirty_kb = 1ULL << 62;
		s.wall_ms = 253402300799999LL;
		n = oya_sample_format(line, sizeof(line), &s);
		print_message("unit %zu: %zu bytes\n", u, n);
		assert_true(n > 0 && n < OYA_LINE_MAX);
		o = parse_strict(line, n - 1);
		back = get_str(o, "exe");
		assert_true(strlen(back) > 0);
		/* what came back is a prefix made of whole units (or U+FFFD for \xff) */
		if (strcmp(units[u], "\xff")) {
			assert_int_equal(strlen(back) % ul, 0);
			assert_memory_equal(back, exe, strlen(back));
		}
		assert_int_equal(get_u64(o, "seq"), UINT64_MAX);
		assert_int_equal(get_i64(o, "pid"), INT64_MIN);
		json_object_put(o);
	}
}

/* Timestamps out of range fall back to the epoch and still give valid JSON. */
static void test_format_bad_time(void **state)
{
	static const int64_t times[] = { -1, INT64_MIN, INT64_MAX, 253402300800000LL };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		struct oya_sample s = base_sample();

		s.wall_ms = times[i];
		check_line(&s, NULL);
	}
}

static void test_format_each_event(void **state)
{
	static const char *const events[] = { "start", "sample", "exit", "final" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		struct oya_sample s = base_sample();

		s.event = events[i];
		s.source = i % 2 ? "launcher" : "preload";
		s.seq = i;
		s.elapsed_ms = i * 999;
		check_line(&s, NULL);
	}
}

/* Every capacity too small gives 0 and an empty string; enough gives the line. */
static void test_format_capacity(void **state)
{
	struct oya_sample s = base_sample();
	char full[OYA_LINE_MAX], buf[OYA_LINE_MAX + 8];
	size_t n = oya_sample_format(full, sizeof(full), &s), cap;

	(void)state;
	assert_true(n > 0);
	assert_int_equal(oya_sample_format(buf, 0, &s), 0);
	for (cap = 1; cap <= n + 1; cap++) {
		size_t got;

		memset(buf, 'X', sizeof(buf));
		got = oya_sample_format(buf, cap, &s);
		if (cap <= n) {
			assert_int_equal(got, 0);
			assert_int_equal(buf[0], '\0');
		} else {
			assert_int_equal(got, n);
			assert_string_equal(buf, full);
		}
		assert_int_equal(buf[cap], 'X');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_table),
		cmocka_unit_test(test_escape_capacity),
		cmocka_unit_test(test_timestamp_table),
		cmocka_unit_test(test_timestamp_capacity),
		cmocka_unit_test(test_timestamp_vs_gmtime),
		cmocka_unit_test(test_format_exact),
		cmocka_unit_test(test_format_pss_exact),
		cmocka_unit_test(test_format_cmdline),
		cmocka_unit_test(test_cmdline_text),
		cmocka_unit_test(test_format_pss_partial),
		cmocka_unit_test(test_format_exe_names),
		cmocka_unit_test(test_format_null_exe),
		cmocka_unit_test(test_format_long_names),
		cmocka_unit_test(test_format_bad_time),
		cmocka_unit_test(test_format_each_event),
		cmocka_unit_test(test_format_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
