/*
 * The texts of /proc the launcher reads about other processes (maps, environ, stat), an ELF
 * header, and the preload's JSONL lines as the tree peeks at them. Pure; declared in launch_core.h.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "launch_core.h"

bool oya_maps_has(const char *maps, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		const char *line = maps + i, *end = memchr(line, '\n', len - i);
		size_t ll = end ? (size_t)(end - line) : len - i;

		const char *sp = memchr(line, ' ', ll);

		/* The path is the last field; match its file name, in an executable
		 * mapping: heaptrack_interpret maps heaptrack's preload as data. */
		if (ll > nl && !memcmp(line + ll - nl, name, nl) && line[ll - nl - 1] == '/' && sp &&
		    (size_t)(sp - line) + 4 < ll && sp[3] == 'x')
			return true;
		i += ll + 1;
	}
	return false;
}

bool oya_environ_has(const char *env, size_t len, const char *var)
{
	size_t vl = strlen(var), i = 0;

	while (i < len) {
		const char *e = env + i, *z = memchr(e, '\0', len - i);
		size_t el = z ? (size_t)(z - e) : len - i;

		if (el > vl && !memcmp(e, var, vl) && e[vl] == '=')
			return true;
		i += el + 1;
	}
	return false;
}

int oya_stat_parse(const char *buf, size_t len, int64_t *ppid, uint64_t *starttime, char *state)
{
	const char *p = NULL, *end = buf + len;
	int field = 3;
	uint64_t v;
	bool neg;

	/* The name (field 2) may hold spaces and ')': the last ')' ends it. */
	for (const char *q = buf; q < end; q++)
		if (*q == ')')
			p = q;
	if (!p || p + 2 >= end)
		return -1;
	p += 2;
	*state = *p;
	while (p < end && field < 22) {
		while (p < end && *p != ' ')
			p++;
		p++;
		field++;
		if (p >= end)
			return -1;
		if (field == 4 || field == 22) {
			neg = *p == '-';
			if (neg)
				p++;
			v = 0;
			if (p >= end || *p < '0' || *p > '9')
				return -1;
			for (; p < end && *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			if (field == 4)
				*ppid = neg ? -(int64_t)v : (int64_t)v;
			else
				*starttime = v;
			p--; /* back onto the last digit: the loop skips to the next space */
		}
	}
	return field == 22 ? 0 : -1;
}

static uint64_t rd(const unsigned char *p, int size, bool le)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < size; i++)
		v |= (uint64_t)p[le ? i : size - 1 - i] << (8 * i);
	return v;
}

int oya_elf_is_dynamic(const unsigned char *buf, size_t len)
{
	bool is64, le;
	uint64_t phoff, phentsize, phnum, i;

	if (len < 52 || memcmp(buf, "\177ELF", 4) != 0)
		return -1;
	is64 = buf[4] == 2;
	le = buf[5] == 1;
	if (is64 && len < 64)
		return -1;
	phoff = is64 ? rd(buf + 32, 8, le) : rd(buf + 28, 4, le);
	phentsize = rd(buf + (is64 ? 54 : 42), 2, le);
	phnum = rd(buf + (is64 ? 56 : 44), 2, le);
	if (phentsize < (is64 ? 56u : 32u) || phoff > len)
		return -1;
	for (i = 0; i < phnum; i++) {
		uint64_t off = phoff + i * phentsize;

		if (off + 4 > len)
			return -1;
		if (rd(buf + off, 4, le) == 3) /* PT_INTERP */
			return 1;
	}
	return 0;
}

/* The number after KEY in LINE, or -1. */
static int64_t peek_num(const char *line, size_t len, const char *key)
{
	const char *p = memmem(line, len, key, strlen(key)), *end = line + len;
	int64_t v = 0;

	if (!p)
		return -1;
	p += strlen(key);
	if (p >= end || *p < '0' || *p > '9')
		return -1;
	for (; p < end && *p >= '0' && *p <= '9' && v < INT64_MAX / 10 - 10; p++)
		v = v * 10 + (*p - '0');
	return v;
}

/* The text of the string after KEY in LINE (as written, escapes and all) into *S, *N; false if none. */
static bool peek_str(const char *line, size_t len, const char *key, const char **s, size_t *n)
{
	const char *p = memmem(line, len, key, strlen(key)), *end = line + len, *q;

	if (!p)
		return false;
	p += strlen(key);
	for (q = p; q < end && *q != '"'; q++)
		if (*q == '\\' && ++q == end)
			return false;
	if (q >= end)
		return false;
	*s = p;
	*n = (size_t)(q - p);
	return true;
}

int oya_line_peek(const char *line, size_t len, struct oya_line_peek *p)
{
	static const char src[] = "\"source\":\"preload\"", ex[] = "\"event\":\"exit\"";
	int64_t pid, seq;

	if (!memmem(line, len, src, sizeof(src) - 1))
		return -1;
	pid = peek_num(line, len, "\"pid\":");
	seq = peek_num(line, len, "\"seq\":");
	if (pid <= 0 || seq < 0)
		return -1;
	p->pid = pid;
	p->seq = (uint64_t)seq;
	p->exit = memmem(line, len, ex, sizeof(ex) - 1) != NULL;
	if (!peek_str(line, len, "\"exe\":\"", &p->exe, &p->exe_len)) {
		p->exe = NULL;
		p->exe_len = 0;
	}
	return 0;
}
