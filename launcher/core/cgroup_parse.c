/*
 * The cgroup files as text (Documentation/admin-guide/cgroup-v2.rst and
 * cgroup-v1/memory.rst): flat-keyed files are "key value" lines in any order,
 * new keys may appear anywhere, so every figure is looked up by its key.
 */
#include "cgroup_parse.h"
#include "launch_core.h"
#include "sample_line.h"
#include "summary.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Figures above this are refused, so that a sum of a few cannot overflow. */
#define FIGURE_MAX (1LL << 62)

/* The next line of BUF from *POS (without its '\n'); false at the end. */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *llen)
{
	const char *eol;

	if (*pos >= len)
		return false;
	*line = buf + *pos;
	eol = memchr(*line, '\n', len - *pos);
	*llen = eol ? (size_t)(eol - *line) : len - *pos;
	*pos += *llen + (eol ? 1 : 0);
	return true;
}

/* Digits S..S+N as a figure; -1 when it is not one or is above FIGURE_MAX. */
static int64_t figure(const char *s, size_t n)
{
	uint64_t v = 0; /* 19 digits stay below 2^64 */
	size_t i;

	if (n == 0 || n > 19)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	return v > (uint64_t)FIGURE_MAX ? -1 : (int64_t)v;
}

static bool word_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && !memcmp(s, lit, n);
}

bool oya_cg_list_has(const char *buf, size_t len, const char *name)
{
	size_t i = 0, start;

	while (i < len) {
		while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == ',' || buf[i] == '\t'))
			i++;
		start = i;
		while (i < len && buf[i] != ' ' && buf[i] != '\n' && buf[i] != ',' && buf[i] != '\t')
			i++;
		if (i > start && word_is(buf + start, i - start, name))
			return true;
	}
	return false;
}

