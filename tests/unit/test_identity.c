/* Host and run identity: the run id's form, host/run in a sample line, images kept apart by host,
 * and the OpenMetrics text (label escaping, names, '# EOF'; promtool's verdict when it is there). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <json.h>

#include "openmetrics.h"
#include "run_id.h"
#include "sample_line.h"
#include "summary.h"

#define FFFD "\xef\xbf\xbd"
#define T0 1795720713072LL

static void test_run_id_form(void **state)
{
	uint8_t zero[16] = { 0 }, ones[16];
	char id[OYA_RUN_ID_MAX];

	(void)state;
	memset(ones, 0xff, sizeof(ones));
	assert_int_equal(oya_run_id_format(id, sizeof(id), zero), 36);
	assert_string_equal(id, "00000000-0000-4000-8000-000000000000");
	assert_int_equal(oya_run_id_format(id, sizeof(id), ones), 36);
	assert_string_equal(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
	assert_int_equal(oya_run_id_format(id, sizeof(id) - 1, ones), 0);
}

static void test_line_identity(void **state)
{
	struct oya_sample s;
	char line[OYA_LINE_MAX];
	json_object *o;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.event = "sample";
	s.source = "preload";
	s.exe = "x";
	s.pid = 7;
	s.wall_ms = T0;
	s.host = "web-\"1\"";
	assert_true(oya_sample_format(line, sizeof(line), &s) > 0);
	assert_non_null(strstr(line, "\"source\":\"preload\",\"host\":\"web-\\\"1\\\"\",\"metrics\""));
	assert_null(strstr(line, "\"run\""));
	s.run = "r-1";
	assert_true(oya_sample_format(line, sizeof(line), &s) > 0);
	o = json_tokener_parse(line);
	assert_non_null(o);
	assert_string_equal(json_object_get_string(json_object_object_get(o, "host")), "web-\"1\"");
	assert_string_equal(json_object_get_string(json_object_object_get(o, "run")), "r-1");
	json_object_put(o);
}

/* A line of PID on HOST in run RUN ("run-HOST" when NULL), with PSS when PSS > 0. */
static void add_pss(struct oya_acc *acc, const char *host, const char *run, int64_t pid, int64_t off_ms,
		    uint64_t rss, uint64_t pss)
{
	char ts[32], line[512], pss_field[32] = "", run_id[32];

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + off_ms), 24);
	if (pss)
		snprintf(pss_field, sizeof(pss_field), ",\"pss_kb\":%llu", (unsigned long long)pss);
	snprintf(run_id, sizeof(run_id), run ? "%s" : "run-%s", run ? run : host);
	snprintf(line, sizeof(line),
		 "{\"timestamp\":\"%s\",\"pid\":%lld,\"ppid\":1,\"exe\":\"w\\\"q\",\"event\":\"sample\","
		 "\"source\":\"preload\",\"host\":\"%s\",\"run\":\"%s\",\"metrics\":{\"rss_kb\":%llu%s}}",
		 ts, (long long)pid, host, run_id, (unsigned long long)rss, pss_field);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
}

static void add(struct oya_acc *acc, const char *host, int64_t pid, int64_t off_ms, uint64_t rss)
{
	add_pss(acc, host, NULL, pid, off_ms, rss, 0);
}

/* Two hosts, the same pid, a run each: two images, each with its own samples. */
static struct oya_acc *two_hosts_acc(void)
{
	struct oya_acc *acc = oya_acc_new();

	assert_non_null(acc);
	for (int i = 0; i < 3; i++) {
		add(acc, "a", 100, i * 1000, 1000 + (uint64_t)i);
		add(acc, "b", 100, i * 1000, 5000 + (uint64_t)i);
	}
	return acc;
}

static struct oya_stats *two_hosts(void)
{
	struct oya_acc *acc = two_hosts_acc();
	struct oya_stats *st = oya_acc_finish(acc);

	oya_acc_free(acc);
	assert_non_null(st);
	return st;
}

static void test_hosts_apart(void **state)
{
	struct oya_stats *st = two_hosts();

	(void)state;
	assert_int_equal(st->nprocs, 2);
	assert_true(oya_stats_many_hosts(st));
	for (size_t i = 0; i < 2; i++) {
		const struct oya_proc *p = &st->procs[i];

		assert_int_equal(p->samples, 3);
		assert_int_equal(p->rss_max, !strcmp(p->host, "a") ? 1002 : 5002);
		assert_string_equal(p->run, !strcmp(p->host, "a") ? "run-a" : "run-b");
	}
	assert_int_equal(st->max_rss_kb, 1002 + 5002);
	oya_stats_free(st);
}

static char *label_of(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	oya_openmetrics_label(f, s, len);
	fclose(f);
	return buf;
}

static void test_label_escape(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "plain", 5, "plain" },
		{ "a\"b", 3, "a\\\"b" },
		{ "a\\b", 3, "a\\\\b" },
		{ "a\nb", 3, "a\\nb" },
		{ "a\tb\x7f", 4, "a" FFFD "b" FFFD },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
		{ "x\xff\xc3", 3, "x" FFFD FFFD },
		{ "a\0b", 3, "a" FFFD "b" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = label_of(cases[i].in, cases[i].len);

		assert_string_equal(got, cases[i].out);
		free(got);
	}
}

static char *metrics_of_runs(const struct oya_om_run *runs, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(oya_openmetrics_write_runs(f, runs, n), 0);
	fclose(f);
	return buf;
}

static char *metrics_of(const struct oya_stats *st)
{
	const struct oya_om_run one = { st, NULL };

	return metrics_of_runs(&one, 1);
}

