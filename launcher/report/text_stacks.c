/* The call stacks whose peak memory changed most (oya-summary --diff, from heaptrack_print --diff). */
#include "heaptrack_parse.h"
#include "text_report.h"

#include <stdio.h>

char *oya_text_stack_changes(const struct oya_heaptrack_change *c, size_t n)
{
	struct oya_text t = { 0 };

	oya_text_printf(&t, "\ncall stacks whose peak memory changed most (heaptrack_print --diff):\n");
	if (n == 0)
		oya_text_printf(&t, "  (none)\n");
	for (size_t i = 0; i < n; i++) {
		char d[32];

		oya_human_bytes(d, sizeof(d), (double)c[i].peak_delta_bytes);
		oya_text_printf(&t, "  %s%-10s %+lld calls  ", c[i].peak_delta_bytes > 0 ? "+" : "", d,
				(long long)c[i].calls_delta);
		oya_text_inert(&t, c[i].function, 80, 0);
		if (c[i].location && c[i].location[0]) {
			oya_text_printf(&t, " at ");
			oya_text_inert(&t, c[i].location, 80, 0);
		}
		if (c[i].callers && c[i].callers[0]) {
			oya_text_printf(&t, "\n      < ");
			oya_text_inert(&t, c[i].callers, 160, 0);
		}
		oya_text_printf(&t, "\n");
	}
	return oya_text_take(&t);
}
