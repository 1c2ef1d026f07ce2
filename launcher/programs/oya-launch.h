/* oya-launch's parts beside its main. */
#ifndef OYA_LAUNCH_CLI_H
#define OYA_LAUNCH_CLI_H

#include <stdbool.h>

/* --fail-on-leak: read the summary JSON at PATH; true (and the reason on stderr) when it suspects
 * a leak. An unreadable summary is said on stderr and counts as no verdict (false). */
bool oya_launch_leak_gate(const char *path);

#endif
