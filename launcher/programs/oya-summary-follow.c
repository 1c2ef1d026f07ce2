/*
 * oya-summary --follow: a live view of a JSONL file that is still being
 * written. Polls with a short sleep (no inotify: it must also work on network
 * file systems), starts over when the file is truncated, and moves to the new
 * file when it is rotated (renamed and re-created). Ends on SIGINT/SIGTERM.
 * It reads with the summary library's one reader of a growing file (oya_acc_read).
 */
#include <errno.h>
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

#define SHOW_MAX 30

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

static FILE *open_file(const char *file, struct stat *sb)
{
	FILE *f = fopen(file, "rbe");

	if (!f)
		return NULL;
	if (fstat(fileno(f), sb) || S_ISDIR(sb->st_mode)) {
		if (S_ISDIR(sb->st_mode))
			errno = EISDIR;
		fclose(f);
		return NULL;
	}
	return f;
}

/* Read what was written to F since the last look; start over when it was truncated. 0 ok, 1 the name
   now points at another file (F is read to its end and closed), -1 with errno. */
static int look(FILE *f, const char *file, const struct stat *cur, struct oya_acc **acc, bool *dirty)
{
	struct stat now, named;
	uint64_t got = 0;

	if (fstat(fileno(f), &now) == 0 && now.st_size < ftello(f)) {
		/* truncated in place: what we read is gone, start over */
		struct oya_acc *fresh = oya_acc_new();

		if (!fresh) {
			errno = ENOMEM;
			return -1;
		}
		oya_acc_free(*acc);
		*acc = fresh;
		if (fseeko(f, 0, SEEK_SET))
			return -1;
		*dirty = true;
	}
	/* Ctrl-C may cut a read short: the loop then ends on the signal */
	if (oya_acc_read(*acc, f, false, &got) && errno != EINTR)
		return -1;
	if (got)
		*dirty = true;
	/* rotated: the name now points at another file; the old one is read to its end */
	if (stat(file, &named) == 0 && (named.st_ino != cur->st_ino || named.st_dev != cur->st_dev)) {
		if (oya_acc_feed_end(*acc)) {
			errno = ENOMEM;
			return -1;
		}
		return 1;
	}
	return 0;
}

static int watch(const char *file, FILE *f, struct stat *cur, struct oya_acc **acc, int interval_ms,
		 bool once)
{
	struct timespec nap = { interval_ms / 1000, (long)(interval_ms % 1000) * 1000000L };
	bool tty = isatty(STDOUT_FILENO), dirty = true;
	int r;

	while (!stop_signal) {
		if (f) {
			r = look(f, file, cur, acc, &dirty);
			if (r < 0) {
				if (errno == ENOMEM)
					fprintf(stderr, PROG ": out of memory\n");
				else
					fprintf(stderr, PROG ": %s: read error: %s\n", file, strerror(errno));
				fclose(f);
				return OYA_SUMMARY_FAILURE;
			}
			if (r > 0) {
				fclose(f);
				f = NULL;
				continue;
			}
		} else if ((f = open_file(file, cur))) {
			continue;
		}
		if (dirty && render(*acc, file, tty)) {
			fprintf(stderr, PROG ": cannot write the output: %s\n", strerror(errno));
			if (f)
				fclose(f);
			return OYA_SUMMARY_FAILURE;
		}
		dirty = false;
		if (once)
			break;
		nanosleep(&nap, NULL);
	}
	if (f)
		fclose(f);
	if (stop_signal && !tty)
		fprintf(stderr, PROG ": stopped following %s\n", file);
	return OYA_SUMMARY_OK;
}

int oya_summary_follow(const char *file, int interval_ms, bool once)
{
	struct sigaction sa;
	struct oya_acc *acc = oya_acc_new();
	struct stat cur;
	FILE *f;
	int rc = OYA_SUMMARY_FAILURE;

	if (!acc) {
		fprintf(stderr, PROG ": out of memory\n");
		return rc;
	}
	f = open_file(file, &cur);
	if (!f) {
		fprintf(stderr, PROG ": %s: %s\n", file,
			errno == ENOENT	  ? "no such file"
			: errno == EISDIR ? "is a directory"
					  : strerror(errno));
		oya_acc_free(acc);
		return rc;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* no SA_RESTART: the sleep ends at once on Ctrl-C */
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL)) {
		fprintf(stderr, PROG ": cannot set signal handlers: %s\n", strerror(errno));
		fclose(f);
	} else {
		rc = watch(file, f, &cur, &acc, interval_ms, once);
	}
	oya_acc_free(acc);
	return rc;
}
