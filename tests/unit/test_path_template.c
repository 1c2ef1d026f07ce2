/* oya_path_expand (with %u, the user id) and oya_path_absolute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "path_template.h"

struct expand_case {
	const char *tmpl;
	int64_t pid, uid;
	const char *host, *exe;
	const char *out; /* NULL: refused */
	const char *why; /* words the reason contains when refused */
};

static const struct expand_case expands[] = {
	{ "out.jsonl", 1, 1000, "box", "ls", "out.jsonl", NULL },
	{ "%p", 123, 1000, "box", "ls", "123", NULL },
	{ "%h", 1, 1000, "box", "ls", "box", NULL },
	{ "%e", 1, 1000, "box", "ls", "ls", NULL },
	{ "%%", 1, 1000, "box", "ls", "%", NULL },
	{ "a-%p-%h-%e.jsonl", 42, 1000, "box", "ls", "a-42-box-ls.jsonl", NULL },
	{ "/tmp/%e/%p/%h", 7, 1000, "h", "e", "/tmp/e/7/h", NULL },
	{ "%p%p", 5, 1000, "box", "ls", "55", NULL },
	{ "%%p", 5, 1000, "box", "ls", "%p", NULL },
	{ "100%%.jsonl", 5, 1000, "box", "ls", "100%.jsonl", NULL },
	{ "%%%p", 5, 1000, "box", "ls", "%5", NULL },
	{ "%p", 0, 1000, "box", "ls", "0", NULL },
	{ "%p", -3, 1000, "box", "ls", "0", NULL }, /* no sign in a file name */
	{ "%p", INT64_MAX, 1000, "box", "ls", "9223372036854775807", NULL },
	{ "%e", 1, 1000, "box", "a/b/c", "a_b_c", NULL },   /* '/' cannot add directories */
	{ "%h", 1, 1000, "x/y", "ls", "x_y", NULL },
	{ "d/%e", 1, 1000, "box", "/", "d/_", NULL },
	{ "%e.%h", 1, 1000, NULL, NULL, ".", NULL },
	{ "%e", 1, 1000, "box", "", "", NULL },
	{ "x%e", 1, 1000, "box", "sp ace\"q", "xsp ace\"q", NULL },
	{ "", 1, 1000, "box", "ls", NULL, "empty" },
	{ "%", 1, 1000, "box", "ls", NULL, "lone %" },
	{ "out%", 1, 1000, "box", "ls", NULL, "lone %" },
	{ "%%%", 1, 1000, "box", "ls", NULL, "lone %" },
	{ "%u", 1, 0, "box", "ls", "0", NULL },
	{ "%u", 1, 65534, "box", "ls", "65534", NULL },
	{ "/var/tmp/oya/%u-%p.jsonl", 77, 33, "box", "ls", "/var/tmp/oya/33-77.jsonl", NULL },
	{ "%u%%u", 1, 5, "box", "ls", "5%u", NULL },
	{ "%u", 1, -1, "box", "ls", "0", NULL }, /* (uid_t)-1 is never a process's uid */
	{ "%u", 1, 4294967294LL, "box", "ls", "4294967294", NULL },
	{ "%U", 1, 1000, "box", "ls", NULL, "unknown %-sequence" },
	{ "%x", 1, 1000, "box", "ls", NULL, "unknown %-sequence" },
	{ "%P", 1, 1000, "box", "ls", NULL, "unknown %-sequence" },
	{ "a%d", 1, 1000, "box", "ls", NULL, "unknown %-sequence" },
	{ "% p", 1, 1000, "box", "ls", NULL, "unknown %-sequence" },
};

static void test_expand_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(expands) / sizeof(expands[0]); i++) {
		const struct expand_case *c = &expands[i];
		char out[256];
		const char *why = NULL;
		struct oya_path_vars v = { c->pid, c->uid, c->host, c->exe };
		long n;

		print_message("'%s'\n", c->tmpl);
		n = oya_path_expand(out, sizeof(out), c->tmpl, &v, &why);
		if (c->out) {
			assert_int_equal(n, (long)strlen(c->out));
			assert_string_equal(out, c->out);
		} else {
			assert_int_equal(n, -1);
			assert_non_null(why);
			if (!strstr(why, c->why))
				fail_msg("'%s': reason '%s' does not say '%s'", c->tmpl, why, c->why);
		}
	}
}

