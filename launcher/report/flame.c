/* Flame graphs from folded stacks: parse into a tree, lay it out, render SVG. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FLAME_W 1180
#define FRAME_H 17
#define FLAME_TOP 44
#define FLAME_PAD 10
#define CHAR_W 6.6 /* average advance of the 11px label font, for fitting labels */
#define MIN_FRAME_W 0.6

static size_t key_hash(size_t parent, const char *name, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ ((uint64_t)parent * 0x9e3779b97f4a7c15ULL);

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 29));
}

static bool same_key(const struct oya_flame_node *n, size_t parent, const char *name, size_t len)
{
	return n->parent == parent && strncmp(n->name, name, len) == 0 && n->name[len] == '\0';
}

/* Put node IDX (hash H) into the index; grows it to keep it at most half full. */
static int index_put(struct oya_flame *f, size_t idx, size_t h)
{
	size_t k;

	if ((f->n + 1) * 2 > f->index_cap) {
		size_t nc = f->index_cap ? f->index_cap * 2 : 1024;
		struct oya_flame_slot *ni = calloc(nc, sizeof(*ni));

		if (!ni)
			return -1;
		for (size_t i = 0; i < f->index_cap; i++) {
			if (!f->index[i].node1)
				continue;
			k = f->index[i].hash & (nc - 1);
			while (ni[k].node1)
				k = (k + 1) & (nc - 1);
			ni[k] = f->index[i];
		}
		free(f->index);
		f->index = ni;
		f->index_cap = nc;
	}
	k = h & (f->index_cap - 1);
	while (f->index[k].node1)
		k = (k + 1) & (f->index_cap - 1);
	f->index[k].node1 = idx + 1;
	f->index[k].hash = h;
	return 0;
}

/* Add a child NAME of PARENT (H: its key hash). Children are put in name order after parsing. */
static int add_node(struct oya_flame *f, size_t parent, const char *name, size_t len, size_t h, size_t *idx)
{
	struct oya_flame_node *n;
	char *nm;

	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 64;
		struct oya_flame_node *r = realloc(f->nodes, nc * sizeof(*r));

		if (!r)
			return -1;
		f->nodes = r;
		f->cap = nc;
	}
	nm = malloc(len + 1);
	if (!nm)
		return -1;
	memcpy(nm, name, len);
	nm[len] = '\0';
	n = &f->nodes[f->n];
	memset(n, 0, sizeof(*n));
	n->name = nm;
	n->parent = parent;
	n->depth = f->n == 0 ? 0 : f->nodes[parent].depth + 1;
	if (n->depth > f->max_depth)
		f->max_depth = n->depth;
	*idx = f->n++;
	if (*idx == 0)
		return 0;
	if (index_put(f, *idx, h) < 0) {
		free(nm);
		f->n--;
		return -1;
	}
	n->next_sibling = f->nodes[parent].first_child;
	f->nodes[parent].first_child = *idx;
	return 0;
}

static size_t find_child(const struct oya_flame *f, size_t parent, const char *name, size_t len, size_t h)
{
	if (!f->index_cap)
		return 0;
	for (size_t k = h & (f->index_cap - 1); f->index[k].node1; k = (k + 1) & (f->index_cap - 1)) {
		size_t c = f->index[k].node1 - 1;

		if (f->index[k].hash == h && same_key(&f->nodes[c], parent, name, len))
			return c;
	}
	return 0;
}

static int by_name(const void *a, const void *b, void *nodes)
{
	const struct oya_flame_node *n = nodes;

	return strcmp(n[*(const size_t *)a].name, n[*(const size_t *)b].name);
}

/* Relink every node's children in name order (deterministic layout). */
static int sort_children(struct oya_flame *f)
{
	size_t *tmp = malloc((f->n ? f->n : 1) * sizeof(*tmp));

	if (!tmp)
		return -1;
	for (size_t p = 0; p < f->n; p++) {
		size_t k = 0;

		for (size_t c = f->nodes[p].first_child; c; c = f->nodes[c].next_sibling)
			tmp[k++] = c;
		if (k < 2)
			continue;
		qsort_r(tmp, k, sizeof(*tmp), by_name, f->nodes);
		f->nodes[p].first_child = tmp[0];
		for (size_t i = 0; i + 1 < k; i++)
			f->nodes[tmp[i]].next_sibling = tmp[i + 1];
		f->nodes[tmp[k - 1]].next_sibling = 0;
	}
	free(tmp);
	return 0;
}

