/*
 * Pure parsers of heaptrack_print's text: the summary figures at the end of
 * its output, folded stacks, the --diff "PEAK MEMORY CONSUMERS" section, and
 * a judgement of a decompressed data stream from its head and tail.
 */
#include "heaptrack_parse.h"
#include "summary.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Next line of TEXT from *POS: sets *LINE and *LLEN (without the newline); false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *llen)
{
	const char *start, *nl;
	size_t n;

	if (*pos >= len)
		return false;
	start = text + *pos;
	nl = memchr(start, '\n', len - *pos);
	n = nl ? (size_t)(nl - start) : len - *pos;
	*line = start;
	*llen = n;
	*pos += n + (nl ? 1 : 0);
	return true;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t p = strlen(prefix);
	return len >= p && memcmp(s, prefix, p) == 0;
}

size_t oya_heaptrack_parse_size(const char *s, size_t len, int64_t *bytes)
{
	static const char units[] = "BKMGTPE";
	const char *u;
	size_t i = 0, digits, fd;
	bool neg = false;
	uint64_t whole = 0, frac = 0, fracdiv = 1, mult = 1, v, fr;
	long double f;

	if (i < len && s[i] == '-') {
		neg = true;
		i++;
	}
	digits = i;
	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (whole > (UINT64_MAX - 9) / 10)
			return 0;
		whole = whole * 10 + (uint64_t)(s[i] - '0');
		i++;
	}
	if (i == digits)
		return 0;
	if (i < len && s[i] == '.') {
		i++;
		fd = i;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			if (fracdiv < 1000000000ULL) {
				frac = frac * 10 + (uint64_t)(s[i] - '0');
				fracdiv *= 10;
			}
			i++;
		}
		if (i == fd)
			return 0;
	}
	if (i >= len)
		return 0;
	u = memchr(units, s[i], sizeof(units) - 1);
	if (!u)
		return 0;
	i++;
	for (const char *k = units; k < u; k++)
		mult *= 1000;
	/* Refuse what does not fit an int64_t. */
	if (whole > (uint64_t)INT64_MAX / mult)
		return 0;
	v = whole * mult;
	/* frac / fracdiv * mult, rounded; fracdiv <= 1e9 and mult <= 1e18 so split the product. */
	f = (long double)frac * (long double)mult / (long double)fracdiv;
	fr = (uint64_t)(f + 0.5L);
	if (fr > (uint64_t)INT64_MAX - v)
		return 0;
	v += fr;
	*bytes = neg ? -(int64_t)v : (int64_t)v;
	return i;
}

/* "PREFIX <unsigned integer>" */
static bool field_count(const char *line, size_t len, const char *prefix, uint64_t *out)
{
	size_t i, d;
	uint64_t v = 0;

	if (!starts_with(line, len, prefix))
		return false;
	i = strlen(prefix);
	d = i;
	while (i < len && line[i] >= '0' && line[i] <= '9') {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(line[i] - '0');
		i++;
	}
	if (i == d)
		return false;
	*out = v;
	return true;
}

/* "PREFIX <size>", not negative */
static bool field_size(const char *line, size_t len, const char *prefix, uint64_t *out)
{
	size_t p;
	int64_t b;

	if (!starts_with(line, len, prefix))
		return false;
	p = strlen(prefix);
	if (oya_heaptrack_parse_size(line + p, len - p, &b) == 0 || b < 0)
		return false;
	*out = (uint64_t)b;
	return true;
}

int oya_heaptrack_parse_summary(const char *text, size_t len, struct oya_heaptrack *out)
{
	enum {
		ALLOCS = 1,
		TEMP = 2,
		PEAK = 4,
		RSS = 8,
		LEAKED = 16,
		ALL = 31
	};
	unsigned seen = 0;
	uint64_t allocs = 0, temp = 0, peak = 0, rss = 0, leaked = 0;
	size_t pos = 0, llen;
	const char *line;

	if (!text || !out)
		return -1;
	/* The figures come last; a later line wins (a diff prints them once too). */
	while (next_line(text, len, &pos, &line, &llen)) {
		if (field_count(line, llen, "calls to allocation functions: ", &allocs))
			seen |= ALLOCS;
		else if (field_count(line, llen, "temporary memory allocations: ", &temp))
			seen |= TEMP;
		else if (field_size(line, llen, "peak heap memory consumption: ", &peak))
			seen |= PEAK;
		else if (field_size(line, llen, "peak RSS (including heaptrack overhead): ", &rss))
			seen |= RSS;
		else if (field_size(line, llen, "total memory leaked: ", &leaked))
			seen |= LEAKED;
	}
	if (seen != ALL)
		return -1;
	out->allocations = allocs;
	out->temporary_allocations = temp;
	out->peak_heap_bytes = peak;
	out->peak_rss_bytes = rss;
	out->leaked_bytes = leaked;
	return 0;
}

