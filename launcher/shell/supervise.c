/*
 * Following the command until nothing of it is left, as explicit phases:
 * RUNNING (until it ends, a limit, or a signal), STOPPING (the stop signal
 * sent, SIGKILL after the grace period), DRAINING (it ended; what it left
 * behind is stopped the same way), DONE. Each round reaps, runs the phase's
 * step, the kill timer and the periodic scan, then waits on the signalfd and
 * heaptrack's pipe. The shape follows coreutils timeout: signals blocked and
 * read from a signalfd, the launcher a subreaper.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "exec_helper.h"
#include "human.h"
#include "launch_core.h"
#include "note.h"
#include "run.h"

#define DAEMON_EMPTY_NS 1000000000ull /* --daemon: no process seen for this long */
#define DRAIN_EMPTY_NS 50000000ull    /* the command ended: no process left in two scans this far apart */

#define SCAN_MAX_NS 500000000u /* follow the tree at least twice a second */
#define HEAPTRACK_STUCK_NS 30000000000ull
#define POLL_MAX_MS 200 /* SIGCHLD may go to another thread: look anyway */

/* The loop's clocks: the periodic work every PERIOD, the tree's scan every TREE_PERIOD (with the
 * process events the scans only sample, at the interval: the events tell of forks, execs and exits
 * at once; a progress line on a terminal keeps its figures fresh at every PERIOD). */
struct sup {
	uint64_t t0, deadline, period, next_scan, tree_period, next_tree;
	uint64_t tree_base; /* the tree's scans at most this often; less often when they cost more */
	bool said_period;
};

/* One scan of the tree; the next one when the scans stay within their share of a core. */
static void tree_scan(struct run *r, struct sup *s, uint64_t now)
{
	uint64_t c0 = oya_thread_cpu_ns(), cost, period;

	oya_tree_scan(&r->tree, now);
	cost = oya_thread_cpu_ns() - c0;
	period = oya_scan_period(s->tree_base, r->cfg->interval_ms * 1000000u, cost);
	if (period > s->tree_base && !s->said_period && r->cfg->verbose) {
		s->said_period = true;
		oya_note(r->cfg,
			 "a scan of the tree's %zu processes takes %.1f ms of CPU: one every %.1f s "
			 "(at most 1%% of a core; new processes are found that much later)",
			 r->tree.live, (double)cost / 1e6, (double)period / 1e9);
	}
	s->tree_period = period;
}

/* One line of heaptrack's output: shown unless it is routine (or verbose). */
static void ht_line(void *ctx, const char *line, size_t len)
{
	struct run *r = ctx;

	if (len >= strlen(OYA_EXEC_STARTED) && !memcmp(line, OYA_EXEC_STARTED, strlen(OYA_EXEC_STARTED))) {
		char num[24];
		size_t k = len - strlen(OYA_EXEC_STARTED);

		r->cmd_started = true;
		if (k > 1 && k < sizeof(num)) {
			memcpy(num, line + strlen(OYA_EXEC_STARTED) + 1, k - 1);
			num[k - 1] = '\0';
			oya_tree_set_root(&r->tree, (pid_t)strtol(num, NULL, 10));
		}
		return;
	}
	/* the shell's "Terminated" for a command the launcher stopped: expected */
	if (!r->cfg->verbose && r->stop != OYA_STOP_NONE &&
	    (oya_ht_line_reports_signal(line, len, sigdescr_np(r->stop_sig)) ||
	     (r->sent_kill && oya_ht_line_reports_signal(line, len, sigdescr_np(SIGKILL)))))
		return;
	if (r->cfg->verbose || !oya_ht_line_is_routine(line, len))
		oya_note(r->cfg, "heaptrack: %.*s", (int)(len > 1500 ? 1500 : len), line);
}

/* Read what heaptrack printed: a few reads, or at the end of the run (FINAL)
 * all that is there (bounded: an orphaned helper may still be writing).
 * Closes the pipe at its end. */
static void ht_drain(struct run *r, bool final)
{
	char buf[4096];
	int rounds = 0;
	ssize_t n;

	while (r->ht_fd >= 0 && rounds++ < (final ? 256 : 16)) {
		n = read(r->ht_fd, buf, sizeof(buf));
		if (n > 0) {
			oya_ht_lines_feed(&r->ht_lines, buf, (size_t)n, ht_line, r);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !final)
			return;
		/* the end (every writer gone), an error, or nothing more at the end */
		oya_ht_lines_flush(&r->ht_lines, ht_line, r);
		if (n == 0 || errno != EAGAIN) {
			close(r->ht_fd);
			r->ht_fd = -1;
		}
		return;
	}
}

