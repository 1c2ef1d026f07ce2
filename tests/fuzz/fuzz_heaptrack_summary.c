/* fuzz-needs: oya_heaptrack_parse_summary oya_heaptrack_release
 * The reader of heaptrack_print's text output over any bytes. */
#include "fuzz.h"
#include "heaptrack_data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oya_heaptrack h;
	int r;

	memset(&h, 0, sizeof(h));
	r = oya_heaptrack_parse_summary((const char *)data, size, &h);
	FUZZ_CHECK(r == 0 || r == -1);
	FUZZ_CHECK(memchr(h.problem, '\0', sizeof(h.problem)) != NULL);
	oya_heaptrack_release(&h);
	return 0;
}
