#include "status.h"

#include <string.h>

struct field {
	const char *key; /* including the colon */
	size_t keylen;
	unsigned bit;
	size_t off; /* offset of the uint64_t/int64_t in struct oya_status */
};

#define F(k, b, m) k, sizeof(k) - 1, b, offsetof(struct oya_status, m)
static const struct field fields[] = {
	{ F("VmPeak:", OYA_ST_VMPEAK, vm_peak_kb) }, /* the four of OYA_ST_MEMORY first */
	{ F("VmSize:", OYA_ST_VMSIZE, vm_size_kb) },
	{ F("VmHWM:", OYA_ST_VMHWM, vm_hwm_kb) },
	{ F("VmRSS:", OYA_ST_VMRSS, vm_rss_kb) },
	{ F("RssAnon:", OYA_ST_RSSANON, rss_anon_kb) },
	{ F("RssFile:", OYA_ST_RSSFILE, rss_file_kb) },
	{ F("RssShmem:", OYA_ST_RSSSHMEM, rss_shmem_kb) },
	{ F("VmSwap:", OYA_ST_VMSWAP, vm_swap_kb) },
	{ F("Threads:", OYA_ST_THREADS, threads) },
	{ F("PPid:", OYA_ST_PPID, ppid) },
};
#undef F

int oya_proc_number(const char *p, const char *end, uint64_t *out)
{
	uint64_t n = 0;
	int digits = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p >= '0' && *p <= '9') {
		uint64_t d = (uint64_t)(*p - '0');

		/* Checked before multiplying: n * 10 could wrap to a small number. */
		if (n > ((1ULL << 62) - d) / 10)
			return -1;
		n = n * 10 + d;
		p++;
		digits++;
	}
	if (!digits)
		return -1;
	while (p < end && *p == ' ')
		p++;
	if (p < end && !(end - p == 2 && p[0] == 'k' && p[1] == 'B'))
		return -1;
	*out = n;
	return 0;
}

int oya_status_parse(const char *buf, size_t len, struct oya_status *st)
{
	const char *p = buf, *end = buf + len;
	int found = 0;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t i;

		if (!eol) /* a truncated last line is not trusted */
			break;
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			const struct field *f = &fields[i];
			uint64_t v;

			if ((size_t)(eol - p) <= f->keylen || memcmp(p, f->key, f->keylen) != 0)
				continue;
			if ((st->have & f->bit) || oya_proc_number(p + f->keylen, eol, &v))
				break;
			memcpy((char *)st + f->off, &v, sizeof(v));
			st->have |= f->bit;
			found++;
			break;
		}
		p = eol + 1;
	}
	return found;
}
