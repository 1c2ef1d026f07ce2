#include "unfreed.h"

#include <string.h>

enum oya_unfreed oya_unfreed_kind(const char *stop_reason)
{
	if (!stop_reason)
		return OYA_UNFREED_UNKNOWN;
	if (!strcmp(stop_reason, "exited") || !strcmp(stop_reason, "signaled"))
		return OYA_UNFREED_LEAKED;
	return OYA_UNFREED_IN_USE;
}

const char *oya_unfreed_label(enum oya_unfreed k)
{
	switch (k) {
	case OYA_UNFREED_IN_USE: return "in use when stopped";
	default: return "leaked at exit";
	}
}

const char *oya_unfreed_meaning(enum oya_unfreed k)
{
	switch (k) {
	case OYA_UNFREED_LEAKED: return "leaked memory by heaptrack: stronger evidence than RSS growth";
	case OYA_UNFREED_IN_USE:
		return "memory still in use when the program was stopped, not evidence of a leak";
	default: return "leaked memory by heaptrack: leak evidence if the program ended by itself";
	}
}
