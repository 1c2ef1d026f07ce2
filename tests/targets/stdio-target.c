/*
 * A target for the standard-stream tests of oya-launch. Usage: stdio-target MODE [ARG...]
 *   print OUT ERR  write the line OUT to stdout and the line ERR to stderr, exit 0
 *   cat            copy stdin to stdout, exit 0
 *   lines N        write "line 1" ... "line N" to stdout, exit 0 (dies of SIGPIPE
 *                  when the reader goes away first)
 * Each mode allocates a little so that heaptrack has something to record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void churn(void)
{
	int i;

	for (i = 0; i < 32; i++) {
		volatile char *p = malloc(1024);

		if (p) {
			memset((char *)p, i, 1024);
			free((void *)p);
		}
	}
}

static int copy_stdin(void)
{
	char buf[4096];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return 1;
	return ferror(stdin) ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int rc = 0;

	churn();
	if (!strcmp(mode, "print") && argc > 3) {
		if (printf("%s\n", argv[2]) < 0 || fprintf(stderr, "%s\n", argv[3]) < 0)
			rc = 1;
	} else if (!strcmp(mode, "cat")) {
		rc = copy_stdin();
	} else if (!strcmp(mode, "lines") && argc > 2) {
		long i, n = strtol(argv[2], NULL, 10);

		for (i = 1; i <= n && rc == 0; i++)
			if (printf("line %ld\n", i) < 0)
				rc = 1;
	} else {
		fprintf(stderr, "usage: stdio-target print OUT ERR | cat | lines N\n");
		return 2;
	}
	churn();
	if (fflush(stdout))
		rc = 1;
	return rc;
}
