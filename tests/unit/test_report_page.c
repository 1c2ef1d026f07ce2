/*
 * Renders a demo report from hand-built stats: three processes (one with a
 * hostile exe name), heaptrack figures and both flame graphs. Run by itself it
 * checks the files it writes; tests/integration/report_html_chromium.sh runs it
 * with OYA_REPORT_DIR set to keep report.html, chart.svg and flame.svg for the
 * browser check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "report.h"
#include "report_fixture.h"

#define HOSTILE_EXE "<script>document.title='pwned'</script>\"'&\x01"

static char dir[512];
static bool keep;

static int setup(void **state)
{
	(void)state;
	const char *d = getenv("OYA_REPORT_DIR");
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
	(void)state;
	if (keep)
		return 0;
	const char *names[] = {"report.html", "chart.svg", "flame.svg"};
	for (int i = 0; i < 3; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s/%s", dir, names[i]);
		unlink(p);
	}
	return rmdir(dir);
}

static FILE *open_out(const char *name)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	if (!f)
		fail_msg("cannot write %s", p);
	return f;
}

static char *slurp(const char *name)
{
	char p[600];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "r");
	assert_non_null(f);
	char *buf = calloc(1, 4 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (4 << 20) - 1, f);
	fclose(f);
	assert_true(n > 0);
	return buf;
}

static void test_demo_page(void **state)
{
	(void)state;
	struct oya_stats *st = fixture_stats(3, 90, 1000);
	free(st->procs[2].exe);
	st->procs[2].exe = strdup(HOSTILE_EXE);
	st->malformed_lines = 2;
	char *peak = fixture_folded();
	const char *leaked = "main (app.c);load_config (config.c);intern_strings (strings.c); 12000\n"
			     "main (app.c);serve (server.c);cache_put (cache.c); 48000\n";
	json_object *sum = json_tokener_parse(
		"{\"command\":[\"./server\",\"--port\",\"8080\"],\"started_at\":\"2026-01-01T12:00:00.000Z\","
		"\"ended_at\":\"2026-01-01T12:01:32.000Z\",\"duration_secs\":92,\"planned_duration_secs\":120,"
		"\"interval_secs\":1,\"stop_reason\":\"exited\",\"exit_code\":0,\"signal\":0,"
		"\"heaptrack\":{\"data_file\":\"/tmp/server.zst\",\"complete\":true,\"problem\":null,"
		"\"peak_heap_bytes\":9222768,\"peak_rss_bytes\":41200000,\"leaked_bytes\":60000,"
		"\"allocations\":123456,\"temporary_allocations\":2345}}");
	assert_non_null(sum);

	FILE *f = open_out("report.html");
	assert_int_equal(oya_render_html(f, st, sum, peak, leaked, 0), 0);
	assert_int_equal(fclose(f), 0);
	f = open_out("chart.svg");
	assert_int_equal(oya_render_chart_svg(f, st, 120), 0);
	assert_int_equal(fclose(f), 0);
	f = open_out("flame.svg");
	assert_int_equal(oya_render_flame_svg(f, peak, "peak <heap>"), 0);
	assert_int_equal(fclose(f), 0);

	char *page = slurp("report.html");
	assert_non_null(strstr(page, "</html>"));
	assert_null(strstr(page, "<script"));
	free(page);
	char *svg = slurp("chart.svg");
	assert_true(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39) == 0);
	free(svg);

	json_object_put(sum);
	free(peak);
	fixture_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
