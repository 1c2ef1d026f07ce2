/* fuzz-needs: oya_pev_parse oya_pev_request
 * The process events parser over any bytes (a datagram from the connector socket): never reads
 * outside the input, passes no more events than it counts and no more than the input can hold,
 * and every event it passes is of a known kind. A subscribe request is not an event datagram. */
#include "fuzz.h"
#include "proc_events.h"

struct tally {
	int n;
};

static void check(void *ctx, const struct oya_pev *e)
{
	struct tally *t = ctx;

	FUZZ_CHECK(e->kind >= OYA_PEV_ACK && e->kind <= OYA_PEV_OTHER);
	if (e->kind != OYA_PEV_EXIT && e->kind != OYA_PEV_FORK)
		FUZZ_CHECK(e->ppid == 0 && e->ptid == 0);
	t->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tally t = { 0 };
	unsigned char *copy = malloc(size ? size : 1), req[OYA_PEV_REQUEST_MAX];
	uint32_t mask = 0;
	size_t len;
	int n;

	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size); /* exactly SIZE bytes: ASan sees a read past them */
	n = oya_pev_parse(copy, size, check, &t);
	FUZZ_CHECK(n >= -1);
	if (n >= 0)
		FUZZ_CHECK(n == t.n);
	FUZZ_CHECK((size_t)t.n <= size / 16);
	free(copy);
	if (size >= 4)
		memcpy(&mask, data, 4);
	len = oya_pev_request(req, sizeof(req), size & 1, mask, 1, 2, 3);
	FUZZ_CHECK(len == (mask ? 44u : 40u));
	FUZZ_CHECK(oya_pev_parse(req, len, NULL, NULL) == -1);
	return 0;
}
