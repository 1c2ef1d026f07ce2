#include "proc_read.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* smaps_rollup is about 1 KB; the fields it needs come first. */
#define ROLLUP_CAP 4096

uint64_t oya_now_ns(clockid_t clk)
{
	struct timespec ts;

	/* The system call, not the vDSO: the vDSO's data pages are two page faults
	 * in a process that never reads the time otherwise, and a sample is rare. */
	if (syscall(SYS_clock_gettime, clk, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

ssize_t oya_proc_read(const char *path, char *buf, size_t cap)
{
	size_t len = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len < cap) {
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	return (ssize_t)len;
}

void oya_pss_read(struct oya_pss_read *pr)
{
	char buf[ROLLUP_CAP];
	ssize_t n;

	pr->taken = 1;
	pr->start_ns = oya_now_ns(CLOCK_MONOTONIC);
	n = oya_proc_read("/proc/thread-self/smaps_rollup", buf, sizeof(buf));
	pr->err = n < 0 ? errno : 0;
	pr->end_ns = oya_now_ns(CLOCK_MONOTONIC);
	if (n > 0)
		oya_rollup_parse(buf, (size_t)n, &pr->ru);
	if (!pr->err && !(n > 0 && (pr->ru.have & OYA_RU_PSS)))
		pr->err = ENODATA;
}
