/* UTF-8 validation, shared by the preload's JSON escaping and the readers and renderers. Pure. */
#ifndef OYA_UTF8_H
#define OYA_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Length (1..4) of the valid UTF-8 sequence at S, which has N > 0 bytes left; 0 when it is not
 * valid: a stray continuation byte, an overlong form, a surrogate (U+D800..U+DFFF), a code point
 * above U+10FFFF, or a sequence cut off by the end of the buffer.
 */
size_t oya_utf8_len(const unsigned char *s, size_t n);

/* True when the LEN-byte sequence at S (valid, from oya_utf8_len) is a C1 control, U+0080..U+009F. */
static inline bool oya_utf8_is_c1(const unsigned char *s, size_t len)
{
	return len == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

#endif
