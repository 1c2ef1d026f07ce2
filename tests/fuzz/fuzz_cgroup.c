/* fuzz-needs: oya_cg_locate oya_cg_parse_stat oya_cg_parse_events oya_cg_line_format oya_memory_limit_parse
 * The cgroup parsers over any bytes: never read outside the input, what they report agrees with
 * itself, and a "cgroup" line built from what they read parses back as JSON.
 * Input: fields split at NUL bytes: /proc/self/cgroup, mountinfo, memory.stat, memory.events,
 * a --memory-limit argument (each parser also sees the whole input). */
#include <json.h>

#include "cgroup_parse.h"
#include "fuzz.h"

#define BIG (1LL << 62)

static void check_where(const struct oya_cg_where *w)
{
	FUZZ_CHECK(memchr(w->path, '\0', sizeof(w->path)) != NULL);
	FUZZ_CHECK(memchr(w->dir, '\0', sizeof(w->dir)) != NULL);
	if (w->found) {
		FUZZ_CHECK(w->path[0] == '/' && w->dir[0] == '/');
		FUZZ_CHECK(strstr(w->path, "/../") == NULL);
	} else {
		FUZZ_CHECK(w->dir[0] == '\0');
	}
}

static void check_stat(const char *s, size_t n, enum oya_cg_version v, struct oya_cg_stat *st)
{
	int known = oya_cg_parse_stat(s, n, v, st);
	const int64_t f[6] = { st->anon, st->file, st->kernel, st->shmem, st->sock, st->file_mapped };
	int count = 0, i;

	for (i = 0; i < 6; i++) {
		FUZZ_CHECK(f[i] >= -1);
		FUZZ_CHECK(i == 2 || f[i] <= BIG); /* the kernel figure may be a (saturated) sum */
		count += f[i] >= 0;
	}
	FUZZ_CHECK(known == count);
	FUZZ_CHECK((st->kernel >= 0) == (st->kernel_from != 0));
	if (v == OYA_CG_V1)
		FUZZ_CHECK(st->kernel == -1 && st->sock == -1);
}

static void check_line(const struct oya_cg_found *f, const struct oya_cg_stat *st, int64_t current)
{
	struct oya_cg_line l = { OYA_CG_V2, f->v2.path, 1, 1780000000000LL, 10, "h\"ost", "run" };
	struct oya_cg_usage u = { current, *st };
	char buf[OYA_CG_PATH_MAX * 2 + 1024];
	size_t n = oya_cg_line_format(buf, sizeof(buf), &l, &u);
	json_object *o;

	FUZZ_CHECK(n > 0 && n == strlen(buf) && buf[n - 1] == '\n');
	FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)buf, n));
	o = json_tokener_parse(buf);
	FUZZ_CHECK(o != NULL);
	json_object_put(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *field[5];
	const char *whole = (const char *)data;
	struct oya_cg_found f;
	struct oya_cg_stat st;
	struct oya_cg_events ev;
	uint64_t bytes;
	int64_t value;
	char err[256];
	int n, i;

	fuzz_split(data, size, field, 5);
	n = oya_cg_locate(field[0] ? field[0] : "", field[0] ? strlen(field[0]) : 0, field[1] ? field[1] : "",
			  field[1] ? strlen(field[1]) : 0, &f);
	FUZZ_CHECK(n == f.v2.found + f.v1_memory.found);
	check_where(&f.v2);
	check_where(&f.v1_memory);
	n = oya_cg_locate(whole, size, whole, size, &f);
	FUZZ_CHECK(n == f.v2.found + f.v1_memory.found);
	check_where(&f.v2);
	check_where(&f.v1_memory);

	for (i = OYA_CG_V1; i <= OYA_CG_V2; i++)
		check_stat(whole, size, (enum oya_cg_version)i, &st);
	if (field[2])
		check_stat(field[2], strlen(field[2]), OYA_CG_V2, &st);
	if (oya_cg_parse_value(whole, size, &value) == 0)
		FUZZ_CHECK(value >= -1);
	else
		FUZZ_CHECK(value == -1);
	check_line(&f, &st, value);

	n = oya_cg_parse_events(field[3] ? field[3] : whole, field[3] ? strlen(field[3]) : size, &ev);
	FUZZ_CHECK(n == (ev.oom >= 0) + (ev.oom_kill >= 0) + (ev.under_oom >= 0));
	FUZZ_CHECK(ev.oom >= -1 && ev.oom_kill >= -1 && ev.under_oom >= -1);

	if (field[4]) {
		if (oya_memory_limit_parse("--memory-limit", field[4], &bytes, err, sizeof(err)) == 0)
			FUZZ_CHECK(bytes > 0 && bytes <= (uint64_t)BIG);
		else
			FUZZ_CHECK(bytes == 0 && strstr(err, "--memory-limit '") == err);
	}
	for (i = 0; i < 5; i++)
		free(field[i]);
	return 0;
}
