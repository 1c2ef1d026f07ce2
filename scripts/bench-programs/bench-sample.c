/*
 * The cost of one sample, two ways:
 *  - "replica": the sampler's own steps with the real pure core (open+read+close
 *    of /proc/self/status into a stack buffer, oya_status_parse, two clocks,
 *    oya_sample_format, open O_APPEND + one write + close), timed in a loop,
 *    next to a bare open+read+close of /proc/self/status; rounds interleaved,
 *    medians printed.
 *  - "in situ": run under the preload, it sleeps while the real sampler thread
 *    samples, and divides the growth of that thread's CPU time (schedstat) by
 *    the samples it wrote meanwhile (includes waking up from clock_nanosleep).
 * And "rss": the resident size of this small program, printed once the
 * preload's sampler has written N samples (N = 0: without the preload).
 * And "pss": the replica with and without the smaps_rollup read and parse that
 * a line with PSS adds, rounds interleaved, after writing MB of memory (0: none).
 * Usage: bench-sample replica OUTFILE | insitu OUTFILE SECONDS | rss OUTFILE N |
 *        pss OUTFILE MB
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "sample_line.h"
#include "smaps_rollup.h"
#include "status.h"

#define ROUNDS 15
#define ITER 2000

static double now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static ssize_t read_status(char *buf, size_t cap)
{
	ssize_t n, len = 0;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)len < cap && (n = read(fd, buf + len, cap - (size_t)len)) > 0)
		len += n;
	close(fd);
	return len;
}

static ssize_t read_rollup(char *buf, size_t cap)
{
	ssize_t n, len = 0;
	int fd = open("/proc/thread-self/smaps_rollup", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)len < cap && (n = read(fd, buf + len, cap - (size_t)len)) > 0)
		len += n;
	close(fd);
	return len;
}

static int one_sample_pss(const char *out, uint64_t seq, int pss)
{
	char status[4096], rollup[4096], line[OYA_LINE_MAX];
	struct oya_sample s;
	ssize_t n = read_status(status, sizeof(status));
	size_t len;
	int fd;

	if (n <= 0)
		return -1;
	memset(&s, 0, sizeof(s));
	oya_status_parse(status, (size_t)n, &s.st);
	if (pss) {
		ssize_t r = read_rollup(rollup, sizeof(rollup));

		if (r <= 0)
			return -1;
		oya_rollup_parse(rollup, (size_t)r, &s.ru);
	}
	s.event = "sample";
	s.source = "preload";
	s.exe = "bench-sample";
	s.seq = seq;
	s.pid = getpid();
	s.ppid = s.st.ppid;
	s.wall_ms = (int64_t)(now_ns(CLOCK_REALTIME) / 1e6);
	s.elapsed_ms = (uint64_t)(now_ns(CLOCK_MONOTONIC) / 1e6);
	len = oya_sample_format(line, sizeof(line), &s);
	fd = open(out, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0)
		return -1;
	if (write(fd, line, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int one_sample(const char *out, uint64_t seq)
{
	return one_sample_pss(out, seq, 0);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int replica(const char *out)
{
	double sample[ROUNDS], bare[ROUNDS], t;
	char buf[4096];
	int r, i;

	for (r = 0; r < ROUNDS; r++) {
		t = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < ITER; i++)
			if (read_status(buf, sizeof(buf)) <= 0)
				return 1;
		bare[r] = (now_ns(CLOCK_MONOTONIC) - t) / ITER / 1e3;
		t = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < ITER; i++)
			if (one_sample(out, (uint64_t)i))
				return 1;
		sample[r] = (now_ns(CLOCK_MONOTONIC) - t) / ITER / 1e3;
		if (truncate(out, 0))
			return 1;
	}
	qsort(sample, ROUNDS, sizeof(double), cmp);
	qsort(bare, ROUNDS, sizeof(double), cmp);
	printf("%.2f %.2f\n", sample[ROUNDS / 2], bare[ROUNDS / 2]);
	return 0;
}

/* CPU nanoseconds of this process's thread named oya-sampler, or -1. */
static double sampler_cpu_ns(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	double ns = -1;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char path[300], name[32] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(name, sizeof(name), f))
			name[0] = '\0';
		fclose(f);
		if (strcmp(name, "oya-sampler\n"))
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/schedstat", e->d_name);
		f = fopen(path, "r");
		if (f && fscanf(f, "%lf", &ns) != 1)
			ns = -1;
		if (f)
			fclose(f);
	}
	closedir(d);
	return ns;
}

