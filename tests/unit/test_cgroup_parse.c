/* The cgroup text parsers, the --memory-limit argument, and the "cgroup" line and summary JSON,
 * each line and object parsed back with json-c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json.h>

#include "cgroup_parse.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- oya_cg_locate ---- */

/* The layout of these machines: v1 controllers, v2 mounted without memory. */
#define HYBRID_CG "9:name=systemd:/\n4:memory:/process_api/d31b\n1:cpu:/\n0::/\n"
#define HYBRID_MI \
	"31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" \
	"32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" \
	"35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" \
	"41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
#define SYSTEMD_PATH "/user.slice/user-1000.slice/user@1000.service/app.slice/run-u7.scope"
#define SYSTEMD_MI "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n" \
	"28 22 0:25 / /sys/fs/cgroup rw,nosuid,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate\n"

struct locate_case {
	const char *what, *cg, *mi;
	int found;
	const char *v2_path, *v2_dir, *v1_path, *v1_dir; /* NULL: not found; "" path: no line */
};

static const struct locate_case locate_cases[] = {
	{ "these machines", HYBRID_CG, HYBRID_MI, 2, "/", "/sys/fs/cgroup/unified", "/process_api/d31b",
	  "/sys/fs/cgroup/memory/process_api/d31b" },
	{ "systemd, v2 only", "0::" SYSTEMD_PATH "\n", SYSTEMD_MI, 1, SYSTEMD_PATH,
	  "/sys/fs/cgroup" SYSTEMD_PATH, "", NULL },
	{ "a container: the mount's root is the container's group",
	  "0::/docker/abc/sub\n", "40 30 0:40 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", 1,
	  "/docker/abc/sub", "/sys/fs/cgroup/sub", "", NULL },
	{ "the mount's root is the group itself",
	  "0::/docker/abc\n", "40 30 0:40 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", 1,
	  "/docker/abc", "/sys/fs/cgroup", "", NULL },
	{ "the group is not under the mount's root",
	  "0::/docker/abd\n", "40 30 0:40 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n", 0,
	  "/docker/abd", NULL, "", NULL },
	{ "a group outside the cgroup namespace", "0::/../../x\n", SYSTEMD_MI, 0, "/../../x", NULL, "",
	  NULL },
	{ "memory shares a hierarchy with cpu", "3:cpu,memory,cpuacct:/a b\n",
	  "35 31 0:32 / /sys/fs/cgroup/cpu\\054memory rw - cgroup cgroup rw,cpu,memory,cpuacct\n", 1, "",
	  NULL, "/a b", "/sys/fs/cgroup/cpu,memory/a b" },
	{ "an escaped mount point", "0::/g\n", "40 30 0:40 / /mnt/my\\040cg rw - cgroup2 none rw\n", 1,
	  "/g", "/mnt/my cg/g", "", NULL },
	{ "the root group at the root", "0::/\n", SYSTEMD_MI, 1, "/", "/sys/fs/cgroup", "", NULL },
	{ "a cgroup2 mounted at /", "0::/a\n", "40 30 0:40 / / rw - cgroup2 none rw\n", 1, "/a", "/a", "",
	  NULL },
	{ "a v1 line but no memory mount", "4:memory:/x\n", SYSTEMD_MI, 0, "", NULL, "/x", NULL },
	{ "a v1 mount without memory", "4:memory:/x\n",
	  "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n", 0, "", NULL, "/x", NULL },
	{ "no lines", "", "", 0, "", NULL, "", NULL },
	{ "garbage", "zzz\n::\n0:\n", "1 2 3\n- - -\n", 0, "", NULL, "", NULL },
	{ "no newline at the end", "0::/a", "40 30 0:40 / /cg rw - cgroup2 none rw", 1, "/a", "/cg/a", "",
	  NULL },
	{ "a mount point that is not absolute", "0::/a\n", "40 30 0:40 / cg rw - cgroup2 none rw\n", 0, "/a",
	  NULL, "", NULL },
	{ "a path with a colon", "0::/a:b\n", SYSTEMD_MI, 1, "/a:b", "/sys/fs/cgroup/a:b", "", NULL },
};

