/* The reader's state, shared by heaptrack_reader.c (records) and heaptrack_series.c (time buckets). */
#ifndef OYA_HEAPTRACK_READER_PRIV_H
#define OYA_HEAPTRACK_READER_PRIV_H

#include "heaptrack_reader.h"

#define HTR_MAX_LINE (1u << 20) /* a longer line is damage, not data */
#define HTR_NONE UINT32_MAX

struct htr_ip {
	uint64_t ip;
	uint32_t module;
	uint32_t frame0, nframes; /* into frames[]: the ip's own frame, then its inlined ones */
};

struct htr_fr {
	uint32_t function, file, line;
};

struct htr_trace {
	uint32_t ip, parent;
};

struct htr_info {
	uint64_t size;
	uint32_t site;
};

struct htr_site_int {
	uint32_t slot;	     /* series slot, HTR_NONE when none */
	uint32_t peak_epoch; /* at_peak holds the live bytes at peak number peak_epoch */
	int64_t at_peak;
};

struct htr_slot {
	uint32_t site; /* HTR_NONE when free */
	uint32_t upto; /* vals[0..upto] are written; later buckets equal vals[upto] */
	int64_t *vals; /* OYA_HTR_BUCKETS values */
};

struct oya_htr {
	struct oya_htr_result res;
	bool stopped, finished, have_version, saw_strings_count, saw_ips_count;
	uint64_t line_no;
	bool have_command, in_command; /* in_command: from X until the I record */
	size_t command_off;	       /* the X line in the arena */
	char *carry;
	size_t ncarry, capcarry; /* a line split across chunks */
	char *arena;
	size_t narena, caparena; /* strings, each NUL-terminated */
	uint32_t *str_off;
	size_t nstr, capstr; /* str_off[i]: string i+1 */
	uint32_t *supp_off;
	size_t nsupp, capsupp; /* the file's suppression patterns */
	struct htr_ip *ips;
	size_t nips, capips;
	struct htr_fr *frames;
	size_t nframes, capframes;
	struct htr_trace *traces;
	size_t ntraces, captraces;
	uint32_t *trace_site;
	size_t captrace_site; /* per trace: its site or HTR_NONE */
	struct htr_info *infos;
	size_t ninfos, capinfos;
	struct oya_htr_site *sites;
	size_t nsites, capsites;
	struct htr_site_int *site_int;
	size_t capsite_int;
	uint32_t last_alloc; /* heaptrack's "last allocation" info index (0 after a free) */
	int64_t heap, now_ms;
	uint32_t peak_epoch;		   /* how many times the heap reached a new peak */
	uint64_t count_strings, count_ips; /* the closing comments */
	/* time buckets */
	struct oya_htr_bucket buckets[OYA_HTR_BUCKETS];
	bool rss_seen[OYA_HTR_BUCKETS];
	size_t cur; /* current bucket */
	int64_t width;
	struct htr_slot slots[OYA_HTR_SITE_SERIES];
	size_t nslots;
	struct htr_slot others;
};

/* heaptrack_series.c */
int htr_series_init(struct oya_htr *r);
void htr_series_release(struct oya_htr *r);
void htr_series_time(struct oya_htr *r, int64_t t_ms);
void htr_series_rss(struct oya_htr *r, uint64_t bytes);
/* Site SITE's live bytes changed by DELTA (heap and the site's own already updated). -1 on ENOMEM. */
int htr_series_site(struct oya_htr *r, uint32_t site, int64_t delta);
void htr_series_finish(struct oya_htr *r);
/* Before site SITE's live bytes change: keep what they were at the latest peak. */
void htr_peak_touch(struct oya_htr *r, uint32_t site);
/* At the end: each site's live_at_peak. */
void htr_peak_finish(struct oya_htr *r);

/* heaptrack_suppress.c: keep an S line's pattern (the text after "S "); -1 on ENOMEM. */
int htr_suppression_add(struct oya_htr *r, const char *p, size_t n);
/* Grow *P (elements of ELEM bytes, *CAP of them) to hold NEED, by doubling.
 * -1 on ENOMEM or overflow, *P unchanged. */
int htr_grow(void **p, size_t *cap, size_t need, size_t elem);
/* Bytes not freed at the end in suppressed sites; -1 on ENOMEM. */
int64_t htr_suppressed_bytes(struct oya_htr *r); /* also marks the sites */

#endif
