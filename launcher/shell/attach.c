/*
 * An attached run: observe a process that is already running, and what it
 * starts, from outside, the way the tree samples a static binary. The launcher
 * never signals, stops, waits for, moves or adopts it: no subreaper, no guard,
 * no death signal; at the end it only stops looking. A pidfd (when the kernel
 * has one) tells at once when the process ends; the scans do otherwise.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "clock.h"
#include "finish.h"
#include "identity.h"
#include "launch_core.h"
#include "note.h"
#include "read_full.h"
#include "run.h"
#include "status.h"

#define ATTACH_SCAN_MAX_NS 500000000u /* the tree is followed at least twice a second */
#define ATTACH_POLL_MAX_MS 200

/* Can PID be observed? Its start time in *START; OYA_ERR_INVALID_ARGUMENT with a reason if not. */
static oya_error check_target(pid_t pid, uint64_t *start)
{
	char path[64], buf[4096], exe[PATH_MAX];
	struct oya_status st;
	int64_t ppid;
	char state;
	ssize_t n;

	if (pid == getpid())
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %d is the launcher itself", (int)pid);
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	errno = 0;
	n = oya_read_path(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %d: %s", (int)pid,
				errno == ENOENT || errno == ESRCH || !errno ? "no such process"
									    : strerror(errno));
	if (oya_stat_parse(buf, (size_t)n, &ppid, start, &state))
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %d: cannot read %s", (int)pid, path);
	if (state == 'Z' || state == 'X')
		return oya_fail(OYA_ERR_INVALID_ARGUMENT,
				"pid %d is a zombie: it has ended and waits for its parent to reap it",
				(int)pid);
	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	n = oya_read_path(path, buf, sizeof(buf));
	memset(&st, 0, sizeof(st));
	if (n > 0)
		oya_status_parse(buf, (size_t)n, &st);
	if (n <= 0 || (st.have & OYA_ST_MEMORY) != OYA_ST_MEMORY)
		return oya_fail(OYA_ERR_INVALID_ARGUMENT, "pid %d: %s has no memory figures%s", (int)pid,
				path, n > 0 ? " (a kernel thread)" : "");
	/* the tree names each image by its executable, which only its owner (or root) may read */
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	if (readlink(path, exe, sizeof(exe)) < 0)
		return oya_fail(
			OYA_ERR_INVALID_ARGUMENT, "pid %d: cannot read %s: %s%s", (int)pid, path,
			strerror(errno),
			errno == EACCES || errno == EPERM
				? " (it belongs to another user: run oya-launch as that user or as root)"
				: "");
	return OYA_OK;
}

/* The process's command line as an argv for the summary (malloc'd, one block); NULL without memory. */
static char **target_argv(pid_t pid)
{
	char path[64], raw[4096], **argv;
	size_t n = 0, k = 0, i;
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	len = oya_read_path(path, raw, sizeof(raw) - 1);
	if (len <= 0) { /* no cmdline (it cleared it): its pid is the name */
		len = snprintf(raw, sizeof(raw), "%d", (int)pid) + 1;
	} else if (raw[len - 1] != '\0') {
		raw[len++] = '\0';
	}
	for (i = 0; i < (size_t)len; i++)
		n += raw[i] == '\0';
	argv = malloc((n + 1) * sizeof(char *) + (size_t)len);
	if (!argv)
		return NULL;
	memcpy((char *)(argv + n + 1), raw, (size_t)len);
	for (i = 0; i < (size_t)len && k < n; i += strlen((char *)(argv + n + 1) + i) + 1)
		argv[k++] = (char *)(argv + n + 1) + i;
	argv[k] = NULL;
	return argv;
}

/* A signal ends the observation; SIGCHLD (a host's own child) does not. */
static bool got_stop_signal(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			continue;
		r->interrupt_sig = (int)si.ssi_signo;
		return true;
	}
	return false;
}

/* The periodic work: the tree's scan when it is due, the cgroup, the metrics, the progress line. */
static void tick(struct run *r, uint64_t t0, uint64_t now, uint64_t *next_tree, uint64_t tree_period)
{
	if (now >= *next_tree) {
		oya_tree_scan(&r->tree, now);
		*next_tree += tree_period;
		if (*next_tree <= now)
			*next_tree = now + tree_period;
	}
	oya_run_cg_sample(&r->cg, now);
	oya_metrics_file_update(&r->metrics, now);
	if (r->cfg->progress)
		oya_run_progress(r, now, t0);
}

