/* oya_utf8_len: the one UTF-8 validator of the preload, the summary readers and the renderers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

struct utf8_case {
	const char *bytes;
	size_t n;       /* bytes available to the validator */
	size_t want;    /* expected length, 0: invalid */
};

static void check(const struct utf8_case *c, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		size_t got = oya_utf8_len((const unsigned char *)c[i].bytes, c[i].n);

		if (got != c[i].want)
			fail_msg("case %zu: oya_utf8_len gave %zu, wanted %zu", i, got, c[i].want);
	}
}

static void test_valid(void **state)
{
	static const struct utf8_case c[] = {
		{ "A", 1, 1 },
		{ "\x7f", 1, 1 },
		{ "\xc2\x80", 2, 2 },             /* U+0080, the smallest two-byte form */
		{ "\xc3\xa9xyz", 5, 2 },          /* only the first sequence counts */
		{ "\xdf\xbf", 2, 2 },             /* U+07FF */
		{ "\xe0\xa0\x80", 3, 3 },         /* U+0800 */
		{ "\xe2\x82\xac", 3, 3 },         /* U+20AC euro sign */
		{ "\xed\x9f\xbf", 3, 3 },         /* U+D7FF, just below the surrogates */
		{ "\xee\x80\x80", 3, 3 },         /* U+E000, just above them */
		{ "\xef\xbf\xbd", 3, 3 },         /* U+FFFD */
		{ "\xf0\x90\x80\x80", 4, 4 },     /* U+10000 */
		{ "\xf0\x9f\x98\x80", 4, 4 },     /* U+1F600 */
		{ "\xf4\x8f\xbf\xbf", 4, 4 },     /* U+10FFFF, the last code point */
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void test_overlong(void **state)
{
	static const struct utf8_case c[] = {
		{ "\xc0\x80", 2, 0 },             /* NUL in two bytes */
		{ "\xc1\xbf", 2, 0 },             /* U+007F in two bytes */
		{ "\xe0\x80\x80", 3, 0 },         /* NUL in three */
		{ "\xe0\x9f\xbf", 3, 0 },         /* U+07FF in three */
		{ "\xf0\x80\x80\x80", 4, 0 },     /* NUL in four */
		{ "\xf0\x8f\xbf\xbf", 4, 0 },     /* U+FFFF in four */
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void test_surrogates_and_range(void **state)
{
	static const struct utf8_case c[] = {
		{ "\xed\xa0\x80", 3, 0 },         /* U+D800 */
		{ "\xed\xbf\xbf", 3, 0 },         /* U+DFFF */
		{ "\xf4\x90\x80\x80", 4, 0 },     /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },     /* lead bytes f5..ff never start a sequence */
		{ "\xf7\xbf\xbf\xbf", 4, 0 },
		{ "\xf8\x88\x80\x80\x80", 5, 0 }, /* the old five-byte form */
		{ "\xff", 1, 0 },
		{ "\xfe", 1, 0 },
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void test_truncated_and_broken(void **state)
{
	static const struct utf8_case c[] = {
		{ "\x80", 1, 0 },                 /* a continuation byte alone */
		{ "\xbf", 1, 0 },
		{ "\xc3", 1, 0 },                 /* cut by the end of the buffer */
		{ "\xe2\x82", 2, 0 },
		{ "\xf0\x9f\x98", 3, 0 },
		{ "\xe2\x82\xac", 2, 0 },         /* the bytes exist but are past N */
		{ "\xc3(", 2, 0 },                /* the second byte is not a continuation */
		{ "\xe2\x28\xac", 3, 0 },
		{ "\xe2\x82\x28", 3, 0 },
		{ "\xf0\x9f\x98\x28", 4, 0 },
	};

	(void)state;
	check(c, sizeof(c) / sizeof(c[0]));
}

static void test_c1(void **state)
{
	(void)state;
	assert_true(oya_utf8_is_c1((const unsigned char *)"\xc2\x80", 2));
	assert_true(oya_utf8_is_c1((const unsigned char *)"\xc2\x9f", 2));
	assert_false(oya_utf8_is_c1((const unsigned char *)"\xc2\xa0", 2));   /* no-break space */
	assert_false(oya_utf8_is_c1((const unsigned char *)"\xc3\x80", 2));
	assert_false(oya_utf8_is_c1((const unsigned char *)"\x1b", 1));      /* C0 is not C1 */
}

/* Every two-byte input against the definition: lead c2..df and a continuation byte. */
static void test_all_two_byte(void **state)
{
	(void)state;
	for (unsigned a = 0x80; a < 0x100; a++) {
		for (unsigned b = 0; b < 0x100; b++) {
			unsigned char s[2] = { (unsigned char)a, (unsigned char)b };
			size_t want = a >= 0xc2 && a <= 0xdf && (b & 0xc0) == 0x80 ? 2 : 0;

			if (a >= 0xe0)
				continue; /* longer sequences: cut off here, covered above */
			if (oya_utf8_len(s, 2) != want)
				fail_msg("%02x %02x: wanted %zu", a, b, want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_overlong),
		cmocka_unit_test(test_surrogates_and_range),
		cmocka_unit_test(test_truncated_and_broken),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_all_two_byte),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
