/*
 * oya_heaptrack_read/_folded/_diff on real heaptrack 1.4 files made here by
 * running heaptrack on tests/targets/alloc-pattern ($BUILD from tests/run),
 * and on damaged copies of them (empty, truncated, cut before the end).
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
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "heaptrack_data.h"

static char dir[256];
static char file1[600], file3[600];

/* Run ARGV with stdout/stderr to /dev/null; returns its exit status or -1. */
static int run(char *const argv[])
{
	int st;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static char *read_all(const char *path, size_t *n)
{
	char *buf;
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf = malloc(64 << 20);
	assert_non_null(buf);
	*n = fread(buf, 1, 64 << 20, f);
	fclose(f);
	return buf;
}

static void profile(const char *scale, const char *stem, char *out, size_t cap)
{
	struct stat sb;
	const char *build = getenv("BUILD");
	char target[512], o[400];
	char *argv[] = {(char *)"heaptrack", (char *)"-o", o, target, (char *)scale, NULL};
	snprintf(target, sizeof target, "%s/tests/targets/alloc-pattern", build);
	snprintf(o, sizeof o, "%s/%s", dir, stem);
	assert_int_equal(run(argv), 0);
	snprintf(out, cap, "%s.zst", o);
	if (stat(out, &sb) < 0)
		fail_msg("heaptrack wrote no %s", out);
}

static int setup(void **state)
{
	(void)state;
	if (!getenv("BUILD")) {
		fprintf(stderr, "test_heaptrack_read: BUILD is not set (run it through tests/run)\n");
		return -1;
	}
	snprintf(dir, sizeof dir, "/tmp/oya-test-heaptrack-______");
	memset(dir + strlen(dir) - 6, 'X', 6); /* mkdtemp's template */
	if (!mkdtemp(dir))
		return -1;
	profile("1", "one", file1, sizeof file1);
	profile("3", "three", file3, sizeof file3);
	return 0;
}

static int teardown(void **state)
{
	char *argv[] = {(char *)"rm", (char *)"-rf", dir, NULL};

	(void)state;
	return run(argv) == 0 ? 0 : -1;
}

static void test_whole(void **state)
{
	struct oya_heaptrack h;
	(void)state;
	assert_int_equal(oya_heaptrack_read(file1, &h), 0);
	assert_true(h.complete);
	assert_string_equal(h.problem, "");
	assert_string_equal(h.data_file, file1);
	assert_true(h.allocations >= 1101);       /* 100 + 1 + 1000, plus the runtime's own */
	assert_true(h.temporary_allocations >= 1000);
	/* exact from the folded peak: 100 x 10000 held + the leak + libstdc++'s pool, at most */
	assert_true(h.peak_heap_bytes >= 1000000 && h.peak_heap_bytes < 1200000);
	assert_true(h.leaked_bytes >= 4096 && h.leaked_bytes < 5000);
	assert_true(h.peak_rss_bytes > 0);
	oya_heaptrack_release(&h);
}

/* A relative name that starts with '-' is a file, not an option. */
static void test_dash_name(void **state)
{
	char path[700], cwd[4096];
	size_t n;
	char *data;
	struct oya_heaptrack h;
	int rc;
	char *folded;
	(void)state;
	snprintf(path, sizeof path, "%s/-dash.zst", dir);
	data = read_all(file1, &n);
	write_file(path, data, n);
	free(data);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(dir), 0);
	rc = oya_heaptrack_read("-dash.zst", &h);
	folded = oya_heaptrack_folded("-dash.zst", "peak");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	assert_true(h.complete);
	assert_true(h.allocations >= 1101);
	assert_non_null(folded);
	free(folded);
	oya_heaptrack_release(&h);
}

static void test_gzip_and_plain(void **state)
{
	char plain[600], gz[600];
	char *z[] = {(char *)"zstd", (char *)"-q", (char *)"-d", (char *)"-f", (char *)"-o", plain, file1, NULL};
	char *g[] = {(char *)"gzip", (char *)"-k", (char *)"-f", plain, NULL};
	const char *paths[] = {plain, gz};
	(void)state;
	snprintf(plain, sizeof plain, "%s/plain", dir);
	snprintf(gz, sizeof gz, "%s/plain.gz", dir);
	assert_int_equal(run(z), 0);
	assert_int_equal(run(g), 0);
	for (int i = 0; i < 2; i++) {
		struct oya_heaptrack h;
		assert_int_equal(oya_heaptrack_read(paths[i], &h), 0);
		assert_true(h.complete);
		assert_true(h.allocations >= 1101);
		oya_heaptrack_release(&h);
	}
}

