#include "smaps_rollup.h"

#include <string.h>

#include "status.h"

struct field {
	const char *key; /* including the colon */
	size_t keylen;
	unsigned bit;
	size_t off; /* offset of the uint64_t in struct oya_rollup */
};

#define F(k, b, m)                                                  \
	{                                                           \
		k, sizeof(k) - 1, b, offsetof(struct oya_rollup, m) \
	}
static const struct field fields[] = {
	F("Pss:", OYA_RU_PSS, pss_kb),
	F("Pss_Anon:", OYA_RU_PSS_ANON, pss_anon_kb),
	F("Pss_File:", OYA_RU_PSS_FILE, pss_file_kb),
	F("Pss_Shmem:", OYA_RU_PSS_SHMEM, pss_shmem_kb),
	F("Private_Clean:", OYA_RU_PRIVATE_CLEAN, private_clean_kb),
	F("Private_Dirty:", OYA_RU_PRIVATE_DIRTY, private_dirty_kb),
	F("SwapPss:", OYA_RU_SWAP_PSS, swap_pss_kb),
};
#undef F

/* The field whose key starts the line [P, EOL), or NULL. Keys are whole words:
 * "Pss:" does not match "Pss_Dirty:". */
static const struct field *field_of(const char *p, const char *eol)
{
	size_t i, n = (size_t)(eol - p);

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (n > fields[i].keylen && !memcmp(p, fields[i].key, fields[i].keylen))
			return &fields[i];
	return NULL;
}

int oya_rollup_parse(const char *buf, size_t len, struct oya_rollup *r)
{
	const char *p = buf, *end = buf + len;
	unsigned dup = 0;
	int found = 0;

	memset(r, 0, sizeof(*r));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const struct field *f;
		uint64_t v;

		if (!eol) /* a truncated last line is not trusted */
			break;
		f = field_of(p, eol);
		if (f && !(dup & f->bit)) {
			if ((r->have & f->bit) || oya_proc_number(p + f->keylen, eol, &v)) {
				/* two values for one key: neither is believed */
				dup |= f->bit;
				if (r->have & f->bit) {
					r->have &= ~f->bit;
					memset((char *)r + f->off, 0, sizeof(v));
					found--;
				}
			} else {
				memcpy((char *)r + f->off, &v, sizeof(v));
				r->have |= f->bit;
				found++;
			}
		}
		p = eol + 1;
	}
	return found;
}

uint64_t oya_rollup_uss_kb(const struct oya_rollup *r)
{
	if ((r->have & OYA_RU_USS) != OYA_RU_USS)
		return 0;
	return r->private_clean_kb + r->private_dirty_kb;
}
