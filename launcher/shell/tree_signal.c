/* Signalling and reaping the tree's members: only the processes the scan found,
 * each checked by its start time so that a pid reused since is left alone. */
#include "tree.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "launch_core.h"
#include "read_full.h"

size_t oya_tree_signal(struct oya_tree *t, int sig, bool only_new)
{
	return oya_tree_signal_except(t, sig, only_new, 0);
}

size_t oya_tree_signal_except(struct oya_tree *t, int sig, bool only_new, pid_t skip_pgid)
{
	size_t i, sent = 0;

	for (i = 0; i < t->n; i++) {
		char path[64], buf[1024];
		int64_t ppid;
		uint64_t start;
		char state;
		ssize_t len;

		if (only_new && t->m[i].stopped)
			continue;
		t->m[i].stopped = true;
		if (t->m[i].zombie)
			continue;
		/* Only the same process: a pid reused since the scan is not ours. */
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)t->m[i].pid);
		len = oya_read_path(path, buf, sizeof(buf));
		if (len <= 0 || oya_stat_parse(buf, (size_t)len, &ppid, &start, &state) ||
		    start != t->m[i].starttime)
			continue;
		if (skip_pgid > 0 && getpgid(t->m[i].pid) == skip_pgid)
			continue;
		if (!kill(t->m[i].pid, sig))
			sent++;
	}
	return sent;
}

bool oya_tree_holds(const struct oya_tree *t, pid_t pid)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->m[i].pid == pid && !t->m[i].zombie)
			return true;
	return false;
}

void oya_tree_reap(struct oya_tree *t)
{
	siginfo_t si;
	size_t i;

	/* one look first: most rounds there is no child to reap, and a tree may have thousands */
	memset(&si, 0, sizeof(si));
	if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) || !si.si_pid)
		return;
	for (i = 0; i < t->n; i++)
		if (t->m[i].pid != t->child)
			waitpid(t->m[i].pid, NULL, WNOHANG);
	for (i = 0; i < t->nout; i++)
		waitpid(t->out[i].pid, NULL, WNOHANG);
}
