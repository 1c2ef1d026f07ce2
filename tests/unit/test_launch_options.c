/* oya-launch's command line: every option, every bad value. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "launch_core.h"

#define MAXARGS 32

struct parsed {
	struct oya_launch_opts o;
	const char *hargs[MAXARGS];
	char err[512];
	char *argv[MAXARGS + 1]; /* the options point into it */
	int rc;
};

/* Parse the NULL-terminated list of arguments after "oya-launch". */
static void parse(struct parsed *p, ...)
{
	char **argv = p->argv;
	int argc = 0;
	va_list ap;
	const char *a;

	memset(p, 0, sizeof(*p));
	argv[argc++] = (char *)"oya-launch";
	va_start(ap, p);
	while ((a = va_arg(ap, const char *)) && argc < MAXARGS)
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	p->rc = oya_launch_parse(argc, argv, &p->o, p->hargs, p->err, sizeof(p->err));
}

/* --memory-limit and --cgroup: the size in bytes, the mode, and the pair that cannot go together. */
static void test_cgroup_options(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "prog", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.memory_limit, 0);
	assert_false(p.o.no_cgroup);
	parse(&p, "--memory-limit", "64M", "prog", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.memory_limit, 64ULL << 20);
	parse(&p, "--memory-limit=1G", "--cgroup", "auto", "prog", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.memory_limit, 1ULL << 30);
	assert_false(p.o.no_cgroup);
	parse(&p, "--cgroup=off", "prog", NULL);
	assert_int_equal(p.rc, 0);
	assert_true(p.o.no_cgroup);
	parse(&p, "--memory-limit", "0", "prog", NULL);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.err,
			    "--memory-limit '0' is zero (use e.g. 64M, 512MiB, 1G, or a number of bytes)");
	parse(&p, "--memory-limit", "10%", "prog", NULL);
	assert_int_equal(p.rc, -1);
	assert_non_null(strstr(p.err, "is a percentage, not a size"));
	parse(&p, "--cgroup", "on", "prog", NULL);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.err, "--cgroup 'on' is neither auto nor off");
	parse(&p, "--cgroup", "off", "--memory-limit", "64M", "prog", NULL);
	assert_int_equal(p.rc, -1);
	assert_string_equal(p.err, "--memory-limit needs a cgroup: it cannot go with --cgroup off");
}

static void test_defaults(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "prog", "arg", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.duration_ms, 3600000);
	assert_int_equal(p.o.interval_ms, 10000);
	assert_int_equal(p.o.kill_after_ms, 10000);
	assert_int_equal(p.o.stop_signal, SIGTERM);
	assert_string_equal(p.o.output, "memory-profile.jsonl");
	assert_null(p.o.summary);
	assert_false(p.o.no_heaptrack);
	assert_false(p.o.quiet);
	assert_false(p.o.verbose);
	assert_false(p.o.allow_fast);
	assert_true(p.o.min_free_default);
	assert_int_equal(p.o.n_command, 2);
	assert_string_equal(p.o.command[0], "prog");
	assert_string_equal(p.o.command[1], "arg");
	assert_null(p.o.command[2]);
}

static void test_every_option_long(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--duration", "2h", "--interval", "30s", "--output", "a.jsonl", "--summary", "s.json",
	      "--no-heaptrack", "--heaptrack-arg", "--raw", "--heaptrack-arg=-d", "--kill-after", "3s",
	      "--signal", "INT", "--quiet", "--verbose", "--allow-fast-sampling", "--min-free", "2G", "--",
	      "cmd", "-x", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.duration_ms, 7200000);
	assert_int_equal(p.o.interval_ms, 30000);
	assert_string_equal(p.o.output, "a.jsonl");
	assert_string_equal(p.o.summary, "s.json");
	assert_true(p.o.no_heaptrack);
	assert_int_equal(p.o.n_heaptrack_args, 2);
	assert_string_equal(p.o.heaptrack_args[0], "--raw");
	assert_string_equal(p.o.heaptrack_args[1], "-d");
	assert_int_equal(p.o.kill_after_ms, 3000);
	assert_int_equal(p.o.stop_signal, SIGINT);
	assert_true(p.o.quiet);
	assert_true(p.o.verbose);
	assert_true(p.o.allow_fast);
	assert_false(p.o.min_free_default);
	assert_int_equal(p.o.min_free_bytes, 2ULL << 30);
	assert_int_equal(p.o.n_command, 2);
	assert_string_equal(p.o.command[1], "-x");
}

static void test_every_option_short(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "-d", "90s", "-i5s", "-o", "o.jsonl", "-s", "x.json", "-H", "--raw", "-k", "0", "-q", "-v",
	      "cmd", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.duration_ms, 90000);
	assert_int_equal(p.o.interval_ms, 5000);
	assert_string_equal(p.o.output, "o.jsonl");
	assert_string_equal(p.o.summary, "x.json");
	assert_string_equal(p.o.heaptrack_args[0], "--raw");
	assert_int_equal(p.o.kill_after_ms, 0);
	assert_true(p.o.quiet);
	assert_true(p.o.verbose);
	assert_string_equal(p.o.command[0], "cmd");
}

static void test_cluster_and_help(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "-qd", "3s", "c", NULL);
	assert_int_equal(p.rc, 0);
	assert_true(p.o.quiet);
	assert_int_equal(p.o.duration_ms, 3000);
	parse(&p, "-h", NULL);
	assert_int_equal(p.rc, 0);
	assert_true(p.o.help);
	parse(&p, "--version", NULL);
	assert_int_equal(p.rc, 0);
	assert_true(p.o.version);
	parse(&p, "-V", NULL);
	assert_true(p.o.version);
	/* --help wins over a bad bound */
	parse(&p, "-d", "9h", "--help", NULL);
	assert_int_equal(p.rc, 0);
	assert_true(p.o.help);
}

