/*
 * Write sampler-format JSONL for tests and the benchmark.
 * gen-jsonl LINES PROCS [SHAPE [INTERVAL_MS [BASE_KB [GROWTH_KB_PER_HOUR]]]]
 * SHAPE: flat, climb, sawtooth, step, staircase. Processes are interleaved,
 * one sample each per interval; the first line of each is a "start", the last an "exit".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rss_at(const char *shape, double frac, double hours, uint64_t base, double growth,
		       uint64_t i, unsigned *rng)
{
	double v = (double)base;

	*rng = *rng * 1103515245u + 12345u;
	v += (double)(*rng >> 16 & 0xff); /* a little noise, < 256 kB */
	if (!strcmp(shape, "climb")) {
		v += growth * hours * frac;
	} else if (!strcmp(shape, "sawtooth")) {
		v += (double)(i % 50) * 400.0; /* ramps of 20 MB that drop back */
	} else if (!strcmp(shape, "step")) {
		v += frac < 0.3 ? 0 : 50000.0;
	} else if (!strcmp(shape, "staircase")) {
		v += (double)(int)(frac * 10) * growth * hours / 10;
	}
	return (uint64_t)v;
}

int main(int argc, char **argv)
{
	unsigned long long lines, procs, interval = 1000, base = 100000;
	double growth = 20000;
	const char *shape = "flat";
	int64_t t0 = 1795000000000LL;
	unsigned rng = 1;
	static char buf[1 << 16];

	if (argc < 3) {
		fprintf(stderr, "usage: gen-jsonl LINES PROCS [SHAPE [INTERVAL_MS [BASE_KB [GROWTH]]]]\n");
		return 2;
	}
	lines = strtoull(argv[1], NULL, 10);
	procs = strtoull(argv[2], NULL, 10);
	if (argc > 3)
		shape = argv[3];
	if (argc > 4)
		interval = strtoull(argv[4], NULL, 10);
	if (argc > 5)
		base = strtoull(argv[5], NULL, 10);
	if (argc > 6)
		growth = strtod(argv[6], NULL);
	if (procs == 0 || interval == 0)
		return 2;
	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	{
		unsigned long long per = lines / procs;
		double hours = (double)per * (double)interval / 3600000.0;

		for (unsigned long long i = 0; i < lines; i++) {
			unsigned long long p = i % procs, k = i / procs;
			int64_t t = t0 + (int64_t)(k * interval) + (int64_t)p * 7;
			time_t secs = (time_t)(t / 1000);
			struct tm tm;
			char ts[32];
			const char *ev = k == 0 ? "start" : (k + 1 == per ? "exit" : "sample");
			uint64_t rss = rss_at(shape, per > 1 ? (double)k / (double)(per - 1) : 0, hours,
					      base, growth, k, &rng);

			gmtime_r(&secs, &tm);
			strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
			printf("{\"timestamp\":\"%s.%03dZ\",\"pid\":%llu,\"ppid\":%d,\"exe\":\"app%llu\","
			       "\"event\":\"%s\",\"seq\":%llu,\"source\":\"preload\",\"metrics\":{\"rss_kb\":%llu,"
			       "\"vm_size_kb\":%llu,\"vm_peak_kb\":%llu,\"rss_shared_kb\":1344,\"vm_hwm_kb\":%llu,"
			       "\"rss_anon_kb\":120,\"rss_file_kb\":1344,\"rss_shmem_kb\":0,\"threads\":1},"
			       "\"elapsed_secs\":%llu,\"elapsed_ms\":%llu}\n",
			       ts, (int)(t % 1000), 1000 + p, 999, p, ev, k, (unsigned long long)rss,
			       (unsigned long long)rss + 50000, (unsigned long long)rss + 60000,
			       (unsigned long long)rss, k * interval / 1000, k * interval);
		}
	}
	return fflush(stdout) ? 1 : 0;
}
