/*
 * Memory heaptrack_print does not count as leaked: localtime's time zone data (its
 * built-in suppression of tzset_internal), and a block from keep_me_forever, which the
 * program names in __lsan_default_suppressions (heaptrack embeds it in the file). One
 * block of 777 bytes is leaked plainly.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *__lsan_default_suppressions(void);
static void *volatile sink;

__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:keep_me_forever\n";
}

__attribute__((noinline)) static void keep_me_forever(void)
{
	sink = malloc(5000);
	if (sink)
		memset(sink, 1, 5000);
}

int main(void)
{
	time_t t = time(NULL);

	localtime(&t);
	keep_me_forever();
	sink = malloc(777);
	return 0;
}
