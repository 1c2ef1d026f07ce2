/* The string builder and the small formatters of the terminal texts. */
#include "text_report.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(struct oya_text *t, size_t more)
{
	size_t need, ncap;
	char *n;

	if (t->failed)
		return false;
	need = t->len + more + 1;
	if (need <= t->cap)
		return true;
	ncap = t->cap ? t->cap : 256;
	while (ncap < need)
		ncap *= 2;
	n = realloc(t->s, ncap);
	if (!n) {
		t->failed = true;
		return false;
	}
	t->s = n;
	t->cap = ncap;
	return true;
}

void oya_text_printf(struct oya_text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = true;
		return;
	}
	if (!reserve(t, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* Emit SRC inert up to LIMIT columns (T NULL: only count). Returns the columns it takes in full. */
static size_t inert(struct oya_text *t, const unsigned char *u, size_t n, size_t limit)
{
	size_t cols = 0, i = 0;

	while (i < n) {
		size_t k = oya_utf8_len(u + i, n - i), w = 1;
		char esc[8];
		const char *piece = (const char *)u + i;
		size_t plen = k;

		if (!k || oya_utf8_is_c1(u + i, k) || u[i] < 0x20 || u[i] == 0x7f) {
			snprintf(esc, sizeof(esc), "\\x%02x", u[i]);
			piece = esc;
			plen = w = 4;
			k = 1;
		} else if (u[i] == '\\') {
			piece = "\\\\";
			plen = w = 2;
		}
		if (t && cols + w > limit)
			break;
		if (t && reserve(t, plen)) {
			memcpy(t->s + t->len, piece, plen);
			t->len += plen;
			t->s[t->len] = '\0';
		}
		cols += w;
		i += k;
	}
	return cols;
}

void oya_text_inert(struct oya_text *t, const char *src, size_t maxcols, size_t pad)
{
	const unsigned char *u = (const unsigned char *)(src ? src : "-");
	size_t n = strlen((const char *)u), cols = inert(NULL, u, n, 0);

	if (cols <= maxcols) {
		inert(t, u, n, maxcols);
	} else {
		cols = inert(t, u, n, maxcols > 3 ? maxcols - 3 : 0);
		oya_text_printf(t, "...");
		cols += 3;
	}
	for (; cols < pad; cols++)
		oya_text_printf(t, " ");
}

char *oya_text_take(struct oya_text *t)
{
	char *s = t->s;

	if (t->failed || !s) {
		free(s);
		t->s = NULL;
		return NULL;
	}
	t->s = NULL;
	t->len = t->cap = 0;
	return s;
}
