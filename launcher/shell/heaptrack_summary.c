/*
 * One pass of oya's reader gives every heaptrack figure of a summary; heaptrack_print
 * runs only when the reader refuses the file's version, and the object says so.
 */
#include "heaptrack_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heaptrack_data.h"
#include "heaptrack_file.h"
#include "heaptrack_json.h"
#include "summary.h"

static json_object *from_print(const char *data_file, const char *why, struct oya_heaptrack *h)
{
	json_object *o;
	char note[512];

	oya_heaptrack_release(h);
	memset(h, 0, sizeof(*h));
	oya_heaptrack_read(data_file, h);
	if (!h->complete) {
		char was[sizeof(h->problem)];

		snprintf(was, sizeof(was), "%s", h->problem);
		/* cut to fit: the reader's words first */
		if (snprintf(h->problem, sizeof(h->problem), "%s; heaptrack_print: %s", why, was) < 0)
			snprintf(h->problem, sizeof(h->problem), "%s", was);
	}
	o = oya_heaptrack_json(h);
	snprintf(note, sizeof(note), "%s: the figures are heaptrack_print's", why);
	if (o && (json_object_object_add(o, "figures_from", json_object_new_string("heaptrack_print")) ||
		  json_object_object_add(o, "reader_problem", oya_json_text(note)))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

json_object *oya_heaptrack_summary(const char *data_file, int64_t anchor_ms, struct oya_heaptrack *h)
{
	const struct oya_htr_result *res;
	json_object *o = NULL;
	oya_htr *r;

	memset(h, 0, sizeof(*h));
	h->data_file = strdup(data_file);
	r = oya_heaptrack_file_read(data_file);
	if (!h->data_file || !r)
		goto out;
	res = oya_htr_finish(r);
	if (res->unknown_version) {
		o = from_print(data_file, res->problem, h);
		goto out;
	}
	oya_htr_figures(res, h);
	o = oya_htr_json(r, data_file, anchor_ms);
out:
	oya_htr_free(r);
	return o;
}
