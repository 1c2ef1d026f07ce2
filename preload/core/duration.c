#include "duration.h"

#include <stdio.h>
#include <string.h>

enum {
	U_H,
	U_M,
	U_S,
	U_MS,
	U_NONE
};

static const uint64_t unit_ms[] = { 3600000, 60000, 1000, 1, 1000 };

/* Reads a unit at *p; returns its index (U_NONE at the end) or -1. */
static int read_unit(const char **p)
{
	const char *s = *p;

	if (s[0] == 'm' && s[1] == 's') {
		*p = s + 2;
		return U_MS;
	}
	switch (s[0]) {
	case 'h': *p = s + 1; return U_H;
	case 'm': *p = s + 1; return U_M;
	case 's': *p = s + 1; return U_S;
	case '\0': return U_NONE;
	default: return -1;
	}
}

int oya_duration_parse(const char *s, uint64_t *out_ms, const char **why)
{
	const char *p = s;
	uint64_t total = 0;
	int last_unit = -1, terms = 0;

	if (!s || !*s) {
		*why = "is empty";
		return -1;
	}
	while (*p) {
		uint64_t n = 0;
		int digits = 0, unit;

		if (*p == '-') {
			*why = "is negative";
			return -1;
		}
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (uint64_t)(*p - '0');
			if (n > OYA_DURATION_MAX_MS) {
				*why = "is too large";
				return -1;
			}
			p++;
			digits++;
		}
		if (!digits) {
			*why = (*p >= 'a' && *p <= 'z') ? "has no number before its unit"
							: "is not a duration (use e.g. 10s, 500ms, 1m30s)";
			return -1;
		}
		unit = read_unit(&p);
		if (unit < 0) {
			*why = "has an unknown unit (use ms, s, m or h)";
			return -1;
		}
		if (unit == U_NONE && terms > 0) {
			*why = "has a number without a unit after the first term";
			return -1;
		}
		if (unit != U_NONE && unit <= last_unit) {
			*why = "repeats a unit or has units out of order (use e.g. 1h2m3s)";
			return -1;
		}
		last_unit = unit;
		if (n > (OYA_DURATION_MAX_MS - total) / unit_ms[unit]) {
			*why = "is too large";
			return -1;
		}
		total += n * unit_ms[unit];
		terms++;
	}
	*out_ms = total;
	return 0;
}

size_t oya_duration_format(char *buf, size_t cap, uint64_t ms)
{
	uint64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, r = ms % 1000;
	size_t len = 0;
	int n;

	if (cap == 0)
		return 0;
	buf[0] = '\0';
	if (ms == 0) {
		n = snprintf(buf, cap, "0s");
		return (n < 0 || (size_t)n >= cap) ? 0 : (size_t)n;
	}
#define PART(v, u)                                                                     \
	if (v) {                                                                       \
		n = snprintf(buf + len, cap - len, "%llu" u, (unsigned long long)(v)); \
		if (n < 0 || (size_t)n >= cap - len)                                   \
			return 0;                                                      \
		len += (size_t)n;                                                      \
	}
	PART(h, "h")
	PART(m, "m")
	PART(s, "s")
	PART(r, "ms")
#undef PART
	return len;
}
