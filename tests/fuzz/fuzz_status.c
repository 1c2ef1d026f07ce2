/* oya_status_parse over any bytes: never reads outside the buffer, and what it
 * reports agrees with itself. */
#include "fuzz.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oya_status st;
	const unsigned all = OYA_ST_MEMORY | OYA_ST_RSSANON | OYA_ST_RSSFILE | OYA_ST_RSSSHMEM |
			     OYA_ST_VMSWAP | OYA_ST_THREADS | OYA_ST_PPID;
	unsigned bits;
	int n, count = 0;

	memset(&st, 0xa5, sizeof(st)); /* the parser must clear what it does not find */
	n = oya_status_parse((const char *)data, size, &st);
	for (bits = st.have; bits; bits &= bits - 1)
		count++;
	FUZZ_CHECK(n == count);
	FUZZ_CHECK((st.have & ~all) == 0);
	/* Numbers above 2^62 are refused, so sums of a few cannot overflow. */
	FUZZ_CHECK(st.vm_peak_kb <= (1ULL << 62) && st.vm_size_kb <= (1ULL << 62));
	FUZZ_CHECK(st.vm_hwm_kb <= (1ULL << 62) && st.vm_rss_kb <= (1ULL << 62));
	FUZZ_CHECK(st.rss_anon_kb <= (1ULL << 62) && st.rss_file_kb <= (1ULL << 62));
	FUZZ_CHECK(st.rss_shmem_kb <= (1ULL << 62) && st.threads <= (1ULL << 62));
	FUZZ_CHECK(st.vm_swap_kb <= (1ULL << 62));
	if (!(st.have & OYA_ST_VMSWAP))
		FUZZ_CHECK(st.vm_swap_kb == 0);
	FUZZ_CHECK(st.ppid >= 0);
	if (!(st.have & OYA_ST_VMRSS))
		FUZZ_CHECK(st.vm_rss_kb == 0);
	if (!(st.have & OYA_ST_PPID))
		FUZZ_CHECK(st.ppid == 0);
	return 0;
}
