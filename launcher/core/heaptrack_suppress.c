/*
 * Leak suppressions, as heaptrack_print applies them to "total memory leaked": its
 * built-in list (libc, the dynamic linker and glib allocations that are never freed on
 * purpose) and the file's own S lines when they read "leak:PATTERN". (In format 3 files
 * heaptrack writes the line's length before the text, so heaptrack_print, which does
 * not expect it, never applies them; neither does this reader, so that the figures
 * agree.) A site is suppressed when any frame of its stack has a module, function or
 * file name that matches; operator new frames are not part of the stacks, as in
 * heaptrack. Pure.
 */
#include "heaptrack_reader_priv.h"

#include <stdlib.h>
#include <string.h>

static const char *const builtin[] = {
	"__nss_module_allocate", "__gconv_read_conf",  "__new_exitfn",	"tzset_internal",
	"dl_open_worker",	 "g_main_context_new", "g_thread_self",
};

static const char *const op_new[] = {
	"operator new(unsigned long)",
	"operator new[](unsigned long)",
	"operator new(unsigned int)",
	"operator new[](unsigned int)",
};

/* The sanitizers' pattern language: the pieces between '*' are found in S in order, each at
 * its first place; '^' at the start anchors the first piece, '$' ends the string. */
static bool pattern_match(const char *pat, const char *s)
{
	bool anchor = false, star = false;

	if (!*s)
		return false;
	if (strcmp(pat, s) == 0)
		return true;
	if (*pat == '^') {
		anchor = true;
		pat++;
	}
	while (*pat) {
		size_t len;
		const char *hit;

		if (*pat == '*') {
			pat++;
			anchor = false;
			star = true;
			continue;
		}
		if (*pat == '$')
			return *s == '\0' || star;
		if (!*s)
			return false;
		len = strcspn(pat, "*$");
		hit = memmem(s, strlen(s), pat, len);
		if (!hit || (anchor && hit != s))
			return false;
		s = hit + len;
		pat += len;
		anchor = star = false;
	}
	return true;
}

static bool suppressed_string(const struct oya_htr *r, const char *s)
{
	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (pattern_match(builtin[i], s))
			return true;
	for (size_t i = 0; i < r->nsupp; i++)
		if (pattern_match(r->arena + r->supp_off[i], s))
			return true;
	return false;
}

static bool is_op_new(const char *s)
{
	for (size_t i = 0; i < sizeof(op_new) / sizeof(op_new[0]); i++)
		if (strcmp(s, op_new[i]) == 0)
			return true;
	return false;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int htr_grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			return -1;
		n *= 2;
	}
	q = realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

int htr_suppression_add(struct oya_htr *r, const char *p, size_t n)
{
	size_t need;

	while (n && blank(*p)) {
		p++;
		n--;
	}
	while (n && blank(p[n - 1]))
		n--;
	if (n <= 5 || memcmp(p, "leak:", 5) != 0)
		return 0;
	p += 5;
	n -= 5;
	need = r->narena + n + 1;
	if (need > UINT32_MAX || htr_grow((void **)&r->arena, &r->caparena, need, 1) ||
	    htr_grow((void **)&r->supp_off, &r->capsupp, r->nsupp + 1, sizeof(*r->supp_off)))
		return -1;
	r->supp_off[r->nsupp++] = (uint32_t)r->narena;
	memcpy(r->arena + r->narena, p, n);
	r->arena[r->narena + n] = '\0';
	r->narena += n + 1;
	return 0;
}

static const char *name(const struct oya_htr *r, uint32_t idx)
{
	return idx && idx <= r->nstr ? r->arena + r->str_off[idx - 1] : "";
}

/* Per instruction pointer: OP_NEW for an operator new frame (left out of stacks), else
 * whether one of its names is suppressed. */
#define OP_NEW 2
static void mark_ips(const struct oya_htr *r, const unsigned char *str, unsigned char *ip)
{
	for (size_t i = 0; i < r->nips; i++) {
		const struct htr_ip *p = &r->ips[i];

		if (p->nframes && is_op_new(name(r, r->frames[p->frame0].function))) {
			ip[i] = OP_NEW;
			continue;
		}
		ip[i] = str[p->module];
		for (uint32_t k = 0; k < p->nframes; k++) {
			const struct htr_fr *f = &r->frames[p->frame0 + k];

			ip[i] |= str[f->function] | str[f->file];
		}
	}
}

int64_t htr_suppressed_bytes(struct oya_htr *r)
{
	unsigned char *str = calloc(r->nstr + 1, 1), *ip = calloc(r->nips + 1, 1);
	unsigned char *tr = calloc(r->ntraces + 1, 1);
	int64_t sum = -1;

	if (!str || !ip || !tr)
		goto out;
	for (size_t i = 0; i < r->nstr; i++)
		str[i + 1] = suppressed_string(r, r->arena + r->str_off[i]);
	mark_ips(r, str, ip + 1);
	for (size_t i = 0; i < r->ntraces; i++) {
		const struct htr_trace *t = &r->traces[i];

		tr[i + 1] = ip[t->ip] == OP_NEW ? tr[t->parent] : (unsigned char)(tr[t->parent] | ip[t->ip]);
	}
	sum = 0;
	for (size_t i = 0; i < r->nsites; i++) {
		r->sites[i].suppressed = tr[r->sites[i].trace];
		if (r->sites[i].suppressed)
			sum += r->sites[i].live_end;
	}
out:
	free(str);
	free(ip);
	free(tr);
	return sum;
}