void oya_flame_release(struct oya_flame *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->nodes[i].name);
	free(f->nodes);
	free(f->index);
	memset(f, 0, sizeof(*f));
}

/* Add V to every frame of the ';'-separated STACK (LEN bytes) below the root. 0 ok, -1 ENOMEM. */
static int add_stack(struct oya_flame *f, const char *stack, size_t len, uint64_t v)
{
	size_t cur = 0, s = 0;

	f->nodes[0].value += v;
	while (s < len) {
		const char *semi = memchr(stack + s, ';', len - s);
		size_t e = semi ? (size_t)(semi - stack) : len;

		if (e > s) {
			size_t h = key_hash(cur, stack + s, e - s);
			size_t c = find_child(f, cur, stack + s, e - s, h);

			if (!c && add_node(f, cur, stack + s, e - s, h, &c) < 0)
				return -1;
			f->nodes[c].value += v;
			cur = c;
		}
		s = e + 1;
	}
	return 0;
}

int oya_flame_parse(const char *folded, size_t len, struct oya_flame *f)
{
	size_t root, pos = 0;

	memset(f, 0, sizeof(*f));
	if (add_node(f, 0, "all", 3, 0, &root) < 0)
		goto nomem;
	while (folded && pos < len) {
		const char *line = folded + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos, d;
		uint64_t v = 0;

		pos += ll + (nl ? 1 : 0);
		while (ll > 0 && (line[ll - 1] == ' ' || line[ll - 1] == '\r' || line[ll - 1] == '\t'))
			ll--;
		if (ll == 0)
			continue;
		d = ll;
		while (d > 0 && line[d - 1] >= '0' && line[d - 1] <= '9')
			d--;
		if (d == ll || d == 0 || line[d - 1] != ' ' || ll - d > 18) {
			f->skipped_lines++;
			continue;
		}
		for (size_t k = d; k < ll; k++)
			v = v * 10 + (uint64_t)(line[k] - '0');
		if (v == 0)
			continue;
		if (f->nodes[0].value > UINT64_MAX - v) {
			f->skipped_lines++;
			continue;
		}
		if (add_stack(f, line, d - 1, v) < 0)
			goto nomem;
	}
	if (sort_children(f) < 0)
		goto nomem;
	return 0;
nomem:
	oya_flame_release(f);
	if (add_node(f, 0, "all", 3, 0, &root) < 0)
		oya_flame_release(f); /* frees the node array add_node may have grown */
	errno = ENOMEM;
	return -1;
}

int oya_flame_layout(const struct oya_flame *f, double width, double min_w, struct oya_flame_rect **out,
		     size_t *n)
{
	struct oya_flame_rect *r;
	size_t *stack, nr = 0, sp = 0;
	double *xs, scale;

	*out = NULL;
	*n = 0;
	if (!f || f->n == 0 || f->nodes[0].value == 0)
		return 0;
	r = malloc(f->n * sizeof(*r));
	stack = malloc(f->n * sizeof(*stack));
	xs = malloc(f->n * sizeof(*xs));
	if (!r || !stack || !xs) {
		free(r);
		free(stack);
		free(xs);
		errno = ENOMEM;
		return -1;
	}
	scale = width / (double)f->nodes[0].value;
	stack[sp] = 0;
	xs[sp++] = 0;
	/* depth-first; a frame too narrow to see is left out with its callees */
	while (sp > 0) {
		size_t node = stack[--sp];
		double x = xs[sp];
		double w = (double)f->nodes[node].value * scale, cx = x;

		if (w < min_w)
			continue;
		r[nr].node = node;
		r[nr].x = x;
		r[nr].w = w;
		r[nr].depth = f->nodes[node].depth;
		nr++;
		for (size_t c = f->nodes[node].first_child; c; c = f->nodes[c].next_sibling) {
			stack[sp] = c;
			xs[sp++] = cx;
			cx += (double)f->nodes[c].value * scale;
		}
	}
	free(stack);
	free(xs);
	*out = r;
	*n = nr;
	return 0;
}

/* Deterministic warm colour from the name (FNV-1a), like a memory flame graph's. */
static void colour_of(const char *name, char *buf, size_t cap)
{
	uint32_t h = 2166136261u;
	unsigned r, g, b;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	r = 205 + (h & 0x1f) + ((h >> 5) & 0x1f) % 19;
	g = 90 + ((h >> 10) & 0x7f);
	b = 40 + ((h >> 17) & 0x3f);
	snprintf(buf, cap, "#%02x%02x%02x", r > 255 ? 255 : r, g > 230 ? 230 : g, b);
}

