/*
 * The shell around heaptrack's data file: decompress it to check that it is
 * whole, run heaptrack_print (fork/exec with an argv, stdout through a pipe)
 * and hand its text to the pure parsers in heaptrack_parse.c.
 */
#include "heaptrack_data.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exit_status.h"
#include "locate.h"
#include "spawn.h"

#define PRINT_OUTPUT_MAX (4u << 20) /* heaptrack_print's text with the backtrace lists turned off */
#define FOLDED_MAX (64u << 20)
#define HEAD_MAX 64
#define TAIL_MAX 512

/* Gets each chunk of a child's stdout. */
typedef void (*chunk_fn)(void *ctx, const char *buf, size_t n);

/* In heaptrack_print's child: stdin and stderr on /dev/null, stdout into the pipe. */
static int reading_setup(void *ctx)
{
	const int *out = ctx;
	int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (devnull < 0 || dup2(devnull, STDIN_FILENO) < 0 || dup2(devnull, STDERR_FILENO) < 0 ||
	    dup2(*out, STDOUT_FILENO) < 0)
		return -1;
	return 0;
}

/*
 * Run ARGV (PATH lookup) with stdin and stderr on /dev/null and stdout into a
 * pipe whose chunks go to EAT. Returns the wait status, or -1 with errno when
 * it could not be started or waited for. Exit status 127: not found.
 */
static int run_reading(char *const argv[], chunk_fn eat, void *ctx)
{
	char exe[PATH_MAX], buf[65536];
	int fds[2], status, err;
	struct oya_spawn sp = { NULL, argv, NULL, NULL, true, reading_setup, &fds[1] };
	struct oya_spawn_report rep;
	ssize_t r;
	pid_t pid;

	if (!oya_resolve(argv[0], exe, sizeof(exe)))
		sp.path = exe;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid = oya_spawn(&sp, &rep);
	err = errno;
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		errno = err;
		return -1;
	}
	for (;;) {
		r = read(fds[0], buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		eat(ctx, buf, (size_t)r);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}

struct capture {
	char *buf;
	size_t len, cap;
	bool overflow;
};

static void capture_eat(void *ctx, const char *b, size_t n)
{
	struct capture *c = ctx;

	if (c->len + n > c->cap) {
		c->overflow = true;
		n = c->cap - c->len;
	}
	memcpy(c->buf + c->len, b, n);
	c->len += n;
}

struct stream_probe {
	char head[HEAD_MAX];
	size_t headlen;
	char tail[TAIL_MAX];
	size_t taillen;
	uint64_t bytes;
};

static void probe_eat(void *ctx, const char *b, size_t n)
{
	struct stream_probe *p = ctx;
	size_t k, drop;

	p->bytes += n;
	if (p->headlen < HEAD_MAX) {
		k = n < HEAD_MAX - p->headlen ? n : HEAD_MAX - p->headlen;
		memcpy(p->head + p->headlen, b, k);
		p->headlen += k;
	}
	if (n >= TAIL_MAX) {
		memcpy(p->tail, b + n - TAIL_MAX, TAIL_MAX);
		p->taillen = TAIL_MAX;
		return;
	}
	if (p->taillen + n > TAIL_MAX) {
		drop = p->taillen + n - TAIL_MAX;
		memmove(p->tail, p->tail + drop, p->taillen - drop);
		p->taillen -= drop;
	}
	memcpy(p->tail + p->taillen, b, n);
	p->taillen += n;
}

static void status_words(int status, char *buf, size_t cap)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == OYA_EXIT_NOT_FOUND)
		snprintf(buf, cap, "was not found (install heaptrack)");
	else if (WIFEXITED(status))
		snprintf(buf, cap, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, cap, "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, cap, "ended with wait status %d", status);
}

