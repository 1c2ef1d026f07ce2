/* oya-launch --fail-on-leak: the leak gate on the summary the run wrote. */
#include <stdio.h>

#include <json-c/json.h>

#include "leak_gate.h"
#include "oya-launch.h"

bool oya_launch_leak_gate(const char *path)
{
	json_object *doc = path ? json_object_from_file(path) : NULL;
	char why[512];
	bool leak;

	if (!doc) {
		fprintf(stderr, "oya-launch: --fail-on-leak: cannot read the summary %s\n",
			path ? path : "(none)");
		return false;
	}
	leak = oya_leak_gate(doc, why, sizeof(why));
	if (leak)
		fprintf(stderr, "oya-launch: leak suspected: %s\n", why);
	json_object_put(doc);
	return leak;
}
