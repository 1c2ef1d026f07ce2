/* The renderers: escaping, chart structure and downsampling, flame graph parsing, layout and SVG, HTML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "report.h"
#include "report_fixture.h"

/* Render into memory. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static char *mem_close(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	return m->buf;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0, l = strlen(needle);
	for (const char *p = strstr(hay, needle); p; p = strstr(p + l, needle))
		n++;
	return n;
}

static char *escaped(const char *s, size_t len)
{
	struct mem m;
	mem_open(&m);
	oya_html_escape(m.f, s, len);
	return mem_close(&m);
}

static void test_escape(void **state)
{
	struct mem m;
	char *empty;
	static const struct { const char *in; size_t len; const char *out; } cases[] = {
		{"plain", 5, "plain"},
		{"<script>alert(\"x\")</script>", 27, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"},
		{"a&b'c", 5, "a&amp;b&#39;c"},
		{"tab\there\nnl", 11, "tab\xef\xbf\xbdhere\xef\xbf\xbdnl"},
		{"nul\0x", 5, "nul\xef\xbf\xbdx"},
		{"bad\xff\xfe", 5, "bad\xef\xbf\xbd\xef\xbf\xbd"},
		{"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 14, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
		{"overlong\xc0\xaf", 10, "overlong\xef\xbf\xbd\xef\xbf\xbd"},
		{"surrogate\xed\xa0\x80", 12, "surrogate\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"cut\xe2\x82", 5, "cut\xef\xbf\xbd\xef\xbf\xbd"},
		{"c1\xc2\x85", 4, "c1\xef\xbf\xbd"},
		{"del\x7f", 4, "del\xef\xbf\xbd"},
		{"", 0, ""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *e = escaped(cases[i].in, cases[i].len);
		assert_string_equal(e, cases[i].out);
		free(e);
	}
	mem_open(&m);
	oya_html_puts(m.f, NULL);
	oya_html_escape(m.f, NULL, 3);
	empty = mem_close(&m);
	assert_string_equal(empty, "");
	free(empty);
}

static void test_formats(void **state)
{
	char b[OYA_HUMAN_MAX];
	(void)state;
	oya_human_bytes(b, sizeof b, 0);
	assert_string_equal(b, "0 B");
	oya_human_bytes(b, sizeof b, 1023);
	assert_string_equal(b, "1023 B");
	oya_human_bytes(b, sizeof b, 16440);
	assert_string_equal(b, "16 KiB");
	oya_human_bytes(b, sizeof b, 36175944);
	assert_string_equal(b, "34.5 MiB");
	oya_human_bytes(b, sizeof b, 250e9);
	assert_string_equal(b, "232.83 GiB");
	oya_human_bytes(b, sizeof b, -5000);
	assert_string_equal(b, "-5 KiB");
	oya_human_kb(b, sizeof b, 3300);
	assert_string_equal(b, "3.2 MiB");
	oya_human_rate(b, sizeof b, 1536);
	assert_string_equal(b, "+1.5 MiB/h");
	oya_human_rate(b, sizeof b, -200);
	assert_string_equal(b, "-200 KiB/h");
	oya_human_rate(b, sizeof b, 0);
	assert_string_equal(b, "0 B/h");
	oya_human_dur(b, sizeof b, 45);
	assert_string_equal(b, "45 s");
	oya_human_dur(b, sizeof b, 2.5);
	assert_string_equal(b, "2.5 s");
	oya_human_dur(b, sizeof b, 725);
	assert_string_equal(b, "12 min 5 s");
	oya_human_dur(b, sizeof b, 3600 * 3 + 120);
	assert_string_equal(b, "3 h 2 min");
	oya_human_dur(b, sizeof b, 120);
	assert_string_equal(b, "2 min");
	oya_human_dur(b, sizeof b, 7200);
	assert_string_equal(b, "2 h");
	oya_human_dur(b, sizeof b, -1);
	assert_string_equal(b, "?");
}

static void test_nice_step(void **state)
{
	static const struct { double span; int target; double step; } cases[] = {
		{10, 5, 2}, {100, 8, 20}, {3600, 8, 500}, {1, 6, 0.2}, {7.3, 6, 2}, {0.05, 5, 0.01},
		{1e12, 6, 2e11}, {0, 5, 1}, {-3, 5, 1}, {10, 0, 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		double s = oya_nice_step(cases[i].span, cases[i].target);
		assert_true(s > cases[i].step * 0.999999 && s < cases[i].step * 1.000001);
	}
}

static void test_downsample(void **state)
{
	size_t n = 100000;
	struct oya_point *p;
	size_t *keep;
	size_t k;
	bool spike = false, dip = false;
	(void)state;
	p = malloc(n * sizeof *p);
	keep = malloc(n * sizeof *keep);
	for (size_t i = 0; i < n; i++) {
		p[i].t_ms = (int64_t)i * 10;
		p[i].rss_kb = 1000 + (i * 7919) % 5000;
	}
	p[54321].rss_kb = 99999;  /* a spike */
	p[12345].rss_kb = 1;      /* a dip */
	k = oya_chart_downsample(p, n, 0, p[n - 1].t_ms, 100, keep);
	assert_true(k <= 2 * 100 + 2);
	assert_int_equal(keep[0], 0);
	assert_int_equal(keep[k - 1], n - 1);
	for (size_t i = 0; i < k; i++) {
		if (i)
			assert_true(keep[i] > keep[i - 1]);
		spike |= keep[i] == 54321;
		dip |= keep[i] == 12345;
	}
	assert_true(spike && dip);
	/* few points: all kept */
	assert_int_equal(oya_chart_downsample(p, 1, 0, 0, 100, keep), 1);
	assert_int_equal(oya_chart_downsample(p, 2, 0, 10, 100, keep), 2);
	assert_int_equal(oya_chart_downsample(p, 0, 0, 0, 100, keep), 0);
	/* all at one instant: first, min/max, last */
	for (size_t i = 0; i < 10; i++)
		p[i].t_ms = 5;
	k = oya_chart_downsample(p, 10, 5, 5, 100, keep);
	assert_true(k >= 2 && k <= 4);
	free(p);
	free(keep);
}

