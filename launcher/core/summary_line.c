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

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 8 bytes at P as a number whose lowest byte is P[0], whatever the machine's byte order. */
static uint64_t load8(const char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* The high bit of each byte of W that a string cannot just pass over: '"', '\\', below 0x20, from
   0x80 up. Zero exactly when there is none; otherwise the lowest flagged byte is the first such
   (a borrow may flag bytes above it too). */
static uint64_t special(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return (((q - ONES) & ~q) | ((b - ONES) & ~b) | (w - ONES * 0x20) | w) & HIGHS;
}

/* The closing quote of a string without escapes whose first byte is at P; NULL: not for the fast
   path. Eight plain bytes are passed at a time. */
static inline const char *str_end(const char *p, const char *end)
{
	for (;;) {
		unsigned char c;

		if (end - p >= 8) {
			uint64_t m = special(load8(p));

			if (!m) {
				p += 8;
				continue;
			}
			p += __builtin_ctzll(m) >> 3;
		} else if (p >= end) {
			return NULL;
		}
		c = (unsigned char)*p;
		if (c == '"')
			return p;
		if (c < 0x20 || c == '\\')
			return NULL;
		if (c < 0x80) {
			p++;
		} else {
			size_t k = oya_utf8_len((const unsigned char *)p, (size_t)(end - p));

			if (!k)
				return NULL;
			p += k;
		}
	}
}

static const char *ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

enum vkind {
	V_INT,
	V_STR,
	V_NULL,
	V_BOOL,
	V_OBJ
};

struct val {
	enum vkind kind;
	int64_t num;
	const char *s;
	size_t len;
};

/* How many of the 8 bytes of W, from the lowest, are decimal digits before the first that is not. */
static unsigned digits8(uint64_t w)
{
	/* a byte below '0' borrows, one above '9' carries into its high bit, one from 0x80 has it */
	uint64_t m = ((w - ONES * '0') | (w + ONES * (0x80 - ':')) | w) & HIGHS;

	return m ? (unsigned)__builtin_ctzll(m) >> 3 : 8;
}

/* The number written by the N digits (1 to 8) in the lowest bytes of W, all at once. */
static uint64_t value8(uint64_t w, unsigned n)
{
	uint64_t d = (w - ONES * '0') << (8 * (8 - n)); /* the digits at the top, zeros before them */

	d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffull;
	d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffull;
	return (d * 10000 + (d >> 32)) & 0xffffffffull;
}

/* An integer at P (JSON's form, at most 18 digits) into *OUT, or only checked when OUT is NULL;
   NULL: ask json-c. */
static const char *integer(const char *p, const char *end, int64_t *out)
{
	bool neg = *p == '-';
	const char *d;
	int64_t v = 0;

	if (neg)
		p++;
	if (p >= end || *p < '0' || *p > '9')
		return NULL;
	if (*p == '0' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return NULL; /* a leading zero is not JSON: json-c will say so */
	d = p;
	if (end - p >= 8) {
		uint64_t w = load8(p);
		unsigned n = digits8(w);

		if (out)
			v = (int64_t)value8(w, n);
		p += n;
	}
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (p - d == 18)
			return NULL; /* more than int64_t surely holds: json-c decides */
		v = v * 10 + (*p - '0');
	}
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
		return NULL;
	if (out)
		*out = neg ? -v : v;
	return p;
}

/* A value that is not an object (an integer, a string, true, false or null) at P, or the '{' of one
   (P stays on it); an integer's value only when NEED. NULL: ask json-c. */
static const char *value(const char *p, const char *end, struct val *v, bool need)
{
	size_t left = (size_t)(end - p);

	if (!left)
		return NULL;
	switch (*p) {
	case '"': {
		const char *q = str_end(p + 1, end);

		if (!q)
			return NULL;
		v->kind = V_STR;
		v->s = p + 1;
		v->len = (size_t)(q - p - 1);
		return q + 1;
	}
	case '{': v->kind = V_OBJ; return p;
	case 'n': v->kind = V_NULL; return left >= 4 && !memcmp(p, "null", 4) ? p + 4 : NULL;
	case 't': v->kind = V_BOOL; return left >= 4 && !memcmp(p, "true", 4) ? p + 4 : NULL;
	case 'f': v->kind = V_BOOL; return left >= 5 && !memcmp(p, "false", 5) ? p + 5 : NULL;
	default: v->kind = V_INT; return integer(p, end, need ? &v->num : NULL);
	}
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
#define IS(lit) (!memcmp(k, lit, sizeof(lit) - 1))
	if (in_metrics) {
		switch (n) {
		case 6: return IS("rss_kb") ? K_RSS : IS("pss_kb") ? K_PSS : IS("uss_kb") ? K_USS : K_OTHER;
		case 7: return IS("swap_kb") ? K_SWAP : K_OTHER;
		case 9: return IS("vm_hwm_kb") ? K_HWM : K_OTHER;
		case 10: return IS("vm_size_kb") ? K_VSIZE : IS("vm_peak_kb") ? K_VPEAK : K_OTHER;
		case 13: return IS("current_bytes") ? K_CURRENT : K_OTHER;
		default: return K_OTHER;
		}
	}
	switch (n) {
	case 3:
		return IS("pid")   ? K_PID
		       : IS("exe") ? K_EXE
		       : IS("seq") ? K_SEQ
		       : IS("run") ? K_RUN
				   : K_OTHER;
	case 4: return IS("ppid") ? K_PPID : IS("host") ? K_HOST : K_OTHER;
	case 5: return IS("event") ? K_EVENT : K_OTHER;
	case 6: return IS("source") ? K_SOURCE : IS("cgroup") ? K_CGROUP : K_OTHER;
	case 7:
		return IS("metrics")   ? K_METRICS
		       : IS("cmdline") ? K_CMDLINE
		       : IS("outside") ? K_OUTSIDE
		       : IS("version") ? K_VERSION
				       : K_OTHER;
	case 9: return IS("timestamp") ? K_TIMESTAMP : K_OTHER;
	default: return K_OTHER;
	}
#undef IS
}

static void set_num(enum oya_num *st, int64_t *dst, const struct val *v)
{
	if (v->kind == V_NULL)
		return;
	*st = v->kind == V_INT ? OYA_NUM_OK : OYA_NUM_BAD;
	*dst = v->num;
}

static void set_str(const char **dst, size_t *dlen, const struct val *v)
{
	if (v->kind != V_STR)
		return;
	*dst = v->s;
	*dlen = v->len;
}

static void take_value(struct oya_fields *f, enum key key, const struct val *v)
{
	switch (key) {
	case K_TIMESTAMP: set_str(&f->ts, &f->ts_len, v); break;
	case K_EXE: set_str(&f->exe, &f->exe_len, v); break;
	case K_EVENT: set_str(&f->event, &f->event_len, v); break;
	case K_SOURCE: set_str(&f->source, &f->source_len, v); break;
	case K_HOST: set_str(&f->host, &f->host_len, v); break;
	case K_RUN: set_str(&f->run, &f->run_len, v); break;
	case K_CMDLINE: set_str(&f->cmdline, &f->cmdline_len, v); break;
	case K_OUTSIDE: set_str(&f->outside, &f->outside_len, v); break;
	case K_CGROUP: set_str(&f->cgroup, &f->cgroup_len, v); break;
	case K_VERSION: set_num(&f->version_st, &f->version, v); break;
	case K_CURRENT: set_num(&f->current_st, &f->current, v); break;
	case K_PID: set_num(&f->pid_st, &f->pid, v); break;
	case K_PPID: set_num(&f->ppid_st, &f->ppid, v); break;
	case K_SEQ: set_num(&f->seq_st, &f->seq, v); break;
	case K_RSS: set_num(&f->rss_st, &f->rss, v); break;
	case K_VSIZE: set_num(&f->vsize_st, &f->vsize, v); break;
	case K_VPEAK: set_num(&f->vpeak_st, &f->vpeak, v); break;
	case K_HWM: set_num(&f->hwm_st, &f->hwm, v); break;
	case K_PSS: set_num(&f->pss_st, &f->pss, v); break;
	case K_USS: set_num(&f->uss_st, &f->uss, v); break;
	case K_SWAP: set_num(&f->swap_st, &f->swap, v); break;
	default: break;
	}
}

/* An object's members; P is at '{'. Only the top level may hold "metrics". Returns the end of the
   object, NULL: ask json-c. */
static const char *object(const char *p, const char *end, struct oya_fields *f, bool in_metrics,
			  unsigned *seen)
{
	p = ws(p + 1, end);
	if (p < end && *p == '}')
		return p + 1;
	for (;;) {
		const char *k, *q;
		struct val v = { V_NULL, 0, NULL, 0 };
		enum key key;

		if (p >= end || *p != '"' || !(q = str_end(p + 1, end)))
			return NULL;
		k = p + 1;
		p = q + 1;
		if (p < end && *p != ':')
			p = ws(p, end);
		if (p >= end || *p != ':')
			return NULL;
		p++;
		if (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
			p = ws(p, end);
		key = key_of(k, (size_t)(q - k), in_metrics);
		if (!(p = value(p, end, &v, key != K_OTHER)))
			return NULL;
		if (key != K_OTHER) {
			if (*seen & (1u << key))
				return NULL; /* json-c keeps the last of repeated keys: let it */
			*seen |= 1u << key;
		}
		if (v.kind == V_OBJ) {
			if (key != K_METRICS || !(p = object(p, end, f, true, seen)))
				return NULL;
			f->have_metrics = true;
		}
		take_value(f, key, &v);
		if (p < end && *p != ',' && *p != '}')
			p = ws(p, end);
		if (p >= end)
			return NULL;
		if (*p == '}')
			return p + 1;
		if (*p != ',')
			return NULL;
		p = ws(p + 1, end);
	}
}

int oya_line_scan(const char *line, size_t len, struct oya_fields *f)
{
	const char *p, *end = line + len;
	unsigned seen = 0;

	memset(f, 0, sizeof(*f));
	p = ws(line, end);
	if (p >= end || *p != '{' || !(p = object(p, end, f, false, &seen)))
		return 1;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p == end ? 0 : 1;
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