int oya_cg_parse_value(const char *buf, size_t len, int64_t *out)
{
	uint64_t v = 0; /* 19 digits stay below 2^64: the range check comes after */
	size_t i;

	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	*out = -1;
	if (word_is(buf, len, "max"))
		return 0;
	if (len == 0 || len > 19)
		return -1;
	for (i = 0; i < len; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(buf[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* Copy a mountinfo field, undoing its octal escapes (\040 for a space). -1 when it does not fit. */
static int unescape(char *dst, size_t cap, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
		    s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			c = (char)((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		}
		if (o + 1 >= cap || c == '\0')
			return -1;
		dst[o++] = c;
	}
	dst[o] = '\0';
	return 0;
}

/* The group's directory: MOUNT plus PATH below ROOT. -1 when PATH is not under ROOT or climbs. */
static int group_dir(char *dst, size_t cap, const char *mount, const char *root, const char *path)
{
	size_t rl = strlen(root), pl = strlen(path);
	const char *rel;
	int n;

	if (path[0] != '/' || strstr(path, "/../") || (pl >= 3 && !strcmp(path + pl - 3, "/..")))
		return -1;
	if (!strcmp(root, "/"))
		rel = path;
	else if (!strncmp(path, root, rl) && (path[rl] == '\0' || path[rl] == '/'))
		rel = path + rl;
	else
		return -1;
	if (!strcmp(rel, "/"))
		rel = "";
	n = snprintf(dst, cap, "%s%s", strcmp(mount, "/") != 0 || !*rel ? mount : "", rel);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* The group of this process from /proc/self/cgroup: V2 the "0::" line, else the line naming memory. */
static bool self_path(const char *cg, size_t len, bool v2, char *out, size_t cap)
{
	const char *line, *c1, *c2;
	size_t pos = 0, llen, plen;

	while (next_line(cg, len, &pos, &line, &llen)) {
		c1 = memchr(line, ':', llen);
		if (!c1)
			continue;
		c2 = memchr(c1 + 1, ':', llen - (size_t)(c1 + 1 - line));
		if (!c2)
			continue;
		if (v2 ? !(c1 - line == 1 && line[0] == '0' && c2 == c1 + 1)
		       : !oya_cg_list_has(c1 + 1, (size_t)(c2 - c1 - 1), "memory"))
			continue;
		plen = llen - (size_t)(c2 + 1 - line);
		if (plen == 0 || plen >= cap || memchr(c2 + 1, '\0', plen))
			continue;
		memcpy(out, c2 + 1, plen);
		out[plen] = '\0';
		return true;
	}
	return false;
}

#define MI_FIELDS 32

/* Split a mountinfo line at spaces; returns the field count (at most MI_FIELDS). */
static size_t split(const char *line, size_t llen, const char **f, size_t *fl)
{
	size_t n = 0, i = 0, start;

	while (i < llen && n < MI_FIELDS) {
		while (i < llen && line[i] == ' ')
			i++;
		start = i;
		while (i < llen && line[i] != ' ')
			i++;
		if (i > start) {
			f[n] = line + start;
			fl[n++] = i - start;
		}
	}
	return n;
}

/* Fill W from the first mount of the hierarchy (V2: cgroup2; else cgroup with memory) that shows PATH. */
static void find_mount(const char *mi, size_t len, bool v2, const char *path, struct oya_cg_where *w)
{
	const char *line, *f[MI_FIELDS];
	size_t pos = 0, llen, fl[MI_FIELDS], n, sep;
	char root[OYA_CG_PATH_MAX], mount[OYA_CG_PATH_MAX];

	while (next_line(mi, len, &pos, &line, &llen)) {
		n = split(line, llen, f, fl);
		for (sep = 6; sep < n && !word_is(f[sep], fl[sep], "-"); sep++)
			;
		/* after "-": the file system type, the source and the super options */
		if (sep + 3 >= n)
			continue;
		if (v2 ? !word_is(f[sep + 1], fl[sep + 1], "cgroup2")
		       : !word_is(f[sep + 1], fl[sep + 1], "cgroup") ||
				    !oya_cg_list_has(f[sep + 3], fl[sep + 3], "memory"))
			continue;
		if (unescape(root, sizeof(root), f[3], fl[3]) ||
		    unescape(mount, sizeof(mount), f[4], fl[4]) || root[0] != '/' || mount[0] != '/')
			continue;
		if (group_dir(w->dir, sizeof(w->dir), mount, root, path) == 0) {
			w->found = true;
			return;
		}
	}
	w->dir[0] = '\0';
}

int oya_cg_locate(const char *cg, size_t cg_len, const char *mi, size_t mi_len, struct oya_cg_found *out)
{
	struct oya_cg_where *w[2] = { &out->v2, &out->v1_memory };
	int i, found = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 2; i++) {
		if (!self_path(cg, cg_len, i == 0, w[i]->path, sizeof(w[i]->path)))
			continue;
		find_mount(mi, mi_len, i == 0, w[i]->path, w[i]);
		found += w[i]->found;
	}
	return found;
}

enum stat_key {
	S_ANON,
	S_FILE,
	S_KERNEL,
	S_SHMEM,
	S_SOCK,
	S_MAPPED,
	S_STACK,
	S_PT,
	S_PERCPU,
	S_SLAB,
	S_SLAB_R,
	S_SLAB_U,
	S_VMALLOC,
	S_RSS,
	S_TRSS,
	S_CACHE,
	S_TCACHE,
	S_V1SHMEM,
	S_TSHMEM,
	S_V1MAPPED,
	S_TMAPPED,
	S_N
};

static const char *const stat_names[S_N] = {
	"anon",
	"file",
	"kernel",
	"shmem",
	"sock",
	"file_mapped",
	"kernel_stack",
	"pagetables",
	"percpu",
	"slab",
	"slab_reclaimable",
	"slab_unreclaimable",
	"vmalloc",
	"rss",
	"total_rss",
	"cache",
	"total_cache",
	"shmem",
	"total_shmem",
	"mapped_file",
	"total_mapped_file",
};

static int64_t either(int64_t preferred, int64_t other)
{
	return preferred >= 0 ? preferred : other;
}

static int64_t add_sat(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* The kernel figure of v2 from the key, else from the parts found. */
static void kernel_of(const int64_t *v, struct oya_cg_stat *st)
{
	static const struct {
		enum stat_key key;
		unsigned bit;
	} parts[] = {
		{ S_STACK, OYA_CG_K_STACK },
		{ S_PT, OYA_CG_K_PAGETABLES },
		{ S_PERCPU, OYA_CG_K_PERCPU },
		{ S_VMALLOC, OYA_CG_K_VMALLOC },
	};
	int64_t slab = v[S_SLAB];
	size_t i;

	if (v[S_KERNEL] >= 0) {
		st->kernel = v[S_KERNEL];
		st->kernel_from = OYA_CG_K_KEY;
		return;
	}
	if (slab < 0 && (v[S_SLAB_R] >= 0 || v[S_SLAB_U] >= 0))
		slab = add_sat(either(v[S_SLAB_R], 0), either(v[S_SLAB_U], 0));
	st->kernel = slab;
	if (slab >= 0)
		st->kernel_from |= OYA_CG_K_SLAB;
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (v[parts[i].key] < 0)
			continue;
		st->kernel = add_sat(either(st->kernel, 0), v[parts[i].key]);
		st->kernel_from |= parts[i].bit;
	}
}

int oya_cg_parse_stat(const char *buf, size_t len, enum oya_cg_version version, struct oya_cg_stat *st)
{
	int64_t v[S_N];
	const char *line, *sp;
	size_t pos = 0, llen, k;
	/* each version looks only at its own keys: v1 and v2 both have one called "shmem" */
	size_t first = version == OYA_CG_V1 ? S_RSS : 0, last = version == OYA_CG_V1 ? S_N : S_RSS;
	int known = 0;

	for (k = 0; k < S_N; k++)
		v[k] = -1;
	memset(st, 0, sizeof(*st));
	while (next_line(buf, len, &pos, &line, &llen)) {
		sp = memchr(line, ' ', llen);
		if (!sp)
			continue;
		for (k = first; k < last; k++)
			if (word_is(line, (size_t)(sp - line), stat_names[k]))
				v[k] = figure(sp + 1, llen - (size_t)(sp + 1 - line));
	}
	st->sock = -1;
	st->kernel = -1;
	if (version == OYA_CG_V1) {
		st->anon = either(v[S_TRSS], v[S_RSS]);
		st->file = either(v[S_TCACHE], v[S_CACHE]);
		st->shmem = either(v[S_TSHMEM], v[S_V1SHMEM]);
		st->file_mapped = either(v[S_TMAPPED], v[S_V1MAPPED]);
	} else {
		st->anon = v[S_ANON];
		st->file = v[S_FILE];
		st->shmem = v[S_SHMEM];
		st->sock = v[S_SOCK];
		st->file_mapped = v[S_MAPPED];
		if (version == OYA_CG_V2)
			kernel_of(v, st);
	}
	known = (st->anon >= 0) + (st->file >= 0) + (st->kernel >= 0) + (st->shmem >= 0) + (st->sock >= 0) +
		(st->file_mapped >= 0);
	return known;
}

const char *oya_cg_kernel_from(unsigned bits, char *buf, size_t cap)
{
	static const char *const names[] = {
		"kernel", "kernel_stack", "pagetables", "percpu", "slab", "vmalloc",
	};
	size_t i, o = 0;
	int n;

	if (!bits || cap == 0)
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(bits & (1u << i)))
			continue;
		n = snprintf(buf + o, cap - o, "%s%s", o ? "+" : "", names[i]);
		if (n < 0 || (size_t)n >= cap - o)
			return NULL;
		o += (size_t)n;
	}
	return buf;
}

int oya_cg_parse_events(const char *buf, size_t len, struct oya_cg_events *ev)
{
	const char *line, *sp;
	size_t pos = 0, llen, kl;

	ev->oom = ev->oom_kill = ev->under_oom = -1;
	while (next_line(buf, len, &pos, &line, &llen)) {
		int64_t *dst = NULL;

		sp = memchr(line, ' ', llen);
		if (!sp)
			continue;
		kl = (size_t)(sp - line);
		if (word_is(line, kl, "oom"))
			dst = &ev->oom;
		else if (word_is(line, kl, "oom_kill"))
			dst = &ev->oom_kill;
		else if (word_is(line, kl, "under_oom"))
			dst = &ev->under_oom;
		if (dst)
			*dst = figure(sp + 1, llen - kl - 1);
	}
	return (ev->oom >= 0) + (ev->oom_kill >= 0) + (ev->under_oom >= 0);
}

int oya_memory_limit_parse(const char *opt, const char *s, uint64_t *bytes, char *err, size_t cap)
{
	const char *why = NULL;
	unsigned pct = 0;

	*bytes = 0;
	if (oya_size_parse(s, bytes, &pct, &why) == 0) {
		if (pct || (s && strchr(s, '%')))
			why = "is a percentage, not a size";
		else if (*bytes == 0)
			why = "is zero";
		else if (*bytes > (uint64_t)FIGURE_MAX)
			why = "is too large";
	}
	if (!why)
		return 0;
	*bytes = 0;
	snprintf(err, cap, "%s '%s' %s (use e.g. 64M, 512MiB, 1G, or a number of bytes)", opt, s ? s : "",
		 why);
	return -1;
}

/* A bounded appender: once anything does not fit, the whole line fails. */
struct out {
	char *buf;
	size_t cap, len;
	bool full;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...);

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->full)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->cap - o->len)
		o->full = true;
	else
		o->len += (size_t)n;
}