static char *chart(const struct oya_stats *st, double limit)
{
	struct mem m;
	mem_open(&m);
	assert_int_equal(oya_render_chart_svg(m.f, st, limit), 0);
	return mem_close(&m);
}

static void assert_balanced(const char *svg)
{
	assert_int_equal(count(svg, "<svg"), count(svg, "</svg>"));
	assert_int_equal(count(svg, "<g ") + count(svg, "<g>"), count(svg, "</g>"));
	assert_int_equal(count(svg, "<text"), count(svg, "</text>"));
	assert_int_equal(count(svg, "<title>"), count(svg, "</title>"));
}

static void test_chart_structure(void **state)
{
	struct oya_stats *st;
	char *svg;
	(void)state;
	st = fixture_stats(4, 120, 1000);
	svg = chart(st, 140);
	assert_balanced(svg);
	assert_int_equal(count(svg, "class=\"series\" data-kind=\"process\""), 4);
	assert_int_equal(count(svg, "class=\"series tree\""), 1);
	for (int i = 0; i < 4; i++) {
		char want[64];
		snprintf(want, sizeof want, "data-pid=\"%d\"", 1000 + i);
		assert_int_equal(count(svg, want), 1);
	}
	assert_int_equal(count(svg, "<g class=\"limit\">"), 1);  /* the limit, near the end */
	assert_non_null(strstr(svg, "limit 2 min 20 s<"));
	assert_non_null(strstr(svg, "time since start (s)"));
	assert_non_null(strstr(svg, "RSS (MiB)"));
	assert_non_null(strstr(svg, "tree total"));
	assert_null(strstr(svg, "more processes"));
	free(svg);

	svg = chart(st, 0);
	assert_null(strstr(svg, "stroke-dasharray"));
	assert_non_null(strstr(svg, "time since start (s)"));    /* 2 min of data: seconds */
	free(svg);
	/* a limit far beyond the data: named in the legend, the axis not stretched to it */
	svg = chart(st, 3600);
	assert_int_equal(count(svg, "<g class=\"limit\">"), 0);
	assert_non_null(strstr(svg, "duration limit (1 h, beyond the end of the data)"));
	assert_non_null(strstr(svg, "time since start (s)"));
	free(svg);
	fixture_free(st);
}

