/* The host names and run ids of an accumulator, each kept once. */
#include "summary_int.h"

#include <stdlib.h>
#include <string.h>

/* The index + 1 of S (LEN bytes) among the strings kept, added when new; 0 for NULL, -1 ENOMEM.
   The host names and run ids of a set of files are few: the last one found is tried first. */
int64_t oya_acc_intern(struct oya_acc *acc, const char *s, size_t len)
{
	size_t last = acc->strs_last;

	if (!s)
		return 0;
	if (last < acc->nstrs && !strncmp(acc->strs[last], s, len) && !acc->strs[last][len])
		return (int64_t)last + 1;
	for (size_t i = 0; i < acc->nstrs; i++)
		if (!strncmp(acc->strs[i], s, len) && !acc->strs[i][len])
			return (int64_t)(acc->strs_last = i) + 1;
	if (acc->nstrs == acc->capstrs) {
		size_t ncap = acc->capstrs ? acc->capstrs * 2 : 8;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, sizeof(*n) is right */
		char **n = realloc(acc->strs, ncap * sizeof(*n));

		if (!n)
			return -1;
		acc->strs = n;
		acc->capstrs = ncap;
	}
	if (!(acc->strs[acc->nstrs] = strndup(s, len)))
		return -1;
	acc->strs_last = acc->nstrs++;
	return (int64_t)acc->strs_last + 1;
}
