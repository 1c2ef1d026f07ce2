/* Escaping for HTML and SVG, and human formats of bytes and durations. */
#include "report.h"
#include "utf8.h"

#include <math.h>
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

void oya_format_bytes(char *buf, size_t cap, double bytes)
{
	static const char *units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
	size_t u = 0;
	double v = bytes;
	bool neg = v < 0;
	if (neg)
		v = -v;
	while (v >= 1000.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1000.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, cap, "%s%.0f B", neg ? "-" : "", v);
	else
		snprintf(buf, cap, "%s%.*f %s", neg ? "-" : "", v >= 100 ? 0 : v >= 10 ? 1 : 2, v, units[u]);
}

void oya_format_secs(char *buf, size_t cap, double secs)
{
	if (!(secs >= 0) || secs > 1e12) {
		snprintf(buf, cap, "?");
		return;
	}
	uint64_t s = (uint64_t)llround(secs);
	if (secs < 10 && secs != floor(secs))
		snprintf(buf, cap, "%.1f s", secs);
	else if (s < 60)
		snprintf(buf, cap, "%u s", (unsigned)s);
	else if (s < 3600 && s % 60 == 0)
		snprintf(buf, cap, "%u min", (unsigned)(s / 60));
	else if (s < 3600)
		snprintf(buf, cap, "%u min %u s", (unsigned)(s / 60), (unsigned)(s % 60));
	else if (s % 3600 / 60 == 0)
		snprintf(buf, cap, "%llu h", (unsigned long long)(s / 3600));
	else
		snprintf(buf, cap, "%llu h %u min", (unsigned long long)(s / 3600), (unsigned)(s % 3600 / 60));
}
