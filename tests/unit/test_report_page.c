/*
 * Renders a demo report from hand-built stats: three processes (one with a
 * hostile exe name), heaptrack figures and both flame graphs. Run by itself it
 * checks the files it writes; tests/integration/report_html_chromium.sh runs it
 * with OYA_REPORT_DIR set to keep report.html, chart.svg and flame.svg for the
 * browser check. A second page, real.html, is made end to end from real parts:
 * JSONL from tests/targets/gen-jsonl through the summary library, and a real
 * heaptrack profile of tests/targets/alloc-pattern ($BUILD, as tests/run sets).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heaptrack_data.h"

#include "report.h"
#include "report_fixture.h"

#define HOSTILE_EXE "<script>document.title='pwned'</script>\"'&\x01"

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, l = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + l, needle))
		n++;
	return n;
}

static char dir[512];
static bool keep;

static int setup(void **state)
{
	const char *d;
	(void)state;
	d = getenv("OYA_REPORT_DIR");
	if (d && *d) {
		snprintf(dir, sizeof dir, "%s", d);
		keep = true;
		return 0;
	}
	snprintf(dir, sizeof dir, "/tmp/oya-test-page-______");
	memset(dir + strlen(dir) - 6, 'X', 6); /* mkdtemp's template */
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	const char *names[] = {"report.html", "chart.svg", "flame.svg", "real.html", "run.jsonl", "ht.zst"};
	(void)state;
	if (keep)
		return 0;
	for (int i = 0; i < 6; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	return rmdir(dir);
}

static FILE *open_out(const char *name)
{
	FILE *f;
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f)
		fail_msg("cannot write %s", p);
	return f;
}

static char *slurp(const char *name)
{
	FILE *f;
	char *buf;
	size_t n;
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "r");
	assert_non_null(f);
	buf = calloc(1, 4 << 20);
	assert_non_null(buf);
	n = fread(buf, 1, (4 << 20) - 1, f);
	fclose(f);
	assert_true(n > 0);
	return buf;
}

static void test_demo_page(void **state)
{
	struct oya_stats *st;
	char *peak;
	json_object *sum;
	FILE *f;
	char *page;
	char *svg;
	const char *leaked = "main (app.c);load_config (config.c);intern_strings (strings.c); 12000\n"
			     "main (app.c);serve (server.c);cache_put (cache.c); 48000\n";
	(void)state;
	st = fixture_stats(3, 90, 1000);
	free(st->procs[2].exe);
	st->procs[2].exe = strdup(HOSTILE_EXE);
	st->malformed_lines = 2;
	st->procs[0].pss = (struct oya_dist){ .have = true, .min = 1024, .max = 3072, .p50 = 2048, .p95 = 3072, .avg = 2048 };
	peak = fixture_folded();
	sum = json_tokener_parse(
		"{\"command\":[\"./server\",\"--port\",\"8080\"],\"started_at\":\"2026-01-01T12:00:00.000Z\","
		"\"ended_at\":\"2026-01-01T12:01:32.000Z\",\"duration_secs\":92,\"planned_duration_secs\":120,"
		"\"interval_secs\":1,\"stop_reason\":\"exited\",\"exit_code\":0,\"signal\":0,"
		"\"heaptrack\":{\"data_file\":\"/tmp/server.zst\",\"complete\":true,\"problem\":null,"
		"\"peak_heap_bytes\":9222768,\"peak_rss_bytes\":41200000,\"leaked_bytes\":60000,"
		"\"allocations\":123456,\"temporary_allocations\":2345}}");
	assert_non_null(sum);

	f = open_out("report.html");
	assert_int_equal(oya_render_html(f, st, sum, peak, leaked, 0), 0);
	assert_int_equal(fclose(f), 0);
	f = open_out("chart.svg");
	assert_int_equal(oya_render_chart_svg(f, st, 120), 0);
	assert_int_equal(fclose(f), 0);
	f = open_out("flame.svg");
	assert_int_equal(oya_render_flame_svg(f, peak, "peak <heap>"), 0);
	assert_int_equal(fclose(f), 0);

	page = slurp("report.html");
	assert_non_null(strstr(page, "</html>"));
	assert_null(strstr(page, "<script"));
	/* PSS avg and max beside VmHWM: the first process read it, the others did not */
	assert_non_null(strstr(page, "<th>VmHWM</th><th>PSS avg</th><th>PSS max</th>"));
	assert_non_null(strstr(page, "<td class=\"n\">2.0 MiB</td><td class=\"n\">3.0 MiB</td><td class=\"n\">"));
	assert_int_equal(count(page, "<td class=\"n\">-</td><td class=\"n\">-</td>"), 2);
	free(page);
	svg = slurp("chart.svg");
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	free(svg);

	json_object_put(sum);
	free(peak);
	fixture_free(st);
}

