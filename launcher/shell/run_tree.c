/* How a run follows its tree: the kernel's process events where it may, said with -v. */
#include <errno.h>

#include "note.h"
#include "pev_socket.h"
#include "run.h"

#define CHILDREN_NOTE "the tree is followed through /proc/PID/task/TID/children at each scan"

void oya_run_follow(struct run *r)
{
	const struct oya_config *cfg = r->cfg;
	int fd = oya_pev_open();

	r->events_errno = fd < 0 ? errno : 0;
	r->tree.have_events = fd >= 0;
	r->tree.ev_fd = fd;
	if (!cfg->verbose)
		return;
	switch (oya_tree_mode(&r->tree)) {
	case OYA_SCAN_EVENTS:
		oya_note(cfg, "the tree is followed by the kernel's process events (fork, exec and exit as "
			      "they happen), its members sampled at each interval");
		break;
	case OYA_SCAN_CHILDREN:
		oya_note(cfg, CHILDREN_NOTE ", not by the kernel's process events: %s",
			 oya_pev_why(r->events_errno));
		break;
	default:
		oya_note(cfg,
			 "no /proc/PID/task/TID/children on this kernel (CONFIG_PROC_CHILDREN): the tree is "
			 "followed by reading every /proc/PID/stat (no process events: %s)",
			 oya_pev_why(r->events_errno));
	}
}

bool oya_run_tree_events(struct run *r, uint64_t *next_tree, uint64_t now)
{
	int got = oya_tree_events(&r->tree, now);

	if (got & OYA_TREE_LOST) {
		if (r->cfg->verbose && !r->said_lost)
			oya_note(r->cfg, "the kernel's process events overran oya-launch's socket and some "
					 "were lost: the tree is walked again through its children files");
		r->said_lost = true;
		*next_tree = now;
	}
	return got != 0;
}
