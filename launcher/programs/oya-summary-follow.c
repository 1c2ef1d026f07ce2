/*
 * oya-summary --follow: a live view of a JSONL file that is still being
 * written. Polls with a short sleep (no inotify: it must also work on network
 * file systems), starts over when the file is truncated, and moves to the new
 * file when it is rotated (renamed and re-created). Ends on SIGINT/SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "oya-summary.h"
#include "summary.h"
#include "text_report.h"

#define PROG "oya-summary"
#define SHOW_MAX 30
#define CHUNK 65536

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

static int render(struct oya_acc *acc, const char *file, bool tty)
{
	size_t n = oya_acc_live(acc, NULL, 0), from;
	struct oya_live *v = calloc(n ? n : 1, sizeof(*v));
	uint64_t lines, bad;
	char *text;
	int rc = 0;

	if (!v)
		return -1;
	oya_acc_live(acc, v, n);
	oya_acc_counts(acc, &lines, &bad);
	from = n > SHOW_MAX ? n - SHOW_MAX : 0; /* the most recent images */
	text = oya_text_live(v + from, n - from, file, lines, bad, tty ? term_width() : 0);
	free(v);
	if (!text)
		return -1;
	if ((tty && fputs("\033[H\033[2J", stdout) == EOF) || fputs(text, stdout) == EOF ||
	    (!tty && fputs("\n", stdout) == EOF) || fflush(stdout))
		rc = -1;
	free(text);
	return rc;
}

static int open_file(const char *file, struct stat *sb)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, sb) || S_ISDIR(sb->st_mode)) {
		if (S_ISDIR(sb->st_mode))
			errno = EISDIR;
		close(fd);
		return -1;
	}
	return fd;
}

int oya_summary_follow(const char *file, int interval_ms, bool once)
{
	struct timespec nap = { interval_ms / 1000, (long)(interval_ms % 1000) * 1000000L };
	struct sigaction sa;
	struct oya_acc *acc = oya_acc_new();
	char *buf = malloc(CHUNK);
	bool tty = isatty(STDOUT_FILENO), dirty = true;
	struct stat cur;
	off_t off = 0;
	int fd, rc = OYA_SUMMARY_FAILURE;

	if (!acc || !buf) {
		fprintf(stderr, PROG ": out of memory\n");
		goto out_nofd;
	}
	fd = open_file(file, &cur);
	if (fd < 0) {
		fprintf(stderr, PROG ": %s: %s\n", file,
			errno == ENOENT ? "no such file" : errno == EISDIR ? "is a directory" : strerror(errno));
		goto out_nofd;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: the sleep ends at once on Ctrl-C */
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL)) {
		fprintf(stderr, PROG ": cannot set signal handlers: %s\n", strerror(errno));
		goto out;
	}
	while (!stop_signal) {
		struct stat now, named;
		ssize_t n;

		if (fd >= 0) {
			if (fstat(fd, &now) == 0 && now.st_size < off) {
				/* truncated in place: what we read is gone, start over */
				struct oya_acc *fresh = oya_acc_new();

				if (!fresh) {
					fprintf(stderr, PROG ": out of memory\n");
					goto out;
				}
				oya_acc_free(acc);
				acc = fresh;
				off = 0;
				if (lseek(fd, 0, SEEK_SET) < 0)
					goto read_error;
				dirty = true;
			}
			while ((n = read(fd, buf, CHUNK)) > 0) {
				off += n;
				dirty = true;
				if (oya_acc_feed(acc, buf, (size_t)n)) {
					fprintf(stderr, PROG ": out of memory\n");
					goto out;
				}
			}
			if (n < 0 && errno != EINTR)
				goto read_error;
			/* rotated: the name now points at another file; the old one is read to its end */
			if (stat(file, &named) == 0 && (named.st_ino != cur.st_ino || named.st_dev != cur.st_dev)) {
				if (oya_acc_feed_end(acc)) {
					fprintf(stderr, PROG ": out of memory\n");
					goto out;
				}
				close(fd);
				fd = -1;
				continue;
			}
		} else {
			fd = open_file(file, &cur);
			if (fd >= 0) {
				off = 0;
				continue;
			}
		}
		if (dirty && render(acc, file, tty)) {
			fprintf(stderr, PROG ": cannot write the output: %s\n", strerror(errno));
			goto out;
		}
		dirty = false;
		if (once)
			break;
		nanosleep(&nap, NULL);
	}
	rc = OYA_SUMMARY_OK;
	goto out;
read_error:
	fprintf(stderr, PROG ": %s: read error: %s\n", file, strerror(errno));
out:
	if (fd >= 0)
		close(fd);
out_nofd:
	if (rc == OYA_SUMMARY_OK && stop_signal && !tty)
		fprintf(stderr, PROG ": stopped following %s\n", file);
	oya_acc_free(acc);
	free(buf);
	return rc;
}
