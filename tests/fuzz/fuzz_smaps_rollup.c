/* fuzz-needs: oya_rollup_parse oya_rollup_uss_kb
 * oya_rollup_parse over any bytes: never reads outside the buffer, and what it
 * reports agrees with itself. */
#include "fuzz.h"
#include "smaps_rollup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A heap copy of exactly SIZE bytes, so that ASan sees any read past it. */
	char *buf = malloc(size ? size : 1);
	struct oya_rollup r;
	unsigned bits;
	int n, count = 0;

	if (!buf)
		return 0;
	if (size)
		memcpy(buf, data, size);
	memset(&r, 0xa5, sizeof(r)); /* the parser must clear what it does not find */
	n = oya_rollup_parse(buf, size, &r);
	for (bits = r.have; bits; bits &= bits - 1)
		count++;
	FUZZ_CHECK(n == count);
	FUZZ_CHECK((r.have & ~0x7fu) == 0);
	/* Numbers above 2^62 are refused, so USS (a sum of two) cannot overflow. */
	FUZZ_CHECK(r.pss_kb <= (1ULL << 62) && r.pss_anon_kb <= (1ULL << 62));
	FUZZ_CHECK(r.pss_file_kb <= (1ULL << 62) && r.pss_shmem_kb <= (1ULL << 62));
	FUZZ_CHECK(r.private_clean_kb <= (1ULL << 62) && r.private_dirty_kb <= (1ULL << 62));
	FUZZ_CHECK(r.swap_pss_kb <= (1ULL << 62));
	if (!(r.have & OYA_RU_PSS))
		FUZZ_CHECK(r.pss_kb == 0);
	if ((r.have & OYA_RU_USS) != OYA_RU_USS)
		FUZZ_CHECK(oya_rollup_uss_kb(&r) == 0);
	else
		FUZZ_CHECK(oya_rollup_uss_kb(&r) == r.private_clean_kb + r.private_dirty_kb);
	/* Without a newline no line is whole, so nothing is found. */
	if (!memchr(buf, '\n', size))
		FUZZ_CHECK(n == 0);
	free(buf);
	return 0;
}
