/* oya_duration_parse over any string, and the round trip
 * parse(format(ms)) == ms for every duration in range. */
#include "duration.h"
#include "fuzz.h"

static void round_trip(uint64_t ms)
{
	char buf[64], small[64];
	const char *why = NULL;
	uint64_t back = 0;
	size_t len, cut;

	len = oya_duration_format(buf, sizeof(buf), ms);
	FUZZ_CHECK(len > 0 && len == strlen(buf));
	FUZZ_CHECK(oya_duration_parse(buf, &back, &why) == 0);
	FUZZ_CHECK(back == ms);
	/* Exactly enough room works; one byte less fails cleanly. */
	FUZZ_CHECK(oya_duration_format(small, len + 1, ms) == len && !strcmp(small, buf));
	cut = oya_duration_format(small, len, ms);
	FUZZ_CHECK(cut == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why = NULL;
	uint64_t ms = 0;
	char *s;

	if (size >= 1 && data[0] == 0xff) { /* a number: the round trip alone */
		uint64_t v = 0;
		size_t i;

		for (i = 1; i < size && i <= 8; i++)
			v = v << 8 | data[i];
		round_trip(v % (OYA_DURATION_MAX_MS + 1));
		return 0;
	}
	s = fuzz_strndup(data, size);
	if (!s)
		return 0;
	if (oya_duration_parse(s, &ms, &why) == 0) {
		FUZZ_CHECK(ms <= OYA_DURATION_MAX_MS);
		FUZZ_CHECK(s[0] >= '0' && s[0] <= '9');
		round_trip(ms);
	} else {
		FUZZ_CHECK(why != NULL && why[0] != '\0');
	}
	free(s);
	return 0;
}
