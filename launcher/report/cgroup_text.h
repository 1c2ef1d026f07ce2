/* The summary's "cgroup" object in words, the same for the table and the HTML report. Pure. */
#ifndef OYA_CGROUP_TEXT_H
#define OYA_CGROUP_TEXT_H

#include <stddef.h>
#include <json-c/json.h>

/*
 * When CG (the summary's "cgroup") names a group: its version in *VERSION, its path in *PATH
 * (from input: the caller escapes it; NULL when unknown), and into BUF the kernel's figures,
 * "the kernel's peak 212.3 MiB, limit 64.0 MiB, 1 OOM kill"; 0. -1 when there was no cgroup.
 */
int oya_cgroup_text(const json_object *cg, char *buf, size_t cap, int *version, const char **path);

#endif