static void test_chart_edges(void **state)
{
	struct oya_stats *st;
	char *svg;
	(void)state;
	/* no processes, no points */
	st = fixture_stats(0, 0, 1000);
	svg = chart(st, 0);
	assert_balanced(svg);
	assert_non_null(strstr(svg, "no samples"));
	assert_int_equal(count(svg, "data-kind=\"process\""), 0);
	free(svg);
	fixture_free(st);
	/* processes without points (a summary read back from JSON) */
	st = fixture_stats(2, 0, 1000);
	svg = chart(st, 0);
	assert_balanced(svg);
	assert_non_null(strstr(svg, "no samples"));
	assert_int_equal(count(svg, "data-kind=\"process\""), 2);
	free(svg);
	fixture_free(st);

	/* one point: a marker, not a line */
	st = fixture_stats(1, 1, 1000);
	svg = chart(st, 0);
	assert_balanced(svg);
	assert_int_equal(count(svg, "<circle"), 2);  /* the process and the tree */
	assert_int_equal(count(svg, "<polyline"), 0);
	free(svg);
	fixture_free(st);

	/* huge values: GiB, and hours */
	st = fixture_stats(2, 50, 600000);
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < st->procs[i].npoints; k++)
			st->procs[i].points[k].rss_kb = 900ULL * 1024 * 1024 + k;  /* 900 GiB */
	svg = chart(st, 0);
	assert_non_null(strstr(svg, "RSS (GiB)"));
	assert_non_null(strstr(svg, "time since start (h)"));
	assert_null(strstr(svg, "nan"));
	assert_null(strstr(svg, "inf"));
	free(svg);
	fixture_free(st);

	/* many processes: every series drawn, the legend capped */
	st = fixture_stats(40, 10, 1000);
	svg = chart(st, 0);
	assert_balanced(svg);
	assert_int_equal(count(svg, "data-kind=\"process\""), 40);
	assert_int_equal(count(svg, "class=\"legend-entry\""), 1 + OYA_CHART_LEGEND_MAX + 1);
	assert_non_null(strstr(svg, "and 28 more processes"));
	free(svg);
	fixture_free(st);

	/* a long series stays small */
	st = fixture_stats(1, 200000, 100);
	svg = chart(st, 0);
	assert_true(strlen(svg) < 60000);
	free(svg);
	fixture_free(st);
}

static void test_chart_escapes(void **state)
{
	struct oya_stats *st;
	char *svg;
	(void)state;
	st = fixture_stats(1, 5, 1000);
	free(st->procs[0].exe);
	st->procs[0].exe = strdup("\"><script>alert(1)</script>\x01");
	svg = chart(st, 0);
	assert_null(strstr(svg, "<script"));
	assert_null(strchr(svg, '\x01'));
	assert_non_null(strstr(svg, "&lt;script&gt;"));
	free(svg);
	fixture_free(st);
}

