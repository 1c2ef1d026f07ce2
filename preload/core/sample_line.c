#include "sample_line.h"
#include "utf8.h"

#include <string.h>

/* A bounded appender: once anything does not fit, everything after fails. */
struct out {
	char *buf;
	size_t cap, len;
	int full;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->full || n >= o->cap - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void put_u64(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(o, tmp + i, sizeof(tmp) - i);
}

static void put_i64(struct out *o, int64_t v)
{
	if (v < 0) {
		put(o, "-", 1);
		put_u64(o, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(o, (uint64_t)v);
	}
}

size_t oya_json_escape(char *dst, size_t cap, const char *src, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, o = 0;

	if (cap == 0)
		return 0;
	while (i < len) {
		char esc[8];
		const char *piece = esc;
		size_t n, adv = 1;

		if (s[i] == '"' || s[i] == '\\') {
			esc[0] = '\\';
			esc[1] = (char)s[i];
			n = 2;
		} else if (s[i] < 0x20 || s[i] == 0x7f) {
			static const char short_esc[] = "btn\0fr"; /* \b \t \n - \f \r */
			if (s[i] >= 8 && s[i] <= 13 && s[i] != 11) {
				esc[0] = '\\';
				esc[1] = short_esc[s[i] - 8];
				n = 2;
			} else {
				/* esc is a piece of the output, not a C string. */
				memcpy(esc, "\\u00", 4); // NOLINT(bugprone-not-null-terminated-result)
				esc[4] = hex[s[i] >> 4];
				esc[5] = hex[s[i] & 15];
				n = 6;
			}
		} else if (s[i] < 0x80) {
			piece = (const char *)s + i;
			n = 1;
		} else if ((n = oya_utf8_len(s + i, len - i)) != 0) {
			piece = (const char *)s + i;
			adv = n;
		} else {
			piece = "\xef\xbf\xbd"; /* U+FFFD for a byte that is not UTF-8 */
			n = 3;
		}
		if (n >= cap - o)
			break;
		memcpy(dst + o, piece, n);
		o += n;
		i += adv;
	}
	dst[o] = '\0';
	return o;
}

/* Days since 1970-01-01 to a proleptic Gregorian date (400-year eras). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era, yoe, doy, mp;

	z += 719468; /* shift the epoch to 0000-03-01 */
	era = (z >= 0 ? z : z - 146096) / 146097;
	yoe = z - era * 146097;
	yoe = (yoe - yoe / 1460 + yoe / 36524 - yoe / 146096) / 365;
	doy = z - era * 146097 - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static void put_digits(char *p, unsigned v, int width)
{
	while (width-- > 0) {
		p[width] = (char)('0' + v % 10);
		v /= 10;
	}
}

size_t oya_format_timestamp(char *buf, size_t cap, int64_t wall_ms)
{
	int64_t days, y;
	unsigned m, d, secs, ms;

	if (cap < 25 || wall_ms < 0 || wall_ms >= 253402300800000LL)
		return 0;
	days = wall_ms / 86400000;
	secs = (unsigned)(wall_ms % 86400000 / 1000);
	ms = (unsigned)(wall_ms % 1000);
	civil_from_days(days, &y, &m, &d);
	memcpy(buf, "0000-00-00T00:00:00.000Z", 25);
	put_digits(buf, (unsigned)y, 4);
	put_digits(buf + 5, m, 2);
	put_digits(buf + 8, d, 2);
	put_digits(buf + 11, secs / 3600, 2);
	put_digits(buf + 14, secs / 60 % 60, 2);
	put_digits(buf + 17, secs % 60, 2);
	put_digits(buf + 20, ms, 3);
	return 24;
}

static void put_metric(struct out *o, const char *key, uint64_t v)
{
	puts_(o, key);
	put_u64(o, v);
}

/* KEY and the escaped VALUE, cut to fit a short field; nothing when VALUE is NULL. */
static void put_ident(struct out *o, const char *key, const char *value)
{
	char esc[200];

	if (!value)
		return;
	oya_json_escape(esc, sizeof(esc), value, strlen(value));
	puts_(o, key);
	puts_(o, esc);
}

/* KEY and the escaped TEXT as a JSON string; nothing when TEXT is NULL. */
static void put_text(struct out *o, const char *key, const char *text)
{
	char esc[OYA_CMDLINE_MAX + 1];

	if (!text)
		return;
	oya_json_escape(esc, sizeof(esc), text, strlen(text));
	puts_(o, key);
	puts_(o, esc);
	puts_(o, "\"");
}

/* The smaps_rollup figures that were read; none when RU->have is 0. */
static void put_rollup(struct out *o, const struct oya_rollup *ru)
{
	if (ru->have & OYA_RU_PSS)
		put_metric(o, ",\"pss_kb\":", ru->pss_kb);
	if ((ru->have & OYA_RU_USS) == OYA_RU_USS)
		put_metric(o, ",\"uss_kb\":", oya_rollup_uss_kb(ru));
	if (ru->have & OYA_RU_PSS_ANON)
		put_metric(o, ",\"pss_anon_kb\":", ru->pss_anon_kb);
	if (ru->have & OYA_RU_PSS_FILE)
		put_metric(o, ",\"pss_file_kb\":", ru->pss_file_kb);
	if (ru->have & OYA_RU_PSS_SHMEM)
		put_metric(o, ",\"pss_shmem_kb\":", ru->pss_shmem_kb);
	if (ru->have & OYA_RU_SWAP_PSS)
		put_metric(o, ",\"swap_pss_kb\":", ru->swap_pss_kb);
}

size_t oya_sample_format(char *buf, size_t cap, const struct oya_sample *s)
{
	struct out o = { buf, cap, 0, 0 };
	char ts[25], exe[256];

	if (cap == 0)
		return 0;
	if (!oya_format_timestamp(ts, sizeof(ts), s->wall_ms))
		memcpy(ts, "1970-01-01T00:00:00.000Z", 25);
	oya_json_escape(exe, sizeof(exe), s->exe ? s->exe : "", s->exe ? strlen(s->exe) : 0);

	puts_(&o, "{\"timestamp\":\"");
	puts_(&o, ts);
	puts_(&o, "\",\"pid\":");
	put_i64(&o, s->pid);
	puts_(&o, ",\"ppid\":");
	put_i64(&o, s->ppid);
	puts_(&o, ",\"exe\":\"");
	puts_(&o, exe);
	puts_(&o, "\",\"event\":\"");
	puts_(&o, s->event);
	puts_(&o, "\",\"seq\":");
	put_u64(&o, s->seq);
	puts_(&o, ",\"source\":\"");
	puts_(&o, s->source);
	put_ident(&o, "\",\"host\":\"", s->host);
	put_ident(&o, "\",\"run\":\"", s->run);
	put_metric(&o, "\",\"metrics\":{\"rss_kb\":", s->st.vm_rss_kb);
	put_metric(&o, ",\"vm_size_kb\":", s->st.vm_size_kb);
	put_metric(&o, ",\"vm_peak_kb\":", s->st.vm_peak_kb);
	put_metric(&o, ",\"rss_shared_kb\":", s->st.rss_file_kb + s->st.rss_shmem_kb);
	put_metric(&o, ",\"vm_hwm_kb\":", s->st.vm_hwm_kb);
	put_metric(&o, ",\"rss_anon_kb\":", s->st.rss_anon_kb);
	put_metric(&o, ",\"rss_file_kb\":", s->st.rss_file_kb);
	put_metric(&o, ",\"rss_shmem_kb\":", s->st.rss_shmem_kb);
	put_metric(&o, ",\"threads\":", s->st.threads);
	put_metric(&o, ",\"swap_kb\":", s->st.vm_swap_kb);
	put_rollup(&o, &s->ru);
	put_metric(&o, "},\"elapsed_secs\":", s->elapsed_ms / 1000);
	put_metric(&o, ",\"elapsed_ms\":", s->elapsed_ms);
	put_text(&o, ",\"cmdline\":\"", s->cmdline);
	put_text(&o, ",\"outside\":\"", s->outside);
	puts_(&o, "}\n");
	if (o.full) {
		buf[0] = '\0';
		return 0;
	}
	buf[o.len] = '\0';
	return o.len;
}

size_t oya_cmdline_text(char *dst, size_t cap, const char *raw, size_t len)
{
	size_t i, n = 0;

	if (!cap)
		return 0;
	while (len && raw[len - 1] == '\0')
		len--;
	for (i = 0; i < len && n + 1 < cap; i++) {
		dst[n] = raw[i];
		if (dst[n] == '\0')
			dst[n] = ' '; /* between arguments */
		n++;
	}
	while (n && dst[n - 1] == ' ')
		n--;
	dst[n] = '\0';
	return n;
}