/* Run ARGV with stdout into OUT_PATH (or /dev/null); its exit status, -1 if it did not exit. */
static int run_to(char *const argv[], const char *out_path)
{
	int st;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(out_path ? out_path : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open("/dev/null", O_WRONLY);
		if (fd < 0 || null < 0 || dup2(fd, 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_real_page(void **state)
{
	const char *build;
	char prog[600], jsonl[600], ht[600], htz[620];
	char *gen[] = {prog, (char *)"2400", (char *)"4", (char *)"staircase", (char *)"1000", NULL};
	char *hta[] = {(char *)"heaptrack", (char *)"-o", ht, prog, (char *)"2", NULL};
	struct oya_acc *acc;
	FILE *in;
	struct oya_stats *st;
	struct oya_heaptrack h;
	char *peak;
	char *leaked;
	const char *command[] = {"alloc-pattern", "2", NULL};
	struct oya_run_info run;
	json_object *sum;
	FILE *f;
	char *page;
	(void)state;
	build = getenv("BUILD");
	if (!build)
		fail_msg("BUILD is not set: run this through tests/run");
	snprintf(jsonl, sizeof jsonl, "%s/run.jsonl", dir);
	snprintf(prog, sizeof prog, "%s/tests/targets/gen-jsonl", build);
	/* 4 processes, 600 samples each, 1 s apart, a climbing staircase */
	assert_int_equal(run_to(gen, jsonl), 0);

	snprintf(prog, sizeof prog, "%s/tests/targets/alloc-pattern", build);
	snprintf(ht, sizeof ht, "%s/ht", dir);
	snprintf(htz, sizeof htz, "%s.zst", ht);
	assert_int_equal(run_to(hta, NULL), 0);

	acc = oya_acc_new();
	assert_non_null(acc);
	in = fopen(jsonl, "r");
	assert_non_null(in);
	assert_int_equal(oya_acc_add_file(acc, in), 0);
	fclose(in);
	st = oya_acc_finish(acc);
	assert_non_null(st);
	oya_acc_free(acc);
	assert_int_equal(st->nprocs, 4);

	assert_int_equal(oya_heaptrack_read(htz, &h), 0);
	assert_true(h.complete);
	peak = oya_heaptrack_folded(htz, "peak");
	leaked = oya_heaptrack_folded(htz, "leaked");
	assert_non_null(peak);
	assert_non_null(leaked);

	run = (struct oya_run_info){
		.command = command,
		.started_ms = st->first_ms,
		.ended_ms = st->last_ms,
		.planned_duration_secs = 600,
		.interval_secs = 1,
		.stop_reason = "duration_limit",
		.exit_code = -1,
		.heaptrack = oya_heaptrack_json(&h),
	};
	sum = oya_summary_json(st, &run);
	assert_non_null(sum);
	f = open_out("real.html");
	assert_int_equal(oya_render_html(f, st, sum, peak, leaked, 0), 0);
	assert_int_equal(fclose(f), 0);

	page = slurp("real.html");
	assert_int_equal(count(page, "<tr class=\"proc\""), 4);
	assert_int_equal(count(page, "class=\"series\" data-kind=\"process\""), 4);
	assert_int_equal(count(page, "class=\"oya-flame\""), 2);
	assert_non_null(strstr(page, "hold_block"));
	assert_non_null(strstr(page, "leak_block"));
	assert_non_null(strstr(page, "<g class=\"limit\">"));
	assert_null(strstr(page, "class=\"warn\""));
	free(page);

	json_object_put(sum);
	json_object_put(run.heaptrack);
	oya_heaptrack_release(&h);
	free(peak);
	free(leaked);
	oya_stats_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_page),
		cmocka_unit_test(test_real_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
