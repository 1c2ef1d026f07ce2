/*
 * The streaming accumulator: sample lines in, per-image series out. Each line
 * is parsed with one reused json_tokener; nothing is kept of a line but the
 * numbers it carries, so memory follows the samples, not the bytes read.
 */
#include "summary_int.h"
#include "utf8.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define KB_MAX (1ull << 40) /* 1 PiB in kB: anything above is not a real size */
#define PID_MAX 2147483647LL
#define READ_CHUNK ((size_t)256 * 1024)

/* ---- the pid -> latest image map ---- */

static size_t hash_slot(int64_t key, size_t cap)
{
	uint64_t h = (uint64_t)key * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 17) & (cap - 1);
}

static int map_grow(struct oya_acc *acc)
{
	size_t ncap = acc->hcap ? acc->hcap * 2 : 64;
	int64_t *keys = calloc(ncap, sizeof(*keys));
	size_t *vals = calloc(ncap, sizeof(*vals));

	if (!keys || !vals) {
		free(keys);
		free(vals);
		return -1;
	}
	for (size_t i = 0; i < acc->hcap; i++) {
		size_t j;

		if (!acc->hvals[i])
			continue;
		for (j = hash_slot(acc->hkeys[i], ncap); vals[j]; j = (j + 1) & (ncap - 1))
			;
		keys[j] = acc->hkeys[i];
		vals[j] = acc->hvals[i];
	}
	free(acc->hkeys);
	free(acc->hvals);
	acc->hkeys = keys;
	acc->hvals = vals;
	acc->hcap = ncap;
	return 0;
}

/* The slot for PID: its entry, or the empty slot where it goes. */
static size_t map_find(const struct oya_acc *acc, int64_t pid)
{
	size_t j = hash_slot(pid, acc->hcap);

	while (acc->hvals[j] && acc->hkeys[j] != pid)
		j = (j + 1) & (acc->hcap - 1);
	return j;
}

/* ---- the accumulator ---- */

struct oya_acc *oya_acc_new(void)
{
	struct oya_acc *acc = calloc(1, sizeof(*acc));

	if (!acc)
		return NULL;
	acc->tok = json_tokener_new();
	acc->carry = malloc(OYA_SUMMARY_LINE_MAX + 1);
	if (!acc->tok || !acc->carry || map_grow(acc)) {
		oya_acc_free(acc);
		return NULL;
	}
	/* Input is often not ours: reject bytes that are not UTF-8 rather than pass them on. */
	json_tokener_set_flags(acc->tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
						 JSON_TOKENER_VALIDATE_UTF8);
	return acc;
}

void oya_acc_free(struct oya_acc *acc)
{
	if (!acc)
		return;
	for (size_t i = 0; i < acc->nimgs; i++) {
		free(acc->imgs[i]->exe);
		free(acc->imgs[i]->cmdline);
		free(acc->imgs[i]->outside);
		free(acc->imgs[i]->pts);
		free(acc->imgs[i]);
	}
	free(acc->imgs);
	for (size_t i = 0; i < acc->nstrs; i++)
		free(acc->strs[i]);
	free(acc->strs);
	free(acc->hkeys);
	free(acc->hvals);
	if (acc->tok)
		json_tokener_free(acc->tok);
	free(acc->carry);
	free(acc);
}

void oya_acc_counts(const struct oya_acc *acc, uint64_t *lines, uint64_t *malformed)
{
	if (lines)
		*lines = acc->lines;
	if (malformed)
		*malformed = acc->malformed;
}

void oya_acc_mark(struct oya_acc *acc)
{
	acc->mark_lines = acc->lines;
	acc->problem = NULL;
	acc->problem_line = 0;
}

const char *oya_acc_first_problem(const struct oya_acc *acc, uint64_t *line_no)
{
	if (line_no)
		*line_no = acc->problem_line;
	return acc->problem;
}

static int bad(struct oya_acc *acc, const char *why)
{
	acc->malformed++;
	if (!acc->problem) {
		acc->problem = why;
		acc->problem_line = acc->lines - acc->mark_lines;
	}
	return 1;
}