int oya_heaptrack_folded_total(const char *folded, size_t len, uint64_t *sum)
{
	size_t pos = 0, llen;
	const char *line;
	uint64_t total = 0;

	if (!folded || !sum)
		return -1;
	while (next_line(folded, len, &pos, &line, &llen)) {
		size_t i;
		uint64_t v = 0;

		while (llen > 0 && (line[llen - 1] == ' ' || line[llen - 1] == '\r'))
			llen--;
		if (llen == 0)
			continue;
		i = llen;
		while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9')
			i--;
		if (i == llen || i == 0 || line[i - 1] != ' ')
			return -1;
		for (size_t k = i; k < llen; k++) {
			if (v > (UINT64_MAX - 9) / 10)
				return -1;
			v = v * 10 + (uint64_t)(line[k] - '0');
		}
		if (total > UINT64_MAX - v)
			return -1;
		total += v;
	}
	*sum = total;
	return 0;
}

int oya_heaptrack_check_stream(const char *head, size_t headlen, const char *tail, size_t taillen,
			       char *problem, size_t cap)
{
	static const char nothing[] = "# strings: 0\n# ips: 0";
	const char *why = NULL;
	size_t skip = 0;

	while (skip < headlen && head[skip] == '\n')
		skip++;
	if (headlen == 0)
		why = "the data stream is empty";
	else if (headlen - skip >= sizeof(nothing) - 1 && !memcmp(head + skip, nothing, sizeof(nothing) - 1))
		return cap > 0 ? (problem[0] = '\0', 1) : 1; /* whole and empty: no allocation seen */
	else if (headlen < 2 || head[0] != 'v' || head[1] != ' ')
		why = "the data does not start with heaptrack's version line";
	else {
		/* The last non-empty line must be heaptrack_interpret's "# ips: N". */
		size_t end = taillen, start;

		while (end > 0 && tail[end - 1] == '\n')
			end--;
		start = end;
		while (start > 0 && tail[start - 1] != '\n')
			start--;
		if (!starts_with(tail + start, end - start, "# ips: "))
			why = "the data ends before heaptrack's closing lines (heaptrack was stopped before it "
			      "finished writing)";
	}
	if (!why) {
		if (cap > 0)
			problem[0] = '\0';
		return 0;
	}
	if (cap > 0)
		snprintf(problem, cap, "%s", why);
	return -1;
}

static char *dup_span(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

void oya_heaptrack_changes_free(struct oya_heaptrack_change *c, size_t n)
{
	if (!c)
		return;
	for (size_t i = 0; i < n; i++) {
		free(c[i].function);
		free(c[i].location);
		free(c[i].callers);
	}
	free(c);
}

static int cmp_change(const void *a, const void *b)
{
	const struct oya_heaptrack_change *x = a, *y = b;
	uint64_t ax =
		x->peak_delta_bytes < 0 ? -(uint64_t)x->peak_delta_bytes : (uint64_t)x->peak_delta_bytes;
	uint64_t ay =
		y->peak_delta_bytes < 0 ? -(uint64_t)y->peak_delta_bytes : (uint64_t)y->peak_delta_bytes;

	if (ax != ay)
		return ax > ay ? -1 : 1;
	return strcmp(x->function, y->function);
}

/* "<size> peak memory consumed over <n> calls from" */
static bool entry_header(const char *line, size_t len, int64_t *bytes, int64_t *calls)
{
	static const char mid[] = " peak memory consumed over ";
	static const char end[] = " calls from";
	size_t i = oya_heaptrack_parse_size(line, len, bytes), k = 0;
	char buf[32], *e;
	long long v;

	if (i == 0 || !starts_with(line + i, len - i, mid))
		return false;
	i += sizeof(mid) - 1;
	while (i < len && k + 1 < sizeof(buf) && (line[i] == '-' || (line[i] >= '0' && line[i] <= '9')))
		buf[k++] = line[i++];
	buf[k] = '\0';
	if (k == 0 || len - i != sizeof(end) - 1 || memcmp(line + i, end, sizeof(end) - 1) != 0)
		return false;
	errno = 0;
	v = strtoll(buf, &e, 10);
	if (errno || *e)
		return false;
	*calls = v;
	return true;
}

/* Append "sep + s" to the growing string *DST. */
static int append(char **dst, const char *sep, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	size_t sl = old ? strlen(sep) : 0;
	char *r = realloc(*dst, old + sl + n + 1);

	if (!r)
		return -1;
	memcpy(r + old, sep, sl);
	memcpy(r + old + sl, s, n);
	r[old + sl + n] = '\0';
	*dst = r;
	return 0;
}

static size_t indent_of(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] == ' ')
		i++;
	return i;
}

/* One line of an entry's body into CUR. *STATE: 0 expect the function, 1 its at/in lines, 2 the first
 * caller block, 3 skip the rest. 0 ok, -1 ENOMEM. */
