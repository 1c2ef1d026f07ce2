/* The run's cgroup for real, in the kernel's v1 memory controller (root only; skipped elsewhere):
 * a 200 MiB spike between two readings 1 s apart is in the kernel's peak and in neither reading;
 * 300 MiB under a 64 MiB limit is OOM-killed and counted; a group left by a launcher killed with
 * SIGKILL is removed by the next one. The figures are checked against the kernel's own files. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"

#define MIB (1LL << 20)

static char spike_path[PATH_MAX];

/* Skip unless this process may make a v1 memory group here. */
static struct oya_cgroup *create_or_skip(uint64_t limit)
{
	char why[512];
	struct oya_cgroup *cg;

	if (geteuid() != 0) {
		print_message("skipped: not root, so no cgroup can be made here\n");
		skip();
	}
	cg = oya_cgroup_create("", NULL, limit, why, sizeof(why));
	if (!cg) {
		print_message("skipped: %s\n", why);
		skip();
	}
	if (oya_cgroup_version(cg) != OYA_CG_V1) {
		print_message("skipped: the memory controller here is cgroup v2, not v1\n");
		assert_int_equal(oya_cgroup_remove(cg, why, sizeof(why)), 0);
		oya_cgroup_free(cg);
		skip();
	}
	return cg;
}

/* The kernel's own figure, read apart from the module. */
static int64_t kernel_file(const struct oya_cgroup *cg, const char *name)
{
	char path[4096], buf[64], *end;
	long long v;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", oya_cgroup_dir(cg), name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	v = strtoll(buf, &end, 10);
	assert_true(end != buf && *end == '\n');
	return v;
}

/* Start the spike target in CG with pipes to its stdin (*TO) and from its stdout (*FROM). */
static pid_t spawn(const struct oya_cgroup *cg, char *const argv[], int *to, int *from)
{
	int in[2], out[2];
	pid_t pid;

	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (oya_cgroup_enter(cg, 0) || dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(120);
		close(in[1]);
		close(out[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*to = in[1];
	*from = out[0];
	return pid;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_spike_between_samples(void **state)
{
	char *argv[] = { spike_path, "spike", "200", "50", NULL };
	struct oya_cgroup *cg = create_or_skip(0);
	struct oya_cg_usage a, b;
	struct oya_cg_final f;
	int64_t t0, left, kernel_peak;
	int to, from, status;
	char c, why[512];
	pid_t pid;

	(void)state;
	pid = spawn(cg, argv, &to, &from);
	assert_int_equal(read(from, &c, 1), 1); /* it runs, in the group */
	t0 = now_ms();
	assert_int_equal(oya_cgroup_read(cg, &a), 0);
	assert_int_equal(write(to, "g", 1), 1);
	assert_int_equal(read(from, &c, 1), 1); /* the spike has come and gone */
	left = 1000 - (now_ms() - t0);
	if (left > 0) {
		struct timespec rest = { left / 1000, (left % 1000) * 1000000L };

		nanosleep(&rest, NULL);
	}
	assert_int_equal(oya_cgroup_read(cg, &b), 0);
	close(to);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(from);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);

	assert_int_equal(oya_cgroup_final(cg, &f), 0);
	kernel_peak = kernel_file(cg, "memory.max_usage_in_bytes");
	print_message("readings %lld and %lld bytes (anon %lld, %lld), kernel peak %lld bytes\n",
		      (long long)a.current, (long long)b.current, (long long)a.stat.anon,
		      (long long)b.stat.anon, (long long)kernel_peak);
	assert_int_equal(f.peak, kernel_peak);
	assert_true(f.peak >= 200 * MIB);
	assert_true(a.current < 200 * MIB && b.current < 200 * MIB);
	assert_true(a.stat.anon < 200 * MIB && b.stat.anon < 200 * MIB);
	assert_int_equal(f.limit, -1);
	assert_int_equal(f.oom_kills, 0);
	assert_int_equal(oya_cgroup_remove(cg, why, sizeof(why)), 0);
	assert_int_equal(access(oya_cgroup_dir(cg), F_OK), -1);
	oya_cgroup_free(cg);
}

static void test_oom_under_limit(void **state)
{
	char *argv[] = { spike_path, "hog", "300", NULL };
	struct oya_cgroup *cg = create_or_skip(64 * MIB);
	struct oya_cg_final f;
	int to, from, status;
	char why[512];
	pid_t pid;

	(void)state;
	pid = spawn(cg, argv, &to, &from);
	close(to);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(from);
	assert_int_equal(oya_cgroup_final(cg, &f), 0);
	print_message("status %d, limit %lld, peak %lld, oom_kills %lld (kernel: %lld)\n",
		      WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status), (long long)f.limit,
		      (long long)f.peak, (long long)f.oom_kills,
		      (long long)kernel_file(cg, "memory.limit_in_bytes"));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(128 + WTERMSIG(status), 137);
	assert_int_equal(f.limit, kernel_file(cg, "memory.limit_in_bytes"));
	assert_int_equal(f.limit, 64 * MIB);
	assert_true(f.oom_kills >= 1);
	assert_true(f.peak <= 64 * MIB);
	assert_int_equal(oya_cgroup_remove(cg, why, sizeof(why)), 0);
	oya_cgroup_free(cg);
}

/* A launcher killed with SIGKILL leaves its group; the next launcher removes it. */
static void test_stale_after_sigkill(void **state)
{
	struct oya_cgroup *cg = create_or_skip(0), *next;
	char parent[4096], left[4096 + 256], why[512];
	int ready[2], status;
	pid_t pid;
	char c;

	(void)state;
	snprintf(parent, sizeof(parent), "%s", oya_cgroup_dir(cg));
	*strrchr(parent, '/') = '\0';
	assert_int_equal(oya_cgroup_remove(cg, why, sizeof(why)), 0);
	oya_cgroup_free(cg);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct oya_cgroup *mine = oya_cgroup_create("", NULL, 0, why, sizeof(why));

		if (!mine || write(ready[1], "r", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	{
		/* the group the killed launcher made: oya-PID-START, found by its pid */
		char prefix[64];
		struct dirent *e;
		DIR *d = opendir(parent);

		assert_non_null(d);
		snprintf(prefix, sizeof(prefix), "oya-%ld-", (long)pid);
		left[0] = '\0';
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, prefix, strlen(prefix)))
				snprintf(left, sizeof(left), "%s/%s", parent, e->d_name);
		closedir(d);
		assert_true(left[0] != '\0');
	}
	assert_int_equal(access(left, F_OK), 0);
	next = oya_cgroup_create("", NULL, 0, why, sizeof(why));
	assert_non_null(next);
	print_message("left by the killed launcher: %s; after the next create: %s\n", left,
		      access(left, F_OK) ? "gone" : "still there");
	assert_int_equal(access(left, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(oya_cgroup_remove(next, why, sizeof(why)), 0);
	oya_cgroup_free(next);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spike_between_samples),
		cmocka_unit_test(test_oom_under_limit),
		cmocka_unit_test(test_stale_after_sigkill),
	};
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return 1;
	self[n] = '\0';
	*strrchr(self, '/') = '\0';
	/* the targets are built next to the tests */
	n = snprintf(spike_path, sizeof(spike_path), "%s/targets/cgroup-spike", self);
	if (n < 0 || (size_t)n >= sizeof(spike_path))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
