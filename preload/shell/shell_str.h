/* String helpers of the preload shell, safe in a fork child and in _exit. */
#ifndef OYA_SHELL_STR_H
#define OYA_SHELL_STR_H

#include <stddef.h>

/* The NULL-terminated strings after CAP joined into DST, cut to fit. */
void oya_str_join(char *dst, size_t cap, ...);
/* Copy SRC into DST, cut to fit; returns -1 when it was cut. */
int oya_str_copy(char *dst, size_t cap, const char *src);

#endif