static void test_empty_and_missing(void **state)
{
	char path[600];
	struct oya_heaptrack h;
	(void)state;
	snprintf(path, sizeof path, "%s/empty.zst", dir);
	write_file(path, "", 0);
	assert_int_equal(oya_heaptrack_read(path, &h), -1);
	assert_false(h.complete);
	assert_non_null(strstr(h.problem, "empty"));
	oya_heaptrack_release(&h);

	snprintf(path, sizeof path, "%s/none.zst", dir);
	assert_int_equal(oya_heaptrack_read(path, &h), -1);
	assert_false(h.complete);
	assert_non_null(strstr(h.problem, "No such file"));
	oya_heaptrack_release(&h);

	assert_int_equal(oya_heaptrack_read(dir, &h), -1);
	assert_non_null(strstr(h.problem, "not a regular file"));
	oya_heaptrack_release(&h);
}

/* heaptrack_print exits 0 on these; the check must not believe it. */
static void test_truncated(void **state)
{
	size_t n;
	char *data;
	char path[600];
	struct oya_heaptrack h;
	int rc;
	char plain[600], cut[600], cutz[600];
	char *z[] = {(char *)"zstd", (char *)"-q", (char *)"-d", (char *)"-f", (char *)"-o", plain, file1, NULL};
	char *c[] = {(char *)"zstd", (char *)"-q", (char *)"-f", cut, (char *)"-o", cutz, NULL};
	(void)state;
	data = read_all(file1, &n);
	snprintf(path, sizeof path, "%s/half.zst", dir);
	write_file(path, data, n / 2);
	rc = oya_heaptrack_read(path, &h);
	assert_true(rc == 0 || rc == -1);
	assert_false(h.complete);
	assert_non_null(strstr(h.problem, "truncated"));
	oya_heaptrack_release(&h);
	free(data);

	/* A whole zstd stream whose content stops early (the interpreter was killed, the compressor was not). */
	snprintf(plain, sizeof plain, "%s/full.txt", dir);
	snprintf(cut, sizeof cut, "%s/cut.txt", dir);
	snprintf(cutz, sizeof cutz, "%s/cut.txt.zst", dir);
	assert_int_equal(run(z), 0);
	data = read_all(plain, &n);
	write_file(cut, data, n * 3 / 4);
	free(data);
	assert_int_equal(run(c), 0);
	assert_int_equal(oya_heaptrack_read(cutz, &h), 0);
	assert_false(h.complete);
	assert_non_null(strstr(h.problem, "closing lines"));
	oya_heaptrack_release(&h);
}

static void test_folded(void **state)
{
	char *peak;
	uint64_t sum;
	char *leaked;
	char path[600];
	(void)state;
	peak = oya_heaptrack_folded(file1, "peak");
	assert_non_null(peak);
	assert_non_null(strstr(peak, "hold_block"));
	assert_int_equal(oya_heaptrack_folded_total(peak, strlen(peak), &sum), 0);
	assert_true(sum >= 1000000);
	free(peak);
	leaked = oya_heaptrack_folded(file1, "leaked");
	assert_non_null(leaked);
	assert_non_null(strstr(leaked, "leak_block"));
	assert_int_equal(oya_heaptrack_folded_total(leaked, strlen(leaked), &sum), 0);
	assert_true(sum >= 4096 && sum < 5000);
	free(leaked);
	errno = 0;
	assert_null(oya_heaptrack_folded(file1, "bogus"));
	assert_int_equal(errno, EINVAL);
	snprintf(path, sizeof path, "%s/none.zst", dir);
	assert_null(oya_heaptrack_folded(path, "peak"));
	assert_int_equal(errno, ENOENT);
}

static void test_diff(void **state)
{
	struct oya_heaptrack_change *c;
	size_t n;
	char path[600];
	(void)state;
	assert_int_equal(oya_heaptrack_diff(file1, file3, 5, &c, &n), 0);
	assert_true(n >= 1);
	/* 100 blocks grew from 10000 to 30000 bytes: +2 MB from hold_block */
	assert_string_equal(c[0].function, "hold_block");
	assert_true(c[0].peak_delta_bytes >= 1990000 && c[0].peak_delta_bytes <= 2010000);
	assert_non_null(strstr(c[0].callers, "main"));
	oya_heaptrack_changes_free(c, n);
	snprintf(path, sizeof path, "%s/none.zst", dir);
	assert_int_equal(oya_heaptrack_diff(path, file3, 5, &c, &n), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole),
		cmocka_unit_test(test_dash_name),
		cmocka_unit_test(test_gzip_and_plain),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_folded),
		cmocka_unit_test(test_diff),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
