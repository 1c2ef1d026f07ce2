#include "human.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

void oya_human_bytes(char *buf, size_t cap, double bytes)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	static const int decimals[] = { 0, 0, 1, 2, 2, 2, 2 };
	double a = bytes < 0 ? -bytes : bytes;
	size_t u = 0;

	if (isnan(bytes)) {
		snprintf(buf, cap, "?");
		return;
	}
	while (a >= 1024.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		a /= 1024.0;
		u++;
	}
	/* keep the sign of a value that rounds to nothing in its unit away: "-0 KiB" reads oddly */
	snprintf(buf, cap, "%s%.*f %s", bytes < 0 && a * pow(10, decimals[u]) >= 0.5 ? "-" : "", decimals[u],
		 a, units[u]);
}

void oya_human_kb(char *buf, size_t cap, double kb)
{
	oya_human_bytes(buf, cap, kb * 1024.0);
}

void oya_human_rate(char *buf, size_t cap, double kb_per_hour)
{
	char b[OYA_HUMAN_MAX];

	oya_human_kb(b, sizeof(b), kb_per_hour);
	snprintf(buf, cap, "%s%s/h", kb_per_hour > 0 && b[0] != '0' ? "+" : "", b);
}

void oya_human_dur(char *buf, size_t cap, double secs)
{
	uint64_t s;

	if (!(secs >= 0) || secs > 1e12) {
		snprintf(buf, cap, "?");
		return;
	}
	s = (uint64_t)llround(secs);
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
		snprintf(buf, cap, "%llu h %u min", (unsigned long long)(s / 3600),
			 (unsigned)(s % 3600 / 60));
}