/* SIG to the command itself when the tree does not hold it (a scan missed it):
 * without heaptrack it is the launcher's unreaped child, so its pid is still its own. */
static void signal_command(struct run *r, int sig, pid_t skip_pgid)
{
	if (r->ht || r->child_done || r->child <= 0 || oya_tree_holds(&r->tree, r->child))
		return;
	if (skip_pgid > 0 && getpgid(r->child) == skip_pgid)
		return;
	kill(r->child, sig);
}

/* Ask the command to stop for REASON with SIG. SKIP_PGID: see oya_tree_signal_except. */
static void begin_stop(struct run *r, enum oya_stop_reason reason, int sig, uint64_t now, pid_t skip_pgid)
{
	r->stop = reason;
	r->stop_sig = sig;
	if (r->phase == PHASE_RUNNING)
		r->phase = PHASE_STOPPING;
	oya_tree_scan(&r->tree, now);
	oya_tree_final(&r->tree);
	oya_tree_signal_except(&r->tree, sig, false, skip_pgid);
	signal_command(r, sig, skip_pgid);
	r->kill_at = now + r->cfg->kill_after_ms * 1000000u;
}

void oya_run_progress(struct run *r, uint64_t now, uint64_t t0)
{
	char el[OYA_HUMAN_MAX], total[OYA_HUMAN_MAX], rss[OYA_HUMAN_MAX], peak[OYA_HUMAN_MAX], line[320];
	uint64_t secs = (now - t0) / 1000000000u;
	ssize_t w;
	int n;

	oya_human_dur(el, sizeof(el), (double)secs);
	oya_human_dur(total, sizeof(total), (double)r->cfg->duration_ms / 1000.0);
	oya_human_kb(rss, sizeof(rss), (double)r->tree.rss_kb);
	oya_human_kb(peak, sizeof(peak), (double)r->tree.peak_rss_kb);
	n = snprintf(line, sizeof(line), "\r%s: %s / %s  rss %s  peak %s  %zu process%s\033[K",
		     r->cfg->prefix, el, total, rss, peak, r->tree.live, r->tree.live == 1 ? "" : "es");
	if (n <= 0)
		return;
	do
		w = write(STDERR_FILENO, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	while (w < 0 && errno == EINTR);
	r->progress_shown = true;
}

static void reap(struct run *r)
{
	int st;

	if (!r->child_done && waitpid(r->child, &st, WNOHANG) == r->child) {
		r->child_status = st;
		r->child_done = true;
	}
	oya_tree_reap(&r->tree);
}

/* The target is gone but heaptrack's script is not: its interpreter waits on
 * a fifo no one opened (a target that never loaded heaptrack). Stop the
 * script and its helpers after a while. */
static void unstick_heaptrack(struct run *r, uint64_t now)
{
	if (!r->ht || !r->tree.root)
		return;
	if (r->tree.live) {
		r->empty_since = 0;
	} else if (!r->empty_since) {
		r->empty_since = now;
	} else if (now - r->empty_since > HEAPTRACK_STUCK_NS) {
		oya_note(r->cfg, "heaptrack did not finish %us after the command ended: stopping it",
			 (unsigned)(HEAPTRACK_STUCK_NS / 1000000000u));
		/* its helpers first: the script then reports the target's status */
		for (size_t k = 0; k < r->tree.nout; k++)
			kill(r->tree.out[k].pid, SIGTERM);
		if (r->stuck_rounds++)
			kill(r->child, SIGTERM);
		r->empty_since = now;
	}
}

/* The tree's live members now, by a scan; with the process events the count is kept as they come,
 * and a scan confirms only an empty tree (the loop's rounds come with every event of the tree's). */
static void refresh(struct run *r, uint64_t now)
{
	if (oya_tree_mode(&r->tree) != OYA_SCAN_EVENTS || r->tree.resync || !r->tree.live)
		oya_tree_scan(&r->tree, now);
}

/* The command ended; it may leave processes behind (under heaptrack the
 * script ends after the target): stop them the same way. */
static void drain_step(struct run *r, uint64_t now)
{
	const struct oya_config *cfg = r->cfg;

	refresh(r, now);
	if (r->tree.live == 0) {
		/* under heaptrack its script ends after the target's data is written;
		 * a second empty scan a little later: a fork may fall between two
		 * entries of one /proc listing */
		if (!r->daemon_empty_since)
			r->daemon_empty_since = now;
		if (r->child_done && now - r->daemon_empty_since >= DRAIN_EMPTY_NS)
			r->phase = PHASE_DONE;
		else if (!r->child_done)
			unstick_heaptrack(r, now);
		return;
	}
	r->daemon_empty_since = 0;
	if (!r->leftovers && !r->kill_at) {
		r->leftovers = true;
		oya_note(cfg,
			 "%zu process%s of the command still running: stopping them (for a command "
			 "that daemonizes, --daemon keeps the run going while they live)",
			 r->tree.live, r->tree.live == 1 ? "" : "es");
		oya_tree_final(&r->tree);
		oya_tree_signal(&r->tree, cfg->stop_signal, true);
		r->kill_at = now + cfg->kill_after_ms * 1000000u;
	}
}

/* The command has ended: the process it started, or under heaptrack the
 * target (heaptrack's script then waits for its data, not for what the target
 * left behind). */
static bool command_ended(struct run *r)
{
	if (r->child_done)
		return true;
	if (!r->ht || !r->tree.root_gone)
		return false;
	return true;
}

/* --daemon: the tree is gone when no scan has seen a process of it for a second.
 * One empty scan is not enough: a double fork in progress may fall between two
 * entries of a /proc listing. */
static bool daemon_gone(struct run *r, uint64_t now)
{
	refresh(r, now);
	if (r->tree.live) {
		r->daemon_empty_since = 0;
		return false;
	}
	if (!r->daemon_empty_since)
		r->daemon_empty_since = now;
	return now - r->daemon_empty_since >= DAEMON_EMPTY_NS;
}

/* SIGKILL for whatever did not stop within the grace period, once. */
static void kill_timer(struct run *r, uint64_t now)
{
	const char *name;

	if (!r->kill_at || r->sent_kill || now < r->kill_at)
		return;
	oya_tree_scan(&r->tree, now);
	name = oya_signal_name(r->stop_sig ? r->stop_sig : r->cfg->stop_signal);
	signal_command(r, SIGKILL, 0);
	if (oya_tree_signal(&r->tree, SIGKILL, false))
		oya_note(r->cfg, "the command did not stop within %llums of SIG%s: killed it",
			 (unsigned long long)r->cfg->kill_after_ms, name ? name : "?");
	r->sent_kill = true;
}

/* Follow the tree, signal late arrivals, check the disk, show progress. */
static void periodic(struct run *r, struct sup *s, uint64_t now)
{
	const struct oya_config *cfg = r->cfg;

	if (now < s->next_scan)
		return;
	if (now >= s->next_tree) {
		tree_scan(r, s, now);
		s->next_tree += s->tree_period;
		if (s->next_tree <= now)
			s->next_tree = now + s->tree_period;
	}
	oya_run_cg_sample(&r->cg, now);
	oya_metrics_file_update(&r->metrics, now);
	if (r->stop != OYA_STOP_NONE || r->leftovers) /* late arrivals get the stop signal too, once */
		oya_tree_signal(&r->tree, r->stop != OYA_STOP_NONE ? r->stop_sig : cfg->stop_signal, true);
	if (r->stop == OYA_STOP_NONE && oya_disk_low_now(&r->disk, cfg, &r->out)) {
		char reserve[OYA_HUMAN_MAX];

		oya_human_bytes(reserve, sizeof(reserve), (double)r->disk.reserve);
		oya_note(cfg, "less than %s free on the output's file system: ending the run", reserve);
		begin_stop(r, OYA_STOP_DISK_LIMIT, cfg->stop_signal, now, 0);
	}
	if (cfg->progress)
		oya_run_progress(r, now, s->t0);
	s->next_scan += s->period;
	if (s->next_scan <= now)
		s->next_scan = now + s->period;
}

/* The signals the launcher got: the first one stops the command, later ones pass through. */
static void read_signals(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		int sig = (int)si.ssi_signo;
		/* Typed at the terminal (SI_KERNEL): the terminal sent it to its
		 * foreground group, ours, so the command's processes there have
		 * it already; a kill(2) (SI_USER) reached only the launcher. */
		pid_t skip = si.ssi_code == SI_KERNEL ? getpgrp() : 0;

		if (sig == SIGCHLD)
			continue;
		if (r->phase == PHASE_RUNNING) {
			r->interrupt_sig = sig;
			oya_note(r->cfg, "got SIG%s: stopping the command", oya_signal_name(sig));
			begin_stop(r, OYA_STOP_INTERRUPTED, sig, oya_mono_ns(), skip);
		} else {
			/* a second Ctrl-C goes through too */
			oya_tree_signal_except(&r->tree, sig, false, skip);
		}
	}
}

