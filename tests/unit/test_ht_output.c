/* heaptrack's captured output: routine messages versus the rest, and the line splitter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ht_output.h"

static bool routine(const char *s)
{
	return oya_ht_line_is_routine(s, strlen(s));
}

/* heaptrack 1.4's messages for a normal run, as captured. */
static void test_routine_lines(void **state)
{
	(void)state;
	assert_true(routine("heaptrack output will be written to \"/tmp/x/memory-profile.heaptrack.zst\""));
	assert_true(routine("/usr/lib/heaptrack/libheaptrack_preload.so"));
	assert_true(routine("/opt/heap track/lib/heaptrack/libheaptrack_inject.so"));
	assert_true(routine("starting application, this might take some time..."));
	assert_true(routine("starting application in GDB, this might take some time..."));
	assert_true(routine("Heaptrack finished! Now run the following to investigate the data:"));
	assert_true(routine(""));
	assert_true(routine("  heaptrack --analyze \"/tmp/x/memory-profile.heaptrack.zst\""));
	assert_true(routine("  zstd -dc < \"/tmp/a.raw.zst\" | /usr/lib/heaptrack/libexec/heaptrack_interpret"));
	assert_true(routine("heaptrack stats:"));
	assert_true(routine("\tallocations:          \t67"));
	assert_true(routine("\tleaked allocations:   \t1"));
	assert_true(routine("\ttemporary allocations:\t64"));
	assert_true(routine("heaptrack_gui detected, automatically opening the file..."));
}

/* Errors and anything unknown are shown. */
static void test_other_lines(void **state)
{
	(void)state;
	assert_false(routine("Error: Debuggee \"/x/app\" was not found."));
	assert_false(routine("Error: Debuggee \"/x/app\" is not an executable."));
	assert_false(routine("Usage: /usr/bin/heaptrack [--debug|-d] [--help|-h] DEBUGGEE [ARGS...]"));
	assert_false(routine("Could not find heaptrack interpreter executable: /x"));
	assert_false(routine("Missing output argument."));
	assert_false(routine("zstd: error 70 : Write error : cannot write block : No space left on device"));
	assert_false(routine("heaptrack error: failed to open output"));
	assert_false(routine("mkfifo: cannot create fifo '/tmp/heaptrack_fifo1': File exists"));
	assert_false(routine("libheaptrack_preload.so"));           /* not a path */
	assert_false(routine("/usr/lib/heaptrack/libheaptrack_preload.so.1"));
	assert_false(routine(" heaptrack output will be written to x")); /* not at the start */
	assert_false(routine("heaptrack stats"));
	assert_false(routine("\tallocations"));
	assert_false(oya_ht_line_is_routine(NULL, 0));
	/* LEN rules, not the NUL */
	assert_false(oya_ht_line_is_routine("heaptrack stats:", 9));
	assert_true(oya_ht_line_is_routine("heaptrack stats: and more", 16));
}

struct got {
	char lines[8][OYA_HT_LINE_MAX + 1];
	size_t n;
};

static void collect(void *ctx, const char *line, size_t len)
{
	struct got *g = ctx;

	assert_true(g->n < 8);
	assert_true(len <= OYA_HT_LINE_MAX);
	memcpy(g->lines[g->n], line, len);
	g->lines[g->n][len] = '\0';
	g->n++;
}

#define REPORTS(s, d) oya_ht_line_reports_signal((s), strlen(s), (d))

static void test_signal_reports(void **state)
{
	(void)state;
	assert_true(REPORTS("Terminated", "Terminated"));
	assert_true(REPORTS("Killed  ", "Killed"));
	assert_true(REPORTS("/usr/bin/heaptrack: line 344:  4242 Terminated              \"$client\" \"$@\"",
			    "Terminated"));
	assert_true(REPORTS("/usr/bin/heaptrack: line 344:  4242 Killed", "Killed"));
	/* another signal, another word, or the word not where the shell puts it */
	assert_false(REPORTS("Terminated", "Killed"));
	assert_false(REPORTS("Terminatedx", "Terminated"));
	assert_false(REPORTS("error: Terminated by user", "Terminated"));
	assert_false(REPORTS("/usr/bin/heaptrack: line 344: Terminated", "Terminated"));
	assert_false(REPORTS("/usr/bin/heaptrack: line 344:  4242 Terminatedly", "Terminated"));
	assert_false(REPORTS("", "Terminated"));
	assert_false(REPORTS("Terminated", ""));
	assert_false(oya_ht_line_reports_signal("Terminated", 10, NULL));
}

static void test_split(void **state)
{
	struct oya_ht_lines l;
	struct got g;
	const char *a = "first\nsec", *b = "ond\r\n\nthird";

	(void)state;
	memset(&l, 0, sizeof(l));
	memset(&g, 0, sizeof(g));
	oya_ht_lines_feed(&l, a, strlen(a), collect, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.lines[0], "first");
	oya_ht_lines_feed(&l, b, strlen(b), collect, &g);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.lines[1], "second"); /* across two reads, without its \r */
	assert_string_equal(g.lines[2], "");
	oya_ht_lines_flush(&l, collect, &g);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.lines[3], "third"); /* no newline at the end */
	oya_ht_lines_flush(&l, collect, &g);
	assert_int_equal(g.n, 4); /* nothing left */
}

static void test_long_line(void **state)
{
	static char big[OYA_HT_LINE_MAX + 10];
	struct oya_ht_lines l;
	struct got g;

	(void)state;
	memset(&l, 0, sizeof(l));
	memset(&g, 0, sizeof(g));
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	oya_ht_lines_feed(&l, big, sizeof(big), collect, &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(strlen(g.lines[0]), OYA_HT_LINE_MAX);
	assert_int_equal(strlen(g.lines[1]), sizeof(big) - 1 - OYA_HT_LINE_MAX);
	/* NULL arguments are refused quietly */
	oya_ht_lines_feed(NULL, "a\n", 2, collect, &g);
	oya_ht_lines_feed(&l, NULL, 2, collect, &g);
	oya_ht_lines_feed(&l, "a\n", 2, NULL, &g);
	oya_ht_lines_flush(NULL, collect, &g);
	assert_int_equal(g.n, 2);
}

static void test_data_names(void **state)
{
	char path[32];

	(void)state;
	assert_int_equal(oya_ht_data_name(path, sizeof(path), "/o/run.heaptrack", 0), 20);
	assert_string_equal(path, "/o/run.heaptrack.zst");
	assert_int_equal(oya_ht_data_name(path, sizeof(path), "/o/run.heaptrack", 1), 19);
	assert_string_equal(path, "/o/run.heaptrack.gz");
	assert_int_equal(oya_ht_data_name(path, sizeof(path), "/o/run.heaptrack", OYA_HT_DATA_NAMES), -1);
	assert_int_equal(oya_ht_data_name(path, 20, "/o/run.heaptrack", 0), -1); /* no room for the NUL */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routine_lines),
		cmocka_unit_test(test_other_lines),
		cmocka_unit_test(test_signal_reports),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_data_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