static void test_flame_parse(void **state)
{
	struct oya_flame f;
	size_t c;
	size_t b;
	const char *folded = "main (a.c);f (a.c); 100\n"
			     "main (a.c);b (a.c); 50\n"
			     "main (a.c);b (a.c);c; 25\n"
			     "other 0\n"
			     "lonely; 5\n"
			     "garbage line\n"
			     "nocount;\n"
			     ";;; 7\n";
	(void)state;
	assert_int_equal(oya_flame_parse(folded, strlen(folded), &f), 0);
	assert_int_equal(f.nodes[0].value, 187);
	assert_string_equal(f.nodes[0].name, "all");
	assert_int_equal(f.skipped_lines, 2);
	assert_int_equal(f.max_depth, 3);
	/* root children in name order: "lonely", "main (a.c)" */
	c = f.nodes[0].first_child;
	assert_string_equal(f.nodes[c].name, "lonely");
	assert_int_equal(f.nodes[c].value, 5);
	c = f.nodes[c].next_sibling;
	assert_string_equal(f.nodes[c].name, "main (a.c)");
	assert_int_equal(f.nodes[c].value, 175);
	assert_int_equal(f.nodes[c].next_sibling, 0);
	b = f.nodes[c].first_child;
	assert_string_equal(f.nodes[b].name, "b (a.c)");
	assert_int_equal(f.nodes[b].value, 75);
	assert_int_equal(f.nodes[b].depth, 2);
	assert_string_equal(f.nodes[f.nodes[b].next_sibling].name, "f (a.c)");
	oya_flame_release(&f);
	oya_flame_release(NULL);

	assert_int_equal(oya_flame_parse("", 0, &f), 0);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.nodes[0].value, 0);
	oya_flame_release(&f);
	assert_int_equal(oya_flame_parse(NULL, 0, &f), 0);
	oya_flame_release(&f);
}

static void test_flame_layout(void **state)
{
	const char *folded = "a;b 600\na;c 300\nd 100\ntiny 1\n";
	struct oya_flame f;
	struct oya_flame_rect *r;
	size_t n;
	double x[8] = {0}, w[8] = {0};
	int depth[8] = {0};
	const char *names[] = {"all", "a", "b", "c", "d", "tiny"};
	(void)state;
	assert_int_equal(oya_flame_parse(folded, strlen(folded), &f), 0);
	assert_int_equal(oya_flame_layout(&f, 1001, 0, &r, &n), 0);
	assert_int_equal(n, 6);
	/* find by name */
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 6; k++)
			if (!strcmp(f.nodes[r[i].node].name, names[k])) {
				x[k] = r[i].x;
				w[k] = r[i].w;
				depth[k] = r[i].depth;
			}
	assert_true(w[0] > 1000.999 && w[0] < 1001.001);
	assert_true(w[1] > 899.999 && w[1] < 900.001);   /* a: 900 of 1001 */
	assert_true(x[1] == 0);
	assert_true(x[2] == 0 && w[2] > 599.999 && w[2] < 600.001);
	assert_true(x[3] > 599.999 && x[3] < 600.001);   /* c right after b */
	assert_true(x[4] > 899.999 && x[4] < 900.001);   /* d after a */
	assert_true(x[5] > 999.999 && w[5] > 0.999 && w[5] < 1.001);
	assert_int_equal(depth[0], 0);
	assert_int_equal(depth[2], 2);
	free(r);
	/* narrow frames and their callees are left out */
	assert_int_equal(oya_flame_layout(&f, 1001, 2, &r, &n), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_string_not_equal(f.nodes[r[i].node].name, "tiny");
	free(r);
	oya_flame_release(&f);
	/* nothing to lay out */
	assert_int_equal(oya_flame_parse("", 0, &f), 0);
	assert_int_equal(oya_flame_layout(&f, 100, 0, &r, &n), 0);
	assert_int_equal(n, 0);
	assert_null(r);
	oya_flame_release(&f);
}

static char *flame(const char *folded, const char *title)
{
	struct mem m;
	mem_open(&m);
	assert_int_equal(oya_render_flame_svg(m.f, folded, title), 0);
	return mem_close(&m);
}