/* Sleep until the next timer, a signal, heaptrack's output, or an event of the tree's (the
 * kernel's events of other processes are read, and the wait goes on). */
static void wait_events(struct run *r, struct sup *s)
{
	struct pollfd pfd[3];
	nfds_t npfd = 1, ht = 0, ev = 0;
	uint64_t wake = s->next_scan, now;
	int timeout;

	if (r->phase == PHASE_RUNNING && s->deadline < wake)
		wake = s->deadline;
	if (r->kill_at && !r->sent_kill && r->kill_at < wake)
		wake = r->kill_at;
	pfd[0].fd = r->sfd;
	pfd[0].events = POLLIN;
	if (r->ht_fd >= 0) {
		pfd[npfd].fd = r->ht_fd;
		pfd[npfd].events = POLLIN;
		ht = npfd++;
	}
	if (r->tree.have_events) {
		pfd[npfd].fd = r->tree.ev_fd;
		pfd[npfd].events = POLLIN;
		ev = npfd++;
	}
	for (;;) {
		for (nfds_t i = 0; i < npfd; i++)
			pfd[i].revents = 0;
		now = oya_mono_ns();
		timeout = wake > now ? (int)((wake - now + 999999) / 1000000) : 0;
		if (timeout > POLL_MAX_MS)
			timeout = POLL_MAX_MS;
		if (poll(pfd, npfd, timeout) <= 0)
			return;
		if (ev && pfd[ev].revents && oya_run_tree_events(r, &s->next_tree, oya_mono_ns()))
			break;
		if (pfd[0].revents || (ht && pfd[ht].revents))
			break;
	}
	if (ht && pfd[ht].revents)
		ht_drain(r, false);
	if (pfd[0].revents & POLLIN)
		read_signals(r);
}

