/*
 * The fast path for sample lines. json-c builds a tree of objects for every
 * line (about 5 us each here: a million-line file took 5.6 s); this scanner
 * reads the plain lines the sampler writes in a single pass with no
 * allocation. It only ever says "valid, and here are the fields" or "ask
 * json-c": anything unusual (an escape, a fraction, a nested array, a repeated
 * key, bad bytes) goes to json-c, which stays the judge of what is JSON.
 */
#include "summary_int.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct scan {
	const char *p, *end;
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* A string without escapes; S->p is at the opening quote. -1: not for the fast path. */
static int str(struct scan *s, const char **out, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s->p + 1, *end = (const unsigned char *)s->end;

	while (p < end && *p != '"') {
		if (*p < 0x20 || *p == '\\')
			return -1;
		if (*p >= 0x80) {
			size_t k = oya_utf8_len(p, (size_t)(end - p));

			if (!k)
				return -1;
			p += k;
		} else {
			p++;
		}
	}
	if (p >= end)
		return -1;
	*out = s->p + 1;
	*len = (size_t)((const char *)p - *out);
	s->p = (const char *)p + 1;
	return 0;
}

enum vkind {
	V_INT,
	V_STR,
	V_NULL,
	V_BOOL,
	V_OBJ
};

/* A value that is not an object: an integer, a string, true, false or null. -1: ask json-c. */
static int value(struct scan *s, enum vkind *kind, int64_t *num, const char **sv, size_t *slen)
{
	const char *p = s->p;
	size_t left = (size_t)(s->end - p);

	if (!left)
		return -1;
	if (*p == '"') {
		*kind = V_STR;
		return str(s, sv, slen);
	}
	if (*p == '{') {
		*kind = V_OBJ;
		return 0;
	}
	if (left >= 4 && !memcmp(p, "null", 4)) {
		*kind = V_NULL;
		s->p += 4;
		return 0;
	}
	if (left >= 4 && !memcmp(p, "true", 4)) {
		*kind = V_BOOL;
		s->p += 4;
		return 0;
	}
	if (left >= 5 && !memcmp(p, "false", 5)) {
		*kind = V_BOOL;
		s->p += 5;
		return 0;
	}
	{
		bool neg = *p == '-';
		int64_t v = 0;
		int nd = 0;

		if (neg)
			p++;
		if (p >= s->end || *p < '0' || *p > '9')
			return -1;
		if (*p == '0' && p + 1 < s->end && p[1] >= '0' && p[1] <= '9')
			return -1; /* a leading zero is not JSON: json-c will say so */
		while (p < s->end && *p >= '0' && *p <= '9') {
			if (++nd > 18)
				return -1;
			v = v * 10 + (*p++ - '0');
		}
		if (p < s->end && (*p == '.' || *p == 'e' || *p == 'E'))
			return -1;
		*kind = V_INT;
		*num = neg ? -v : v;
		s->p = p;
	}
	return 0;
}

enum key {
	K_OTHER,
	K_TIMESTAMP,
	K_PID,
	K_PPID,
	K_EXE,
	K_EVENT,
	K_SEQ,
	K_SOURCE,
	K_HOST,
	K_RUN,
	K_CMDLINE,
	K_OUTSIDE,
	K_METRICS,
	K_RSS,
	K_VSIZE,
	K_VPEAK,
	K_HWM,
	K_VERSION,
	K_CGROUP,
	K_CURRENT,
	K_PSS,
	K_USS,
	K_SWAP,
	K_COUNT
};

static enum key key_of(const char *k, size_t n, bool in_metrics)
{
#define IS(lit) (n == sizeof(lit) - 1 && !memcmp(k, lit, n))
	if (in_metrics) {
		if (IS("rss_kb"))
			return K_RSS;
		if (IS("vm_size_kb"))
			return K_VSIZE;
		if (IS("vm_peak_kb"))
			return K_VPEAK;
		if (IS("vm_hwm_kb"))
			return K_HWM;
		if (IS("pss_kb"))
			return K_PSS;
		if (IS("uss_kb"))
			return K_USS;
		if (IS("swap_kb"))
			return K_SWAP;
		if (IS("current_bytes"))
			return K_CURRENT;
		return K_OTHER;
	}
	if (IS("timestamp"))
		return K_TIMESTAMP;
	if (IS("pid"))
		return K_PID;
	if (IS("ppid"))
		return K_PPID;
	if (IS("exe"))
		return K_EXE;
	if (IS("event"))
		return K_EVENT;
	if (IS("seq"))
		return K_SEQ;
	if (IS("source"))
		return K_SOURCE;
	if (IS("metrics"))
		return K_METRICS;
	if (IS("host"))
		return K_HOST;
	if (IS("run"))
		return K_RUN;
	if (IS("cmdline"))
		return K_CMDLINE;
	if (IS("outside"))
		return K_OUTSIDE;
	if (IS("version"))
		return K_VERSION;
	if (IS("cgroup"))
		return K_CGROUP;
	return K_OTHER;
#undef IS
}

