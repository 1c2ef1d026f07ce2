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

static void add(struct oya_acc *acc, const char *host, int64_t pid, int64_t off_ms, uint64_t rss)
{
	char ts[32], line[512];

	assert_int_equal(oya_format_timestamp(ts, sizeof(ts), T0 + off_ms), 24);
	snprintf(line, sizeof(line),
		 "{\"timestamp\":\"%s\",\"pid\":%lld,\"ppid\":1,\"exe\":\"w\\\"q\",\"event\":\"sample\","
		 "\"source\":\"preload\",\"host\":\"%s\",\"run\":\"run-%s\",\"metrics\":{\"rss_kb\":%llu}}",
		 ts, (long long)pid, host, host, (unsigned long long)rss);
	assert_int_equal(oya_acc_add_line(acc, line, strlen(line)), 0);
}

/* Two hosts, the same pid: two images, each with its own samples. */
static struct oya_stats *two_hosts(void)
{
	struct oya_acc *acc = oya_acc_new();
	struct oya_stats *st;

	assert_non_null(acc);
	for (int i = 0; i < 3; i++) {
		add(acc, "a", 100, i * 1000, 1000 + (uint64_t)i);
		add(acc, "b", 100, i * 1000, 5000 + (uint64_t)i);
	}
	st = oya_acc_finish(acc);
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

static char *metrics_of(const struct oya_stats *st)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(oya_openmetrics_write(f, st, NULL), 0);
	fclose(f);
	return buf;
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

static void test_openmetrics_text(void **state)
{
	struct oya_stats *st = two_hosts();
	char *text;
	int rc;

	(void)state;
	text = metrics_of(st);
	/* the run's series: hosts differ, so the run's host label is empty */
	assert_non_null(strstr(text, "# TYPE oya_run_rss_peak_bytes gauge\n"
				     "oya_run_rss_peak_bytes{host=\"\",run=\"run-a\"} 6148096\n"));
	assert_non_null(strstr(
		text, "oya_process_rss_peak_bytes{host=\"a\",run=\"run-a\",exe=\"w\\\"q\",pid=\"100\"} "
		      "1026048\n"));
	assert_non_null(strstr(
		text, "oya_process_rss_peak_bytes{host=\"b\",run=\"run-b\",exe=\"w\\\"q\",pid=\"100\"} "
		      "5122048\n"));
	assert_non_null(strstr(text, "# TYPE oya_process_samples_total counter\n"));
	assert_int_equal(strcmp(text + strlen(text) - 6, "# EOF\n"), 0);
	rc = promtool(text);
	if (rc >= 0)
		assert_int_equal(rc, 0);
	free(text);
	oya_stats_free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_id_form),	 cmocka_unit_test(test_line_identity),
		cmocka_unit_test(test_hosts_apart),	 cmocka_unit_test(test_label_escape),
		cmocka_unit_test(test_openmetrics_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
