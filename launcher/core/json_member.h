/* Lookups in JSON objects read from input (summaries, heaptrack figures): NULL and wrong types are
   answered "absent", never a crash. Pure. */
#ifndef OYA_JSON_MEMBER_H
#define OYA_JSON_MEMBER_H

#include <stdbool.h>
#include <json-c/json.h>

/* The member KEY of O (borrowed), or NULL when O is NULL, not an object, or has no such member. */
json_object *oya_json_member(const json_object *o, const char *key);

/* True when the member KEY of O is a number (integer or double); its value is put in *OUT. */
bool oya_json_number(const json_object *o, const char *key, double *out);

/* The string member KEY of O copied into *OUT (left as it is when absent or not a string).
   0, or -1 when out of memory. */
int oya_json_strdup(const json_object *o, const char *key, char **out);

#endif