static int entry_line(struct oya_heaptrack_change *cur, int *state, const char *line, size_t llen)
{
	size_t ind = indent_of(line, llen);
	const char *body = line + ind;
	size_t blen = llen - ind;

	if (*state == 0) {
		if (!(cur->function = dup_span(body, blen)))
			return -1;
		*state = 1;
	} else if (*state == 1 && ind == 2 && starts_with(body, blen, "at ")) {
		free(cur->location);
		if (!(cur->location = dup_span(body + 3, blen - 3)))
			return -1;
	} else if (*state == 1 && ind == 2 && starts_with(body, blen, "in ")) {
		/* the module; the function and location say enough */
	} else if (*state == 1 && ind == 0) {
		*state = 2; /* "<size> consumed over N calls from:" opens the first caller block */
	} else if (*state == 2 && ind == 0) {
		*state = 3; /* a second caller block: the first is enough */
	} else if (*state == 2 && ind == 4) {
		if (append(&cur->callers, " < ", body, blen) < 0)
			return -1;
	} else if (*state == 2 && ind == 6 && cur->callers && starts_with(body, blen, "at ")) {
		if (append(&cur->callers, " (", body + 3, blen - 3) < 0 ||
		    append(&cur->callers, "", ")", 1) < 0)
			return -1;
	}
	return 0;
}

/* Empty strings for what an entry did not say, so that readers need not test for NULL. */
static int fill_empty(struct oya_heaptrack_change *c)
{
	if (!c->function && !(c->function = dup_span("", 0)))
		return -1;
	if (!c->location && !(c->location = dup_span("", 0)))
		return -1;
	if (!c->callers && !(c->callers = dup_span("", 0)))
		return -1;
	return 0;
}

int oya_heaptrack_parse_diff(const char *text, size_t len, struct oya_heaptrack_change **out, size_t *n)
{
	struct oya_heaptrack_change *v = NULL, *cur = NULL;
	size_t nv = 0, capv = 0, pos = 0, llen;
	const char *line;
	bool in_section = false, found = false;
	int state = 3; /* see entry_line */

	*out = NULL;
	*n = 0;
	if (!text)
		return -1;
	while (next_line(text, len, &pos, &line, &llen)) {
		int64_t bytes, calls;

		if (!in_section) {
			if (llen == 21 && memcmp(line, "PEAK MEMORY CONSUMERS", 21) == 0)
				in_section = found = true;
			continue;
		}
		/* The section ends at the next all-capitals heading or the closing figures. */
		if (llen > 0 && line[0] >= 'A' && line[0] <= 'Z')
			break;
		if (starts_with(line, llen, "total runtime: "))
			break;
		if (entry_header(line, llen, &bytes, &calls)) {
			if (nv == capv) {
				size_t nc = capv ? capv * 2 : 16;
				struct oya_heaptrack_change *r = realloc(v, nc * sizeof(*v));

				if (!r)
					goto nomem;
				v = r;
				capv = nc;
			}
			cur = &v[nv++];
			memset(cur, 0, sizeof(*cur));
			cur->peak_delta_bytes = bytes;
			cur->calls_delta = calls;
			state = 0;
			continue;
		}
		if (cur && llen > 0 && entry_line(cur, &state, line, llen) < 0)
			goto nomem;
	}
	if (!found) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < nv; i++)
		if (fill_empty(&v[i]) < 0)
			goto nomem;
	if (nv > 1)
		qsort(v, nv, sizeof(*v), cmp_change);
	*out = v;
	*n = nv;
	return 0;
nomem:
	oya_heaptrack_changes_free(v, nv);
	errno = ENOMEM;
	return -1;
}

void oya_heaptrack_release(struct oya_heaptrack *h)
{
	if (!h)
		return;
	free(h->data_file);
	h->data_file = NULL;
}

/* The five figures into O, each null when READ is false. */
static bool add_figures(json_object *o, const struct oya_heaptrack *h, bool read)
{
	const char *const keys[] = { "peak_heap_bytes", "peak_rss_bytes", "leaked_bytes", "allocations",
				     "temporary_allocations" };
	const uint64_t vals[] = { h->peak_heap_bytes, h->peak_rss_bytes, h->leaked_bytes, h->allocations,
				  h->temporary_allocations };
	bool ok = true;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		ok &= json_object_object_add(o, keys[i],
					     read ? json_object_new_int64((int64_t)vals[i]) : NULL) == 0;
	return ok;
}

json_object *oya_heaptrack_json(const struct oya_heaptrack *h)
{
	json_object *o;
	bool ok = true, read;

	if (!h)
		return NULL;
	o = json_object_new_object();
	if (!o)
		return NULL;
	ok &= json_object_object_add(o, "data_file", h->data_file ? oya_json_text(h->data_file) : NULL) == 0;
	ok &= json_object_object_add(o, "complete", json_object_new_boolean(h->complete)) == 0;
	ok &= json_object_object_add(o, "problem", h->complete ? NULL : oya_json_text(h->problem)) == 0;
	/* Nothing read (an empty or unreadable stream): null, not zeros that look like figures. */
	read = h->complete || h->allocations > 0;
	ok &= add_figures(o, h, read);
	if (!ok) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