static void test_flame_svg(void **state)
{
	char *folded;
	char *svg;
	char *again;
	(void)state;
	folded = fixture_folded();
	svg = flame(folded, "peak <memory>");
	assert_balanced(svg);
	assert_non_null(strstr(svg, "peak &lt;memory&gt;"));
	/* a frame per distinct stack prefix (the zero-cost one left out), each with a tooltip */
	assert_int_equal(count(svg, "<g class=\"frame\">"), 15);
	assert_non_null(strstr(svg, "<title>cache_put (cache.c) \xe2\x80\x94 4100000 bytes (3.9 MiB, "));
	/* C++ names are escaped, in tooltips and labels */
	assert_non_null(strstr(svg, "std::vector&lt;char, std::allocator&lt;char&gt; &gt;::_M_realloc_insert"));
	assert_null(strstr(svg, "<char"));
	/* a long name in a narrow frame is cut and marked */
	assert_non_null(strstr(svg, "..</text>"));
	/* deterministic */
	again = flame(folded, "peak <memory>");
	assert_string_equal(svg, again);
	free(again);
	free(svg);
	free(folded);

	svg = flame("", "leaked");
	assert_balanced(svg);
	assert_non_null(strstr(svg, "no allocations to show"));
	free(svg);
	svg = flame(NULL, NULL);
	assert_balanced(svg);
	free(svg);
}

static char *html(const struct oya_stats *st, json_object *sum, const char *peak, const char *leaked)
{
	struct mem m;
	mem_open(&m);
	assert_int_equal(oya_render_html(m.f, st, sum, peak, leaked, 0), 0);
	return mem_close(&m);
}

