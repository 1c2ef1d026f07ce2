#include "json_member.h"

#include <stdlib.h>
#include <string.h>

json_object *oya_json_member(const json_object *o, const char *key)
{
	json_object *v = NULL;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

bool oya_json_number(const json_object *o, const char *key, double *out)
{
	json_object *v = oya_json_member(o, key);

	if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
		return false;
	*out = json_object_get_double(v);
	return true;
}

int oya_json_strdup(const json_object *o, const char *key, char **out)
{
	json_object *v = oya_json_member(o, key);

	if (!v || !json_object_is_type(v, json_type_string))
		return 0;
	*out = strdup(json_object_get_string(v));
	return *out ? 0 : -1;
}
