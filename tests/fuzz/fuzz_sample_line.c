/* oya_sample_format with any exe name and any numbers: the line always fits,
 * is valid UTF-8, parses back with json-c to the same values, and the timestamp
 * agrees with gmtime. Also oya_json_escape alone with any buffer size.
 * Input: 8 bytes per number (seq, pid, ppid, wall_ms, elapsed_ms, 8 metrics),
 * one byte choosing event/source/buffer size, the rest is the exe name. swap_kb
 * and the smaps_rollup figures are mixed from those numbers; seq's low 7 bits
 * say which rollup fields were read. */
#include <json.h>
#include <time.h>

#include "fuzz.h"
#include "sample_line.h"

static uint64_t take_u64(const uint8_t **p, size_t *left)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < 8 && *left; i++, (*p)++, (*left)--)
		v = v << 8 | **p;
	return v;
}

static json_object *member(json_object *o, const char *key)
{
	json_object *v = NULL;

	FUZZ_CHECK(json_object_object_get_ex(o, key, &v));
	return v;
}

static void check_u64(json_object *o, const char *key, uint64_t want)
{
	json_object *v = member(o, key);

	FUZZ_CHECK(json_object_is_type(v, json_type_int));
	FUZZ_CHECK(json_object_get_uint64(v) == want);
}

static void check_i64(json_object *o, const char *key, int64_t want)
{
	json_object *v = member(o, key);

	FUZZ_CHECK(json_object_is_type(v, json_type_int));
	FUZZ_CHECK(json_object_get_int64(v) == want);
}

static void check_timestamp(int64_t wall_ms, const char *got)
{
	char want[40];
	struct tm tm;
	time_t t = (time_t)(wall_ms / 1000);

	FUZZ_CHECK(gmtime_r(&t, &tm) != NULL);
	FUZZ_CHECK(strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%S", &tm) == 19);
	snprintf(want + 19, sizeof(want) - 19, ".%03dZ", (int)(wall_ms % 1000));
	FUZZ_CHECK(!strcmp(want, got));
}

static void fuzz_escape(const char *src, size_t len, size_t cap)
{
	char *dst = malloc(cap ? cap : 1), *quoted;
	size_t n;
	json_object *o;

	if (!dst)
		return;
	n = oya_json_escape(dst, cap, src, len);
	if (cap == 0) {
		FUZZ_CHECK(n == 0);
		free(dst);
		return;
	}
	FUZZ_CHECK(n < cap && strlen(dst) == n);
	FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)dst, n));
	quoted = malloc(n + 3);
	if (quoted) {
		quoted[0] = '"';
		memcpy(quoted + 1, dst, n);
		quoted[n + 1] = '"';
		quoted[n + 2] = '\0';
		o = json_tokener_parse(quoted);
		FUZZ_CHECK(o && json_object_is_type(o, json_type_string));
		json_object_put(o);
		free(quoted);
	}
	free(dst);
}

