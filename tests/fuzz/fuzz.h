/* Shared by the libFuzzer harnesses and the corpus replay main. */
#ifndef OYA_FUZZ_H
#define OYA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property is a finding: stop here so that libFuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                                \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
				#cond);                                                 \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* A NUL-terminated heap copy of exactly LEN bytes plus the NUL, so that ASan sees
 * any read past the string. NULL when out of memory (the input is then skipped). */
static inline char *fuzz_strndup(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);

	if (s) {
		if (len)
			memcpy(s, data, len);
		s[len] = '\0';
	}
	return s;
}

/* Split the input at NUL bytes: field I (from 0) into *OUT as a heap string, NULL
 * when the input has fewer fields. Returns the number of fields filled. */
static inline size_t fuzz_split(const uint8_t *data, size_t size, char **out, size_t nout)
{
	size_t n = 0, start = 0, i;

	for (i = 0; i <= size && n < nout; i++) {
		if (i == size || data[i] == '\0') {
			out[n++] = fuzz_strndup(data + start, i - start);
			start = i + 1;
			if (i == size)
				break;
		}
	}
	for (i = n; i < nout; i++)
		out[i] = NULL;
	return n;
}

/* Strict UTF-8 check (no overlongs, no surrogates, nothing above U+10FFFF),
 * written apart from the code under test so that the two can disagree. */
static inline int fuzz_valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t len, k;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3fu);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

#endif
