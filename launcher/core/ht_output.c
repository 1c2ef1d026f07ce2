#include "ht_output.h"

#include <stdio.h>
#include <string.h>

static const char *const data_ext[OYA_HT_DATA_NAMES] = { ".zst", ".gz" };

long oya_ht_data_name(char *dst, size_t cap, const char *base, size_t i)
{
	int n;

	if (i >= OYA_HT_DATA_NAMES)
		return -1;
	n = snprintf(dst, cap, "%s%s", base, data_ext[i]);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static bool starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}

static bool ends(const char *line, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(line + len - n, suffix, n);
}

bool oya_ht_line_is_routine(const char *line, size_t len)
{
	/* heaptrack 1.x's script (echo) and heaptrack_interpret's closing statistics */
	static const char *const prefixes[] = {
		"heaptrack output will be written to ",
		"starting application, this might take some time...",
		"starting application in GDB, this might take some time...",
		"Heaptrack finished! Now run the following to investigate the data:",
		"  heaptrack --analyze ",
		"  zstd -dc < ", /* the hint for --raw data */
		"  gzip -dc < ",
		"heaptrack_gui detected, automatically opening the file...",
		"heaptrack stats:",
		"\tallocations:",
		"\tleaked allocations:",
		"\ttemporary allocations:",
	};
	size_t i;

	if (!line)
		return false;
	if (len == 0)
		return true;
	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (starts(line, len, prefixes[i]))
			return true;
	/* the script echoes the path of the preload library it uses */
	return line[0] == '/' &&
	       (ends(line, len, "/libheaptrack_preload.so") || ends(line, len, "/libheaptrack_inject.so"));
}

bool oya_ht_line_reports_signal(const char *line, size_t len, const char *desc)
{
	size_t n = desc ? strlen(desc) : 0, i;

	if (!line || !n)
		return false;
	while (len > 0 && line[len - 1] == ' ')
		len--;
	if (len == n && !memcmp(line, desc, n))
		return true;
	/* "...: line N: PID DESC..." : DESC after a pid, as a word */
	if (!memmem(line, len, ": line ", 7))
		return false;
	for (i = 1; i + n <= len; i++) {
		if (line[i - 1] != ' ' || memcmp(line + i, desc, n) != 0 ||
		    (i + n < len && line[i + n] != ' '))
			continue;
		if (i >= 2 && line[i - 2] >= '0' && line[i - 2] <= '9')
			return true;
	}
	return false;
}

void oya_ht_lines_feed(struct oya_ht_lines *l, const char *data, size_t n, oya_ht_line_fn emit, void *ctx)
{
	size_t i;

	if (!l || !data || !emit)
		return;
	if (l->len > sizeof(l->buf))
		l->len = 0; /* a corrupt state: start over */
	for (i = 0; i < n; i++) {
		if (data[i] == '\n') {
			size_t len = l->len;

			if (len && l->buf[len - 1] == '\r')
				len--;
			emit(ctx, l->buf, len);
			l->len = 0;
			continue;
		}
		if (l->len == sizeof(l->buf)) {
			emit(ctx, l->buf, l->len);
			l->len = 0;
		}
		l->buf[l->len++] = data[i];
	}
}

void oya_ht_lines_flush(struct oya_ht_lines *l, oya_ht_line_fn emit, void *ctx)
{
	if (!l || !emit)
		return;
	if (l->len && l->len <= sizeof(l->buf))
		emit(ctx, l->buf, l->len);
	l->len = 0;
}