static struct oya_img *img_new(struct oya_acc *acc, int64_t key, int64_t pid, size_t slot)
{
	struct oya_img *img;

	if (acc->nimgs == acc->capimgs) {
		size_t ncap = acc->capimgs ? acc->capimgs * 2 : 16;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*n) is right */
		struct oya_img **n = realloc(acc->imgs, ncap * sizeof(*n));

		if (!n)
			return NULL;
		acc->imgs = n;
		acc->capimgs = ncap;
	}
	img = calloc(1, sizeof(*img));
	if (!img)
		return NULL;
	img->pid = pid;
	img->ppid = -1;
	img->order = acc->nimgs;
	if (!acc->hvals[slot])
		acc->hkeys[slot] = key;
	acc->hvals[slot] = acc->nimgs + 1;
	acc->imgs[acc->nimgs++] = img;
	return img;
}

/* An integer member of OBJ into *ST / *OUT; null counts as absent. */
static void jc_int(json_object *obj, const char *key, enum oya_num *st, int64_t *out)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return;
	if (!json_object_is_type(v, json_type_int)) {
		*st = OYA_NUM_BAD;
		return;
	}
	/* json-c clamps what does not fit in int64: the range checks catch it */
	*out = json_object_get_int64(v);
	*st = OYA_NUM_OK;
}

static void jc_str(json_object *obj, const char *key, const char **out, size_t *len)
{
	json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
		return;
	*len = (size_t)json_object_get_string_len(v);
	*out = json_object_get_string(v);
}

/* The fields of a line json-c parsed (they point into OBJ). */
static void jc_fields(json_object *obj, struct oya_fields *f)
{
	json_object *m;

	memset(f, 0, sizeof(*f));
	jc_str(obj, "timestamp", &f->ts, &f->ts_len);
	jc_str(obj, "event", &f->event, &f->event_len);
	jc_str(obj, "exe", &f->exe, &f->exe_len);
	jc_str(obj, "source", &f->source, &f->source_len);
	jc_str(obj, "host", &f->host, &f->host_len);
	jc_str(obj, "run", &f->run, &f->run_len);
	jc_str(obj, "cmdline", &f->cmdline, &f->cmdline_len);
	jc_str(obj, "outside", &f->outside, &f->outside_len);
	jc_str(obj, "cgroup", &f->cgroup, &f->cgroup_len);
	jc_int(obj, "version", &f->version_st, &f->version);
	jc_int(obj, "pid", &f->pid_st, &f->pid);
	jc_int(obj, "ppid", &f->ppid_st, &f->ppid);
	jc_int(obj, "seq", &f->seq_st, &f->seq);
	if (json_object_object_get_ex(obj, "metrics", &m) && json_object_is_type(m, json_type_object)) {
		f->have_metrics = true;
		jc_int(m, "rss_kb", &f->rss_st, &f->rss);
		jc_int(m, "vm_size_kb", &f->vsize_st, &f->vsize);
		jc_int(m, "vm_peak_kb", &f->vpeak_st, &f->vpeak);
		jc_int(m, "vm_hwm_kb", &f->hwm_st, &f->hwm);
		jc_int(m, "pss_kb", &f->pss_st, &f->pss);
		jc_int(m, "uss_kb", &f->uss_st, &f->uss);
		jc_int(m, "swap_kb", &f->swap_st, &f->swap);
		jc_int(m, "current_bytes", &f->current_st, &f->current);
	}
}

/* An optional number: absent -> 0 / -1 default kept; present must be in [MIN, MAX]. */
static bool opt_ok(enum oya_num st, int64_t v, int64_t min, int64_t max)
{
	return st == OYA_NUM_ABSENT || (st == OYA_NUM_OK && v >= min && v <= max);
}

static bool str_is(const char *s, size_t n, const char *lit)
{
	return s && n == strlen(lit) && !memcmp(s, lit, n);
}