void oya_run_supervise(struct run *r, uint64_t t0)
{
	const struct oya_config *cfg = r->cfg;
	uint64_t interval = cfg->interval_ms * 1000000u, now = oya_mono_ns();
	uint64_t period = interval < SCAN_MAX_NS ? interval : SCAN_MAX_NS;
	struct sup s = { t0,
			 t0 + cfg->duration_ms * 1000000u,
			 period,
			 now,
			 oya_tree_mode(&r->tree) == OYA_SCAN_EVENTS && !cfg->progress ? interval : period,
			 now,
			 0,
			 false };

	s.tree_base = s.tree_period;
	r->phase = PHASE_RUNNING;
	for (;;) {
		reap(r);
		now = oya_mono_ns();
		switch (r->phase) {
		case PHASE_RUNNING:
			unstick_heaptrack(r, now);
			if (now >= s.deadline)
				begin_stop(r, OYA_STOP_DURATION_LIMIT, cfg->stop_signal, now, 0);
			else if (command_ended(r) && (!cfg->daemon || daemon_gone(r, now)))
				r->phase = PHASE_DRAINING;
			break;
		case PHASE_STOPPING:
			unstick_heaptrack(r, now);
			if (command_ended(r))
				r->phase = PHASE_DRAINING;
			break;
		case PHASE_DRAINING: drain_step(r, now); break;
		case PHASE_DONE: break;
		}
		if (r->phase == PHASE_DONE)
			break;
		kill_timer(r, now);
		periodic(r, &s, now);
		wait_events(r, &s);
	}
	if (r->progress_shown) {
		ssize_t w = write(STDERR_FILENO, "\r\033[K", 4);

		(void)w;
	}
	ht_drain(r, true); /* "Heaptrack finished!", the interpreter's last words */
}
