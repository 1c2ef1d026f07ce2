/* Sizes as the options give them (--min-free, --memory-limit) and the disk reserve they set. */
#include "launch_core.h"

#include <stdint.h>
#include <string.h>

int oya_size_parse(const char *s, uint64_t *bytes, unsigned *percent, const char **why)
{
	uint64_t n = 0, mult = 1;
	int digits = 0;

	*bytes = 0;
	*percent = 0;
	if (!s || !*s) {
		*why = "is empty";
		return -1;
	}
	for (; *s >= '0' && *s <= '9'; s++, digits++) {
		if (n > (UINT64_MAX - 9) / 10) {
			*why = "is too large";
			return -1;
		}
		n = n * 10 + (uint64_t)(*s - '0');
	}
	if (!digits) {
		*why = "has no number";
		return -1;
	}
	if (*s == '%' && !s[1]) {
		if (n > OYA_MAX_MIN_FREE_PERCENT) {
			*why = "is above 50%";
			return -1;
		}
		*percent = (unsigned)n;
		return 0;
	}
	switch (*s) {
	case '\0': break;
	case 'k':
	case 'K': mult = 1ULL << 10; break;
	case 'm':
	case 'M': mult = 1ULL << 20; break;
	case 'g':
	case 'G': mult = 1ULL << 30; break;
	case 't':
	case 'T': mult = 1ULL << 40; break;
	default: *why = "has an unknown unit"; return -1;
	}
	if (*s && s[1] && strcasecmp(s + 1, "iB") != 0 && strcasecmp(s + 1, "B") != 0) {
		*why = "has an unknown unit";
		return -1;
	}
	if (n > UINT64_MAX / mult) {
		*why = "is too large";
		return -1;
	}
	*bytes = n * mult;
	return 0;
}

uint64_t oya_disk_reserve(uint64_t fs_bytes, uint64_t min_bytes, unsigned min_percent, bool use_default)
{
	uint64_t pct;

	if (use_default) {
		pct = fs_bytes / 100 * OYA_DEFAULT_MIN_FREE_PERCENT;
		return pct < OYA_DEFAULT_MIN_FREE_BYTES ? pct : OYA_DEFAULT_MIN_FREE_BYTES;
	}
	if (min_bytes)
		return min_bytes;
	return fs_bytes / 100 * min_percent;
}

bool oya_disk_low(uint64_t free_bytes, uint64_t reserve, uint64_t written_per_check)
{
	uint64_t margin = written_per_check > UINT64_MAX / 4 ? UINT64_MAX / 2 : written_per_check * 2;

	if (!reserve)
		return false;
	return free_bytes < reserve || free_bytes - reserve < margin;
}