/* The decompressor for PATH from its first bytes: "zstd", "gzip" or "cat". NULL with PROBLEM. */
static const char *decompressor(const char *path, char *problem, size_t cap)
{
	unsigned char magic[4] = { 0 };
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;
	ssize_t got;

	if (fd < 0) {
		snprintf(problem, cap, "cannot open it: %s", strerror(errno));
		return NULL;
	}
	got = read(fd, magic, sizeof(magic));
	e = errno;
	close(fd);
	if (got < 0) {
		snprintf(problem, cap, "cannot read it: %s", strerror(e));
		return NULL;
	}
	if (got == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
		return "zstd";
	if (got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		return "gzip";
	return "cat"; /* heaptrack can write an uncompressed file */
}

/* Decompress the file and check the stream and its content. 0 whole, -1 with PROBLEM. */
static int check_whole(const char *path, char *problem, size_t cap)
{
	const char *tool = decompressor(path, problem, cap);
	char *zargv[] = { (char *)tool, (char *)"-dc", (char *)"--", (char *)path, NULL };
	char *cargv[] = { (char *)tool, (char *)"--", (char *)path, NULL };
	struct stream_probe *p;
	char w[64];
	int rc = -1, status;

	if (!tool)
		return -1;
	p = calloc(1, sizeof(*p));
	if (!p) {
		snprintf(problem, cap, "out of memory");
		return -1;
	}
	status = run_reading(strcmp(tool, "cat") == 0 ? cargv : zargv, probe_eat, p);
	if (status < 0) {
		snprintf(problem, cap, "cannot run %s: %s", tool, strerror(errno));
	} else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		status_words(status, w, sizeof(w));
		if (WIFEXITED(status) && WEXITSTATUS(status) == OYA_EXIT_NOT_FOUND)
			snprintf(problem, cap, "%s %s", tool, w);
		else
			snprintf(
				problem, cap,
				"the %s stream is truncated or corrupt (%s -t fails; %s %s): heaptrack was stopped "
				"before it finished writing",
				tool, tool, tool, w);
	} else {
		rc = oya_heaptrack_check_stream(p->head, p->headlen, p->tail, p->taillen, problem, cap);
	}
	free(p);
	return rc;
}

static char *make_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd, e;

	if (!dir || !*dir)
		dir = "/tmp";
	if (asprintf(&path, "%s/oya-heaptrack-______", dir) < 0)
		return NULL;
	memset(path + strlen(path) - 6, 'X', 6); /* mkstemp's template */
	fd = mkstemp(path);
	if (fd < 0) {
		e = errno;
		free(path);
		errno = e;
		return NULL;
	}
	close(fd);
	return path;
}

