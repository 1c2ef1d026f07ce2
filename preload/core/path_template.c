#include "path_template.h"

#include <string.h>

struct dst {
	char *p;
	size_t cap, len;
	int full;
};

static void add(struct dst *d, const char *s, size_t n, int slash_to_underscore)
{
	size_t i;

	if (d->full || n >= d->cap - d->len) {
		d->full = 1;
		return;
	}
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (slash_to_underscore && c == '/')
			c = '_';
		d->p[d->len++] = c;
	}
}

static void add_number(struct dst *d, int64_t n)
{
	char tmp[24];
	size_t i = sizeof(tmp);
	uint64_t v = n < 0 ? 0 : (uint64_t)n;

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	add(d, tmp + i, sizeof(tmp) - i, 0);
}

long oya_path_expand(char *dst, size_t cap, const char *tmpl, const struct oya_path_vars *v, const char **why)
{
	const char *host = v->host, *exe = v->exe;
	struct dst d = { dst, cap, 0, 0 };
	const char *p;

	if (cap == 0) {
		*why = "is too long";
		return -1;
	}
	if (!*tmpl) {
		*why = "is empty";
		return -1;
	}
	for (p = tmpl; *p; p++) {
		if (*p != '%') {
			add(&d, p, 1, 0);
			continue;
		}
		switch (p[1]) {
		case 'p': add_number(&d, v->pid); break;
		case 'u': add_number(&d, v->uid); break;
		case 'h': add(&d, host ? host : "", host ? strlen(host) : 0, 1); break;
		case 'e': add(&d, exe ? exe : "", exe ? strlen(exe) : 0, 1); break;
		case '%': add(&d, "%", 1, 0); break;
		case '\0': *why = "ends with a lone % (write %% for a percent sign)"; return -1;
		default: *why = "has an unknown %-sequence (use %p, %u, %h, %e or %%)"; return -1;
		}
		p++;
	}
	if (d.full) {
		*why = "is too long";
		return -1;
	}
	dst[d.len] = '\0';
	return (long)d.len;
}

long oya_path_absolute(char *dst, size_t cap, const char *path, const char *cwd)
{
	size_t pl = strlen(path), cl;

	if (path[0] == '/') {
		if (pl >= cap)
			return -1;
		memcpy(dst, path, pl + 1);
		return (long)pl;
	}
	if (cwd[0] != '/')
		return -1;
	while (path[0] == '.' && path[1] == '/') { /* "./x" is "x" */
		path += 2;
		pl -= 2;
	}
	cl = strlen(cwd);
	while (cl > 0 && cwd[cl - 1] == '/') /* "/" and "/x/" lose their trailing '/' */
		cl--;
	if (cl + 1 + pl >= cap)
		return -1;
	memcpy(dst, cwd, cl);
	dst[cl] = '/';
	memcpy(dst + cl + 1, path, pl + 1);
	return (long)(cl + 1 + pl);
}