static void check_where(const struct oya_cg_where *w, const char *path, const char *dir)
{
	assert_string_equal(w->path, path);
	assert_int_equal(w->found, dir != NULL);
	if (dir)
		assert_string_equal(w->dir, dir);
}

static void test_locate(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N(locate_cases); i++) {
		const struct locate_case *c = &locate_cases[i];
		struct oya_cg_found f;

		print_message("%s\n", c->what);
		assert_int_equal(oya_cg_locate(c->cg, strlen(c->cg), c->mi, strlen(c->mi), &f), c->found);
		check_where(&f.v2, c->v2_path, c->v2_dir);
		check_where(&f.v1_memory, c->v1_path, c->v1_dir);
	}
}

/* ---- oya_cg_list_has, oya_cg_parse_value ---- */

static void test_list_has(void **state)
{
	static const struct { const char *list, *name; bool has; } cases[] = {
		{ "cpuset cpu io memory pids\n", "memory", true },
		{ "memory", "memory", true },
		{ "cpu memoryx\n", "memory", false },
		{ "cpu xmemory\n", "memory", false },
		{ "", "memory", false },
		{ "hugetlb\n", "memory", false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		assert_int_equal(oya_cg_list_has(cases[i].list, strlen(cases[i].list), cases[i].name),
				 cases[i].has);
}

static void test_parse_value(void **state)
{
	static const struct { const char *in; int rc; int64_t v; } cases[] = {
		{ "123\n", 0, 123 },
		{ "0\n", 0, 0 },
		{ "max\n", 0, -1 },
		{ "9223372036854771712\n", 0, 9223372036854771712LL },
		{ "9223372036854775807", 0, INT64_MAX },
		{ "9223372036854775808", -1, -1 },
		{ "99999999999999999999", -1, -1 },
		{ "9999999999999999999", -1, -1 },    /* 19 digits, above INT64_MAX */
		{ "", -1, -1 },
		{ "\n", -1, -1 },
		{ "-5\n", -1, -1 },
		{ "12 kB\n", -1, -1 },
		{ "maxi\n", -1, -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		int64_t v = 42;

		print_message("'%s'\n", cases[i].in);
		assert_int_equal(oya_cg_parse_value(cases[i].in, strlen(cases[i].in), &v), cases[i].rc);
		assert_int_equal(v, cases[i].v);
	}
}

/* ---- memory.stat ---- */

/* As Linux 6.x writes it (abridged; the order is the kernel's). */
#define V2_STAT_NEW "anon 1048576\nfile 2097152\nkernel 393216\nkernel_stack 16384\npagetables 32768\n" \
	"sec_pagetables 0\npercpu 480\nsock 4096\nvmalloc 8192\nshmem 65536\nfile_mapped 131072\n" \
	"slab_reclaimable 100\nslab_unreclaimable 200\nslab 300\npgfault 1234\n"
/* As Linux 5.15 writes it: no "kernel", no "vmalloc". */
#define V2_STAT_OLD "anon 1000\nfile 2000\nkernel_stack 16384\npagetables 32768\npercpu 480\nsock 0\n" \
	"shmem 10\nfile_mapped 20\nslab_reclaimable 100\nslab_unreclaimable 200\nslab 300\n"
/* As these machines' v1 writes it (abridged). */
#define V1_STAT "cache 3325952\nrss 1716224\nrss_huge 0\nshmem 4096\nmapped_file 8192\nswap 0\n" \
	"hierarchical_memory_limit 9223372036854771712\ntotal_cache 3330048\ntotal_rss 1720320\n" \
	"total_shmem 8192\ntotal_mapped_file 12288\n"

struct stat_case {
	const char *what, *in;
	enum oya_cg_version v;
	int known;
	int64_t anon, file, kernel, shmem, sock, mapped;
	const char *kernel_from;
};

static const struct stat_case stat_cases[] = {
	{ "v2 with the kernel key", V2_STAT_NEW, OYA_CG_V2, 6, 1048576, 2097152, 393216, 65536, 4096, 131072,
	  "kernel" },
	{ "v2 before the kernel key: the sum of its parts", V2_STAT_OLD, OYA_CG_V2, 6, 1000, 2000,
	  300 + 16384 + 32768 + 480, 10, 0, 20, "kernel_stack+pagetables+percpu+slab" },
	{ "v2 slab from its two halves", "slab_reclaimable 5\nslab_unreclaimable 7\n", OYA_CG_V2, 1, -1, -1,
	  12, -1, -1, -1, "slab" },
	{ "v1: total_ keys, no kernel or sock figure", V1_STAT, OYA_CG_V1, 4, 1720320, 3330048, -1, 8192, -1,
	  12288, NULL },
	{ "v1 without total_ keys", "cache 30\nrss 10\nshmem 2\nmapped_file 3\n", OYA_CG_V1, 4, 10, 30, -1, 2,
	  -1, 3, NULL },
	{ "v1 ignores v2's keys", "anon 5\nfile 6\n", OYA_CG_V1, 0, -1, -1, -1, -1, -1, -1, NULL },
	{ "v2 ignores v1's keys", "rss 5\ncache 6\n", OYA_CG_V2, 0, -1, -1, -1, -1, -1, -1, NULL },
	{ "bad numbers are unknown",
	  "anon x\nfile -1\nshmem 99999999999999999999\nsock 9999999999999999999\n",
	  OYA_CG_V2, 0,
	  -1, -1, -1, -1, -1, -1, NULL },
	{ "a key as a prefix is not the key", "anonymous 5\nfiles 6\nanon_thp 7\n", OYA_CG_V2, 0, -1, -1, -1,
	  -1, -1, -1, NULL },
	{ "empty", "", OYA_CG_V2, 0, -1, -1, -1, -1, -1, -1, NULL },
};

static void test_parse_stat(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N(stat_cases); i++) {
		const struct stat_case *c = &stat_cases[i];
		struct oya_cg_stat st;
		char kf[64];
		const char *from;

		print_message("%s\n", c->what);
		assert_int_equal(oya_cg_parse_stat(c->in, strlen(c->in), c->v, &st), c->known);
		assert_int_equal(st.anon, c->anon);
		assert_int_equal(st.file, c->file);
		assert_int_equal(st.kernel, c->kernel);
		assert_int_equal(st.shmem, c->shmem);
		assert_int_equal(st.sock, c->sock);
		assert_int_equal(st.file_mapped, c->mapped);
		from = oya_cg_kernel_from(st.kernel_from, kf, sizeof(kf));
		if (c->kernel_from)
			assert_string_equal(from, c->kernel_from);
		else
			assert_null(from);
	}
}

static void test_kernel_from_every_part(void **state)
{
	char kf[64], small[8];

	(void)state;
	assert_string_equal(oya_cg_kernel_from(0x3e, kf, sizeof(kf)),
			    "kernel_stack+pagetables+percpu+slab+vmalloc");
	assert_null(oya_cg_kernel_from(0x3e, small, sizeof(small)));
	assert_null(oya_cg_kernel_from(0, kf, sizeof(kf)));
}

/* ---- memory.events, memory.oom_control ---- */

static void test_parse_events(void **state)
{
	static const struct { const char *what, *in; int n; int64_t oom, kill, under; } cases[] = {
		{ "v2", "low 0\nhigh 0\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n", 2, 2, 1, -1 },
		{ "v2, group kill is another key", "oom_group_kill 5\n", 0, -1, -1, -1 },
		{ "v1", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n", 2, -1, 1, 0 },
		{ "v1 before Linux 4.13", "oom_kill_disable 0\nunder_oom 1\n", 1, -1, -1, 1 },
		{ "garbage", "oom\noom_kill x\n\n", 0, -1, -1, -1 },
		{ "a repeated key: the last one counts", "oom 5\noom x\noom_kill 1\noom_kill 2\n", 1, -1, 2,
		  -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		struct oya_cg_events ev;

		print_message("%s\n", cases[i].what);
		assert_int_equal(oya_cg_parse_events(cases[i].in, strlen(cases[i].in), &ev), cases[i].n);
		assert_int_equal(ev.oom, cases[i].oom);
		assert_int_equal(ev.oom_kill, cases[i].kill);
		assert_int_equal(ev.under_oom, cases[i].under);
	}
}

/* ---- --memory-limit ---- */

static void test_memory_limit(void **state)
{
	static const struct { const char *in; uint64_t bytes; const char *why; } cases[] = {
		{ "64M", 64ULL << 20, NULL },
		{ "64m", 64ULL << 20, NULL },
		{ "512MiB", 512ULL << 20, NULL },
		{ "512MB", 512ULL << 20, NULL },
		{ "1G", 1ULL << 30, NULL },
		{ "4096", 4096, NULL },
		{ "8K", 8192, NULL },
		{ "2T", 2ULL << 40, NULL },
		{ "4194304T", 1ULL << 62, NULL },
		{ "4194305T", 0, "is too large" },
		{ "99999999999999999999", 0, "is too large" },
		{ "0", 0, "is zero" },
		{ "0M", 0, "is zero" },
		{ "", 0, "is empty" },
		{ "abc", 0, "has no number" },
		{ "-1G", 0, "has no number" },
		{ "12X", 0, "unknown unit" },
		{ "1.5G", 0, "unknown unit" },
		{ "64M ", 0, "unknown unit" },
		{ "10%", 0, "percentage" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		uint64_t b = 7;
		char err[256] = "";
		int rc = oya_memory_limit_parse("--memory-limit", cases[i].in, &b, err, sizeof(err));

		print_message("'%s': %s\n", cases[i].in, err);
		assert_int_equal(rc, cases[i].why ? -1 : 0);
		assert_int_equal(b, cases[i].bytes);
		if (cases[i].why) {
			char named[64];

			snprintf(named, sizeof(named), "--memory-limit '%s' ", cases[i].in);
			assert_non_null(strstr(err, named));
			assert_non_null(strstr(err, cases[i].why));
		}
	}
}

/* ---- the "cgroup" line ---- */

static json_object *metric(json_object *line, const char *key)
{
	json_object *m, *v;

	assert_true(json_object_object_get_ex(line, "metrics", &m));
	assert_true(json_object_object_get_ex(m, key, &v));
	return v;
}

static void test_line(void **state)
{
	const struct oya_cg_line l = { OYA_CG_V2, "/user.slice/a \"b\"/oya-1-2", 7, 1780000000123LL, 2500, NULL, NULL };
	struct oya_cg_usage u = { 5000, { 1000, 2000, 300, 40, -1, 50, OYA_CG_K_STACK | OYA_CG_K_SLAB } };
	char buf[4096];
	size_t n = oya_cg_line_format(buf, sizeof(buf), &l, &u);
	json_object *o, *v;

	(void)state;
	assert_true(n > 0 && n == strlen(buf) && buf[n - 1] == '\n');
	assert_null(memchr(buf, '\n', n - 1));
	o = json_tokener_parse(buf);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "source", &v));
	assert_string_equal(json_object_get_string(v), "cgroup");
	assert_true(json_object_object_get_ex(o, "event", &v));
	assert_string_equal(json_object_get_string(v), "sample");
	assert_true(json_object_object_get_ex(o, "timestamp", &v));
	assert_string_equal(json_object_get_string(v), "2026-05-28T20:26:40.123Z");
	assert_true(json_object_object_get_ex(o, "cgroup", &v));
	assert_string_equal(json_object_get_string(v), l.path);
	assert_true(json_object_object_get_ex(o, "version", &v));
	assert_int_equal(json_object_get_int(v), 2);
	assert_true(json_object_object_get_ex(o, "seq", &v));
	assert_int_equal(json_object_get_int(v), 7);
	assert_true(json_object_object_get_ex(o, "elapsed_ms", &v));
	assert_int_equal(json_object_get_int(v), 2500);
	assert_true(json_object_object_get_ex(o, "kernel_from", &v));
	assert_string_equal(json_object_get_string(v), "kernel_stack+slab");
	assert_int_equal(json_object_get_int64(metric(o, "current_bytes")), 5000);
	assert_int_equal(json_object_get_int64(metric(o, "anon_bytes")), 1000);
	assert_int_equal(json_object_get_int64(metric(o, "file_bytes")), 2000);
	assert_int_equal(json_object_get_int64(metric(o, "kernel_bytes")), 300);
	assert_int_equal(json_object_get_int64(metric(o, "shmem_bytes")), 40);
	assert_null(metric(o, "sock_bytes"));
	assert_int_equal(json_object_get_int64(metric(o, "file_mapped_bytes")), 50);
	json_object_put(o);
}

static void test_line_unknowns(void **state)
{
	const struct oya_cg_line l = { OYA_CG_V1, NULL, 0, 0, 0, NULL, NULL };
	struct oya_cg_usage u = { -1, { -1, -1, -1, -1, -1, -1, 0 } };
	static const char *const keys[] = { "current_bytes", "anon_bytes", "file_bytes", "kernel_bytes",
					    "shmem_bytes", "sock_bytes", "file_mapped_bytes" };
	char buf[1024];
	json_object *o, *v;
	size_t i;

	(void)state;
	assert_true(oya_cg_line_format(buf, sizeof(buf), &l, &u) > 0);
	o = json_tokener_parse(buf);
	assert_non_null(o);
	for (i = 0; i < N(keys); i++)
		assert_null(metric(o, keys[i]));
	assert_true(json_object_object_get_ex(o, "cgroup", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "kernel_from", &v));
	assert_null(v);
	json_object_put(o);
}

static void test_line_capacity(void **state)
{
	const struct oya_cg_line l = { OYA_CG_V2, "/a", 1, 1780000000000LL, 1, NULL, NULL };
	struct oya_cg_usage u = { 1, { 1, 1, 1, 1, 1, 1, OYA_CG_K_KEY } };
	char buf[1024];
	size_t full = oya_cg_line_format(buf, sizeof(buf), &l, &u), cap;

	(void)state;
	assert_true(full > 0);
	for (cap = 0; cap <= full; cap++)
		assert_int_equal(oya_cg_line_format(buf, cap, &l, &u), 0);
	assert_int_equal(oya_cg_line_format(buf, full + 1, &l, &u), full);
}

/* ---- the summary's "cgroup" object ---- */

static void expect_member(json_object *o, const char *key, int64_t v)
{
	json_object *m;

	assert_true(json_object_object_get_ex(o, key, &m));
	if (v < 0)
		assert_null(m);
	else
		assert_int_equal(json_object_get_int64(m), v);
}

static void test_summary(void **state)
{
	const struct oya_cg_final f = { OYA_CG_V1, "/process_api/x/oya-12-34", 220000256, 67108864, 1, -1 };
	static const char *const keys[] = { "version", "path", "peak_bytes", "limit_bytes", "oom_kills",
					    "oom_events" };
	json_object *o = oya_cg_summary_json(&f), *back, *m;
	size_t i;

	(void)state;
	assert_non_null(o);
	back = json_tokener_parse(json_object_to_json_string(o));
	assert_non_null(back);
	assert_int_equal(json_object_object_length(back), N(keys));
	expect_member(back, "version", 1);
	assert_true(json_object_object_get_ex(back, "path", &m));
	assert_string_equal(json_object_get_string(m), f.path);
	expect_member(back, "peak_bytes", f.peak);
	expect_member(back, "limit_bytes", f.limit);
	expect_member(back, "oom_kills", 1);
	expect_member(back, "oom_events", -1);
	json_object_put(back);
	json_object_put(o);

	o = oya_cg_summary_json(NULL);
	assert_non_null(o);
	for (i = 0; i < N(keys); i++) {
		assert_true(json_object_object_get_ex(o, keys[i], &m));
		assert_null(m);
	}
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_locate),
		cmocka_unit_test(test_list_has),
		cmocka_unit_test(test_parse_value),
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_kernel_from_every_part),
		cmocka_unit_test(test_parse_events),
		cmocka_unit_test(test_memory_limit),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_line_unknowns),
		cmocka_unit_test(test_line_capacity),
		cmocka_unit_test(test_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