/* A size of the line that may be absent: its value, or OYA_NO_KB. */
static uint64_t opt_kb(enum oya_num st, int64_t v)
{
	return st == OYA_NUM_OK ? (uint64_t)v : OYA_NO_KB;
}

static int add_point(struct oya_img *img, int64_t t, uint64_t rss, uint64_t seq, const struct oya_fields *f)
{
	if (img->n == img->cap) {
		size_t ncap = img->cap ? img->cap * 2 : 16;
		struct oya_ipt *n = realloc(img->pts, ncap * sizeof(*n));

		if (!n)
			return -1;
		img->pts = n;
		img->cap = ncap;
	}
	if (img->n && t < img->pts[img->n - 1].t_ms)
		img->unsorted = true;
	img->pts[img->n++] =
		(struct oya_ipt){ t, rss, seq, opt_kb(f->pss_st, f->pss), opt_kb(f->uss_st, f->uss) };
	if (rss > img->rss_peak)
		img->rss_peak = rss;
	return 0;
}

/* A "cgroup" line: the group's usage, not a process's sample; only its group is kept. */
static int take_cgroup(struct oya_acc *acc, const struct oya_fields *f)
{
	int64_t t;

	if (!f->ts || oya_timestamp_parse(f->ts, f->ts_len, &t))
		return bad(acc, "a \"cgroup\" line without an RFC 3339 \"timestamp\"");
	if (f->version_st != OYA_NUM_OK || f->version < 1 || f->version > 2)
		return bad(acc, "a \"cgroup\" line without \"version\" 1 or 2");
	if (!f->have_metrics || !opt_ok(f->current_st, f->current, 0, INT64_MAX))
		return bad(acc, "a \"cgroup\" line without \"metrics.current_bytes\"");
	if (!acc->cg_lines++) {
		acc->cg_version = (int)f->version;
		if (f->cgroup && f->cgroup_len < sizeof(acc->cg_path))
			memcpy(acc->cg_path, f->cgroup, f->cgroup_len);
	}
	return 0;
}

