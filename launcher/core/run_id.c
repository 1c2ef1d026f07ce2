#include "run_id.h"
#include "summary.h"
#include "json_member.h"

#include <string.h>

size_t oya_run_id_format(char *buf, size_t cap, const uint8_t rnd[16])
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (cap < OYA_RUN_ID_MAX)
		return 0;
	for (int i = 0; i < 16; i++) {
		uint8_t b = rnd[i];

		if (i == 6)
			b = (uint8_t)((b & 0x0f) | 0x40); /* version 4: random */
		else if (i == 8)
			b = (uint8_t)((b & 0x3f) | 0x80); /* the RFC 4122 variant */
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[o++] = '-';
		buf[o++] = hex[b >> 4];
		buf[o++] = hex[b & 15];
	}
	buf[o] = '\0';
	return o;
}

static bool same(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

bool oya_stats_many_hosts(const struct oya_stats *st)
{
	for (size_t i = 1; i < st->nprocs; i++)
		if (!same(st->procs[i].host, st->procs[0].host))
			return true;
	return false;
}

/* KEY of the summary's run facts, else of the first image that has it. */
static const char *fact(const struct oya_stats *st, const char *key, bool run)
{
	json_object *v = st->doc ? oya_json_member(st->doc, key) : NULL;

	if (v && json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	for (size_t i = 0; i < st->nprocs; i++) {
		const char *s = run ? st->procs[i].run : st->procs[i].host;

		if (s)
			return s;
	}
	return NULL;
}

const char *oya_stats_host(const struct oya_stats *st)
{
	return fact(st, "host", false);
}

const char *oya_stats_run(const struct oya_stats *st)
{
	return fact(st, "run", true);
}
