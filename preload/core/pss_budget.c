#include "pss_budget.h"

#include <string.h>
#include <strings.h>

void oya_pss_budget_init(struct oya_pss_budget *b, enum oya_pss_mode mode)
{
	memset(b, 0, sizeof(*b));
	b->mode = mode;
}

bool oya_pss_due(const struct oya_pss_budget *b, uint64_t now_ns)
{
	switch (b->mode) {
	case OYA_PSS_ALWAYS: return true;
	case OYA_PSS_AUTO: return now_ns >= b->next_ns;
	default: return false;
	}
}

void oya_pss_spent(struct oya_pss_budget *b, uint64_t start_ns, uint64_t end_ns)
{
	uint64_t d = end_ns > start_ns ? end_ns - start_ns : 0;

	/* A spacing past 2^63 ns (292 years) is the same as never. */
	if (start_ns >= UINT64_MAX / 2 || d > (UINT64_MAX / 2 - start_ns) / OYA_PSS_SPACING)
		b->next_ns = UINT64_MAX;
	else
		b->next_ns = start_ns + d * OYA_PSS_SPACING;
}

void oya_pss_budget_start(struct oya_pss_budget *b, uint64_t now_ns)
{
	oya_pss_spent(b, now_ns, now_ns + OYA_PSS_START_NS);
}

int oya_pss_mode_parse(const char *s, enum oya_pss_mode *mode)
{
	if (!strcasecmp(s, "auto"))
		*mode = OYA_PSS_AUTO;
	else if (!strcasecmp(s, "always"))
		*mode = OYA_PSS_ALWAYS;
	else if (!strcasecmp(s, "off"))
		*mode = OYA_PSS_OFF;
	else
		return -1;
	return 0;
}