/* Take the fields of one line. 0 ok, 1 malformed, -1 ENOMEM. */
static int take(struct oya_acc *acc, const struct oya_fields *f)
{
	int64_t t, ppid = -1, seq = -1, vsize = 0, vpeak = 0, hwm = 0, host, run, key;
	struct oya_img *img = NULL;
	bool is_start, is_final, is_end;
	size_t slot;

	if (str_is(f->source, f->source_len, "cgroup"))
		return take_cgroup(acc, f);
	if (!f->ts)
		return bad(acc, "no \"timestamp\" string");
	if (oya_timestamp_parse(f->ts, f->ts_len, &t))
		return bad(acc, "\"timestamp\" is not an RFC 3339 time");
	if (f->pid_st != OYA_NUM_OK || f->pid < 1 || f->pid > PID_MAX)
		return bad(acc, "no \"pid\" or not a pid");
	if (!f->have_metrics)
		return bad(acc, "no \"metrics\" object");
	if (f->rss_st != OYA_NUM_OK || f->rss < 0 || f->rss > (int64_t)KB_MAX)
		return bad(acc, "no \"metrics.rss_kb\" or out of range");
	if (!opt_ok(f->ppid_st, f->ppid, 0, PID_MAX) || !opt_ok(f->seq_st, f->seq, 0, INT64_MAX) ||
	    !opt_ok(f->vsize_st, f->vsize, 0, (int64_t)KB_MAX) ||
	    !opt_ok(f->vpeak_st, f->vpeak, 0, (int64_t)KB_MAX) ||
	    !opt_ok(f->hwm_st, f->hwm, 0, (int64_t)KB_MAX) ||
	    !opt_ok(f->pss_st, f->pss, 0, (int64_t)KB_MAX) ||
	    !opt_ok(f->uss_st, f->uss, 0, (int64_t)KB_MAX) ||
	    !opt_ok(f->swap_st, f->swap, 0, (int64_t)KB_MAX))
		return bad(acc, "a number out of range or of the wrong type");
	if (f->ppid_st == OYA_NUM_OK)
		ppid = f->ppid;
	if (f->seq_st == OYA_NUM_OK)
		seq = f->seq;
	if (f->vsize_st == OYA_NUM_OK)
		vsize = f->vsize;
	if (f->vpeak_st == OYA_NUM_OK)
		vpeak = f->vpeak;
	if (f->hwm_st == OYA_NUM_OK)
		hwm = f->hwm;
	is_start = str_is(f->event, f->event_len, "start");
	is_final = str_is(f->event, f->event_len, "final");
	is_end = is_final || str_is(f->event, f->event_len, "exit");

	if ((host = oya_acc_intern(acc, f->host, f->host_len)) < 0 ||
	    (run = oya_acc_intern(acc, f->run, f->run_len)) < 0)
		return -1;
	/* one pid on two hosts is two processes: the host is part of the key */
	key = f->pid | (int64_t)((uint64_t)host << 32);
	if ((acc->nimgs + 1) * 2 > acc->hcap && map_grow(acc))
		return -1;
	slot = map_find(acc, key);
	if (acc->hvals[slot])
		img = acc->imgs[acc->hvals[slot] - 1];
	/* exec keeps the pid: a "start" for a pid already seen is a new image */
	if (!img || (is_start && img->n > 0)) {
		img = img_new(acc, key, f->pid, slot);
		if (!img)
			return -1;
		img->have_start = is_start;
		img->host = host ? acc->strs[host - 1] : NULL;
	}
	if (img->n == 0 && f->source && f->source_len < sizeof(img->source))
		memcpy(img->source, f->source, f->source_len);
	if (img->ppid < 0)
		img->ppid = ppid;
	if (!img->run && run)
		img->run = acc->strs[run - 1];
	if (!img->exe && f->exe) {
		img->exe = strndup(f->exe, f->exe_len);
		if (!img->exe)
			return -1;
	}
	if (oya_img_take_texts(img, f))
		return -1;
	/* seq counts the lines of one writer: the image's own source, not the launcher's "final" */
	if (seq >= 0 &&
	    (is_final || !str_is(f->source ? f->source : "", f->source ? f->source_len : 0, img->source)))
		seq = -1;
	if (add_point(img, t, (uint64_t)f->rss, seq >= 0 ? (uint64_t)seq : OYA_NO_SEQ, f))
		return -1;
	if (f->swap_st == OYA_NUM_OK) {
		img->have_swap = true;
		if ((uint64_t)f->swap > img->swap_max)
			img->swap_max = (uint64_t)f->swap;
	}
	if ((uint64_t)vsize > img->vm_size_max)
		img->vm_size_max = (uint64_t)vsize;
	if ((uint64_t)vpeak > img->vm_peak_kb)
		img->vm_peak_kb = (uint64_t)vpeak;
	if ((uint64_t)hwm > img->vm_hwm_kb)
		img->vm_hwm_kb = (uint64_t)hwm;
	if (is_end)
		img->saw_exit = true;
	return 0;
}

static bool utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k;

		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = oya_utf8_len(u + i, n - i);
		if (!k)
			return false;
		i += k;
	}
	return true;
}

int oya_acc_add_line(struct oya_acc *acc, const char *line, size_t len)
{
	struct oya_fields f;
	json_object *obj;
	size_t end;
	int rc;

	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
		       line[len - 1] == '\t'))
		len--;
	if (len == 0)
		return 0; /* blank lines carry nothing and harm nothing */
	acc->lines++;
	if (len > OYA_SUMMARY_LINE_MAX)
		return bad(acc, "line longer than 64 KiB");
	if (oya_line_scan(line, len, &f) == 0)
		return take(acc, &f);
	/* json-c 0.16 lets some invalid UTF-8 and raw control characters through: check first */
	if (!utf8_valid(line, len))
		return bad(acc, "bytes that are not UTF-8");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)line[i] < 0x20 && line[i] != '\t' && line[i] != '\r')
			return bad(acc, "a raw control character");
	json_tokener_reset(acc->tok);
	obj = json_tokener_parse_ex(acc->tok, line, (int)len);
	if (!obj) {
		enum json_tokener_error e = json_tokener_get_error(acc->tok);

		if (e == json_tokener_error_parse_utf8_string)
			return bad(acc, "bytes that are not UTF-8");
		return bad(acc, e == json_tokener_continue ? "truncated JSON" : "not valid JSON");
	}
	for (end = json_tokener_get_parse_end(acc->tok); end < len; end++) {
		if (line[end] != ' ' && line[end] != '\t') {
			json_object_put(obj);
			return bad(acc, "text after the JSON object");
		}
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return bad(acc, "not a JSON object");
	}
	jc_fields(obj, &f);
	rc = take(acc, &f);
	json_object_put(obj);
	return rc;
}

