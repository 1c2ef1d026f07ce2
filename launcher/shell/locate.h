/* Finding the programs a run needs: the command on PATH, heaptrack, the preload, oya-exec. */
#ifndef OYA_LOCATE_H
#define OYA_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "config_priv.h"

/* Find NAME as execvp would (a NAME with a '/' is taken as it is). 0 with DST
 * set; else ENOENT (not found) or the errno of the best candidate (found, not
 * executable). */
int oya_resolve(const char *name, char *dst, size_t cap);

/* An ELF file without a program interpreter? */
bool oya_is_static(const char *path);

/* Where is liboya_preload.so? See oya_config_set_preload. */
oya_error oya_find_preload(const struct oya_config *cfg, char *dst, size_t cap);

/* Where is oya-exec (statically linked), given the preload's path? */
oya_error oya_find_exec_helper(const char *preload, char *dst, size_t cap);

#endif