static void set_num(enum oya_num *st, int64_t *dst, enum vkind kind, int64_t v)
{
	if (kind == V_NULL)
		return;
	*st = kind == V_INT ? OYA_NUM_OK : OYA_NUM_BAD;
	*dst = v;
}

static void set_str(const char **dst, size_t *dlen, enum vkind kind, const char *sv, size_t slen)
{
	if (kind != V_STR)
		return;
	*dst = sv;
	*dlen = slen;
}

/* An object's members; S->p is at '{'. Only the top level may hold "metrics". */
static int object(struct scan *s, struct oya_fields *f, bool in_metrics, unsigned *seen)
{
	s->p++;
	ws(s);
	if (s->p < s->end && *s->p == '}') {
		s->p++;
		return 0;
	}
	for (;;) {
		const char *k, *sv = NULL;
		size_t klen, slen = 0;
		enum vkind kind;
		int64_t v = 0;
		enum key key;

		if (s->p >= s->end || *s->p != '"' || str(s, &k, &klen))
			return -1;
		ws(s);
		if (s->p >= s->end || *s->p != ':')
			return -1;
		s->p++;
		ws(s);
		if (value(s, &kind, &v, &sv, &slen))
			return -1;
		key = key_of(k, klen, in_metrics);
		if (key != K_OTHER) {
			if (*seen & (1u << key))
				return -1; /* json-c keeps the last of repeated keys: let it */
			*seen |= 1u << key;
		}
		if (kind == V_OBJ) {
			if (key != K_METRICS)
				return -1;
			if (object(s, f, true, seen))
				return -1;
			f->have_metrics = true;
		}
		switch (key) {
		case K_TIMESTAMP: set_str(&f->ts, &f->ts_len, kind, sv, slen); break;
		case K_EXE: set_str(&f->exe, &f->exe_len, kind, sv, slen); break;
		case K_EVENT: set_str(&f->event, &f->event_len, kind, sv, slen); break;
		case K_SOURCE: set_str(&f->source, &f->source_len, kind, sv, slen); break;
		case K_HOST: set_str(&f->host, &f->host_len, kind, sv, slen); break;
		case K_RUN: set_str(&f->run, &f->run_len, kind, sv, slen); break;
		case K_CMDLINE: set_str(&f->cmdline, &f->cmdline_len, kind, sv, slen); break;
		case K_OUTSIDE: set_str(&f->outside, &f->outside_len, kind, sv, slen); break;
		case K_CGROUP: set_str(&f->cgroup, &f->cgroup_len, kind, sv, slen); break;
		case K_VERSION: set_num(&f->version_st, &f->version, kind, v); break;
		case K_CURRENT: set_num(&f->current_st, &f->current, kind, v); break;
		case K_PID: set_num(&f->pid_st, &f->pid, kind, v); break;
		case K_PPID: set_num(&f->ppid_st, &f->ppid, kind, v); break;
		case K_SEQ: set_num(&f->seq_st, &f->seq, kind, v); break;
		case K_RSS: set_num(&f->rss_st, &f->rss, kind, v); break;
		case K_VSIZE: set_num(&f->vsize_st, &f->vsize, kind, v); break;
		case K_VPEAK: set_num(&f->vpeak_st, &f->vpeak, kind, v); break;
		case K_HWM: set_num(&f->hwm_st, &f->hwm, kind, v); break;
		case K_PSS: set_num(&f->pss_st, &f->pss, kind, v); break;
		case K_USS: set_num(&f->uss_st, &f->uss, kind, v); break;
		case K_SWAP: set_num(&f->swap_st, &f->swap, kind, v); break;
		default: break;
		}
		ws(s);
		if (s->p >= s->end)
			return -1;
		if (*s->p == '}') {
			s->p++;
			return 0;
		}
		if (*s->p != ',')
			return -1;
		s->p++;
		ws(s);
	}
}

int oya_line_scan(const char *line, size_t len, struct oya_fields *f)
{
	struct scan s = { line, line + len };
	unsigned seen = 0;

	memset(f, 0, sizeof(*f));
	ws(&s);
	if (s.p >= s.end || *s.p != '{' || object(&s, f, false, &seen))
		return 1;
	while (s.p < s.end && (*s.p == ' ' || *s.p == '\t'))
		s.p++;
	return s.p == s.end ? 0 : 1;
}

/* The latest title; the first reason to sample from outside, which also hands
 * the image's sequence to the launcher (it goes on from the preload's). -1 ENOMEM. */
int oya_img_take_texts(struct oya_img *img, const struct oya_fields *f)
{
	char *s;

	if (f->cmdline && !(img->cmdline && strlen(img->cmdline) == f->cmdline_len &&
			    !memcmp(img->cmdline, f->cmdline, f->cmdline_len))) {
		s = strndup(f->cmdline, f->cmdline_len);
		if (!s)
			return -1;
		free(img->cmdline);
		img->cmdline = s;
	}
	if (f->outside && !img->outside && f->source && f->source_len == 8 &&
	    !memcmp(f->source, "launcher", 8)) {
		img->outside = strndup(f->outside, f->outside_len);
		if (!img->outside)
			return -1;
		memcpy(img->source, "launcher", sizeof("launcher"));
	}
	return 0;
}