/* promtool check metrics on TEXT: its exit status, or -1 when promtool is not installed. */
static int promtool(const char *text)
{
	char path[] = "/tmp/oya-om-XXXXXX";
	int fd = mkstemp(path), status;
	pid_t pid;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd, 0);
		lseek(0, 0, SEEK_SET);
		execlp("promtool", "promtool", "check", "metrics", (char *)NULL);
		_exit(127);
	}
	close(fd);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	unlink(path);
	return WIFEXITED(status) && WEXITSTATUS(status) == 127 ? -1 : WEXITSTATUS(status);
}

/* One text for the images of two runs: each family once, each run's series with its own figures. */
static void test_openmetrics_runs(void **state)
{
	struct oya_acc *acc = two_hosts_acc();
	struct oya_finish a = { .one_run = true, .run = "run-a" }, b = { .one_run = true, .run = "run-b" };
	struct oya_om_run runs[2];
	char *text;
	int rc;

	(void)state;
	runs[0] = (struct oya_om_run){ oya_acc_finish_with(acc, &a), NULL };
	runs[1] = (struct oya_om_run){ oya_acc_finish_with(acc, &b), NULL };
	assert_non_null(runs[0].st);
	assert_non_null(runs[1].st);
	text = metrics_of_runs(runs, 2);
	assert_non_null(strstr(text, "# TYPE oya_run_rss_peak_bytes gauge\n"
				     "oya_run_rss_peak_bytes{host=\"a\",run=\"run-a\"} 1026048\n"
				     "oya_run_rss_peak_bytes{host=\"b\",run=\"run-b\"} 5122048\n"));
	assert_non_null(strstr(text, "oya_run_samples_total{host=\"a\",run=\"run-a\"} 3\n"
				     "oya_run_samples_total{host=\"b\",run=\"run-b\"} 3\n"));
	assert_non_null(strstr(
		text, "oya_process_rss_peak_bytes{host=\"a\",run=\"run-a\",exe=\"w\\\"q\",pid=\"100\"} "
		      "1026048\n"));
	assert_non_null(strstr(
		text, "oya_process_rss_peak_bytes{host=\"b\",run=\"run-b\",exe=\"w\\\"q\",pid=\"100\"} "
		      "5122048\n"));
	assert_non_null(strstr(text, "# TYPE oya_process_samples_total counter\n"));
	assert_null(strstr(strstr(text, "# TYPE oya_run_rss_peak_bytes") + 1, "# TYPE oya_run_rss_peak_bytes"));
	assert_int_equal(strcmp(text + strlen(text) - 6, "# EOF\n"), 0);
	rc = promtool(text);
	if (rc >= 0)
		assert_int_equal(rc, 0);
	free(text);
	oya_stats_free((struct oya_stats *)runs[0].st);
	oya_stats_free((struct oya_stats *)runs[1].st);
	oya_acc_free(acc);
}

/* One run on two hosts: the run's series have an empty host; each image names its own. */
static void test_openmetrics_hosts(void **state)
{
	struct oya_stats *st = two_hosts();
	char *text;

	(void)state;
	text = metrics_of(st);
	assert_non_null(strstr(text, "oya_run_rss_peak_bytes{host=\"\",run=\"run-a\"} 6148096\n"));
	assert_non_null(strstr(text, "oya_process_rss_peak_bytes{host=\"b\",run=\"run-b\""));
	free(text);
	oya_stats_free(st);
}

/* PSS: the tree's and each image's peak and average, in bytes, under names that say PSS. */
static void test_openmetrics_pss(void **state)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;
	char *text;
	int rc;

	(void)state;
	assert_non_null(acc);
	for (int i = 0; i < 4; i++) {
		add_pss(acc, "h", "r", 10, i * 1000, 4000, 1000 + (uint64_t)i * 100);
		add_pss(acc, "h", "r", 11, i * 1000, 4000, 1000);
	}
	st = oya_acc_finish(acc);
	assert_non_null(st);
	text = metrics_of(st);
	/* the tree: 2000, 2100, 2200, 2300 kB */
	assert_non_null(strstr(text, "# TYPE oya_run_pss_peak_bytes gauge\n"
				     "oya_run_pss_peak_bytes{host=\"h\",run=\"r\"} 2355200\n"));
	assert_non_null(strstr(text, "oya_run_pss_average_bytes{host=\"h\",run=\"r\"} 2150400\n"));
	assert_non_null(strstr(text, "oya_run_rss_peak_bytes{host=\"h\",run=\"r\"} 8192000\n"));
	assert_non_null(strstr(text, "oya_process_pss_peak_bytes{host=\"h\",run=\"r\",exe=\"w\\\"q\",pid=\"10\"} "
				     "1331200\n"));
	assert_non_null(strstr(text, "oya_process_pss_average_bytes{host=\"h\",run=\"r\",exe=\"w\\\"q\","
				     "pid=\"10\"} 1126400\n"));
	assert_non_null(strstr(text, "oya_process_pss_bytes{host=\"h\",run=\"r\",exe=\"w\\\"q\",pid=\"10\"} "
				     "1331200\n"));
	rc = promtool(text);
	if (rc >= 0)
		assert_int_equal(rc, 0);
	free(text);
	oya_stats_free(st);
	oya_acc_free(acc);
	/* without PSS reads, no PSS series */
	st = two_hosts();
	text = metrics_of(st);
	assert_null(strstr(text, "pss"));
	free(text);
	oya_stats_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_id_form),	 cmocka_unit_test(test_line_identity),
		cmocka_unit_test(test_hosts_apart),	 cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_openmetrics_runs),
		cmocka_unit_test(test_openmetrics_hosts),
		cmocka_unit_test(test_openmetrics_pss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
