/* A run's identity: the id that names one run in every line, the summary and the metrics. Pure. */
#ifndef OYA_RUN_ID_H
#define OYA_RUN_ID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest id, with its NUL: a UUID's 36 characters. */
#define OYA_RUN_ID_MAX 37

/* Write the 16 bytes RND as a version 4 UUID ("1b4e28ba-2fa1-41d2-883f-0016d3cca427") into BUF.
   Returns 36, or 0 when CAP is below OYA_RUN_ID_MAX. */
size_t oya_run_id_format(char *buf, size_t cap, const uint8_t rnd[16]);

struct oya_stats;
/* True when the process images of ST come from more than one host: outputs then name the host. */
bool oya_stats_many_hosts(const struct oya_stats *st);
/* The host and the run id of ST: the summary's run facts, else its first image that has them;
   NULL when unknown. Borrowed from ST. */
const char *oya_stats_host(const struct oya_stats *st);
const char *oya_stats_run(const struct oya_stats *st);

#endif
