/* The launcher's messages on stderr. */
#ifndef OYA_NOTE_H
#define OYA_NOTE_H

#include "config_priv.h"

/* Write MSG to stderr as "PREFIX: MSG\n" in one write. */
__attribute__((format(printf, 2, 3))) void oya_note(const struct oya_config *cfg, const char *fmt, ...);

#endif