/* Every capacity below the needed one is refused as too long, without writing
 * past it; the exact one fits. */
static void test_expand_capacity(void **state)
{
	static const char tmpl[] = "/var/tmp/%h-%p-%u-%e.jsonl";
	static const struct oya_path_vars v = { 12345, 33, "host", "prog" };
	const char *want = "/var/tmp/host-12345-33-prog.jsonl";
	size_t need = strlen(want) + 1, cap;

	(void)state;
	for (cap = 0; cap <= need; cap++) {
		char out[64];
		const char *why = NULL;
		long n;

		memset(out, 'X', sizeof(out));
		n = oya_path_expand(out, cap, tmpl, &v, &why);
		if (cap < need) {
			assert_int_equal(n, -1);
			assert_string_equal(why, "is too long");
		} else {
			assert_int_equal(n, (long)need - 1);
			assert_string_equal(out, want);
		}
		assert_int_equal(out[cap], 'X');
	}
}

static void test_expand_long_names(void **state)
{
	char host[300], out[4096];
	struct oya_path_vars v = { 1, 0, host, "e" };
	const char *why;

	(void)state;
	memset(host, 'h', sizeof(host) - 1);
	host[sizeof(host) - 1] = '\0';
	assert_int_equal(oya_path_expand(out, sizeof(out), "%h%h", &v, &why),
			 2 * (long)(sizeof(host) - 1));
	assert_int_equal(oya_path_expand(out, 300, "%h", &v, &why), 299);
	assert_int_equal(oya_path_expand(out, 299, "%h", &v, &why), -1);
}

struct abs_case {
	const char *path, *cwd;
	const char *out; /* NULL: refused */
};

static const struct abs_case abss[] = {
	{ "/abs/x.jsonl", "/cwd", "/abs/x.jsonl" },
	{ "/abs/x.jsonl", "relative", "/abs/x.jsonl" }, /* cwd not needed */
	{ "x.jsonl", "/cwd", "/cwd/x.jsonl" },
	{ "./x.jsonl", "/cwd", "/cwd/x.jsonl" },
	{ "././x", "/cwd", "/cwd/x" },
	{ "../x", "/cwd/sub", "/cwd/sub/../x" },        /* no file-system lookups */
	{ "a/b/c", "/cwd", "/cwd/a/b/c" },
	{ "x", "/", "/x" },
	{ "x", "/cwd/", "/cwd/x" },
	{ "x", "/cwd//", "/cwd/x" },
	{ "x", "//", "/x" },
	{ "./memory-profile.jsonl", "/home/u", "/home/u/memory-profile.jsonl" },
	{ "x", "relative", NULL },
	{ "x", "", NULL },
};

static void test_absolute_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(abss) / sizeof(abss[0]); i++) {
		char out[256];
		long n;

		print_message("'%s' in '%s'\n", abss[i].path, abss[i].cwd);
		n = oya_path_absolute(out, sizeof(out), abss[i].path, abss[i].cwd);
		if (abss[i].out) {
			assert_int_equal(n, (long)strlen(abss[i].out));
			assert_string_equal(out, abss[i].out);
		} else {
			assert_int_equal(n, -1);
		}
	}
}

static void test_absolute_capacity(void **state)
{
	static const struct abs_case cases[] = {
		{ "x.jsonl", "/some/dir", "/some/dir/x.jsonl" },
		{ "/abs/x.jsonl", "/cwd", "/abs/x.jsonl" },
		{ "x", "/", "/x" },
	};
	size_t i, cap;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t need = strlen(cases[i].out) + 1;

		for (cap = 0; cap <= need; cap++) {
			char out[64];
			long n;

			memset(out, 'X', sizeof(out));
			n = oya_path_absolute(out, cap, cases[i].path, cases[i].cwd);
			if (cap < need) {
				assert_int_equal(n, -1);
			} else {
				assert_int_equal(n, (long)need - 1);
				assert_string_equal(out, cases[i].out);
			}
			assert_int_equal(out[cap], 'X');
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_table),
		cmocka_unit_test(test_expand_capacity),
		cmocka_unit_test(test_expand_long_names),
		cmocka_unit_test(test_absolute_table),
		cmocka_unit_test(test_absolute_capacity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
