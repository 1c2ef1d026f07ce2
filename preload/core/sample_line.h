/* Format one JSON line for a sample. Pure: no I/O, no allocation. */
#ifndef OYA_SAMPLE_LINE_H
#define OYA_SAMPLE_LINE_H

#include <stddef.h>
#include <stdint.h>

#include "smaps_rollup.h"
#include "status.h"

/* Longest line oya_sample_format writes, including the '\n'. */
#define OYA_LINE_MAX 1536
/* Longest "cmdline" a line carries (bytes of the escaped text); longer ones are cut. */
#define OYA_CMDLINE_MAX 400

struct oya_sample {
	const char *event;  /* "start", "sample", "exit", "final" */
	const char *source; /* "preload" or "launcher" */
	const char *exe;    /* executable name, any bytes; escaped on output */
	const char *host;   /* host name, escaped; NULL: not written */
	const char *run;    /* the run's id (OYA_RUN), escaped; NULL: not written */
	uint64_t seq;
	int64_t pid;
	int64_t ppid;
	int64_t wall_ms; /* milliseconds since the Unix epoch, UTC */
	uint64_t elapsed_ms;
	struct oya_status st;
	struct oya_rollup ru; /* PSS fields, each written only when its bit is in ru.have */
	const char *cmdline;  /* the title as ps shows it, or NULL: no "cmdline" field */
	const char *outside;  /* the launcher's reason to sample from outside, or NULL */
};

/*
 * Write S as one JSON object and a '\n' into BUF. Returns the length written
 * (not counting the NUL that follows it), or 0 when CAP is too small. An exe
 * name too long for the line is cut at a character boundary.
 */
size_t oya_sample_format(char *buf, size_t cap, const struct oya_sample *s);

/*
 * Write SRC (LEN bytes) as the body of a JSON string into DST: quotes,
 * backslashes and control characters escaped, invalid UTF-8 bytes replaced by
 * U+FFFD. Stops before a character that does not fit. Returns bytes written
 * (DST is NUL-terminated when CAP > 0).
 */
size_t oya_json_escape(char *dst, size_t cap, const char *src, size_t len);

/* /proc/PID/cmdline (LEN bytes, NUL-separated) as ps shows it: the arguments joined by
 * spaces, trailing NULs and spaces dropped, cut to CAP - 1 bytes. Returns the length. */
size_t oya_cmdline_text(char *dst, size_t cap, const char *raw, size_t len);

/* Write "2026-02-01T12:00:00.000Z" (24 bytes + NUL) for WALL_MS. Returns 24, or
 * 0 when CAP < 25 or the time is out of range (before 1970 or after 9999). */
size_t oya_format_timestamp(char *buf, size_t cap, int64_t wall_ms);

#endif
