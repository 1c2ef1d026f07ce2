/* The preload's word on stderr: one line per problem, each kind once per process,
 * and only on the stderr the program started with. */
#ifndef OYA_REPORT_H
#define OYA_REPORT_H

enum oya_warning {
	OYA_W_OPEN = 1u << 0,
	OYA_W_WRITE = 1u << 1,
	OYA_W_PROC = 1u << 2,
	OYA_W_THREAD = 1u << 3,
	OYA_W_PATH = 1u << 4,
	OYA_W_PSS = 1u << 5,
};

/* Note what fd 2 is at start: a program that closes stderr and opens a file on 2
 * must never find our lines in that file. */
void oya_report_init(void);
/* "oya: MSG" as one line, control bytes escaped. */
void oya_say(const char *msg);
/* 1 the first time problem BIT is raised in this process (it is then marked), else 0. */
int oya_report_first(unsigned bit);
/* Once per BIT: "WHAT: strerror(ERR); what it means for the samples". */
void oya_warn_once(unsigned bit, const char *what, int err);

#endif
