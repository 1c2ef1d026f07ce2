/* oya-launch: profile a command's memory for a bounded time. A thin main over liboya. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_priv.h"
#include "launch_core.h"
#include "oya-launch.h"
#include "oya/oya.h"

static const char usage[] =
	"usage: oya-launch [OPTIONS] [--] COMMAND [ARG...]\n"
	"       oya-launch --pid PID [OPTIONS]\n"
	"Run COMMAND under heaptrack with the oya sampler for up to --duration, and write\n"
	"a JSONL time series of its processes' memory, a heaptrack profile and a summary.\n"
	"Options stop at the first non-option (or after --).\n"
	"\n"
	"  -p, --pid PID            observe the running process PID and what it starts,\n"
	"                           from outside, instead of a command: never signalled\n"
	"                           nor stopped; at the limit, on Ctrl-C or SIGTERM the\n"
	"                           run detaches (stop_reason detached, status 0) and it\n"
	"                           runs on; no heaptrack (--heaptrack is refused: heaptrack\n"
	"                           -p cannot detach cleanly); the cgroup figures are those\n"
	"                           of the group it lives in, read only\n"
	"  -d, --duration DUR       stop the command after DUR (default 1h; 1s to 4h)\n"
	"  -i, --interval DUR       sampling interval (default 10s; at least 5s)\n"
	"      --allow-fast-sampling  allow intervals down to 100ms\n"
	"  -o, --output PATH        the JSONL file (default ./memory-profile.jsonl)\n"
	"  -s, --summary PATH       the summary JSON (default: the output with .jsonl\n"
	"                           replaced by .summary.json)\n"
	"      --metrics-file PATH  metrics for Prometheus, rewritten every interval while\n"
	"                           the run lasts (for node_exporter's textfile collector)\n"
	"      --no-heaptrack       RSS sampling only; by default heaptrack's data goes\n"
	"                           next to the output (NAME.heaptrack.zst)\n"
	"  -H, --heaptrack-arg ARG  one more argument for heaptrack (repeatable);\n"
	"                           heaptrack profiles one process: the command's first,\n"
	"                           not its forked children, not past an exec\n"
	"      --daemon             for a command that daemonizes (nginx, pg_ctl start,\n"
	"                           a double fork): the run goes on while any process\n"
	"                           of its tree lives, until --duration\n"
	"  -k, --kill-after DUR     grace between the stop signal and SIGKILL (default 10s)\n"
	"      --signal SIG         the stop signal, name or number (default TERM)\n"
	"      --min-free SIZE      end the run (stop_reason disk_limit) when the output's\n"
	"                           file system has less than SIZE free: 2G, 500M, 10%;\n"
	"                           default the smaller of 1G and 5%; 0 turns it off\n"
	"      --memory-limit SIZE  run under a memory limit of SIZE (64M, 512MiB, 2G:\n"
	"                           powers of 1024) in the run's cgroup; the kernel's OOM\n"
	"                           killer ends the command past it (exit status 137,\n"
	"                           oom_killed true); refused (125) where no cgroup can\n"
	"                           be made\n"
	"      --cgroup auto|off    run the command in a cgroup of its own where one can be\n"
	"                           made (auto, the default: root, or a delegated cgroup),\n"
	"                           for the kernel's exact peak and OOM kills; off: never\n"
	"      --pss MODE           when PSS and USS are read (smaps_rollup, which walks\n"
	"                           the page tables): auto (default, about 1% of wall\n"
	"                           time at most), always, off; given as OYA_PSS\n"
	"      --sampler WHO        who samples a process periodically: thread (default,\n"
	"                           the preload's thread in it) or launcher (from outside;\n"
	"                           no thread in the program, for many short processes)\n"
	"      --fail-on-leak       exit 1 when the summary suspects a leak: the tree's\n"
	"                           leak verdict or a growing allocation site (heaptrack)\n"
	"  -q, --quiet              no progress line and no summary on stderr\n"
	"  -v, --verbose            also show heaptrack's routine messages (by default\n"
	"                           only its errors and warnings are shown)\n"
	"  -h, --help               this text\n"
	"  -V, --version            the version\n"
	"\n"
	"DUR: 90s, 1m30s, 2h, 500ms (a bare number is seconds). An existing output,\n"
	"summary or heaptrack file is renamed with a .old suffix first.\n"
	"\n"
	"Exit status:\n"
	"  the command's own status when it ends by itself\n"
	"  0    the command was stopped at the duration limit (or the disk reserve);\n"
	"       with --pid: the run detached, or the process ended (its status is not\n"
	"       oya-launch's to know)\n"
	"  128+N  the command died of signal N (137: SIGKILL, as the OOM killer sends);\n"
	"       also when oya-launch got SIGINT (130), SIGTERM (143) or SIGHUP (129) and\n"
	"       passed it on\n"
	"  125  oya-launch failed (bad option, heaptrack missing, output not writable,\n"
	"       --memory-limit without a cgroup, a --pid that does not exist, is a\n"
	"       zombie or cannot be read...)\n"
	"  126  COMMAND was found but cannot be executed\n"
	"  127  COMMAND was not found\n"
	"  1    with --fail-on-leak: a leak is suspected and the status would otherwise\n"
	"       be 0 (a failure of the command or of oya-launch keeps its own status)\n"
	"\n"
	"The command's stdin, stdout and stderr are its own. heaptrack's own output\n"
	"is captured; its lines on stderr start with \"oya-launch: heaptrack: \".\n"
	"\n"
	"Environment: OYA_PRELOAD overrides where liboya_preload.so is found.\n";

static int fail(const char *msg)
{
	fprintf(stderr, "oya-launch: %s\n", msg);
	return OYA_EXIT_FAILURE;
}

/* The exit status for a run that did not produce a summary. */
static int status_for(oya_error e)
{
	switch (e) {
	case OYA_ERR_COMMAND_NOT_FOUND: return OYA_EXIT_NOT_FOUND;
	case OYA_ERR_COMMAND_NOT_EXECUTABLE: return OYA_EXIT_CANNOT_RUN;
	default: return OYA_EXIT_FAILURE;
	}
}