static void test_html(void **state)
{
	struct oya_stats *st;
	char *folded;
	json_object *sum;
	char *page;
	(void)state;
	st = fixture_stats(3, 60, 1000);
	folded = fixture_folded();
	sum = json_tokener_parse(
		"{\"command\":[\"./app\",\"--load\"],\"started_at\":\"2026-01-01T12:00:00.000Z\","
		"\"stop_reason\":\"duration_limit\",\"exit_code\":0,\"planned_duration_secs\":70,"
		"\"heaptrack\":{\"data_file\":\"/tmp/h.zst\",\"complete\":true,\"problem\":null,"
		"\"peak_heap_bytes\":1090000,\"peak_rss_bytes\":4120000,\"leaked_bytes\":16440,"
		"\"allocations\":1103,\"temporary_allocations\":1001}}");
	assert_non_null(sum);
	page = html(st, sum, folded, folded);
	assert_true(strncmp(page, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(page, "</html>"));
	assert_int_equal(count(page, "<tr class=\"proc\""), 3);
	assert_int_equal(count(page, "data-kind=\"process\""), 3);
	assert_non_null(strstr(page, "<code>./app --load</code>"));
	assert_non_null(strstr(page, "duration_limit"));
	assert_non_null(strstr(page, "1.0 MiB"));
	assert_non_null(strstr(page, "16 KiB"));
	assert_non_null(strstr(page, "id=\"flame-peak\""));
	assert_non_null(strstr(page, "id=\"flame-leaked\""));
	assert_non_null(strstr(page, "limit 1 min 10 s"));  /* the planned duration */
	assert_non_null(strstr(page, "leak suspected"));    /* process 1000 climbs */
	assert_true(st->procs[0].leak.enough_data);
	assert_non_null(strstr(page, " MiB/h)</span>"));     /* judged: the rate is shown */
	assert_null(strstr(page, "n/a"));
	assert_null(strstr(page, "class=\"warn\""));
	/* self-contained */
	assert_null(strstr(page, "<script"));
	assert_null(strstr(page, "src="));
	assert_null(strstr(page, "href="));
	assert_null(strstr(page, "<link"));
	assert_null(strstr(page, "url("));
	free(page);
	json_object_put(sum);

	/* no summary, no heaptrack: still a page */
	page = html(st, NULL, NULL, NULL);
	assert_non_null(strstr(page, "no heaptrack data"));
	assert_null(strstr(page, "flame-peak"));
	assert_int_equal(count(page, "<tr class=\"proc\""), 3);
	free(page);

	/* a series too short to judge: growth n/a, not an extrapolated rate */
	st->procs[0].leak.enough_data = false;
	st->procs[0].leak.growth_kb_per_hour = 6.0 * 1024 * 1024;
	page = html(st, NULL, NULL, NULL);
	assert_non_null(strstr(page, "<td class=\"n\">n/a</td>"));
	assert_non_null(strstr(page, "(growth n/a)"));
	assert_null(strstr(page, "+6.00 GiB/h"));
	free(page);
	free(folded);
	fixture_free(st);
}

/* Input strings must come out inert: names, the command, heaptrack's problem text. */
static void test_html_escapes(void **state)
{
	struct oya_stats *st;
	json_object *sum;
	char *folded;
	char *page;
	(void)state;
	st = fixture_stats(2, 10, 1000);
	free(st->procs[0].exe);
	st->procs[0].exe = strdup("\"><script>alert('exe')</script><img src=x onerror=alert(1)>\x07\x1b[31m\xff");
	snprintf(st->procs[1].source, sizeof st->procs[1].source, "<b>x</b>");
	snprintf(st->procs[1].leak.reason, sizeof st->procs[1].leak.reason, "</li><script>r</script>");
	sum = json_tokener_parse(
		"{\"command\":[\"</title><script>alert(2)</script>\",\"a\\u0000b\\u0001\"],"
		"\"stop_reason\":\"<style>body{display:none}</style>\",\"started_at\":\"\\\"onload=x\","
		"\"heaptrack\":{\"data_file\":\"</code><script>d</script>\",\"complete\":false,"
		"\"problem\":\"<iframe src=javascript:alert(3)>\",\"allocations\":0}}");
	assert_non_null(sum);
	folded = strdup("main;<script>alert(4)</script> 100\n");
	page = html(st, sum, folded, NULL);
	assert_null(strcasestr(page, "<script"));
	assert_null(strcasestr(page, "<img"));
	assert_null(strcasestr(page, "<iframe"));
	assert_null(strcasestr(page, "<style>body{display"));
	assert_null(strstr(page, "<b>x"));
	for (const char *p = page; *p; p++)
		assert_false((unsigned char)*p < 0x20 && *p != '\n');
	assert_null(strstr(page, "\xff"));
	assert_non_null(strstr(page, "&lt;script&gt;alert(&#39;exe&#39;)"));
	assert_non_null(strstr(page, "&lt;iframe src=javascript:alert(3)&gt;"));
	assert_non_null(strstr(page, "class=\"warn\""));   /* incomplete heaptrack data */
	/* the title holds the command's first word, escaped */
	assert_non_null(strstr(page, "<title>oya memory report: &lt;/title&gt;&lt;script&gt;"));
	free(page);
	free(folded);
	json_object_put(sum);
	fixture_free(st);
}

/* Random bytes as folded stacks and as names: never a crash (run under ASan too). */
static void test_flame_robust(void **state)
{
	uint32_t seed = 777;
	char buf[512];
	(void)state;
	for (int round = 0; round < 300; round++) {
		size_t want;
		static const char alphabet[] = "ab;; 0123456789\n<>&\"\xff\x01\xc3";
		struct oya_flame f;
		struct oya_flame_rect *r;
		size_t n;
		char *text;
		char *svg;
		size_t len = 0;
		seed = seed * 1103515245u + 12345u;
		want = (seed >> 8) % sizeof buf;
		while (len < want) {
			seed = seed * 1103515245u + 12345u;
			buf[len++] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
		}
		assert_int_equal(oya_flame_parse(buf, len, &f), 0);
		assert_int_equal(oya_flame_layout(&f, 1000, 0.5, &r, &n), 0);
		free(r);
		oya_flame_release(&f);
		text = malloc(len + 1);
		memcpy(text, buf, len);
		text[len] = '\0';
		svg = flame(text, text);
		assert_null(strstr(svg, "<>"));
		free(svg);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_nice_step),
		cmocka_unit_test(test_downsample),
		cmocka_unit_test(test_chart_structure),
		cmocka_unit_test(test_chart_edges),
		cmocka_unit_test(test_chart_escapes),
		cmocka_unit_test(test_flame_parse),
		cmocka_unit_test(test_flame_layout),
		cmocka_unit_test(test_flame_svg),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_escapes),
		cmocka_unit_test(test_flame_robust),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
