/* Private to the tree's files (tree.c, tree_events.c, tree_procs.c, tree_signal.c). */
#ifndef OYA_TREE_PRIV_H
#define OYA_TREE_PRIV_H

#include "proc.h"
#include "status.h"
#include "tree.h"

/* The member of pid PID (live or not), or NULL. */
struct oya_member *oya_tree_find(struct oya_tree *t, pid_t pid);
/* A new member PID that started at START (0: not known); counted in T->facts.processes. NULL without memory. */
struct oya_member *oya_tree_add(struct oya_tree *t, pid_t pid, uint64_t start);
/* PID's /proc/PID/stat read directly. 0 with *P set. */
int oya_tree_stat(pid_t pid, struct oya_procinfo *p);
/* M's /proc/PID/status; 0 with *ST filled, -1 when gone or without memory fields. */
int oya_tree_status(const struct oya_member *m, struct oya_status *st);
/* From now on the launcher samples M from outside (REASON): a "start" line now when it is still there. */
void oya_tree_outside(struct oya_tree *t, struct oya_member *m, const char *reason, uint64_t now_ns);
/* Does PID run the launcher's exec helper (oya-exec), which is no image of the target's? */
bool oya_tree_is_helper(struct oya_tree *t, pid_t pid);
/* M's image was replaced by an exec: its fields start again (the exe is the caller's to set). */
void oya_tree_new_image(struct oya_member *m);

/* M's image ended (BY_EXEC: an exec replaced it). One that no line was written for is kept
 * until the JSONL has been read past its end; a fork's copy of its parent replaced by an exec
 * at once is no image of its own. Once per image. */
void oya_tree_image_end(struct oya_tree *t, struct oya_member *m, bool by_exec);
/* Read what the JSONL gained since the last read: who was heard from, ended images included;
 * once at its end, the ended images not heard of are counted as unsampled. */
void oya_tree_hear(struct oya_tree *t, uint64_t now_ns);

#endif