/* Each rollup field is on the line exactly when it was read, with its value. */
static void check_rollup(json_object *m, const struct oya_rollup *ru)
{
	static const char *const keys[] = { "pss_kb", "uss_kb", "pss_anon_kb", "pss_file_kb",
					    "pss_shmem_kb", "swap_pss_kb" };
	const unsigned need[] = { OYA_RU_PSS, OYA_RU_USS, OYA_RU_PSS_ANON, OYA_RU_PSS_FILE,
				  OYA_RU_PSS_SHMEM, OYA_RU_SWAP_PSS };
	const uint64_t want[] = { ru->pss_kb, ru->private_clean_kb + ru->private_dirty_kb,
				  ru->pss_anon_kb, ru->pss_file_kb, ru->pss_shmem_kb, ru->swap_pss_kb };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		json_object *v = NULL;

		if ((ru->have & need[i]) != need[i]) {
			FUZZ_CHECK(!json_object_object_get_ex(m, keys[i], &v));
			continue;
		}
		check_u64(m, keys[i], want[i]);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const events[] = { "start", "sample", "exit", "final" };
	static const char *const sources[] = { "preload", "launcher" };
	const uint8_t *p = data;
	size_t left = size, len, cap;
	struct oya_sample s;
	char *exe, *line;
	unsigned sel;
	json_object *o, *m;

	memset(&s, 0, sizeof(s));
	s.seq = take_u64(&p, &left);
	s.pid = (int64_t)take_u64(&p, &left);
	s.ppid = (int64_t)take_u64(&p, &left);
	s.wall_ms = (int64_t)take_u64(&p, &left);
	s.elapsed_ms = take_u64(&p, &left);
	/* Metrics as oya_status_parse can give them: at most 2^62. */
	s.st.vm_rss_kb = take_u64(&p, &left) >> 2;
	s.st.vm_size_kb = take_u64(&p, &left) >> 2;
	s.st.vm_peak_kb = take_u64(&p, &left) >> 2;
	s.st.vm_hwm_kb = take_u64(&p, &left) >> 2;
	s.st.rss_anon_kb = take_u64(&p, &left) >> 2;
	s.st.rss_file_kb = take_u64(&p, &left) >> 2;
	s.st.rss_shmem_kb = take_u64(&p, &left) >> 2;
	s.st.threads = take_u64(&p, &left) >> 2;
	s.st.vm_swap_kb = s.st.vm_rss_kb ^ s.st.threads;
	s.ru.pss_kb = s.st.vm_size_kb;
	s.ru.pss_anon_kb = s.st.vm_peak_kb;
	s.ru.pss_file_kb = s.st.vm_hwm_kb;
	s.ru.pss_shmem_kb = s.st.rss_anon_kb;
	s.ru.private_clean_kb = s.st.rss_file_kb;
	s.ru.private_dirty_kb = s.st.rss_shmem_kb;
	s.ru.swap_pss_kb = s.st.threads;
	s.ru.have = (unsigned)(s.seq & 0x7f);
	sel = left ? *p : 0;
	if (left) {
		p++;
		left--;
	}
	s.event = events[sel & 3];
	s.source = sources[(sel >> 2) & 1];
	exe = fuzz_strndup(p, left);
	if (!exe)
		return 0;
	s.exe = (sel & 0x10) ? NULL : exe;
	fuzz_escape(exe, left, (sel & 0x20) ? (size_t)(sel >> 6) * 7 + (left & 31) : 512);

	cap = (sel & 0x80) ? (size_t)(sel & 0x7f) * 4 : OYA_LINE_MAX;
	line = malloc(cap ? cap : 1);
	if (!line)
		goto out;
	len = oya_sample_format(line, cap, &s);
	if (cap == OYA_LINE_MAX)
		FUZZ_CHECK(len > 0); /* any exe name fits in a line */
	if (len == 0)
		goto out;
	FUZZ_CHECK(len < cap && strlen(line) == len && line[len - 1] == '\n');
	FUZZ_CHECK(memchr(line, '\n', len - 1) == NULL);
	FUZZ_CHECK(fuzz_valid_utf8((const unsigned char *)line, len));
	o = json_tokener_parse(line);
	FUZZ_CHECK(o && json_object_is_type(o, json_type_object));
	check_i64(o, "pid", s.pid);
	check_i64(o, "ppid", s.ppid);
	check_u64(o, "seq", s.seq);
	check_u64(o, "elapsed_ms", s.elapsed_ms);
	check_u64(o, "elapsed_secs", s.elapsed_ms / 1000);
	FUZZ_CHECK(!strcmp(json_object_get_string(member(o, "event")), s.event));
	FUZZ_CHECK(!strcmp(json_object_get_string(member(o, "source")), s.source));
	/* A short valid name comes back whole (escaped, 42 bytes need at most 252). */
	if (s.exe && left <= 42 && strlen(exe) == left &&
	    fuzz_valid_utf8((const unsigned char *)exe, left))
		FUZZ_CHECK(!strcmp(json_object_get_string(member(o, "exe")), exe));
	if (s.wall_ms >= 0 && s.wall_ms < 253402300800000LL)
		check_timestamp(s.wall_ms, json_object_get_string(member(o, "timestamp")));
	m = member(o, "metrics");
	check_u64(m, "rss_kb", s.st.vm_rss_kb);
	check_u64(m, "vm_size_kb", s.st.vm_size_kb);
	check_u64(m, "vm_peak_kb", s.st.vm_peak_kb);
	check_u64(m, "rss_shared_kb", s.st.rss_file_kb + s.st.rss_shmem_kb);
	check_u64(m, "vm_hwm_kb", s.st.vm_hwm_kb);
	check_u64(m, "rss_anon_kb", s.st.rss_anon_kb);
	check_u64(m, "rss_file_kb", s.st.rss_file_kb);
	check_u64(m, "rss_shmem_kb", s.st.rss_shmem_kb);
	check_u64(m, "threads", s.st.threads);
	check_u64(m, "swap_kb", s.st.vm_swap_kb);
	check_rollup(m, &s.ru);
	json_object_put(o);
out:
	free(line);
	free(exe);
	return 0;
}