int oya_acc_feed(struct oya_acc *acc, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t chunk = nl ? (size_t)(nl - buf) : len;
		size_t adv = nl ? chunk + 1 : chunk;

		if (acc->skipping) {
			acc->skipping = !nl;
		} else if (acc->ncarry == 0 && nl) {
			if (oya_acc_add_line(acc, buf, chunk) < 0)
				return -1;
		} else if (acc->ncarry + chunk > OYA_SUMMARY_LINE_MAX) {
			/* too long to keep: count it now and drop the rest of it as it comes */
			acc->lines++;
			bad(acc, "line longer than 64 KiB");
			acc->ncarry = 0;
			acc->skipping = !nl;
		} else {
			memcpy(acc->carry + acc->ncarry, buf, chunk);
			acc->ncarry += chunk;
			if (nl) {
				size_t n = acc->ncarry;

				acc->ncarry = 0;
				if (oya_acc_add_line(acc, acc->carry, n) < 0)
					return -1;
			}
		}
		buf += adv;
		len -= adv;
	}
	return 0;
}

int oya_acc_feed_end(struct oya_acc *acc)
{
	size_t n = acc->ncarry;

	acc->skipping = false;
	acc->ncarry = 0;
	if (n && oya_acc_add_line(acc, acc->carry, n) < 0)
		return -1;
	return 0;
}

int oya_acc_read(struct oya_acc *acc, FILE *f, bool end, uint64_t *got)
{
	char *buf = malloc(READ_CHUNK);
	int rc = 0;

	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	clearerr(f); /* a file that grows: read on from its last end */
	for (;;) {
		size_t n = fread(buf, 1, READ_CHUNK, f);

		if (got)
			*got += n;
		if (n && oya_acc_feed(acc, buf, n)) {
			errno = ENOMEM;
			rc = -1;
			goto out;
		}
		if (n < READ_CHUNK) {
			if (ferror(f)) {
				if (!errno)
					errno = EIO;
				rc = -1;
				goto out;
			}
			break;
		}
	}
	if (end && oya_acc_feed_end(acc)) {
		errno = ENOMEM;
		rc = -1;
	}
out:
	free(buf);
	return rc;
}

int oya_acc_add_file(struct oya_acc *acc, FILE *f)
{
	return oya_acc_read(acc, f, true, NULL);
}

size_t oya_acc_live(const struct oya_acc *acc, struct oya_live *out, size_t cap)
{
	for (size_t i = 0; i < acc->nimgs && i < cap; i++) {
		const struct oya_img *img = acc->imgs[i];
		struct oya_live *v = &out[i];
		size_t from = img->n > OYA_LIVE_RECENT ? img->n - OYA_LIVE_RECENT : 0;

		memset(v, 0, sizeof(*v));
		v->pid = img->pid;
		v->exe = img->exe;
		v->host = img->host;
		v->samples = img->n;
		v->exited = img->saw_exit;
		v->peak_kb = img->rss_peak;
		if (img->n) {
			v->cur_kb = img->pts[img->n - 1].rss_kb;
			v->last_ms = img->pts[img->n - 1].t_ms;
		}
		for (size_t k = from; k < img->n; k++)
			v->recent[v->nrecent++] = img->pts[k].rss_kb;
	}
	return acc->nimgs;
}
