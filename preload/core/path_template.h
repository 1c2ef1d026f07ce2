/* Expand an output path template: %p pid, %u user id, %h host, %e executable,
 * %% percent. Pure. */
#ifndef OYA_PATH_TEMPLATE_H
#define OYA_PATH_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

/* What the %-sequences stand for; a negative pid or uid is written as 0. */
struct oya_path_vars {
	int64_t pid;
	int64_t uid;
	const char *host; /* NULL: empty */
	const char *exe;  /* NULL: empty */
};

/*
 * Expand TMPL into DST. Host and exe names are used as they are, except that a
 * '/' in them becomes '_' so that they cannot add directories. Returns the
 * length, or -1 with *why set when the template is bad (an unknown %x or a
 * trailing %) or the result does not fit in CAP.
 */
long oya_path_expand(char *dst, size_t cap, const char *tmpl, const struct oya_path_vars *v,
		     const char **why);

/*
 * Make PATH absolute against CWD (a directory known to be absolute), without
 * touching the file system: "a/b" under "/x" becomes "/x/a/b". Returns the
 * length, or -1 when it does not fit or CWD is not absolute.
 */
long oya_path_absolute(char *dst, size_t cap, const char *path, const char *cwd);

#endif
