/* String helpers of the preload shell: async-signal-safe, no allocation. */
#include <stdarg.h>
#include <string.h>

#include "shell_str.h"

/* The NULL-terminated strings after CAP joined into DST, cut to fit. Not
 * snprintf: warnings may be raised in a fork child or in _exit, where only
 * async-signal-safe calls belong. */
void oya_str_join(char *dst, size_t cap, ...)
{
	va_list ap;
	const char *s;
	size_t n = 0;

	va_start(ap, cap);
	while ((s = va_arg(ap, const char *)))
		while (*s && n + 1 < cap)
			dst[n++] = *s++;
	va_end(ap);
	dst[n] = '\0';
}

/* Copy SRC into DST, cut to fit; returns -1 when it was cut. */
int oya_str_copy(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	int cut = n >= cap;

	if (cut)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
	return cut ? -1 : 0;
}