static int count_samples(const char *out)
{
	char needle[48], line[2048];
	int count = 0;
	FILE *f;

	snprintf(needle, sizeof(needle), "\"pid\":%d,", (int)getpid());
	f = fopen(out, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle) && strstr(line, "\"event\":\"sample\""))
			count++;
	fclose(f);
	return count;
}

static int insitu(const char *out, double secs)
{
	struct timespec pause = { (time_t)secs, (long)((secs - (long)secs) * 1e9) };
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	double ns0, ns1;
	int c0, c1, i;

	/* leave the thread's start out: measure from its second sample on */
	for (i = 0; i < 1000 && count_samples(out) < 2; i++)
		nanosleep(&tick, NULL);
	ns0 = sampler_cpu_ns();
	c0 = count_samples(out);
	nanosleep(&pause, NULL);
	ns1 = sampler_cpu_ns();
	c1 = count_samples(out);
	if (ns0 < 0 || ns1 < 0 || c1 <= c0) {
		fprintf(stderr, "bench-sample: no oya-sampler thread or no samples (run under the preload)\n");
		return 1;
	}
	printf("%.2f %d\n", (ns1 - ns0) / (c1 - c0) / 1e3, c1 - c0);
	return 0;
}

static int rss(const char *out, int n)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	char buf[4096];
	struct oya_status st;
	ssize_t len;
	int i;

	/* the same reads with and without the preload, so that only the sampler differs */
	for (i = 0; i < 500; i++) {
		int c = count_samples(out);

		if (n ? c >= n : i >= 15)
			break;
		nanosleep(&pause, NULL);
	}
	len = read_status(buf, sizeof(buf));
	if (len <= 0)
		return 1;
	oya_status_parse(buf, (size_t)len, &st);
	printf("%llu %llu\n", (unsigned long long)st.vm_rss_kb, (unsigned long long)st.rss_anon_kb);
	return 0;
}

static int pss(const char *out, int mb)
{
	double with[ROUNDS], without[ROUNDS], t;
	size_t len = (size_t)mb * 1024 * 1024;
	int r, i, iter = mb ? 20 : ITER;

	if (len) {
		unsigned char *mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
					  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (mem == MAP_FAILED || madvise(mem, len, MADV_NOHUGEPAGE))
			return 1;
		memset(mem, 1, len);
	}
	for (r = 0; r < ROUNDS; r++) {
		t = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < iter; i++)
			if (one_sample_pss(out, (uint64_t)i, 0))
				return 1;
		without[r] = (now_ns(CLOCK_MONOTONIC) - t) / iter / 1e3;
		t = now_ns(CLOCK_MONOTONIC);
		for (i = 0; i < iter; i++)
			if (one_sample_pss(out, (uint64_t)i, 1))
				return 1;
		with[r] = (now_ns(CLOCK_MONOTONIC) - t) / iter / 1e3;
		if (truncate(out, 0))
			return 1;
	}
	qsort(with, ROUNDS, sizeof(double), cmp);
	qsort(without, ROUNDS, sizeof(double), cmp);
	printf("%.2f %.2f\n", without[ROUNDS / 2], with[ROUNDS / 2]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "pss"))
		return pss(argv[2], atoi(argv[3]));
	if (argc == 4 && !strcmp(argv[1], "rss"))
		return rss(argv[2], atoi(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "replica"))
		return replica(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "insitu"))
		return insitu(argv[2], atof(argv[3]));
	fprintf(stderr, "usage: bench-sample replica OUTFILE | insitu OUTFILE SECONDS | rss OUTFILE N | "
		"pss OUTFILE MB\n");
	return 2;
}
