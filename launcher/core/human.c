#include "human.h"

#include <stdio.h>

void oya_human_kb(char *buf, size_t cap, double kb)
{
	double a = kb < 0 ? -kb : kb;

	if (a < 1024)
		snprintf(buf, cap, "%.0f kB", kb);
	else if (a < 1024.0 * 1024)
		snprintf(buf, cap, "%.1f MB", kb / 1024);
	else
		snprintf(buf, cap, "%.2f GB", kb / (1024.0 * 1024));
}

void oya_human_dur(char *buf, size_t cap, double secs)
{
	if (secs < 120)
		snprintf(buf, cap, "%.0f s", secs);
	else if (secs < 2 * 3600)
		snprintf(buf, cap, "%.0f min", secs / 60);
	else
		snprintf(buf, cap, "%.1f h", secs / 3600);
}
