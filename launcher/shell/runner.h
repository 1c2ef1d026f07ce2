/* A whole run in the calling thread (oya_run and the background thread). */
#ifndef OYA_RUNNER_H
#define OYA_RUNNER_H

#include "config_priv.h"

oya_error oya_run_blocking(const struct oya_config *cfg, oya_summary **out);

#endif
