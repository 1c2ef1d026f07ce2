/* oya_path_expand and oya_path_absolute over any template, host, exe and cwd.
 * Input: two bytes for the buffer size, then template, host, exe and cwd
 * separated by NUL bytes. */
#include <limits.h>

#include "fuzz.h"
#include "path_template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *f[4], *expanded = NULL, *absolute = NULL;
	struct oya_path_vars vars = { 4242, 65534, NULL, NULL };
	const char *why = NULL;
	size_t cap, i;
	long n, m;

	if (size < 2)
		return 0;
	cap = (size_t)data[0] << 8 | data[1];
	if (cap == 0xffff)
		cap = PATH_MAX;
	cap %= PATH_MAX + 1;
	fuzz_split(data + 2, size - 2, f, 4);
	if (!f[0])
		goto out;
	expanded = malloc(cap ? cap : 1);
	absolute = malloc(PATH_MAX);
	if (!expanded || !absolute)
		goto out;
	vars.host = f[1];
	vars.exe = f[2];
	n = oya_path_expand(expanded, cap, f[0], &vars, &why);
	if (n < 0) {
		FUZZ_CHECK(n == -1 && why && why[0]);
		goto out;
	}
	FUZZ_CHECK((size_t)n < cap && strlen(expanded) == (size_t)n);
	/* Host and exe names cannot add directories: every '/' comes from the template. */
	if (!strchr(f[0], '/'))
		FUZZ_CHECK(!strchr(expanded, '/'));
	/* Without '%' the template is copied as it is. */
	if (!strchr(f[0], '%'))
		FUZZ_CHECK(!strcmp(expanded, f[0]));

	m = oya_path_absolute(absolute, PATH_MAX, expanded, f[3] ? f[3] : "/");
	if (m >= 0) {
		FUZZ_CHECK(absolute[0] == '/' && strlen(absolute) == (size_t)m && (size_t)m < PATH_MAX);
		if (expanded[0] == '/')
			FUZZ_CHECK(!strcmp(absolute, expanded));
	} else {
		FUZZ_CHECK(m == -1);
		FUZZ_CHECK(expanded[0] != '/' || strlen(expanded) >= PATH_MAX);
	}
out:
	free(expanded);
	free(absolute);
	for (i = 0; i < 4; i++)
		free(f[i]);
	return 0;
}