/* ,"KEY":V or ,"KEY":null (without the comma for the first member of an object). */
static void put_fig(struct out *o, const char *key, int64_t v)
{
	const char *sep = o->len && o->buf[o->len - 1] == '{' ? "" : ",";

	if (v < 0)
		put(o, "%s\"%s\":null", sep, key);
	else
		put(o, "%s\"%s\":%lld", sep, key, (long long)v);
}

size_t oya_cg_line_format(char *buf, size_t cap, const struct oya_cg_line *l, const struct oya_cg_usage *u)
{
	struct out o = { buf, cap, 0, false };
	char ts[25], path[OYA_CG_PATH_MAX * 2], kf[64], id[200];
	const char *from;

	if (cap == 0)
		return 0;
	if (!oya_format_timestamp(ts, sizeof(ts), l->wall_ms))
		memcpy(ts, "1970-01-01T00:00:00.000Z", 25);
	oya_json_escape(path, sizeof(path), l->path ? l->path : "", l->path ? strlen(l->path) : 0);
	put(&o, "{\"timestamp\":\"%s\",\"event\":\"sample\",\"seq\":%llu", ts, (unsigned long long)l->seq);
	put(&o, ",\"source\":\"cgroup\",\"version\":%d", (int)l->version);
	for (int i = 0; i < 2; i++) {
		const char *v = i ? l->run : l->host;

		oya_json_escape(id, sizeof(id), v ? v : "", v ? strlen(v) : 0);
		if (v)
			put(&o, ",\"%s\":\"%s\"", i ? "run" : "host", id);
	}
	from = oya_cg_kernel_from(u->stat.kernel_from, kf, sizeof(kf));
	if (l->path)
		put(&o, ",\"cgroup\":\"%s\"", path);
	else
		put(&o, ",\"cgroup\":null");
	put(&o, ",\"metrics\":{");
	put_fig(&o, "current_bytes", u->current);
	put_fig(&o, "anon_bytes", u->stat.anon);
	put_fig(&o, "file_bytes", u->stat.file);
	put_fig(&o, "kernel_bytes", u->stat.kernel);
	put_fig(&o, "shmem_bytes", u->stat.shmem);
	put_fig(&o, "sock_bytes", u->stat.sock);
	put_fig(&o, "file_mapped_bytes", u->stat.file_mapped);
	if (from)
		put(&o, "},\"kernel_from\":\"%s\"", from);
	else
		put(&o, "},\"kernel_from\":null");
	put(&o, ",\"elapsed_secs\":%llu,\"elapsed_ms\":%llu}\n", (unsigned long long)(l->elapsed_ms / 1000),
	    (unsigned long long)l->elapsed_ms);
	if (o.full) {
		buf[0] = '\0';
		return 0;
	}
	return o.len;
}

static json_object *fig(int64_t v)
{
	return v < 0 ? NULL : json_object_new_int64(v);
}

json_object *oya_cg_summary_json(const struct oya_cg_final *f)
{
	json_object *o = json_object_new_object();
	bool have = f && f->version != OYA_CG_NONE;
	int fail = 0;

	if (!o)
		return NULL;
	fail |= json_object_object_add(o, "version", have ? json_object_new_int((int)f->version) : NULL);
	fail |= json_object_object_add(o, "path", have && f->path ? oya_json_text(f->path) : NULL);
	fail |= json_object_object_add(o, "peak_bytes", have ? fig(f->peak) : NULL);
	fail |= json_object_object_add(o, "limit_bytes", have ? fig(f->limit) : NULL);
	fail |= json_object_object_add(o, "oom_kills", have ? fig(f->oom_kills) : NULL);
	fail |= json_object_object_add(o, "oom_events", have ? fig(f->oom_events) : NULL);
	if (fail) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
