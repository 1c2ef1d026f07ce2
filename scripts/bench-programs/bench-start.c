/*
 * The start-up cost of a preload, several variants side by side: runs PROG N
 * times under each LD_PRELOAD value (an empty value: none), the variants
 * interleaved run by run in a rotating order so that a burst of other load on
 * the machine hits them all alike. Prints one line per variant: the median wall
 * time (posix_spawn to wait4) and the median CPU time (user + system, all
 * threads, from wait4) per run, in µs.
 * Usage: bench-start N PROG [ARG...] -- PRELOAD...
 * (a PRELOAD of the form VAR=VALUE@SO also sets VAR for that variant)
 * (PROG's stdout and stderr go to /dev/null: libmemusage.so reports on stderr)
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#define MAX_VARIANTS 8

extern char **environ;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ENV without LD_PRELOAD, plus LD_PRELOAD=SO when SO is not empty, plus VAR=VALUE
 * for a variant VAR=VALUE@SO; NULL-terminated. */
static char **make_env(const char *so)
{
	size_t n = 0, k = 0, i;
	char **env, *var;
	const char *at = strchr(so, '@');

	while (environ[n])
		n++;
	env = calloc(n + 3, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "LD_PRELOAD=", 11))
			env[k++] = environ[i];
	if (at) {
		env[k++] = strndup(so, (size_t)(at - so));
		if (!env[k - 1])
			return NULL;
		so = at + 1;
	}
	if (*so) {
		var = malloc(strlen(so) + 12);
		if (!var)
			return NULL;
		sprintf(var, "LD_PRELOAD=%s", so);
		env[k++] = var;
	}
	env[k] = NULL;
	return env;
}

/* One run of ARGV under ENV: wall and CPU in µs; -1 when it failed. */
static int run_once(char **argv, char **env, posix_spawn_file_actions_t *fa, double *wall, double *cpu)
{
	struct rusage ru;
	pid_t pid;
	int st;
	double t0 = now_us();

	if (posix_spawn(&pid, argv[0], fa, NULL, argv, env))
		return -1;
	if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return -1;
	*wall = now_us() - t0;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	return 0;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	char **env[MAX_VARIANTS], **prog;
	double *wall[MAX_VARIANTS], *cpu[MAX_VARIANTS];
	int n, nv, i, j, sep;

	for (sep = 1; sep < argc && strcmp(argv[sep], "--"); sep++)
		;
	nv = argc - sep - 1;
	if (sep < 3 || nv < 1 || nv > MAX_VARIANTS || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench-start N PROG [ARG...] -- PRELOAD... (at most %d)\n",
			MAX_VARIANTS);
		return 2;
	}
	argv[sep] = NULL;
	prog = argv + 2;
	if (posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0) ||
	    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0))
		return 1;
	for (j = 0; j < nv; j++) {
		env[j] = make_env(argv[sep + 1 + j]);
		wall[j] = calloc((size_t)n, sizeof(double));
		cpu[j] = calloc((size_t)n, sizeof(double));
		if (!env[j] || !wall[j] || !cpu[j])
			return 1;
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < nv; j++) {
			int v = (i + j) % nv;

			if (run_once(prog, env[v], &fa, &wall[v][i], &cpu[v][i])) {
				fprintf(stderr, "bench-start: %s failed under '%s'\n", prog[0],
					argv[sep + 1 + v]);
				return 1;
			}
		}
	}
	for (j = 0; j < nv; j++)
		printf("%.1f %.1f\n", median(wall[j], n), median(cpu[j], n));
	return 0;
}
