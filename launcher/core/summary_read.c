/*
 * Reading a summary JSON back (oya-summary takes a summary file wherever it
 * takes a JSONL file, and --diff compares two).
 */
#include "summary_int.h"
#include "utf8.h"
#include "json_member.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

__attribute__((format(printf, 3, 4))) static void say(char *err, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (!err || !cap)
		return;
	va_start(ap, fmt);
	vsnprintf(err, cap, fmt, ap);
	va_end(ap);
}

static bool is_num(json_object *v)
{
	return json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double);
}

/* A count or size: missing, null or negative -> 0. */
static uint64_t u64_of(json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);
	int64_t x;

	if (!v || !is_num(v))
		return 0;
	if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);

		return d > 0 && d < 9.2e18 ? (uint64_t)d : 0;
	}
	x = json_object_get_int64(v);
	return x > 0 ? (uint64_t)x : 0;
}

static double dbl_of(json_object *o, const char *key)
{
	double d;

	return oya_json_number(o, key, &d) ? d : 0;
}

static int64_t time_of(json_object *o, const char *key)
{
	json_object *v = oya_json_member(o, key);
	int64_t ms;

	if (!v || !json_object_is_type(v, json_type_string) ||
	    oya_timestamp_parse(json_object_get_string(v), (size_t)json_object_get_string_len(v), &ms))
		return 0;
	return ms;
}

static void leak_of(json_object *o, struct oya_leak *l)
{
	json_object *v = oya_json_member(o, "leak_reason"), *g = oya_json_member(o, "growth_kb_per_hour");

	/* null: too little data to judge (a summary written before that rule has a number) */
	l->enough_data = g && is_num(g);
	l->growth_kb_per_hour = l->enough_data ? json_object_get_double(g) : 0;
	l->leak_suspected = json_object_get_boolean(oya_json_member(o, "leak_suspected"));
	if (v && json_object_is_type(v, json_type_string))
		snprintf(l->reason, sizeof(l->reason), "%s", json_object_get_string(v));
	v = oya_json_member(o, "leak_measure");
	if (v && json_object_is_type(v, json_type_string) &&
	    (!strcmp(json_object_get_string(v), "pss") || !strcmp(json_object_get_string(v), "rss")))
		memcpy(l->measure, json_object_get_string(v), 4);
}

/* "NAME_kb" {min,avg,p50,p95,max} into D; absent or null: D->have false. */
static void dist_read(json_object *o, const char *name, struct oya_dist *d)
{
	json_object *v;
	char key[32];

	memset(d, 0, sizeof(*d));
	snprintf(key, sizeof(key), "%s_kb", name);
	v = oya_json_member(o, key);
	if (!v || !json_object_is_type(v, json_type_object))
		return;
	d->have = true;
	d->min = u64_of(v, "min");
	d->avg = dbl_of(v, "avg");
	d->p50 = u64_of(v, "p50");
	d->p95 = u64_of(v, "p95");
	d->max = u64_of(v, "max");
}

static int proc_of(json_object *o, struct oya_proc *p)
{
	json_object *v, *rss = oya_json_member(o, "rss_kb");

	memset(p, 0, sizeof(*p));
	v = oya_json_member(o, "pid");
	p->pid = v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : 0;
	v = oya_json_member(o, "ppid");
	p->ppid = v && json_object_is_type(v, json_type_int) ? json_object_get_int64(v) : -1;
	v = oya_json_member(o, "exe");
	if (v && json_object_is_type(v, json_type_string) && !(p->exe = strdup(json_object_get_string(v))))
		return -1;
	if (oya_json_strdup(o, "host", &p->host) || oya_json_strdup(o, "run", &p->run))
		return -1;
	v = oya_json_member(o, "source");
	if (v && json_object_is_type(v, json_type_string))
		snprintf(p->source, sizeof(p->source), "%s", json_object_get_string(v));
	v = oya_json_member(o, "cmdline");
	if (v && json_object_is_type(v, json_type_string) &&
	    !(p->cmdline = strdup(json_object_get_string(v))))
		return -1;
	v = oya_json_member(o, "outside");
	if (v && json_object_is_type(v, json_type_string) &&
	    !(p->outside = strdup(json_object_get_string(v))))
		return -1;
	p->samples = u64_of(o, "samples");
	p->lost_samples = u64_of(o, "lost_samples");
	p->first_ms = time_of(o, "first_at");
	p->last_ms = time_of(o, "last_at");
	p->saw_exit = json_object_get_boolean(oya_json_member(o, "exited"));
	if (rss && json_object_is_type(rss, json_type_object)) {
		p->rss_min = u64_of(rss, "min");
		p->rss_max = u64_of(rss, "max");
		p->rss_avg = dbl_of(rss, "avg");
		p->rss_p50 = u64_of(rss, "p50");
		p->rss_p95 = u64_of(rss, "p95");
		p->rss_first = u64_of(rss, "first");
		p->rss_last = u64_of(rss, "last");
	}
	v = oya_json_member(o, "vm_size_kb");
	if (v && json_object_is_type(v, json_type_object))
		p->vm_size_max = u64_of(v, "max");
	p->vm_peak_kb = u64_of(o, "vm_peak_kb");
	p->vm_hwm_kb = u64_of(o, "vm_hwm_kb");
	dist_read(o, "pss", &p->pss);
	dist_read(o, "uss", &p->uss);
	v = oya_json_member(o, "max_swap_kb");
	p->have_swap = v && is_num(v);
	p->swap_max_kb = u64_of(o, "max_swap_kb");
	leak_of(o, &p->leak);
	return 0;
}

