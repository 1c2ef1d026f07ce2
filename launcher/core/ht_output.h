/*
 * heaptrack's own output: what its script, interpreter and compressor print
 * while the launcher captures it (their stdout and stderr go to a pipe, not to
 * the command's). Splitting the stream into lines, and telling heaptrack's
 * routine messages from the ones a user must see. Pure: no I/O.
 */
#ifndef OYA_HT_OUTPUT_H
#define OYA_HT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#define OYA_HT_LINE_MAX 1024

/* heaptrack -o BASE writes BASE.zst, or BASE.gz without zstd: the number of candidates. */
#define OYA_HT_DATA_NAMES 2

/* The I-th candidate for heaptrack's data file of BASE (0: ".zst", 1: ".gz").
 * Returns the length, -1 when it does not fit in CAP or I is out of range. */
long oya_ht_data_name(char *dst, size_t cap, const char *base, size_t i);

/* Is LINE (LEN bytes, no newline) one of heaptrack's routine messages: where
 * the data goes, "starting application", "Heaptrack finished!" and its hint,
 * the interpreter's statistics? Anything else (errors, warnings, whatever a
 * later heaptrack prints) is not. */
bool oya_ht_line_is_routine(const char *line, size_t len);

/* Is LINE heaptrack's script (a shell) reporting that its child died of the
 * signal described as DESC ("Terminated", "Killed")? The shell prints DESC
 * alone, or "SCRIPT: line N: PID DESC   COMMAND". Expected when the launcher
 * sent that signal itself. */
bool oya_ht_line_reports_signal(const char *line, size_t len, const char *desc);

/* A line splitter over a byte stream. Zero-initialise it. */
struct oya_ht_lines {
	char buf[OYA_HT_LINE_MAX];
	size_t len;
};

typedef void (*oya_ht_line_fn)(void *ctx, const char *line, size_t len);

/* Feed N bytes of DATA; EMIT gets every complete line without its '\n' (and
 * a trailing '\r'), and a line longer than OYA_HT_LINE_MAX in pieces of that size. */
void oya_ht_lines_feed(struct oya_ht_lines *l, const char *data, size_t n, oya_ht_line_fn emit, void *ctx);

/* At the end of the stream: EMIT what is left without a newline, if anything. */
void oya_ht_lines_flush(struct oya_ht_lines *l, oya_ht_line_fn emit, void *ctx);

#endif
