/* Escaping for HTML and SVG. */
#include "report.h"
#include "utf8.h"

#include <string.h>

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

void oya_html_escape(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0; /* RUN: bytes since I that need no escaping, written in one go */

	if (!s)
		return;
	while (i + run < len) {
		size_t at = i + run;
		size_t n = oya_utf8_len(p + at, len - at);
		unsigned char c = p[at]; /* the special characters below are all ASCII */
		const char *rep = NULL;
		if (n == 0) {
			rep = replacement;
			n = 1;
		} else if (c < 0x20 || c == 0x7f || oya_utf8_is_c1(p + at, n)) {
			rep = replacement;
		} else if (c == '&') {
			rep = "&amp;";
		} else if (c == '<') {
			rep = "&lt;";
		} else if (c == '>') {
			rep = "&gt;";
		} else if (c == '"') {
			rep = "&quot;";
		} else if (c == '\'') {
			rep = "&#39;";
		}
		if (!rep) {
			run += n;
			continue;
		}
		if (run)
			fwrite(s + i, 1, run, out);
		fputs(rep, out);
		i = at + n;
		run = 0;
	}
	if (run)
		fwrite(s + i, 1, run, out);
}

void oya_html_puts(FILE *out, const char *s)
{
	if (s)
		oya_html_escape(out, s, strlen(s));
}
