/*
 * heaptrack's interpreted data, one record a line, numbers in lower-case hex:
 *   v HEAPTRACK_VERSION FILE_VERSION   X COMMAND LINE   I PAGE_SIZE PAGES
 *   s LEN STRING (sized from file version 3; before it the rest of the line)
 *   i IP MODULE [FUNCTION [FILE LINE [FUNCTION FILE LINE]...]]   (string indices, 1-based)
 *   t IP_INDEX PARENT_TRACE   a SIZE TRACE (allocation infos, 0-based)
 *   + INFO   - INFO   c MS   R RSS_PAGES   A (attached)   S SUPPRESSION   # comment
 * Every index must name a record already read; anything else is a problem that
 * stops the reading with complete false. Pure.
 */
#include "heaptrack_reader_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_VERSION_MAX 3

struct cur {
	const char *p, *end;
};

__attribute__((format(printf, 2, 3))) static void problem(struct oya_htr *r, const char *fmt, ...);

#define GROW(r, arr, cap, need)                                             \
	(htr_grow((void **)&(r)->arr, &(r)->cap, (need), sizeof(*(r)->arr)) \
		 ? (problem((r), "out of memory"), -1)                      \
		 : 0)

static void problem(struct oya_htr *r, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (r->stopped)
		return;
	r->stopped = true;
	if (r->line_no)
		n = snprintf(r->res.problem, sizeof(r->res.problem),
			     "line %llu: ", (unsigned long long)r->line_no);
	va_start(ap, fmt);
	vsnprintf(r->res.problem + n, sizeof(r->res.problem) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* One hex number ending at a space or the end. 1 read, 0 none left, -1 not hex or too big. */
static int hex(struct cur *c, uint64_t *v)
{
	uint64_t x = 0;
	int digits = 0;

	if (c->p >= c->end)
		return 0;
	for (; c->p < c->end && *c->p != ' '; c->p++, digits++) {
		unsigned char ch = (unsigned char)*c->p;
		unsigned d;

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10u;
		else
			return -1;
		if (x >> 60)
			return -1;
		x = x * 16 + d;
	}
	if (digits == 0)
		return -1;
	if (c->p < c->end)
		c->p++;
	*v = x;
	return 1;
}

/* Read N hex numbers into V; the first MUST of them are required. */
static int fields(struct oya_htr *r, struct cur *c, uint64_t *v, int n, int must, const char *what)
{
	for (int i = 0; i < n; i++) {
		int k = hex(c, &v[i]);

		if (k < 0) {
			problem(r, "%s: not a hex number or too big", what);
			return -1;
		}
		if (k == 0) {
			if (i < must) {
				problem(r, "%s: %d numbers expected, %d found", what, must, i);
				return -1;
			}
			return i;
		}
	}
	return n;
}

static int index_ok(struct oya_htr *r, uint64_t idx, size_t n, const char *what)
{
	if (idx <= n)
		return 0;
	problem(r, "%s %llu points nowhere (%zu defined)", what, (unsigned long long)idx, n);
	return -1;
}

static const char *str(const struct oya_htr *r, uint32_t idx)
{
	return idx && idx <= r->nstr ? r->arena + r->str_off[idx - 1] : "";
}

static void rec_string(struct oya_htr *r, struct cur *c)
{
	uint64_t len;
	const char *s = c->p;
	size_t n = (size_t)(c->end - c->p);

	if (r->res.file_version >= 3) {
		if (fields(r, c, &len, 1, 1, "string") < 0)
			return;
		if (len > (uint64_t)(c->end - c->p)) {
			problem(r, "string of %llu bytes is longer than its line", (unsigned long long)len);
			return;
		}
		s = c->p;
		n = (size_t)len;
	}
	if (r->narena + n + 1 > UINT32_MAX) {
		problem(r, "strings over 4 GB");
		return;
	}
	if (GROW(r, arena, caparena, r->narena + n + 1) || GROW(r, str_off, capstr, r->nstr + 1))
		return;
	r->str_off[r->nstr++] = (uint32_t)r->narena;
	memcpy(r->arena + r->narena, s, n);
	r->arena[r->narena + n] = '\0';
	r->narena += n + 1;
}

static void rec_ip(struct oya_htr *r, struct cur *c)
{
	uint64_t v[2], f[3];
	struct htr_ip *ip;
	int k;

	if (fields(r, c, v, 2, 2, "instruction pointer") < 0 || index_ok(r, v[1], r->nstr, "module string") ||
	    GROW(r, ips, capips, r->nips + 1))
		return;
	ip = &r->ips[r->nips];
	ip->ip = v[0];
	ip->module = (uint32_t)v[1];
	ip->frame0 = (uint32_t)r->nframes;
	ip->nframes = 0;
	while ((k = fields(r, c, f, 3, 0, "instruction pointer frame")) > 0) {
		if (k == 2) {
			problem(r, "instruction pointer frame: a file without a line");
			return;
		}
		if (k == 1)
			f[1] = f[2] = 0;
		if (index_ok(r, f[0], r->nstr, "function string") ||
		    index_ok(r, f[1], r->nstr, "file string"))
			return;
		if (f[2] > UINT32_MAX) {
			problem(r, "line number %llu too big", (unsigned long long)f[2]);
			return;
		}
		if (r->nframes >= UINT32_MAX || GROW(r, frames, capframes, r->nframes + 1))
			return;
		r->frames[r->nframes++] = (struct htr_fr){ (uint32_t)f[0], (uint32_t)f[1], (uint32_t)f[2] };
		ip->nframes++;
		if (k == 1)
			break;
	}
	if (k >= 0)
		r->nips++;
}

static void rec_trace(struct oya_htr *r, struct cur *c)
{
	uint64_t v[2];

	if (fields(r, c, v, 2, 2, "trace") < 0 || index_ok(r, v[0], r->nips, "trace's instruction pointer") ||
	    index_ok(r, v[1], r->ntraces, "trace's parent"))
		return;
	if (r->ntraces >= UINT32_MAX - 1 || GROW(r, traces, captraces, r->ntraces + 1) ||
	    GROW(r, trace_site, captrace_site, r->ntraces + 1))
		return;
	r->traces[r->ntraces] = (struct htr_trace){ (uint32_t)v[0], (uint32_t)v[1] };
	r->trace_site[r->ntraces++] = HTR_NONE;
}

static void rec_info(struct oya_htr *r, struct cur *c)
{
	uint64_t v[2];
	uint32_t *site;

	if (fields(r, c, v, 2, 2, "allocation info") < 0 ||
	    index_ok(r, v[1], r->ntraces, "allocation's trace"))
		return;
	if (v[1] == 0 || v[0] > INT64_MAX / 4) {
		problem(r, v[1] ? "allocation size %llu too big" : "allocation info without a trace",
			(unsigned long long)v[0]);
		return;
	}
	if (r->ninfos >= UINT32_MAX - 1 || GROW(r, infos, capinfos, r->ninfos + 1))
		return;
	site = &r->trace_site[v[1] - 1];
	if (*site == HTR_NONE) {
		if (GROW(r, sites, capsites, r->nsites + 1) || GROW(r, site_int, capsite_int, r->nsites + 1))
			return;
		memset(&r->sites[r->nsites], 0, sizeof(r->sites[r->nsites]));
		r->sites[r->nsites].trace = (uint32_t)v[1];
		r->site_int[r->nsites] =
			(struct htr_site_int){ .slot = HTR_NONE, .peak_epoch = r->peak_epoch };
		*site = (uint32_t)r->nsites++;
	}
	r->infos[r->ninfos++] = (struct htr_info){ v[0], *site };
}

static void rec_event(struct oya_htr *r, struct cur *c, bool alloc)
{
	uint64_t idx;
	struct oya_htr_site *s;
	int64_t size;

	if (fields(r, c, &idx, 1, 1, alloc ? "allocation" : "free") < 0)
		return;
	if (idx >= r->ninfos) {
		problem(r, "%s of allocation info %llu, which points nowhere (%zu defined)",
			alloc ? "allocation" : "free", (unsigned long long)idx, r->ninfos);
		return;
	}
	s = &r->sites[r->infos[idx].site];
	size = (int64_t)r->infos[idx].size;
	htr_peak_touch(r, r->infos[idx].site);
	if (r->heap > INT64_MAX / 2 || r->heap < -INT64_MAX / 2) {
		problem(r, "the heap total is out of range");
		return;
	}
	if (alloc) {
		r->last_alloc = (uint32_t)idx;
		r->res.allocations++;
		s->allocations++;
		r->heap += size;
		s->live_end += size;
		if (s->live_end > s->live_peak)
			s->live_peak = s->live_end;
		if (r->heap > r->res.peak_heap_bytes) {
			r->res.peak_heap_bytes = r->heap;
			r->res.peak_heap_t_ms = r->now_ms;
			r->peak_epoch++;
		}
		if (r->heap > r->buckets[r->cur].heap_max)
			r->buckets[r->cur].heap_max = r->heap;
	} else {
		if (r->last_alloc == idx) {
			r->res.temporary_allocations++;
			s->temporary++;
		}
		r->last_alloc = 0;
		r->heap -= size;
		s->live_end -= size;
		size = -size;
	}
	if (htr_series_site(r, r->infos[idx].site, size))
		problem(r, "out of memory");
}

static void rec_version(struct oya_htr *r, struct cur *c)
{
	uint64_t v[2] = { 0, 0 };
	int k = fields(r, c, v, 2, 1, "version");

	if (k < 0)
		return;
	if (k == 1 && v[0] == 0x010200)
		v[1] = 1;
	r->res.heaptrack_version = (uint32_t)v[0];
	if (v[1] < 1 || v[1] > FILE_VERSION_MAX || v[0] > UINT32_MAX) {
		r->res.unknown_version = true;
		problem(r,
			"heaptrack data file format version %llu (from heaptrack %llx.%llx.%llx) is not one "
			"this reader knows (1 to %d)",
			(unsigned long long)v[1], (unsigned long long)(v[0] >> 16),
			(unsigned long long)((v[0] >> 8) & 0xff), (unsigned long long)(v[0] & 0xff),
			FILE_VERSION_MAX);
		return;
	}
	r->res.file_version = (uint32_t)v[1];
	r->have_version = true;
}

/* "# strings: N" and "# ips: N", heaptrack_interpret's last lines. */
static void rec_comment(struct oya_htr *r, const char *p, size_t n)
{
	static const char S[] = "# strings: ", I[] = "# ips: ";
	const char *num = NULL;
	uint64_t v = 0;

	if (n > sizeof(S) - 1 && memcmp(p, S, sizeof(S) - 1) == 0)
		num = p + sizeof(S) - 1;
	else if (n > sizeof(I) - 1 && memcmp(p, I, sizeof(I) - 1) == 0)
		num = p + sizeof(I) - 1;
	if (!num)
		return;
	for (; num < p + n && *num >= '0' && *num <= '9' && v < UINT64_MAX / 100; num++)
		v = v * 10 + (uint64_t)(*num - '0');
	if (p[2] == 's') {
		r->saw_strings_count = true;
		r->count_strings = v;
	} else {
		r->saw_ips_count = true;
		r->count_ips = v;
	}
}

static void rec_simple(struct oya_htr *r, char mode, struct cur *c)
{
	uint64_t v[2];

	switch (mode) {
	case 'c':
		if (fields(r, c, v, 1, 1, "time stamp") < 0)
			return;
		if (v[0] > INT64_MAX / 4) {
			problem(r, "time stamp %llu too big", (unsigned long long)v[0]);
			return;
		}
		if ((int64_t)v[0] > r->now_ms)
			htr_series_time(r, (int64_t)v[0]);
		r->res.total_ms = r->now_ms;
		return;
	case 'R':
		if (fields(r, c, v, 1, 1, "RSS") < 0)
			return;
		if (v[0] > UINT64_MAX / 2 / (r->res.page_size ? r->res.page_size : 1)) {
			problem(r, "RSS %llu pages too big", (unsigned long long)v[0]);
			return;
		}
		if (v[0] * r->res.page_size > r->res.peak_rss_bytes)
			r->res.peak_rss_bytes = v[0] * r->res.page_size;
		htr_series_rss(r, v[0] * r->res.page_size);
		return;
	case 'I':
		if (fields(r, c, v, 2, 2, "system information") < 0)
			return;
		if (v[0] > (1u << 30)) {
			problem(r, "page size %llu too big", (unsigned long long)v[0]);
			return;
		}
		r->res.page_size = v[0];
		r->res.phys_pages = v[1];
		return;
	default: problem(r, "unknown record '%c'", mode);
	}
}

/* The X record, and (MORE) each line after it up to the I record: an argument
 * with a newline in it carries the command line over several lines. */
static void rec_command(struct oya_htr *r, const char *p, size_t n, bool more)
{
	if (!more && r->have_command) {
		problem(r, "a second command line (X): the file is damaged");
		return;
	}
	if (more && r->narena - r->command_off + n > HTR_MAX_LINE) {
		problem(r, "not heaptrack data: no I record after the command line");
		return;
	}
	if (GROW(r, arena, caparena, r->narena + n + 1))
		return;
	if (more) /* the command is the arena's last string until I */
		r->arena[r->narena - 1] = '\n';
	else
		r->command_off = r->narena; /* the arena can move until the end */
	memcpy(r->arena + r->narena, p, n);
	r->arena[r->narena + n] = '\0';
	r->have_command = r->in_command = true;
	r->narena += n + 1;
}

static void line(struct oya_htr *r, const char *p, size_t n)
{
	char mode = '#';
	struct cur c = { n > 2 ? p + 2 : p + n, p + n };

	if (n)
		mode = p[0];

	r->line_no++;
	if (r->in_command && !(n > 1 && mode == 'I' && p[1] == ' ')) {
		rec_command(r, p, n, true);
		return;
	}
	r->in_command = false;
	if (n > 1 && p[1] != ' ' && mode != '#') {
		problem(r, "not heaptrack data: no space after the record type '%c'", mode);
		return;
	}
	if (mode == '#') {
		rec_comment(r, p, n);
		return;
	}
	if (!r->have_version && mode != 'v') {
		problem(r, "not heaptrack data: it does not start with a version line");
		return;
	}
	switch (mode) {
	case 'v': rec_version(r, &c); break;
	case 's': rec_string(r, &c); break;
	case 'i': rec_ip(r, &c); break;
	case 't': rec_trace(r, &c); break;
	case 'a': rec_info(r, &c); break;
	case '+': rec_event(r, &c, true); break;
	case '-': rec_event(r, &c, false); break;
	case 'X': rec_command(r, c.p, (size_t)(c.end - c.p), false); break;
	case 'A':
		/* heaptrack writes it first when it attaches to a running program */
		if (r->res.allocations || r->ninfos)
			problem(r, "an attach record (A) after allocations: the file is damaged");
		break;
	case 'S':
		if (htr_suppression_add(r, c.p, (size_t)(c.end - c.p)))
			problem(r, "out of memory");
		break;
	case 'x':
	case 'm': problem(r, "heaptrack's raw data, not interpreted (heaptrack -i interprets it)"); break;
	default: rec_simple(r, mode, &c);
	}
}

oya_htr *oya_htr_new(void)
{
	oya_htr *r = calloc(1, sizeof(*r));

	if (r && htr_series_init(r)) {
		free(r);
		r = NULL;
	}
	return r;
}

void oya_htr_free(oya_htr *r)
{
	if (!r)
		return;
	htr_series_release(r);
	free(r->carry);
	free(r->arena);
	free(r->str_off);
	free(r->supp_off);
	free(r->ips);
	free(r->frames);
	free(r->traces);
	free(r->trace_site);
	free(r->infos);
	free(r->sites);
	free(r->site_int);
	free(r);
}

void oya_htr_fail(oya_htr *r, const char *why)
{
	uint64_t keep = r->line_no;

	r->line_no = 0;
	problem(r, "%s", why);
	r->line_no = keep;
}

int oya_htr_feed(oya_htr *r, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len, *nl;

	while (!r->stopped && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl) {
			if (r->ncarry + (size_t)(end - p) > HTR_MAX_LINE) {
				problem(r, "a line longer than %u bytes", HTR_MAX_LINE);
				break;
			}
			if (GROW(r, carry, capcarry, r->ncarry + (size_t)(end - p)))
				break;
			memcpy(r->carry + r->ncarry, p, (size_t)(end - p));
			r->ncarry += (size_t)(end - p);
			break;
		}
		if (r->ncarry) {
			if (r->ncarry + (size_t)(nl - p) > HTR_MAX_LINE) {
				problem(r, "a line longer than %u bytes", HTR_MAX_LINE);
				break;
			}
			if (GROW(r, carry, capcarry, r->ncarry + (size_t)(nl - p)))
				break;
			memcpy(r->carry + r->ncarry, p, (size_t)(nl - p));
			line(r, r->carry, r->ncarry + (size_t)(nl - p));
			r->ncarry = 0;
		} else {
			line(r, p, (size_t)(nl - p));
		}
		p = nl + 1;
	}
	return r->stopped ? -1 : 0;
}

/* The checks that need the whole stream. */
static void check_end(oya_htr *r)
{
	if (r->ncarry) {
		r->line_no++;
		problem(r, "truncated: the last line has no end");
	} else if (!r->have_version && r->saw_strings_count && r->saw_ips_count && !r->count_strings &&
		   !r->count_ips && !r->nstr) {
		/* only heaptrack_interpret's closing lines: whole, the program made no allocation it saw */
	} else if (!r->have_version) {
		problem(r, r->line_no ? "not heaptrack data: no version line" : "empty: no heaptrack data");
	} else if (!r->saw_strings_count || !r->saw_ips_count) {
		problem(r, "truncated: heaptrack_interpret's closing lines are missing (it did not finish)");
	} else if (r->count_strings != r->nstr || r->count_ips != r->nips) {
		problem(r,
			"damaged: %zu strings and %zu instruction pointers read, the file's end says %llu and %llu",
			r->nstr, r->nips, (unsigned long long)r->count_strings,
			(unsigned long long)r->count_ips);
	}
}

const struct oya_htr_result *oya_htr_finish(oya_htr *r)
{
	struct oya_htr_result *res = &r->res;

	if (r->finished)
		return res;
	r->finished = true;
	if (!r->stopped) {
		r->line_no = 0;
		check_end(r);
	}
	htr_series_finish(r);
	htr_peak_finish(r);
	res->suppressed_bytes = htr_suppressed_bytes(r);
	if (res->suppressed_bytes < 0) {
		problem(r, "out of memory");
		res->suppressed_bytes = 0;
	}
	res->complete = !r->stopped;
	res->leaked_bytes = r->heap - res->suppressed_bytes;
	res->command = r->have_command ? r->arena + r->command_off : "";
	res->sites = r->sites;
	res->nsites = r->nsites;
	res->nstrings = r->nstr;
	res->nips = r->nips;
	res->ntraces = r->ntraces;
	res->ninfos = r->ninfos;
	return res;
}

static bool is_operator_new(const char *f)
{
	return strncmp(f, "operator new", 12) == 0;
}

size_t oya_htr_stack(const oya_htr *r, uint32_t trace, struct oya_htr_frame *out, size_t cap)
{
	size_t n = 0, guard = 0;
	bool top = true;

	while (trace && trace <= r->ntraces && guard++ <= r->ntraces) {
		const struct htr_trace *t = &r->traces[trace - 1];
		const struct htr_ip *ip = t->ip ? &r->ips[t->ip - 1] : NULL;

		trace = t->parent;
		if (!ip)
			continue;
		if (top && ip->nframes && is_operator_new(str(r, r->frames[ip->frame0].function)))
			continue;
		top = false;
		for (uint32_t k = 0; k < (ip->nframes ? ip->nframes : 1); k++, n++) {
			const struct htr_fr *f = ip->nframes ? &r->frames[ip->frame0 + k] : NULL;

			if (n >= cap)
				continue;
			out[n] = (struct oya_htr_frame){ .function = f ? str(r, f->function) : "",
							 .file = f ? str(r, f->file) : "",
							 .line = f ? f->line : 0,
							 .module = str(r, ip->module),
							 .ip = ip->ip,
							 .inlined = k + 1 < ip->nframes };
		}
	}
	return n;
}
