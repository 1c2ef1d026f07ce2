/*
 * What heaptrack's bytes not freed at the end mean. They are leak evidence only
 * when the program ended by itself: after a stop at the duration limit, the disk
 * reserve, an interrupt or a kill they are memory still in use when it was
 * stopped. Every output takes its words from here. Pure.
 */
#ifndef OYA_UNFREED_H
#define OYA_UNFREED_H

enum oya_unfreed {
	OYA_UNFREED_UNKNOWN, /* how the run ended is not known (a JSONL file without its summary) */
	OYA_UNFREED_LEAKED,  /* the program exited or died by itself: not freed at exit */
	OYA_UNFREED_IN_USE,  /* the program was stopped: still in use when it was stopped */
};

/* From the summary's stop_reason (NULL: unknown). */
enum oya_unfreed oya_unfreed_kind(const char *stop_reason);
/* A short label for a figure: "leaked at exit", or "in use when stopped" after a stop. */
const char *oya_unfreed_label(enum oya_unfreed k);
/* A sentence that says what the figure is evidence of (no trailing full stop). */
const char *oya_unfreed_meaning(enum oya_unfreed k);

#endif
