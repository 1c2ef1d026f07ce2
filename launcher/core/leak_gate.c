/* The leak gate: the tree's verdict or a growing site, said in words. */
#include "leak_gate.h"

#include <stdio.h>

#include "heaptrack_json.h"
#include "json_member.h"

bool oya_leak_gate(const json_object *summary, char *why, size_t cap)
{
	json_object *v = oya_json_member(summary, "leak_suspected"),
		    *r = oya_json_member(summary, "leak_reason");
	bool tree = v && json_object_is_type(v, json_type_boolean) && json_object_get_boolean(v);
	char fn[128];
	size_t n = oya_htr_json_growing(oya_json_member(summary, "heaptrack"), fn, sizeof(fn));
	int k = 0;

	if (cap)
		why[0] = '\0';
	if (tree && cap)
		k = snprintf(why, cap, "the tree's RSS grows (%s)",
			     r && json_object_is_type(r, json_type_string) ? json_object_get_string(r)
									   : "no reason given");
	if (n && cap && k >= 0 && (size_t)k < cap)
		snprintf(why + k, cap - (size_t)k,
			 "%s%zu growing allocation site%s (heaptrack), the first in %s", tree ? "; " : "", n,
			 n == 1 ? "" : "s", fn);
	return tree || n > 0;
}
