/*
 * Counts the SIGINTs it gets: after the first, waits a second for more, then
 * exits with the count as its status. For the terminal Ctrl-C test.
 */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t count;

static void on_int(int sig)
{
	(void)sig;
	count++;
}

int main(void)
{
	struct sigaction sa;
	struct timespec tick = { 0, 20000000L }, grace = { 1, 0 };
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_int;
	if (sigaction(SIGINT, &sa, NULL))
		return 100;
	for (i = 0; i < 3000 && !count; i++) /* a minute at most */
		nanosleep(&tick, NULL);
	while (nanosleep(&grace, &grace))
		;
	return count;
}
