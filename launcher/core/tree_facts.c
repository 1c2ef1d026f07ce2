/* The tree's facts for the summary (tree_facts.h). Pure. */
#include "tree_facts.h"

#include <stdio.h>
#include <string.h>

#include "summary.h"

void oya_tree_facts_unsampled(struct oya_tree_facts *f, const char *exe)
{
	char name[OYA_TREE_NAME_MAX];
	size_t i, n = exe ? strnlen(exe, sizeof(name) - 1) : 0;

	if (!f)
		return;
	memcpy(name, exe ? exe : "", n);
	name[n] = '\0';
	f->unsampled++;
	for (i = 0; i < f->nnames; i++)
		if (!strcmp(f->names[i].exe, name)) {
			f->names[i].images++;
			return;
		}
	if (f->nnames == OYA_TREE_NAMES) {
		f->other++;
		return;
	}
	memcpy(f->names[f->nnames].exe, name, n + 1);
	f->names[f->nnames++].images = 1;
}

/* The names' indexes, most images first (ties in the order they came). */
static void ranked(const struct oya_tree_facts *f, size_t *idx)
{
	size_t i, j;

	for (i = 0; i < f->nnames; i++) {
		for (j = i; j > 0 && f->names[idx[j - 1]].images < f->names[i].images; j--)
			idx[j] = idx[j - 1];
		idx[j] = i;
	}
}

static json_object *u64(uint64_t v)
{
	return json_object_new_int64(v > INT64_MAX ? INT64_MAX : (int64_t)v);
}

static json_object *names_json(const struct oya_tree_facts *f)
{
	json_object *a = json_object_new_array();
	size_t idx[OYA_TREE_NAMES] = { 0 }, i;

	if (!a)
		return NULL;
	ranked(f, idx);
	for (i = 0; i < f->nnames; i++) {
		const struct oya_tree_name *nm = &f->names[idx[i]];
		json_object *o = json_object_new_object();
		int fail = !o;

		if (o) {
			fail |= json_object_object_add(o, "exe", nm->exe[0] ? oya_json_text(nm->exe) : NULL);
			fail |= json_object_object_add(o, "images", u64(nm->images));
		}
		if (fail || json_object_array_add(a, o)) {
			json_object_put(o);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

json_object *oya_tree_facts_json(const struct oya_tree_facts *f)
{
	json_object *o = json_object_new_object(), *names;
	int fail = 0;

	if (!o || !f) {
		json_object_put(o);
		return NULL;
	}
	names = names_json(f);
	fail |= !names;
	fail |= json_object_object_add(o, "followed_by",
				       f->followed_by ? json_object_new_string(f->followed_by) : NULL);
	fail |= json_object_object_add(o, "sampler", f->sampler ? json_object_new_string(f->sampler) : NULL);
	fail |= json_object_object_add(o, "processes", u64(f->processes));
	fail |= json_object_object_add(o, "unsampled_images", u64(f->unsampled));
	fail |= json_object_object_add(o, "unsampled", names);
	fail |= json_object_object_add(o, "unsampled_other_images", u64(f->other));
	if (fail) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

size_t oya_tree_facts_text(char *buf, size_t cap, const struct oya_tree_facts *f, size_t max)
{
	size_t idx[OYA_TREE_NAMES] = { 0 }, i, len = 0, shown = 0;
	uint64_t more;
	int n;

	if (!buf || !cap)
		return 0;
	buf[0] = '\0';
	if (!f || !f->unsampled)
		return 0;
	more = f->other;
	ranked(f, idx);
	for (i = 0; i < f->nnames; i++) {
		const struct oya_tree_name *nm = &f->names[idx[i]];

		if (shown == max) {
			more += nm->images;
			continue;
		}
		if (nm->exe[0])
			n = snprintf(buf + len, cap - len, "%s%s %llu", shown ? ", " : "", nm->exe,
				     (unsigned long long)nm->images);
		else
			n = snprintf(buf + len, cap - len, "%s%llu unnamed", shown ? ", " : "",
				     (unsigned long long)nm->images);
		shown++;
		if (n < 0 || (size_t)n >= cap - len)
			return strlen(buf);
		len += (size_t)n;
	}
	if (more) {
		n = snprintf(buf + len, cap - len, "%s%llu more", shown ? ", and " : "",
			     (unsigned long long)more);
		if (n < 0 || (size_t)n >= cap - len)
			return strlen(buf);
		len += (size_t)n;
	}
	return len;
}