int main(int argc, char *argv[])
{
	struct oya_launch_opts o;
	const char **hargs = calloc((size_t)argc + 1, sizeof(char *));
	char err[512];
	oya_config *cfg = NULL;
	oya_summary *sum = NULL;
	oya_error e;
	size_t i;
	int status;

	if (!hargs)
		return fail("out of memory");
	if (oya_launch_parse(argc, argv, &o, hargs, err, sizeof(err))) {
		free(hargs);
		fprintf(stderr, "oya-launch: %s\n", err);
		return OYA_EXIT_FAILURE;
	}
	if (o.help || o.version) {
		free(hargs);
		if (o.help)
			fputs(usage, stdout);
		else
			printf("oya-launch %s\n", OYA_VERSION);
		return fflush(stdout) ? OYA_EXIT_FAILURE : 0;
	}
	if (o.pid) /* the program is only a name: the summary takes the process's own command line */
		snprintf(err, sizeof(err), "%ld", o.pid);
	e = oya_config_new(o.duration_ms, OYA_RUN_DEFAULT_INTERVAL_MS, o.output, o.pid ? err : o.command[0],
			   o.pid ? NULL : (const char *const *)o.command + 1, &cfg);
	if (!e)
		e = oya_config_set_interval(cfg, o.interval_ms, o.allow_fast);
	if (!e && o.summary)
		e = oya_config_set_summary_path(cfg, o.summary);
	if (!e && o.metrics_file)
		e = oya_config_set_metrics_file(cfg, o.metrics_file);
	if (!e)
		e = oya_config_set_heaptrack(cfg, !o.no_heaptrack && !o.pid);
	if (!e && o.pid)
		e = oya_config_set_pid(cfg, o.pid);
	for (i = 0; !e && i < o.n_heaptrack_args; i++)
		e = oya_config_add_heaptrack_arg(cfg, o.heaptrack_args[i]);
	if (!e)
		e = oya_config_set_kill_after(cfg, o.kill_after_ms);
	if (!e)
		e = oya_config_set_stop_signal(cfg, o.stop_signal);
	if (!e && !o.min_free_default)
		e = oya_config_set_min_free(cfg, o.min_free_bytes, o.min_free_percent);
	if (!e)
		e = oya_config_set_cgroup(cfg, !o.no_cgroup);
	if (!e)
		e = oya_config_set_memory_limit(cfg, o.memory_limit);
	if (!e)
		e = oya_config_set_verbose(cfg, o.verbose);
	if (!e) {
		e = oya_config_set_daemon(cfg, o.daemon);
		/* oya-launch starts no other child: every child but the command is the run's */
		cfg->sole_parent = true;
	}
	if (!e && o.pss)
		e = oya_config_set_pss(cfg, o.pss);
	if (!e && o.sampler)
		e = oya_config_set_sampler(cfg, o.sampler);
	if (!e)
		e = oya_config_set_messages(cfg, "oya-launch", !o.quiet && isatty(STDERR_FILENO), !o.quiet);
	free(hargs);
	if (e) {
		snprintf(err, sizeof(err), "%s", oya_last_error_detail());
		oya_config_free(cfg);
		return fail(err);
	}

	/* A shell starts background jobs with SIGINT ignored; like timeout(1), take it
	 * anyway so that it reaches the command and the summary is written. SIGHUP
	 * keeps what nohup set. */
	for (i = 0; i < 2; i++) {
		int sig = i ? SIGTERM : SIGINT;
		struct sigaction sa;

		if (!sigaction(sig, NULL, &sa) && sa.sa_handler == SIG_IGN)
			signal(sig, SIG_DFL);
	}
	e = oya_run(cfg, &sum);
	if (!sum) {
		snprintf(err, sizeof(err), "%s", oya_last_error_detail());
		oya_config_free(cfg);
		fprintf(stderr, "oya-launch: %s\n", err[0] ? err : oya_strerror(e));
		return status_for(e);
	}
	status = oya_summary_exit_status(sum);
	if (o.fail_on_leak && oya_launch_leak_gate(oya_summary_path(sum)) && status == 0)
		status = 1;
	oya_summary_free(sum);
	oya_config_free(cfg);
	return status;
}