/* Observe until the limit, a signal, or the end of the process. */
static void observe(struct run *r, uint64_t t0, int pidfd)
{
	const struct oya_config *cfg = r->cfg;
	uint64_t interval = cfg->interval_ms * 1000000u, deadline = t0 + cfg->duration_ms * 1000000u;
	uint64_t period = interval < ATTACH_SCAN_MAX_NS ? interval : ATTACH_SCAN_MAX_NS, next = t0, now;
	/* with the process events the scans only sample: forks, execs and exits come as they happen
	 * (a progress line keeps its figures fresh) */
	uint64_t tree_period =
		oya_tree_mode(&r->tree) == OYA_SCAN_EVENTS && !cfg->progress ? interval : period;
	uint64_t next_tree = t0;
	struct pollfd pfd[3] = { { r->sfd, POLLIN, 0 }, { pidfd, POLLIN, 0 }, { r->tree.ev_fd, POLLIN, 0 } };
	nfds_t npfd = 1, pid_at = 0, ev_at = 0;
	int timeout;

	if (pidfd >= 0)
		pid_at = npfd++;
	if (r->tree.have_events) {
		pfd[npfd] = pfd[2];
		ev_at = npfd++;
	}
	for (;;) {
		now = oya_mono_ns();
		if (now >= deadline)
			break;
		if (now >= next) {
			tick(r, t0, now, &next_tree, tree_period);
			if (r->tree.root_gone)
				return;
			next += period;
			if (next <= now)
				next = now + period;
		}
		now = oya_mono_ns();
		timeout = (int)(((next < deadline ? next : deadline) - (now < next ? now : next) + 999999) /
				1000000);
		if (timeout > ATTACH_POLL_MAX_MS)
			timeout = ATTACH_POLL_MAX_MS;
		if (poll(pfd, npfd, timeout) <= 0)
			continue;
		if ((pfd[0].revents & POLLIN) && got_stop_signal(r)) {
			oya_note(cfg, "got SIG%s: detaching", oya_signal_name(r->interrupt_sig));
			break;
		}
		if (ev_at && pfd[ev_at].revents && oya_run_tree_events(r, &next_tree, oya_mono_ns()) &&
		    r->tree.root_gone)
			return;
		if (pid_at && pfd[pid_at].revents) {
			r->tree.root_gone = true;
			return;
		}
	}
	r->stop = OYA_STOP_DETACHED;
	oya_tree_scan(&r->tree, oya_mono_ns());
	oya_tree_final(&r->tree);
}

/* The tree rooted at the observed process, followed without any claim on it. */
static void tree_setup(struct run *r, pid_t pid, uint64_t start, uint64_t t0)
{
	r->tree.self = getpid();
	r->tree.child = pid;
	r->tree.root = pid;
	r->tree.root_start = start;
	r->tree.child_start = start;
	r->tree.attached = true;
	r->tree.output = r->out.output;
	r->tree.interval_ns = r->cfg->interval_ms * 1000000u;
	r->tree.t0_ns = t0;
	r->tree.pss_mode = r->cfg->pss;
	r->tree.host = r->host;
	r->tree.run = r->run_id;
}

static oya_error attach_run(struct run *r, char **argv, uint64_t start, oya_summary **out)
{
	const struct oya_config *cfg = r->cfg;
	pid_t pid = (pid_t)cfg->pid;
	struct oya_run_facts f;
	int pidfd;
	uint64_t t0;
	oya_error e;

	memset(&f, 0, sizeof(f));
	oya_identity(r->host, r->run_id);
	if ((e = oya_metrics_file_init(&r->metrics, cfg, r->out.output)))
		return e;
	f.started_ms = oya_wall_ms();
	t0 = oya_mono_ns();
	tree_setup(r, pid, start, t0);
	r->cg.host = r->host;
	r->cg.run = r->run_id;
	oya_run_cg_start(&r->cg, r->out.output, t0);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (cfg->verbose)
		oya_note(cfg, "observing pid %d (%s)%s", (int)pid, argv[0],
			 pidfd < 0 ? "; no pidfd: its end is seen by the scans" : "");
	oya_run_follow(r);
	observe(r, t0, pidfd);
	oya_tree_settle(&r->tree);
	if (pidfd >= 0)
		close(pidfd);
	if (r->progress_shown) {
		ssize_t w = write(STDERR_FILENO, "\r\033[K", 4);

		(void)w;
	}
	f.ended_ms = oya_wall_ms();
	oya_run_cg_close(&r->cg, cfg);
	f.end.stop_reason = r->stop == OYA_STOP_DETACHED ? OYA_STOP_DETACHED : OYA_STOP_EXITED;
	f.end.exit_code = -1; /* not the launcher's child: its status cannot be known */
	f.interrupt_sig = r->interrupt_sig;
	if (r->tree.write_errno)
		oya_note(cfg, "some samples could not be written to %s: %s", r->out.output,
			 strerror(r->tree.write_errno));
	oya_run_facts_fill(r, &f);
	f.command = argv;
	e = oya_run_finish(&f, out);
	oya_metrics_file_final(&r->metrics, r->out.summary);
	return e;
}

oya_error oya_run_attached(struct run *r, const sigset_t *set, oya_summary **out)
{
	uint64_t start = 0;
	char **argv = NULL;
	oya_error e;

	if ((e = check_target((pid_t)r->cfg->pid, &start)))
		return e;
	if (!(argv = target_argv((pid_t)r->cfg->pid)))
		return oya_fail(OYA_ERR_NO_MEMORY, "no memory for the run");
	if ((e = oya_run_cg_observe(&r->cg, r->cfg, (pid_t)r->cfg->pid)) ||
	    (e = oya_outputs_prepare(r->cfg, false, &r->out)))
		goto out;
	r->sfd = signalfd(-1, set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (r->sfd < 0) {
		e = oya_fail(OYA_ERR_PROCESS_SPAWN_FAILED, "cannot make a signalfd: %s", strerror(errno));
		goto out;
	}
	e = attach_run(r, argv, start, out);
out:
	free(argv);
	return e;
}
