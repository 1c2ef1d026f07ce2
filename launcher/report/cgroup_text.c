#include "cgroup_text.h"

#include <stdio.h>
#include <string.h>

#include "human.h"
#include "json_member.h"

/* An integer member of O, or -1 when it is null or absent. */
static long long member_int(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	return v && json_object_is_type(v, json_type_int) ? (long long)json_object_get_int64(v) : -1;
}

int oya_cgroup_text(const json_object *cg, char *buf, size_t cap, int *version, const char **path)
{
	long long peak, limit, kills;
	char p[OYA_HUMAN_MAX] = "", l[OYA_HUMAN_MAX] = "none";
	json_object *v;
	size_t n;

	*version = (int)member_int(cg, "version");
	if (*version < 1 || !cap)
		return -1;
	v = oya_json_member(cg, "path");
	*path = v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
	peak = member_int(cg, "peak_bytes");
	limit = member_int(cg, "limit_bytes");
	kills = member_int(cg, "oom_kills");
	if (peak >= 0)
		oya_human_bytes(p, sizeof(p), (double)peak);
	if (limit >= 0)
		oya_human_bytes(l, sizeof(l), (double)limit);
	/* a line holds one moment: the exact peak is only in the launcher's summary */
	snprintf(buf, cap, "%s%s, limit %s", peak >= 0 ? "the kernel's peak " : "peak not in the lines", p,
		 l);
	n = strlen(buf);
	if (kills >= 0 && n < cap)
		snprintf(buf + n, cap - n, ", %lld OOM kill%s%s", kills, kills == 1 ? "" : "s",
			 kills > 0 ? " (the kernel's OOM killer ended a process of the run)" : "");
	return 0;
}
