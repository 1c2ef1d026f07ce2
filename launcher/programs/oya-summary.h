/* Shared by the files of oya-summary (the shell around the summary library). */
#ifndef OYA_SUMMARY_CLI_H
#define OYA_SUMMARY_CLI_H

#include <stdbool.h>

/* Exit statuses, documented in --help and the README. */
enum {
	OYA_SUMMARY_OK = 0,
	OYA_SUMMARY_REGRESSION = 1,
	OYA_SUMMARY_FAILURE = 2, /* bad usage, unreadable input, output not writable */
};

/* Watch FILE as it grows; returns an exit status. INTERVAL_MS: how often to look. */
int oya_summary_follow(const char *file, int interval_ms, bool once);

#endif
