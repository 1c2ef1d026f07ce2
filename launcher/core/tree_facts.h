/*
 * What the launcher knows of the tree it followed, for the summary's "tree" object and the
 * human summary: how it found the processes, how many it knew, and the process images that
 * ended before any line was written for them (too short-lived to sample), by name. Pure.
 */
#ifndef OYA_TREE_FACTS_H
#define OYA_TREE_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h> /* json_object */

#define OYA_TREE_NAMES 16    /* names kept for the unsampled images; the rest are counted as others */
#define OYA_TREE_NAME_MAX 64 /* longer names are cut */

/* How the tree's processes were found ("followed_by"). */
#define OYA_TREE_BY_EVENTS "proc_events"      /* the kernel's process events connector */
#define OYA_TREE_BY_CHILDREN "children_files" /* /proc/PID/task/TID/children at each scan */
#define OYA_TREE_BY_SCAN "proc_scan"	      /* every /proc/PID/stat at each scan */

/* Who sampled the processes that carry the preload ("sampler", oya-launch's --sampler). */
#define OYA_TREE_SAMPLER_THREAD "thread"     /* each its own, on the preload's thread */
#define OYA_TREE_SAMPLER_LAUNCHER "launcher" /* oya-launch, from outside (OYA_SAMPLER=edges) */

struct oya_tree_name {
	char exe[OYA_TREE_NAME_MAX]; /* "" when the name could not be read */
	uint64_t images;
};

struct oya_tree_facts {
	const char *followed_by; /* one of the OYA_TREE_BY_ names; NULL: not known */
	const char *sampler;	 /* one of the OYA_TREE_SAMPLER_ names; NULL: not known */
	uint64_t processes;	 /* processes of the tree the launcher knew of */
	uint64_t unsampled;	 /* images that ended before any line */
	struct oya_tree_name names[OYA_TREE_NAMES];
	size_t nnames;
	uint64_t other; /* unsampled images under names beyond the table */
};

/* One more image of EXE (NULL or "": unknown) ended before any line. */
void oya_tree_facts_unsampled(struct oya_tree_facts *f, const char *exe);

/* The summary's "tree" object: followed_by, sampler, processes, unsampled_images, unsampled (an array
 * of {exe, images}, most first, exe null when unknown) and unsampled_other_images. NULL on ENOMEM. */
json_object *oya_tree_facts_json(const struct oya_tree_facts *f);

/* The unsampled images for a human ("static-target 950, sh 2, 1 unnamed", most first, at most
 * MAX names, then "and N more"). Returns the length (cut to CAP - 1); "" when there are none. */
size_t oya_tree_facts_text(char *buf, size_t cap, const struct oya_tree_facts *f, size_t max);

#endif
