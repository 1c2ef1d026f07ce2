#include "stop_reason.h"

#include <stddef.h>

static const char *const names[] = {
	[OYA_STOP_NONE] = NULL,
	[OYA_STOP_EXITED] = "exited",
	[OYA_STOP_SIGNALED] = "signaled",
	[OYA_STOP_DURATION_LIMIT] = "duration_limit",
	[OYA_STOP_INTERRUPTED] = "interrupted",
	[OYA_STOP_DISK_LIMIT] = "disk_limit",
	[OYA_STOP_HEAPTRACK_FAILED] = "heaptrack_failed",
	[OYA_STOP_DETACHED] = "detached",
};

const char *oya_stop_reason_name(enum oya_stop_reason r)
{
	if ((unsigned)r >= sizeof(names) / sizeof(names[0]))
		return NULL;
	return names[r];
}

bool oya_stop_is_limit(enum oya_stop_reason r)
{
	return r == OYA_STOP_DURATION_LIMIT || r == OYA_STOP_DISK_LIMIT;
}