/* Figures no run can produce (a hand-edited or cut file): min above max, a
 * percentile outside them. Absent percentiles (0) are allowed: older summaries. */
static bool rss_disordered(const struct oya_proc *p)
{
	if (!p->samples)
		return false;
	return p->rss_min > p->rss_max ||
	       (p->rss_p50 && (p->rss_p50 < p->rss_min || p->rss_p50 > p->rss_max)) ||
	       (p->rss_p95 && (p->rss_p95 < p->rss_p50 || p->rss_p95 > p->rss_max));
}

/* TEXT as one JSON value in valid UTF-8 with nothing after it but white space; NULL + ERR if not. */
static json_object *parse_doc(const char *text, size_t len, char *err, size_t errcap)
{
	struct json_tokener *tok;
	json_object *doc;
	size_t end;

	if (len > INT32_MAX) {
		say(err, errcap, "too large for a summary (%zu bytes)", len);
		return NULL;
	}
	for (size_t i = 0; i < len;) {
		size_t k = oya_utf8_len((const unsigned char *)text + i, len - i);

		if (!k) {
			say(err, errcap, "not UTF-8 (byte %zu)", i);
			return NULL;
		}
		i += k;
	}
	tok = json_tokener_new();
	if (!tok) {
		say(err, errcap, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_ALLOW_TRAILING_CHARS |
					    JSON_TOKENER_VALIDATE_UTF8);
	doc = json_tokener_parse_ex(tok, text, (int)len);
	if (!doc) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		say(err, errcap, "not valid JSON (%s at byte %zu)",
		    e == json_tokener_continue ? "unexpected end" : json_tokener_error_desc(e),
		    json_tokener_get_parse_end(tok));
	}
	for (end = doc ? json_tokener_get_parse_end(tok) : len; end < len; end++) {
		if (text[end] != ' ' && text[end] != '\n' && text[end] != '\r' && text[end] != '\t') {
			say(err, errcap, "text after the JSON object at byte %zu", end);
			json_object_put(doc);
			doc = NULL;
			break;
		}
	}
	json_tokener_free(tok);
	return doc;
}

/* The processes of the summary PROCS (an array) into ST. 0 ok, -1 + ERR. */
static int procs_read(json_object *procs, struct oya_stats *st, char *err, size_t errcap)
{
	size_t n = json_object_array_length(procs);

	if (!(st->procs = calloc(n ? n : 1, sizeof(*st->procs)))) {
		say(err, errcap, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *p = json_object_array_get_idx(procs, i);
		const struct oya_proc *q = &st->procs[i];

		if (!json_object_is_type(p, json_type_object)) {
			say(err, errcap, "not an oya summary (processes[%zu] is not an object)", i);
			return -1;
		}
		st->nprocs++;
		if (proc_of(p, &st->procs[i])) {
			say(err, errcap, "out of memory");
			return -1;
		}
		if (rss_disordered(q)) {
			say(err, errcap,
			    "not an oya summary (processes[%zu].rss_kb: min %llu, p50 %llu, "
			    "p95 %llu, max %llu are out of order)",
			    i, (unsigned long long)q->rss_min, (unsigned long long)q->rss_p50,
			    (unsigned long long)q->rss_p95, (unsigned long long)q->rss_max);
			return -1;
		}
	}
	return 0;
}

/* The tree's figures and the run's span from the summary DOC into ST. */
static void tree_read(json_object *doc, struct oya_stats *st)
{
	json_object *tree_rss = oya_json_member(doc, "rss_kb");

	st->samples = u64_of(doc, "samples");
	st->lost_samples = u64_of(doc, "lost_samples");
	st->malformed_lines = u64_of(doc, "malformed_lines");
	st->max_rss_kb = u64_of(doc, "max_rss_kb");
	st->avg_rss_kb = dbl_of(doc, "avg_rss_kb");
	st->peak_hwm_kb = u64_of(doc, "peak_hwm_kb");
	if (tree_rss && json_object_is_type(tree_rss, json_type_object)) {
		st->min_rss_kb = u64_of(tree_rss, "min");
		st->p50_rss_kb = u64_of(tree_rss, "p50");
		st->p95_rss_kb = u64_of(tree_rss, "p95");
		st->have_tree_dist = true;
	}
	dist_read(doc, "pss", &st->pss);
	st->pss_rss_fallback_images = u64_of(doc, "pss_rss_fallback_images");
	st->first_ms = time_of(doc, "first_sample_at");
	st->last_ms = time_of(doc, "last_sample_at");
	if (!st->first_ms) {
		st->first_ms = time_of(doc, "started_at");
		st->last_ms = time_of(doc, "ended_at");
	}
	leak_of(doc, &st->tree_leak);
}

struct oya_stats *oya_summary_read(const char *text, size_t len, char *err, size_t errcap)
{
	json_object *doc = parse_doc(text, len, err, errcap), *procs;
	struct oya_stats *st;

	if (!doc)
		return NULL;
	procs = oya_json_member(doc, "processes");
	if (!json_object_is_type(doc, json_type_object) || !procs ||
	    !json_object_is_type(procs, json_type_array) || !oya_json_member(doc, "max_rss_kb")) {
		say(err, errcap, "not an oya summary (no \"processes\" array or \"max_rss_kb\")");
		json_object_put(doc);
		return NULL;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		say(err, errcap, "out of memory");
	if (!st || procs_read(procs, st, err, errcap)) {
		oya_stats_free(st);
		json_object_put(doc);
		return NULL;
	}
	tree_read(doc, st);
	st->doc = doc;
	return st;
}
