/* Folded stacks from the reader: a frame is "function (file's base name)" when known. */
#include "heaptrack_folded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 256

static void frame_name(FILE *f, const struct oya_htr_frame *fr)
{
	const char *base = strrchr(fr->file, '/');

	base = base ? base + 1 : fr->file;
	if (!fr->function[0])
		fprintf(f, base[0] ? "0x%llx (%s)" : "0x%llx", (unsigned long long)fr->ip, base);
	else if (base[0])
		fprintf(f, "%s (%s)", fr->function, base);
	else
		fputs(fr->function, f);
}

/* One line: the frames outermost first, from main inwards when main is in the stack. */
static void stack_line(FILE *f, const struct oya_htr_frame *fr, size_t n, int64_t bytes)
{
	size_t top = n;

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(fr[i].function, "main")) {
			top = i + 1;
			break;
		}
	}
	for (size_t i = top; i-- > 0;) {
		frame_name(f, &fr[i]);
		if (i)
			fputc(';', f);
	}
	fprintf(f, " %lld\n", (long long)bytes);
}

char *oya_htr_folded(oya_htr *r, bool at_peak)
{
	const struct oya_htr_result *res = oya_htr_finish(r);
	struct oya_htr_frame *fr = calloc(MAX_FRAMES, sizeof(*fr));
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fr ? open_memstream(&buf, &len) : NULL;

	if (!f) {
		free(fr);
		return NULL;
	}
	for (size_t i = 0; i < res->nsites; i++) {
		int64_t bytes = at_peak ? res->sites[i].live_at_peak : res->sites[i].live_end;
		size_t n;

		if (bytes <= 0 || (!at_peak && res->sites[i].suppressed))
			continue;
		n = oya_htr_stack(r, res->sites[i].trace, fr, MAX_FRAMES);
		stack_line(f, fr, n < MAX_FRAMES ? n : MAX_FRAMES, bytes);
	}
	free(fr);
	if (fclose(f) || !buf) {
		free(buf);
		return NULL;
	}
	return buf;
}
