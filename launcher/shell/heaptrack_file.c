/*
 * heaptrack's data file into the reader: zstd through ZSTD_decompressStream, gzip
 * through zlib's inflate (gzip header, concatenated members), plain text as it is.
 */
#include "heaptrack_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define IN_SIZE ((size_t)128 << 10)
#define OUT_SIZE ((size_t)256 << 10)

enum kind {
	PLAIN,
	ZST,
	GZ
};

struct src {
	int fd;
	const char *path;
	unsigned char *in, *out;
	oya_htr *r;
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void fail(struct src *s, const char *what, const char *why)
{
	char msg[256];

	snprintf(msg, sizeof(msg), "%s: %s%s%s", s->path, what, why ? ": " : "", why ? why : "");
	oya_htr_fail(s->r, msg);
}

/* Up to IN_SIZE bytes; 0 at the end, -1 on a read error (reported). */
static ssize_t fill(struct src *s)
{
	ssize_t n;

	do
		n = read(s->fd, s->in, IN_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		fail(s, "cannot read", strerror(errno));
	return n;
}

static void read_plain(struct src *s)
{
	ssize_t n;

	while ((n = fill(s)) > 0)
		if (oya_htr_feed(s->r, (const char *)s->in, (size_t)n))
			return;
}

static void read_zst(struct src *s)
{
	ZSTD_DStream *z = ZSTD_createDStream();
	size_t ret = 1;
	ssize_t n;
	bool any = false;

	if (!z) {
		fail(s, "out of memory", NULL);
		return;
	}
	while ((n = fill(s)) > 0) {
		ZSTD_inBuffer in = { s->in, (size_t)n, 0 };

		any = true;
		while (in.pos < in.size) {
			ZSTD_outBuffer out = { s->out, OUT_SIZE, 0 };

			ret = ZSTD_decompressStream(z, &out, &in);
			if (ZSTD_isError(ret)) {
				fail(s, "not a whole zstd stream", ZSTD_getErrorName(ret));
				goto out;
			}
			if (oya_htr_feed(s->r, (const char *)s->out, out.pos))
				goto out;
		}
	}
	/* Decompressed data can remain buffered in the stream after the input ends. */
	while (n == 0 && ret != 0) {
		ZSTD_inBuffer in = { NULL, 0, 0 };
		ZSTD_outBuffer out = { s->out, OUT_SIZE, 0 };

		ret = ZSTD_decompressStream(z, &out, &in);
		if (ZSTD_isError(ret) || out.pos == 0) {
			fail(s, any ? "truncated zstd stream" : "empty file", NULL);
			break;
		}
		if (oya_htr_feed(s->r, (const char *)s->out, out.pos))
			break;
	}
out:
	ZSTD_freeDStream(z);
}

static int inflate_chunk(struct src *s, z_stream *z, int *ret)
{
	while (z->avail_in > 0 || *ret == Z_STREAM_END) {
		if (*ret == Z_STREAM_END) {
			if (z->avail_in == 0)
				return 0;
			if (inflateReset(z) != Z_OK)
				return -1; /* another gzip member follows */
		}
		z->next_out = s->out;
		z->avail_out = OUT_SIZE;
		*ret = inflate(z, Z_NO_FLUSH);
		if (*ret != Z_OK && *ret != Z_STREAM_END && *ret != Z_BUF_ERROR) {
			fail(s, "not a whole gzip stream", z->msg ? z->msg : "inflate failed");
			return -1;
		}
		if (oya_htr_feed(s->r, (const char *)s->out, OUT_SIZE - z->avail_out))
			return -1;
		if (*ret == Z_BUF_ERROR && z->avail_out == OUT_SIZE)
			break;
	}
	return 0;
}

static void read_gz(struct src *s)
{
	z_stream z;
	ssize_t n;
	int ret = Z_OK;
	bool any = false;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		fail(s, "out of memory", NULL);
		return;
	}
	while ((n = fill(s)) > 0) {
		any = true;
		z.next_in = s->in;
		z.avail_in = (uInt)n;
		if (inflate_chunk(s, &z, &ret))
			goto out;
	}
	if (n == 0 && ret != Z_STREAM_END)
		fail(s, any ? "truncated gzip stream" : "empty file", NULL);
out:
	inflateEnd(&z);
}

oya_htr *oya_heaptrack_file_read(const char *path)
{
	struct src s = { .fd = -1, .path = path };
	enum kind k = ends_with(path, ".zst") ? ZST : ends_with(path, ".gz") ? GZ : PLAIN;

	s.r = oya_htr_new();
	if (!s.r)
		return NULL;
	s.in = malloc(IN_SIZE);
	s.out = malloc(OUT_SIZE);
	if (!s.in || !s.out) {
		fail(&s, "out of memory", NULL);
		goto out;
	}
	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0) {
		fail(&s, "cannot open", strerror(errno));
		goto out;
	}
	if (k == ZST)
		read_zst(&s);
	else if (k == GZ)
		read_gz(&s);
	else
		read_plain(&s);
out:
	if (s.fd >= 0)
		close(s.fd);
	free(s.in);
	free(s.out);
	return s.r;
}
