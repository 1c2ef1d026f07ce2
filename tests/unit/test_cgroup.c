/* The run's cgroup against directory trees laid out as the kernel's cgroup documentation describes
 * them: the test writes the files the kernel would (a new group's memory.* files, the counters) and
 * removes them where the kernel's rmdir would. */
#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"

#define V2_MI "28 22 0:25 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw\n"
#define V2_GROUP "sys/fs/cgroup/user.slice/run.scope"
#define HYBRID_MI "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" \
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
#define V1_GROUP "sys/fs/cgroup/memory/process_api/d31b"
/* Field 22 (the start time) is 777. */
#define STAT_777 "4242 (oya launch) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 777 1000 10\n"
#define STAT_778 "4242 (oya launch) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 778 1000 10\n"

struct fx {
	char root[64];
	char why[512];
};

static void put_file(const struct fx *fx, const char *rel, const char *text)
{
	char path[1024], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	for (slash = strchr(path + strlen(fx->root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void make_dir(const struct fx *fx, const char *rel)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	assert_int_equal(mkdir(path, 0755), 0);
}

static bool exists(const struct fx *fx, const char *rel)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	return stat(path, &st) == 0;
}

/* The content of a file of the group CG. */
static const char *group_file(const struct oya_cgroup *cg, const char *name, char *buf, size_t cap)
{
	char path[2048];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", oya_cgroup_dir(cg), name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Write a counter into the group as the kernel keeps it. */
static void kernel_writes(const struct oya_cgroup *cg, const char *name, const char *text)
{
	char path[2048];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", oya_cgroup_dir(cg), name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* What rmdir of a cgroup does to its interface files. */
static void kernel_clears(const struct oya_cgroup *cg)
{
	static const char *const names[] = { "memory.max", "memory.limit_in_bytes", "cgroup.procs",
		"memory.current", "memory.usage_in_bytes", "memory.stat", "memory.peak", "memory.events",
		"memory.max_usage_in_bytes", "memory.oom_control" };
	char path[2048];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", oya_cgroup_dir(cg), names[i]);
		unlink(path);
	}
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	snprintf(fx->root, sizeof(fx->root), "/tmp/oya-cgroup-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	put_file(fx, "proc/self/stat", STAT_777);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	nftw(fx->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return 0;
}

static void v2_tree(const struct fx *fx, const char *subtree_control)
{
	put_file(fx, "proc/self/cgroup", "0::/user.slice/run.scope\n");
	put_file(fx, "proc/self/mountinfo", V2_MI);
	put_file(fx, V2_GROUP "/cgroup.controllers", "cpu io memory pids\n");
	if (subtree_control)
		put_file(fx, V2_GROUP "/cgroup.subtree_control", subtree_control);
}

static void test_v2_run(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;
	struct oya_cg_usage u;
	struct oya_cg_final f;
	char buf[256], want[256];

	v2_tree(fx, "memory pids\n");
	cg = oya_cgroup_create(fx->root, NULL, 64ULL << 20, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	assert_int_equal(oya_cgroup_version(cg), OYA_CG_V2);
	snprintf(want, sizeof(want), "/user.slice/run.scope/oya-%ld-777", (long)getpid());
	assert_string_equal(oya_cgroup_path(cg), want);
	snprintf(want, sizeof(want), "%s/" V2_GROUP "/oya-%ld-777", fx->root, (long)getpid());
	assert_string_equal(oya_cgroup_dir(cg), want);
	assert_string_equal(group_file(cg, "memory.max", buf, sizeof(buf)), "67108864");

	assert_int_equal(oya_cgroup_enter(cg, 31337), 0);
	assert_string_equal(group_file(cg, "cgroup.procs", buf, sizeof(buf)), "31337");

	kernel_writes(cg, "memory.current", "5242880\n");
	kernel_writes(cg, "memory.stat", "anon 4194304\nfile 1048576\nkernel 65536\nkernel_stack 16384\n"
		      "sock 0\nshmem 4096\nfile_mapped 8192\npgfault 100\n");
	assert_int_equal(oya_cgroup_read(cg, &u), 0);
	assert_int_equal(u.current, 5242880);
	assert_int_equal(u.stat.anon, 4194304);
	assert_int_equal(u.stat.file, 1048576);
	assert_int_equal(u.stat.kernel, 65536);
	assert_int_equal(u.stat.kernel_from, OYA_CG_K_KEY);
	assert_int_equal(u.stat.sock, 0);
	assert_int_equal(u.stat.shmem, 4096);

	kernel_writes(cg, "memory.peak", "220200960\n");
	kernel_writes(cg, "memory.events", "low 0\nhigh 0\nmax 40\noom 1\noom_kill 1\noom_group_kill 0\n");
	assert_int_equal(oya_cgroup_final(cg, &f), 0);
	assert_int_equal(f.version, OYA_CG_V2);
	assert_string_equal(f.path, oya_cgroup_path(cg));
	assert_int_equal(f.peak, 220200960);
	assert_int_equal(f.limit, 64 << 20);
	assert_int_equal(f.oom_kills, 1);
	assert_int_equal(f.oom_events, 1);

	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	assert_int_equal(access(oya_cgroup_dir(cg), F_OK), -1);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0); /* already gone: fine */
	oya_cgroup_free(cg);
}

/* Before Linux 5.19 there is no memory.peak; no limit reads "max". */
static void test_v2_old_kernel_no_limit(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;
	struct oya_cg_final f;
	char buf[2048];

	v2_tree(fx, "memory\n");
	cg = oya_cgroup_create(fx->root, "oya-test", 0, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	snprintf(buf, sizeof(buf), "%s/memory.max", oya_cgroup_dir(cg));
	assert_int_equal(access(buf, F_OK), -1); /* no limit: nothing written */
	kernel_writes(cg, "memory.max", "max\n");
	kernel_writes(cg, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
	assert_int_equal(oya_cgroup_final(cg, &f), 0);
	assert_int_equal(f.peak, -1);
	assert_int_equal(f.limit, -1);
	assert_int_equal(f.oom_kills, 0);
	assert_int_equal(f.oom_events, 0);
	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(cg);
}

/* The launcher's group has the controller but does not pass it on yet: the module asks for it. */
static void test_v2_enables_memory(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;
	char buf[256];
	FILE *f;
	size_t n;

	v2_tree(fx, "");
	cg = oya_cgroup_create(fx->root, "oya-test", 0, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	snprintf(buf, sizeof(buf), "%s/" V2_GROUP "/cgroup.subtree_control", fx->root);
	f = fopen(buf, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	assert_string_equal(buf, "+memory");
	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(cg);
}

struct refusal {
	const char *what;
	void (*tree)(const struct fx *fx);
	const char *name;
	const char *says; /* words the reason must hold */
};

static void no_memory_controller(const struct fx *fx)
{
	v2_tree(fx, NULL);
	put_file(fx, V2_GROUP "/cgroup.controllers", "cpu io pids\n");
}

static void subtree_unwritable(const struct fx *fx)
{
	v2_tree(fx, NULL);
	make_dir(fx, V2_GROUP "/cgroup.subtree_control"); /* opening it for writing fails */
}

static void nothing_mounted(const struct fx *fx)
{
	put_file(fx, "proc/self/cgroup", "0::/\n");
	put_file(fx, "proc/self/mountinfo", "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
}

static void no_proc(const struct fx *fx)
{
	(void)fx;
}

static void v2_ok(const struct fx *fx)
{
	v2_tree(fx, "memory\n");
}

static void test_refusals(void **state)
{
	static const struct refusal cases[] = {
		{ "v2 without the memory controller", no_memory_controller, NULL,
		  "has no memory controller" },
		{ "v2 cannot pass memory on", subtree_unwritable, NULL, "cgroup.subtree_control" },
		{ "nothing mounted", nothing_mounted, NULL, "no cgroup v2 with the memory controller" },
		{ "no /proc", no_proc, NULL, "cannot read" },
		{ "a name with a slash", v2_ok, "a/b", "not a group name" },
		{ "an existing group", v2_ok, "oya-exists", "File exists" },
	};
	struct fx *fx = *state;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("%s\n", cases[i].what);
		/* a fresh tree for each case */
		nftw(fx->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		assert_int_equal(mkdir(fx->root, 0700), 0);
		put_file(fx, "proc/self/stat", STAT_777);
		cases[i].tree(fx);
		if (cases[i].name && !strcmp(cases[i].name, "oya-exists"))
			make_dir(fx, V2_GROUP "/oya-exists");
		fx->why[0] = '\0';
		assert_null(oya_cgroup_create(fx->root, cases[i].name, 1 << 20, fx->why, sizeof(fx->why)));
		print_message("  %s\n", fx->why);
		assert_non_null(strstr(fx->why, "no cgroup for the run: "));
		assert_non_null(strstr(fx->why, cases[i].says));
		assert_null(strchr(fx->why, '\n'));
	}
}

/* v2 is mounted without memory (as on these machines): the v1 memory hierarchy is used. */
static void test_v1_fallback(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;
	struct oya_cg_usage u;
	struct oya_cg_final f;
	char buf[64], want[256];

	put_file(fx, "proc/self/cgroup", "4:memory:/process_api/d31b\n1:cpu:/\n0::/\n");
	put_file(fx, "proc/self/mountinfo", HYBRID_MI);
	put_file(fx, "sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
	put_file(fx, V1_GROUP "/cgroup.procs", "");
	cg = oya_cgroup_create(fx->root, NULL, 300ULL << 20, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	assert_int_equal(oya_cgroup_version(cg), OYA_CG_V1);
	snprintf(want, sizeof(want), "/process_api/d31b/oya-%ld-777", (long)getpid());
	assert_string_equal(oya_cgroup_path(cg), want);
	assert_string_equal(group_file(cg, "memory.limit_in_bytes", buf, sizeof(buf)), "314572800");

	kernel_writes(cg, "memory.usage_in_bytes", "1048576\n");
	kernel_writes(cg, "memory.stat", "cache 4096\nrss 8192\nshmem 0\nmapped_file 0\ntotal_cache 4096\n"
		      "total_rss 8192\ntotal_shmem 0\ntotal_mapped_file 0\n");
	assert_int_equal(oya_cgroup_read(cg, &u), 0);
	assert_int_equal(u.current, 1048576);
	assert_int_equal(u.stat.anon, 8192);
	assert_int_equal(u.stat.kernel, -1);
	assert_int_equal(u.stat.sock, -1);

	kernel_writes(cg, "memory.max_usage_in_bytes", "210763776\n");
	kernel_writes(cg, "memory.limit_in_bytes", "9223372036854771712\n");
	kernel_writes(cg, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
	assert_int_equal(oya_cgroup_final(cg, &f), 0);
	assert_int_equal(f.peak, 210763776);
	assert_int_equal(f.limit, -1);
	assert_int_equal(f.oom_kills, 2);
	assert_int_equal(f.oom_events, -1);
	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(cg);
}

/* Groups left by launchers killed with SIGKILL go; a live launcher's and a busy group stay. */
static void test_stale_groups(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;

	v2_tree(fx, "memory\n");
	put_file(fx, "proc/4242/stat", STAT_777);
	make_dir(fx, V2_GROUP "/oya-999999999-5");             /* launcher gone */
	make_dir(fx, V2_GROUP "/oya-999999999-5-2");           /* its second run at once */
	make_dir(fx, V2_GROUP "/oya-4242-778");                /* pid 4242 now another process */
	make_dir(fx, V2_GROUP "/oya-4242-777");                /* launcher 4242 still runs */
	put_file(fx, V2_GROUP "/oya-4243-1/cgroup.procs", "555\n"); /* gone, but a process is in it */
	make_dir(fx, V2_GROUP "/oya-x");
	make_dir(fx, V2_GROUP "/other");
	cg = oya_cgroup_create(fx->root, NULL, 0, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	assert_false(exists(fx, V2_GROUP "/oya-999999999-5"));
	assert_false(exists(fx, V2_GROUP "/oya-999999999-5-2"));
	assert_false(exists(fx, V2_GROUP "/oya-4242-778"));
	assert_true(exists(fx, V2_GROUP "/oya-4242-777"));
	assert_true(exists(fx, V2_GROUP "/oya-4243-1"));
	assert_true(exists(fx, V2_GROUP "/oya-x"));
	assert_true(exists(fx, V2_GROUP "/other"));
	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(cg);
}

/* Two runs at once in one process: the second group is "oya-PID-START-2", and neither takes the
   other for a stale one. */
static void test_two_runs(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *a, *b;
	char want[256];

	v2_tree(fx, "memory\n");
	a = oya_cgroup_create(fx->root, NULL, 0, fx->why, sizeof(fx->why));
	assert_non_null(a);
	b = oya_cgroup_create(fx->root, NULL, 0, fx->why, sizeof(fx->why));
	assert_non_null(b);
	snprintf(want, sizeof(want), "/user.slice/run.scope/oya-%ld-777-2", (long)getpid());
	assert_string_equal(oya_cgroup_path(b), want);
	assert_true(exists(fx, strstr(oya_cgroup_dir(a), V2_GROUP)));
	kernel_clears(a);
	kernel_clears(b);
	assert_int_equal(oya_cgroup_remove(a, fx->why, sizeof(fx->why)), 0);
	assert_int_equal(oya_cgroup_remove(b, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(a);
	oya_cgroup_free(b);
}

/* A group that is not empty stays, and the reason names it. */
static void test_remove_refused(void **state)
{
	struct fx *fx = *state;
	struct oya_cgroup *cg;

	v2_tree(fx, "memory\n");
	cg = oya_cgroup_create(fx->root, "oya-test", 0, fx->why, sizeof(fx->why));
	assert_non_null(cg);
	assert_int_equal(oya_cgroup_enter(cg, 0), 0);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), -1);
	assert_non_null(strstr(fx->why, oya_cgroup_dir(cg)));
	kernel_clears(cg);
	assert_int_equal(oya_cgroup_remove(cg, fx->why, sizeof(fx->why)), 0);
	oya_cgroup_free(cg);
	oya_cgroup_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_v2_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_old_kernel_no_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v2_enables_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_v1_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remove_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
