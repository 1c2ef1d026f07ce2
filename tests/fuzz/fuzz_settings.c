/* oya_settings_parse over any environment: the result is always usable (an
 * output, an interval within the bounds) and the warning text stays in its buffer.
 * Input: one byte saying which variables are set, one byte for the warning
 * buffer's size, then the values separated by NUL bytes. */
#include "duration.h"
#include "fuzz.h"
#include "settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v[7];
	const char *val[7];
	struct oya_settings set;
	struct oya_env env;
	char *warn;
	size_t warncap, i;
	unsigned mask;
	int problems;
	uint64_t ms, min;
	const char *why;

	if (size < 2)
		return 0;
	mask = data[0];
	warncap = data[1] == 0xff ? 1024 : data[1];
	fuzz_split(data + 2, size - 2, v, 7);
	for (i = 0; i < 7; i++)
		val[i] = (mask & (1u << i)) ? (v[i] ? v[i] : "") : NULL;
	env.output = val[0];
	env.interval = val[1];
	env.allow_fast = val[2];
	env.disable = val[3];
	env.t0 = val[4];
	env.pss = val[5];
	env.sampler = val[6];
	warn = malloc(warncap ? warncap : 1);
	if (!warn)
		goto out;
	if (warncap)
		memset(warn, 'x', warncap);
	problems = oya_settings_parse(&set, &env, warn, warncap);
	FUZZ_CHECK(problems >= 0 && problems <= 5);
	if (warncap) {
		FUZZ_CHECK(memchr(warn, '\0', warncap) != NULL);
		if (warncap >= 2 && problems == 0)
			FUZZ_CHECK(warn[0] == '\0');
		if (warncap >= 64 && problems > 0)
			FUZZ_CHECK(warn[0] != '\0');
	}
	/* One line per problem: no value can add a line or a control byte. */
	if (warncap == 1024 && size < 200) {
		size_t lines = 0;
		const char *c;

		for (c = warn; *c; c++) {
			FUZZ_CHECK(*c == '\n' || ((unsigned char)*c >= 0x20 && *c != 0x7f));
			lines += *c == '\n';
		}
		FUZZ_CHECK(problems == 0 || lines == (size_t)problems - 1);
	}
	FUZZ_CHECK(set.output != NULL && set.output[0] != '\0');
	FUZZ_CHECK(set.disabled == oya_setting_true(env.disable));
	min = set.allow_fast ? OYA_MIN_FAST_INTERVAL_MS : OYA_MIN_INTERVAL_MS;
	FUZZ_CHECK(set.interval_ms == OYA_DEFAULT_INTERVAL_MS ||
		   (set.interval_ms >= min && set.interval_ms <= OYA_DURATION_MAX_MS));
	/* A valid interval at or above the minimum is taken as given. */
	if (env.interval && !oya_duration_parse(env.interval, &ms, &why) && ms >= min)
		FUZZ_CHECK(set.interval_ms == ms);
	if (env.output && env.output[0])
		FUZZ_CHECK(set.output == env.output);
	if (set.have_t0)
		FUZZ_CHECK(env.t0 != NULL);
	FUZZ_CHECK(set.pss == OYA_PSS_AUTO || set.pss == OYA_PSS_ALWAYS || set.pss == OYA_PSS_OFF);
	if (!env.pss)
		FUZZ_CHECK(set.pss == OYA_PSS_AUTO);
	FUZZ_CHECK(set.edges == (env.sampler && !strcmp(env.sampler, "edges")));
out:
	free(warn);
	for (i = 0; i < 7; i++)
		free(v[i]);
	return 0;
}
