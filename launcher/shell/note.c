#include "note.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void oya_note(const struct oya_config *cfg, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	/* On a terminal with a progress line, clear it first. */
	int n = snprintf(line, sizeof(line), "%s%s: ", cfg->progress ? "\r\033[K" : "",
			 cfg->prefix ? cfg->prefix : "oya");
	ssize_t w;

	if (n < 0 || (size_t)n >= sizeof(line))
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	do
		w = write(STDERR_FILENO, line, (size_t)n);
	while (w < 0 && errno == EINTR);
}
