/* Growing allocation sites as text: a site is told by its innermost frames. */
#include "text_sites.h"

#include <stdio.h>
#include <string.h>

#include "json_member.h"

static const char *str_of(const json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static json_object *frame_of(const json_object *site, size_t i)
{
	json_object *f = oya_json_member(site, "frames");

	if (!f || !json_object_is_type(f, json_type_array) || i >= json_object_array_length(f))
		return NULL;
	return json_object_array_get_idx(f, i);
}

static void frame_line(struct oya_text *t, const json_object *f)
{
	const char *fn = str_of(f, "function"), *loc = str_of(f, "location"), *mod = str_of(f, "module");

	oya_text_printf(t, "      ");
	oya_text_inert(t, fn ? fn : "??", 60, 0);
	oya_text_printf(t, "  ");
	oya_text_inert(t, loc ? loc : mod ? mod : "", 70, 0);
	oya_text_printf(t, "\n");
}

/* One site: growth, live bytes at the end, allocations, the reason, a few frames. */
static void site_text(struct oya_text *t, const json_object *s, size_t nframes)
{
	char rate[OYA_HUMAN_MAX], live[OYA_HUMAN_MAX];
	json_object *g = oya_json_member(s, "growth_bytes_per_hour"),
		    *l = oya_json_member(s, "live_end_bytes");
	json_object *a = oya_json_member(s, "allocations");
	const char *why = str_of(s, "reason");

	oya_human_rate(rate, sizeof(rate), g ? json_object_get_double(g) / 1024.0 : 0);
	oya_human_bytes(live, sizeof(live), l ? json_object_get_double(l) : 0);
	oya_text_printf(t, "  %s, %s in use at the end, %lld allocations: ", rate, live,
			a ? (long long)json_object_get_int64(a) : 0LL);
	oya_text_inert(t, why ? why : "", 160, 0);
	oya_text_printf(t, "\n");
	for (size_t i = 0; i < nframes && frame_of(s, i); i++)
		frame_line(t, frame_of(s, i));
}

void oya_text_growing_sites(struct oya_text *t, const json_object *ht)
{
	json_object *a = oya_json_member(ht, "growing_sites"), *m = oya_json_member(ht, "growing_sites_more");
	size_t n, more;

	if (!a || !json_object_is_type(a, json_type_array))
		return;
	n = json_object_array_length(a);
	more = m && json_object_is_type(m, json_type_int) ? (size_t)json_object_get_int64(m) : 0;
	if (!n) {
		oya_text_printf(t, "  growing allocation sites: none\n");
		return;
	}
	oya_text_printf(
		t, "  growing allocation sites (%zu, the fastest first; rule: README, \"Growing sites\"):\n",
		n + more);
	for (size_t i = 0; i < n && i < OYA_TEXT_SITES_SHOWN; i++)
		site_text(t, json_object_array_get_idx(a, i), OYA_TEXT_SITE_FRAMES);
	if (n + more > OYA_TEXT_SITES_SHOWN)
		oya_text_printf(t, "  (%zu more; --json and --html list them with full stacks)\n",
				n + more - OYA_TEXT_SITES_SHOWN);
}

static bool same_site(const json_object *x, const json_object *y)
{
	const json_object *fx = frame_of(x, 0), *fy = frame_of(y, 0);
	const char *ax = str_of(fx, "function"), *ay = str_of(fy, "function");
	const char *lx = str_of(fx, "location"), *ly = str_of(fy, "location");

	if (!ax || !ay || strcmp(ax, ay) != 0)
		return false;
	return (!lx && !ly) || (lx && ly && strcmp(lx, ly) == 0);
}

json_object *oya_new_growing_sites(const json_object *base_ht, const json_object *now_ht)
{
	json_object *b = oya_json_member(base_ht, "growing_sites"),
		    *a = oya_json_member(now_ht, "growing_sites");
	json_object *out = json_object_new_array();
	size_t nb = b && json_object_is_type(b, json_type_array) ? json_object_array_length(b) : 0;

	if (!out || !a || !json_object_is_type(a, json_type_array))
		return out;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *s = json_object_array_get_idx(a, i);
		bool old = false;

		for (size_t k = 0; k < nb && !old; k++)
			old = same_site(s, json_object_array_get_idx(b, k));
		if (!old && json_object_array_add(out, json_object_get(s))) {
			json_object_put(s);
			json_object_put(out);
			return NULL;
		}
	}
	return out;
}

char *oya_text_new_growing(const json_object *base_ht, const json_object *now_ht)
{
	json_object *a = oya_new_growing_sites(base_ht, now_ht);
	struct oya_text t = { 0 };

	if (!a)
		return NULL;
	oya_text_printf(&t, "%s", "");
	if (json_object_array_length(a))
		oya_text_printf(&t, "\nallocation sites that grow in NEW and did not in BASE (heaptrack):\n");
	for (size_t i = 0; i < json_object_array_length(a); i++)
		site_text(&t, json_object_array_get_idx(a, i), OYA_TEXT_SITE_FRAMES);
	json_object_put(a);
	return oya_text_take(&t);
}
