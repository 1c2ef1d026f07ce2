/*
 * Switches to another user in the middle of its run, as a service's worker
 * does: after 2 samples in BEFORE it calls setgid/setuid(UID), then waits for 2
 * samples of its own in AFTER ("-": waits 3 tenths of a second instead). A
 * "%p" in BEFORE or AFTER stands for its pid.
 * Usage: preload-setuid UID BEFORE AFTER
 */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "preload-wait.h"

/* PATH with its first "%p" replaced by the pid. */
static const char *with_pid(char *buf, size_t cap, const char *path)
{
	const char *p = strstr(path, "%p");

	if (!p)
		return path;
	snprintf(buf, cap, "%.*s%d%s", (int)(p - path), path, (int)getpid(), p + 2);
	return buf;
}

int main(int argc, char **argv)
{
	struct timespec pause = { 0, 300 * 1000 * 1000 };
	char before[4096], after[4096];
	uid_t uid;

	if (argc != 4)
		return 2;
	uid = (uid_t)atol(argv[1]);
	if (wait_samples(with_pid(before, sizeof(before), argv[2]), 2))
		return 3;
	if (setgroups(0, NULL) || setgid((gid_t)uid) || setuid(uid))
		return 4;
	if (!strcmp(argv[3], "-"))
		nanosleep(&pause, NULL);
	else if (wait_samples(with_pid(after, sizeof(after), argv[3]), 2))
		return 5;
	printf("uid %d\n", (int)getuid());
	return 0;
}
