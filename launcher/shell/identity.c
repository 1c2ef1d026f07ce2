#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "identity.h"

void oya_identity(char host[OYA_HOST_MAX], char run[OYA_RUN_ID_MAX])
{
	struct utsname u;
	uint8_t rnd[16];
	ssize_t got;

	if (uname(&u) || !u.nodename[0])
		snprintf(host, OYA_HOST_MAX, "localhost");
	else
		snprintf(host, OYA_HOST_MAX, "%s", u.nodename);
	got = getrandom(rnd, sizeof(rnd), GRND_NONBLOCK);
	if (got != (ssize_t)sizeof(rnd)) {
		/* no entropy yet (early boot): the time and the pid still tell runs apart */
		struct timespec ts;
		uint64_t a, b;

		clock_gettime(CLOCK_REALTIME, &ts);
		a = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
		b = ((uint64_t)getpid() << 32) ^ (uint64_t)clock();
		memcpy(rnd, &a, 8);
		memcpy(rnd + 8, &b, 8);
	}
	oya_run_id_format(run, OYA_RUN_ID_MAX, rnd);
}