static void test_options_stop_at_command(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "-q", "prog", "-d", "5h", "--bogus", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.n_command, 4);
	assert_string_equal(p.o.command[1], "-d");
	assert_int_equal(p.o.duration_ms, 3600000);
	/* "-" alone is a command, as in env */
	parse(&p, "-", NULL);
	assert_int_equal(p.rc, 0);
	assert_string_equal(p.o.command[0], "-");
	parse(&p, "--", "--help", NULL);
	assert_int_equal(p.rc, 0);
	assert_false(p.o.help);
	assert_string_equal(p.o.command[0], "--help");
}

static void test_fast_sampling_order(void **state)
{
	struct parsed p;

	(void)state;
	/* --allow-fast-sampling may come after -i */
	parse(&p, "-i", "100ms", "--allow-fast-sampling", "c", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.interval_ms, 100);
}

static void test_bounds(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "-d", "1s", "-i", "100ms", "--allow-fast-sampling", "c", NULL);
	assert_int_equal(p.rc, 0);
	parse(&p, "-d", "4h", "c", NULL);
	assert_int_equal(p.rc, 0);
	parse(&p, "-k", "1h", "c", NULL);
	assert_int_equal(p.rc, 0);
}

/* --pid: a running process instead of a command. */
static void test_pid(void **state)
{
	struct parsed p;

	(void)state;
	parse(&p, "--pid", "4242", "-d", "3s", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.pid, 4242);
	assert_int_equal(p.o.n_command, 0);
	parse(&p, "-p", "7", "--no-heaptrack", "--cgroup", "off", NULL);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.pid, 7);
	parse(&p, "--heaptrack", "prog", NULL); /* the default for a command: accepted */
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.o.pid, 0);
}

static const struct bad {
	const char *args[6];
	const char *msg;
} bad[] = {
	{ { "-d", "4h1s", "c" }, "--duration 4h1s is above the 4h maximum" },
	{ { "-d", "14401", "c" }, "--duration 14401 is above the 4h maximum" },
	{ { "-i", "4", "c" }, "--interval 4 is below the 5s minimum" },
	{ { "-d", "999ms", "c" }, "--duration 999ms is below the 1s minimum" },
	{ { "--duration", "soon", "c" }, "--duration 'soon' is not a duration" },
	{ { "-d", "", "c" }, "-d '' is not a duration: it is empty" },
	{ { "-i", "4s", "c" }, "--interval 4s is below the 5s minimum (100ms with --allow-fast-sampling)" },
	{ { "-i", "99ms", "--allow-fast-sampling", "c" }, "--interval 99ms is below the 100ms minimum" },
	{ { "--interval", "1x", "c" }, "--interval '1x' is not a duration" },
	{ { "-k", "2h", "c" }, "-k 2h is above the 1h maximum" },
	{ { "--kill-after", "-1", "c" }, "--kill-after '-1' is not a duration" },
	{ { "--signal", "FOO", "c" }, "--signal 'FOO' is not a signal name or number" },
	{ { "--signal", "0", "c" }, "--signal '0' is not a signal" },
	{ { "--signal", "65", "c" }, "--signal '65' is not a signal" },
	{ { "--min-free", "lots", "c" }, "--min-free 'lots' has no number" },
	{ { "--min-free", "5X", "c" }, "--min-free '5X' has an unknown unit" },
	{ { "--min-free", "60%", "c" }, "--min-free '60%' is above 50%" },
	{ { "-o", "", "c" }, "-o '' is empty" },
	{ { "--output", "dir/", "c" }, "--output dir/ is a directory" },
	{ { "-s", "", "c" }, "-s '' is empty" },
	{ { "--bogus", "c" }, "--bogus is not an option" },
	{ { "--bogus=1", "c" }, "--bogus is not an option" },
	{ { "-x", "c" }, "-x is not an option" },
	{ { "-d" }, "-d needs a value" },
	{ { "--output" }, "--output needs a value" },
	{ { "--quiet=yes", "c" }, "--quiet takes no value (got 'yes')" },
	{ { "--verbose=1", "c" }, "--verbose takes no value (got '1')" },
	{ { "-q" }, "no command given" },
	{ { "--pid", "0" }, "--pid '0' is not a process id" },
	{ { "-p", "12x" }, "-p '12x' is not a process id" },
	{ { "--pid", "-4" }, "--pid '-4' is not a process id" },
	{ { "--pid", "42", "prog" }, "--pid 42 and a command: give one or the other" },
	{ { "--pid", "42", "--heaptrack" }, "--pid with --heaptrack is refused: heaptrack -p gives no way" },
	{ { "--pid", "42", "-H", "--raw" }, "--pid with --heaptrack arguments is refused" },
	{ { "--pid", "42", "--memory-limit", "64M" }, "--memory-limit with --pid" },
	{ { "--pid", "42", "--daemon" }, "--daemon with --pid" },
	{ { "" }, "the command '' is empty" },
};

static void test_bad_values(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct parsed p;
		const char *const *a = bad[i].args;

		parse(&p, a[0], a[1], a[2], a[3], a[4], NULL);
		if (p.rc != -1 || !strstr(p.err, bad[i].msg))
			fail_msg("case %zu: rc %d, message '%s', expected '%s'", i, p.rc, p.err, bad[i].msg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_cgroup_options),
		cmocka_unit_test(test_every_option_long),
		cmocka_unit_test(test_every_option_short),
		cmocka_unit_test(test_cluster_and_help),
		cmocka_unit_test(test_options_stop_at_command),
		cmocka_unit_test(test_fast_sampling_order),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_pid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
