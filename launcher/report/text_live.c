/* The live view of oya-summary --follow: per process current and peak RSS and a sparkline. */
#include "text_report.h"

#include <stdio.h>
#include <string.h>

static void sparkline(struct oya_text *t, const uint64_t *v, size_t n)
{
	static const char *const bars[] = { "\u2581", "\u2582", "\u2583", "\u2584",
					    "\u2585", "\u2586", "\u2587", "\u2588" };
	uint64_t lo = UINT64_MAX, hi = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i] < lo)
			lo = v[i];
		if (v[i] > hi)
			hi = v[i];
	}
	for (size_t i = 0; i < n; i++) {
		size_t k = hi > lo ? (size_t)((double)(v[i] - lo) / (double)(hi - lo) * 7.0 + 0.5) : 0;

		oya_text_printf(t, "%s", bars[k > 7 ? 7 : k]);
	}
}

char *oya_text_live(const struct oya_live *v, size_t n, const char *file, uint64_t lines, uint64_t malformed,
		    int width)
{
	struct oya_text t = { 0 };
	size_t spark = OYA_LIVE_RECENT;

	if (width > 0 && width < 62 + OYA_LIVE_RECENT)
		spark = width > 72 ? (size_t)width - 62 : 10;
	oya_text_printf(&t, "oya-summary --follow ");
	oya_text_inert(&t, file, 60, 0);
	oya_text_printf(&t, "  %llu lines, %llu malformed  (Ctrl-C to stop)\n", (unsigned long long)lines,
			(unsigned long long)malformed);
	oya_text_printf(&t, "%8s  %-16s %10s %10s %8s  %s\n", "PID", "EXE", "CURRENT", "PEAK", "SAMPLES",
			"RECENT");
	for (size_t i = 0; i < n; i++) {
		char cur[32], peak[32];
		size_t from = v[i].nrecent > spark ? v[i].nrecent - spark : 0;

		oya_human_kb(cur, sizeof(cur), (double)v[i].cur_kb);
		oya_human_kb(peak, sizeof(peak), (double)v[i].peak_kb);
		oya_text_printf(&t, "%8lld  ", (long long)v[i].pid);
		oya_text_inert(&t, v[i].exe, 16, 16);
		oya_text_printf(&t, " %10s %10s %8llu  ", v[i].exited ? "exited" : cur, peak,
				(unsigned long long)v[i].samples);
		sparkline(&t, v[i].recent + from, v[i].nrecent - from);
		oya_text_printf(&t, "\n");
	}
	if (n == 0)
		oya_text_printf(&t, "(no samples yet)\n");
	return oya_text_take(&t);
}
