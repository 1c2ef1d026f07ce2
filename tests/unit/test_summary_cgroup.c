/* The run's cgroup in the summary: "cgroup" lines read back (not samples, not malformed), the
 * summary's "cgroup" object and "oom_killed" from the kernel's counter, and the words the table
 * and the HTML report show. Lines are written by the launcher's own formatter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup_parse.h"
#include "cgroup_text.h"
#include "json_member.h"
#include "sample_line.h"
#include "summary.h"

#define T0 1795720713072LL /* 2026-11-26T19:18:33.072Z */
#define MIB (1LL << 20)

static void add_text(struct oya_acc *acc, const char *line, int want)
{
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), want);
}

/* One "cgroup" line of PATH at T0 + OFF_MS with CURRENT bytes in use. */
static void add_cg(struct oya_acc *acc, const char *path, int64_t off_ms, int64_t current)
{
	struct oya_cg_usage u = { current, { current / 2, current / 4, -1, 0, 0, 4096, 0 } };
	struct oya_cg_line l = { OYA_CG_V1, path, (uint64_t)off_ms / 1000, T0 + off_ms, (uint64_t)off_ms, NULL, NULL };
	char line[3072];
	size_t n = oya_cg_line_format(line, sizeof(line), &l, &u);

	assert_true(n > 0);
	assert_int_equal(oya_acc_add_line(acc, line, n), 0);
}

static void add_sample(struct oya_acc *acc, int64_t off_ms, unsigned rss)
{
	char ts[32], line[512];

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + off_ms), 24);
	snprintf(
		line, sizeof(line),
		"{\"timestamp\":\"%s\",\"pid\":7,\"ppid\":1,\"exe\":\"app\",\"event\":\"sample\",\"seq\":%lld,"
		"\"source\":\"preload\",\"metrics\":{\"rss_kb\":%u}}",
		ts, (long long)off_ms / 1000, rss);
	add_text(acc, line, 0);
}

static struct oya_stats *finish(struct oya_acc *acc)
{
	struct oya_stats *st = oya_acc_finish(acc);

	assert_non_null(st);
	oya_acc_free(acc);
	return st;
}

static long long member_int(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	assert_non_null(v);
	assert_true(json_object_is_type(v, json_type_int));
	return (long long)json_object_get_int64(v);
}

static bool member_null(const json_object *o, const char *key)
{
	json_object *v = NULL;

	return json_object_object_get_ex(o, key, &v) && v == NULL;
}

/* cgroup lines between samples: counted apart, the samples' figures unchanged */
static void test_lines_read_back(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	(void)state;
	add_sample(acc, 0, 1000);
	add_cg(acc, "/user.slice/oya-12-34", 500, 300 * MIB);
	add_sample(acc, 1000, 2000);
	add_cg(acc, "/user.slice/oya-12-34", 1500, 10 * MIB);
	/* an escaped path goes through json-c, not the fast scanner */
	add_text(acc,
		 "{\"timestamp\":\"2026-11-26T19:18:35.072Z\",\"source\":\"cgroup\",\"version\":1,"
		 "\"cgroup\":\"/a\\u00e9\",\"metrics\":{\"current_bytes\":null}}",
		 0);
	st = finish(acc);
	assert_int_equal(st->nprocs, 1);
	assert_int_equal(st->samples, 2);
	assert_int_equal(st->max_rss_kb, 2000);
	assert_int_equal(st->malformed_lines, 0);
	assert_int_equal(st->cg_lines, 3);
	assert_int_equal(st->cg_version, 1);
	assert_string_equal(st->cg_path, "/user.slice/oya-12-34");
	oya_stats_free(st);
}

/* a "cgroup" line without what makes it one is malformed, and says why */
static void test_bad_lines(void **state)
{
	static const char *const bad[] = {
		"{\"source\":\"cgroup\",\"version\":1,\"metrics\":{\"current_bytes\":1}}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"source\":\"cgroup\",\"metrics\":{}}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"source\":\"cgroup\",\"version\":3,\"metrics\":{}}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"source\":\"cgroup\",\"version\":2}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"source\":\"cgroup\",\"version\":2,"
		"\"metrics\":{\"current_bytes\":-5}}",
		"{\"timestamp\":\"2026-11-26T19:18:33.072Z\",\"source\":\"cgroup\",\"version\":2,"
		"\"metrics\":{\"current_bytes\":\"5\"}}",
	};
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	uint64_t line_no;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		add_text(acc, bad[i], 1);
	assert_non_null(strstr(oya_acc_first_problem(acc, &line_no), "\"cgroup\" line"));
	assert_int_equal(line_no, 1);
	st = finish(acc);
	assert_int_equal(st->malformed_lines, sizeof(bad) / sizeof(bad[0]));
	assert_int_equal(st->cg_lines, 0);
	oya_stats_free(st);
}