/* The longest prefix of NAME (whole UTF-8 characters) that fits MAXCH characters, ".." marked. */
static void fit_label(FILE *out, const char *name, size_t maxch)
{
	size_t len = strlen(name), i = 0, chars = 0, cut;

	while (i < len && chars < maxch) {
		i++;
		while (i < len && ((unsigned char)name[i] & 0xc0) == 0x80)
			i++;
		chars++;
	}
	if (i >= len) {
		oya_html_escape(out, name, len);
		return;
	}
	/* cut two characters shorter and mark it */
	cut = i;
	for (int k = 0; k < 2 && cut > 0; k++) {
		cut--;
		while (cut > 0 && ((unsigned char)name[cut] & 0xc0) == 0x80)
			cut--;
	}
	oya_html_escape(out, name, cut);
	fputs("..", out);
}

/* One frame (node ND laid out as R) of a graph MAX_DEPTH deep and ALL bytes wide, with its tooltip. */
static void render_frame(FILE *out, const struct oya_flame_node *nd, const struct oya_flame_rect *r,
			 int max_depth, uint64_t all)
{
	char colour[16], bytes[48];
	double x = FLAME_PAD + r->x;
	double y = FLAME_TOP + (double)(max_depth - r->depth) * FRAME_H;
	double w = r->w;
	size_t maxch = w > 8 ? (size_t)((w - 6) / CHAR_W) : 0;

	if (r->node == 0)
		snprintf(colour, sizeof(colour), "#d9cbb0");
	else
		colour_of(nd->name, colour, sizeof(colour));
	oya_human_bytes(bytes, sizeof(bytes), (double)nd->value);
	fputs("<g class=\"frame\"><title>", out);
	oya_html_puts(out, nd->name);
	fprintf(out, " \xe2\x80\x94 %llu bytes (%s, %.2f%%)</title>", (unsigned long long)nd->value, bytes,
		all ? 100.0 * (double)nd->value / (double)all : 0.0);
	fprintf(out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" rx=\"2\" fill=\"%s\"/>", x, y,
		w > 1 ? w - 0.5 : w, FRAME_H - 1, colour);
	if (maxch >= 3) {
		fprintf(out, "<text x=\"%.2f\" y=\"%.1f\" font-size=\"11\" fill=\"#000\">", x + 3,
			y + FRAME_H - 5);
		fit_label(out, nd->name, maxch);
		fputs("</text>", out);
	}
	fputs("</g>", out);
}

int oya_render_flame_svg(FILE *out, const char *folded, const char *title)
{
	struct oya_flame f;
	struct oya_flame_rect *rects = NULL;
	size_t nr = 0;
	char total[48];
	double inner = FLAME_W - 2 * FLAME_PAD;
	int rc = -1, max_depth = 0, height;
	uint64_t all;

	if (!out)
		return -1;
	if (oya_flame_parse(folded, folded ? strlen(folded) : 0, &f) < 0)
		goto out;
	if (oya_flame_layout(&f, inner, MIN_FRAME_W, &rects, &nr) < 0)
		goto out;
	for (size_t i = 0; i < nr; i++)
		max_depth = rects[i].depth > max_depth ? rects[i].depth : max_depth;
	height = FLAME_TOP + (max_depth + 1) * FRAME_H + FLAME_PAD + 14;
	all = f.n ? f.nodes[0].value : 0;
	oya_human_bytes(total, sizeof(total), (double)all);

	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"oya-flame\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\" font-family=\"DejaVu Sans Mono, monospace\">",
		FLAME_W, height, FLAME_W, height);
	fprintf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fdf8f0\"/>", FLAME_W, height);
	fputs("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\" "
	      "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">",
	      out);
	oya_html_puts(out, title ? title : "flame graph");
	fprintf(out,
		"</text><text x=\"10\" y=\"38\" font-size=\"11\" fill=\"#555\" "
		"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">%s in all; width is bytes, callers below "
		"callees; hover a frame for its name and size</text>",
		total);
	if (nr == 0)
		fprintf(out,
			"<text x=\"%d\" y=\"%d\" font-size=\"13\" fill=\"#777\" text-anchor=\"middle\">no "
			"allocations to show</text>",
			FLAME_W / 2, FLAME_TOP + 20);
	for (size_t i = 0; i < nr; i++)
		render_frame(out, &f.nodes[rects[i].node], &rects[i], max_depth, all);
	fputs("</svg>\n", out);
	rc = ferror(out) ? -1 : 0;
out:
	free(rects);
	oya_flame_release(&f);
	return rc;
}