/* Read a whole (small) file into a NUL-terminated malloc'd buffer. */
static char *slurp(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	size_t cap = 65536, n = 0, got;
	char *buf, *nb;
	int err;

	if (!f)
		return NULL;
	buf = malloc(cap);
	err = buf ? 0 : ENOMEM;
	while (!err) {
		if (n + 1 >= cap) {
			if (cap > max) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return NULL;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				err = ENOMEM; /* a cut file must not pass for the whole one */
				break;
			}
			buf = nb;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - 1 - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (!err && ferror(f))
		err = EIO;
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* A path heaptrack_print cannot take for an option: "-x.zst" becomes "./-x.zst". Caller frees. */
static char *safe_path(const char *path)
{
	char *r;

	if (asprintf(&r, "%s%s", path[0] == '-' ? "./" : "", path) < 0)
		return NULL;
	return r;
}

static bool valid_kind(const char *kind)
{
	return kind && (!strcmp(kind, "peak") || !strcmp(kind, "leaked") || !strcmp(kind, "allocations") ||
			!strcmp(kind, "temporary"));
}

/*
 * heaptrack_print FILE with its backtrace lists off, writing folded stacks of
 * KIND to FOLDED_PATH; its text into OUT (bounded). Returns the wait status or -1.
 */
static int run_print(const char *path, const char *kind, const char *folded_path, struct capture *out)
{
	char *file = safe_path(path);
	char *argv[] = {
		(char *)"heaptrack_print",
		(char *)"--print-peaks=0",
		(char *)"--print-allocators=0",
		(char *)"--print-temporary=0",
		(char *)"--print-leaks=0",
		(char *)"--flamegraph-cost-type",
		(char *)kind,
		(char *)"-F",
		(char *)folded_path,
		(char *)"-f",
		file,
		NULL,
	};
	int status, e;

	if (!file)
		return -1;
	status = run_reading(argv, capture_eat, out);
	e = errno;
	free(file);
	errno = e;
	return status;
}

/* DATA_FILE is a regular file with something in it? 0, or -1 with H->problem. */
static int check_file(const char *data_file, struct oya_heaptrack *h)
{
	struct stat sb;

	if (stat(data_file, &sb) < 0) {
		snprintf(h->problem, sizeof(h->problem), "cannot read it: %s", strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(h->problem, sizeof(h->problem), "it is not a regular file");
		return -1;
	}
	if (sb.st_size == 0) {
		snprintf(h->problem, sizeof(h->problem),
			 "it is empty (0 bytes): heaptrack was stopped before it wrote anything");
		return -1;
	}
	return 0;
}

/* heaptrack_print rounds to 3-4 digits; the peak stacks in FOLDED_PATH add up to the exact peak. */
static char *exact_peak(const char *folded_path, struct oya_heaptrack *h)
{
	uint64_t exact, shown = h->peak_heap_bytes, diff;
	size_t flen;
	char *folded = slurp(folded_path, FOLDED_MAX, &flen);

	if (folded && oya_heaptrack_folded_total(folded, flen, &exact) == 0) {
		diff = exact > shown ? exact - shown : shown - exact;
		if (diff <= shown / 150 + 5)
			h->peak_heap_bytes = exact;
	}
	return folded;
}

/* heaptrack_print's summary of DATA_FILE into H (folded stacks through TMP). 0, or -1 with H->problem. */
static int print_summary(const char *data_file, const char *tmp, struct capture *out, struct oya_heaptrack *h)
{
	int status = run_print(data_file, "peak", tmp, out);
	char w[64];

	if (status < 0) {
		snprintf(h->problem, sizeof(h->problem), "cannot run heaptrack_print: %s", strerror(errno));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		status_words(status, w, sizeof(w));
		snprintf(h->problem, sizeof(h->problem), "heaptrack_print %s", w);
		return -1;
	}
	if (oya_heaptrack_parse_summary(out->buf, out->len, h) < 0) {
		snprintf(h->problem, sizeof(h->problem), "heaptrack_print printed no summary figures%s",
			 out->overflow ? " (its output was too long)" : "");
		return -1;
	}
	return 0;
}

int oya_heaptrack_read(const char *data_file, struct oya_heaptrack *h)
{
	struct capture out = { 0 };
	char *tmp = NULL, *folded = NULL;
	char whole_problem[sizeof(h->problem)];
	int rc = -1, whole_rc;

	if (!h)
		return -1;
	memset(h, 0, sizeof(*h));
	if (!data_file || !(h->data_file = strdup(data_file))) {
		snprintf(h->problem, sizeof(h->problem), "%s",
			 data_file ? "out of memory" : "no data file given");
		return -1;
	}
	if (check_file(data_file, h))
		return -1;
	whole_rc = check_whole(data_file, whole_problem, sizeof(whole_problem));
	if (!(out.buf = malloc(PRINT_OUTPUT_MAX)) || !(tmp = make_tmp())) {
		snprintf(h->problem, sizeof(h->problem), "cannot make a temporary file: %s", strerror(errno));
		goto out;
	}
	out.cap = PRINT_OUTPUT_MAX;
	if (print_summary(data_file, tmp, &out, h))
		goto out;
	folded = exact_peak(tmp, h);
	rc = 0;
	if (whole_rc < 0) {
		snprintf(h->problem, sizeof(h->problem), "%s", whole_problem);
	} else if (h->allocations == 0 && whole_rc != 1) {
		/* A stream with data but no allocation read: heaptrack_print could not read it. */
		snprintf(h->problem, sizeof(h->problem), "heaptrack_print read no allocations from it");
	} else {
		h->complete = true;
		h->problem[0] = '\0';
	}
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(folded);
	free(out.buf);
	return rc;
}

char *oya_heaptrack_folded(const char *data_file, const char *kind)
{
	struct capture out = { 0 };
	char *tmp = NULL, *text = NULL;
	int err = 0, status;
	size_t len;

	if (!data_file || !valid_kind(kind)) {
		errno = EINVAL;
		return NULL;
	}
	if (access(data_file, R_OK) < 0)
		return NULL;
	if (!(out.buf = malloc(PRINT_OUTPUT_MAX)) || !(tmp = make_tmp())) {
		err = errno ? errno : ENOMEM;
		goto out;
	}
	out.cap = PRINT_OUTPUT_MAX;
	status = run_print(data_file, kind, tmp, &out);
	if (status < 0) {
		err = errno;
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		err = WIFEXITED(status) && WEXITSTATUS(status) == OYA_EXIT_NOT_FOUND ? ENOENT : EPROTO;
		goto out;
	}
	if (!(text = slurp(tmp, FOLDED_MAX, &len)))
		err = errno;
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(out.buf);
	if (!text)
		errno = err ? err : EIO;
	return text;
}

int oya_heaptrack_diff(const char *base_file, const char *new_file, size_t limit,
		       struct oya_heaptrack_change **out, size_t *n)
{
	struct capture cap = { 0 };
	char lim[48], *nf = NULL, *bf = NULL;
	char *argv[] = {
		(char *)"heaptrack_print",
		(char *)"--print-allocators=0",
		(char *)"--print-temporary=0",
		(char *)"--print-leaks=0",
		(char *)"--print-peaks=1",
		lim,
		(char *)"-f",
		NULL,
		(char *)"-d",
		NULL,
		NULL,
	};
	int status, rc = -1, err = EPROTO;

	*out = NULL;
	*n = 0;
	if (!base_file || !new_file) {
		errno = EINVAL;
		return -1;
	}
	if (access(base_file, R_OK) < 0 || access(new_file, R_OK) < 0)
		return -1;
	if (limit == 0)
		limit = 10;
	snprintf(lim, sizeof(lim), "--peak-limit=%zu", limit);
	nf = safe_path(new_file);
	bf = safe_path(base_file);
	if (!nf || !bf || !(cap.buf = malloc(PRINT_OUTPUT_MAX))) {
		free(nf);
		free(bf);
		errno = ENOMEM;
		return -1;
	}
	argv[7] = nf;
	argv[9] = bf;
	cap.cap = PRINT_OUTPUT_MAX;
	status = run_reading(argv, capture_eat, &cap);
	if (status < 0) {
		err = errno;
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		errno = 0;
		rc = oya_heaptrack_parse_diff(cap.buf, cap.len, out, n);
		err = rc < 0 && errno == ENOMEM ? ENOMEM : EPROTO;
	}
	free(cap.buf);
	free(nf);
	free(bf);
	if (rc < 0)
		errno = err;
	return rc;
}