/* From the lines: the group, and no peak made up from moments; without lines: all null */
static void test_summary_from_lines(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	json_object *o, *cg;

	(void)state;
	add_sample(acc, 0, 1000);
	st = oya_acc_finish(acc);
	o = oya_summary_json(st, NULL);
	cg = oya_json_member(o, "cgroup");
	assert_non_null(cg);
	assert_true(member_null(cg, "version") && member_null(cg, "path") && member_null(cg, "peak_bytes"));
	assert_true(member_null(o, "oom_killed"));
	json_object_put(o);
	oya_stats_free(st);
	add_cg(acc, "/g/oya-1-2", 500, 300 * MIB);
	st = finish(acc);
	o = oya_summary_json(st, NULL);
	cg = oya_json_member(o, "cgroup");
	assert_int_equal(member_int(cg, "version"), 1);
	assert_string_equal(json_object_get_string(oya_json_member(cg, "path")), "/g/oya-1-2");
	assert_true(member_null(cg, "peak_bytes") && member_null(cg, "limit_bytes"));
	assert_true(member_null(cg, "oom_kills") && member_null(o, "oom_killed"));
	json_object_put(o);
	oya_stats_free(st);
}

/* The launcher's object: oom_killed is its counter; a SIGKILL from outside is a hint only
   without it */
static void test_summary_oom(void **state)
{
	struct oya_cg_final f = { OYA_CG_V1, "/g/oya-1-2", 64 * MIB, 64 * MIB, 1, -1 };
	struct oya_run_info run = { .exit_code = -1, .signal = 9, .killed_externally = true };
	struct oya_stats *st = finish(oya_acc_new());
	json_object *o;

	(void)state;
	run.cgroup = oya_cg_summary_json(&f);
	o = oya_summary_json(st, &run);
	assert_true(json_object_get_boolean(oya_json_member(o, "oom_killed")));
	assert_int_equal(member_int(oya_json_member(o, "cgroup"), "oom_kills"), 1);
	assert_int_equal(member_int(oya_json_member(o, "cgroup"), "limit_bytes"), 64 * MIB);
	assert_null(oya_json_member(o, "hint"));
	json_object_put(o);
	json_object_put(run.cgroup);
	f.oom_kills = 0;
	run.cgroup = oya_cg_summary_json(&f);
	o = oya_summary_json(st, &run);
	assert_false(json_object_get_boolean(oya_json_member(o, "oom_killed")));
	assert_non_null(strstr(json_object_get_string(oya_json_member(o, "hint")), "not by the OOM killer"));
	json_object_put(o);
	json_object_put(run.cgroup);
	run.cgroup = NULL;
	o = oya_summary_json(st, &run);
	assert_true(member_null(o, "oom_killed"));
	assert_non_null(strstr(json_object_get_string(oya_json_member(o, "hint")), "likely cause"));
	json_object_put(o);
	oya_stats_free(st);
}

/* The words of the table and the report */
static void test_text(void **state)
{
	struct oya_cg_final f = { OYA_CG_V2, "/u/oya-1-2", 200 * MIB + 300 * 1024, 64 * MIB, 1, 2 };
	json_object *cg = oya_cg_summary_json(&f);
	const char *path = NULL;
	char buf[160];
	int version = 0;

	(void)state;
	assert_int_equal(oya_cgroup_text(cg, buf, sizeof(buf), &version, &path), 0);
	assert_int_equal(version, 2);
	assert_string_equal(path, "/u/oya-1-2");
	assert_string_equal(buf, "the kernel's peak 200.3 MiB, limit 64.0 MiB, 1 OOM kill (the kernel's "
				 "OOM killer ended a process of the run)");
	json_object_put(cg);
	f.peak = f.limit = f.oom_kills = -1;
	cg = oya_cg_summary_json(&f);
	assert_int_equal(oya_cgroup_text(cg, buf, sizeof(buf), &version, &path), 0);
	assert_string_equal(buf, "peak not in the lines, limit none");
	json_object_put(cg);
	cg = oya_cg_summary_json(NULL);
	assert_int_equal(oya_cgroup_text(cg, buf, sizeof(buf), &version, &path), -1);
	assert_int_equal(oya_cgroup_text(NULL, buf, sizeof(buf), &version, &path), -1);
	json_object_put(cg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_read_back),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_summary_from_lines),
		cmocka_unit_test(test_summary_oom),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
