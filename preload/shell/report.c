/* Called with the sampler's lock held or before its thread exists: the state
 * here needs no lock of its own. */
#include "report.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell_str.h"

static struct {
	int err_ok; /* fd 2 was open at start */
	dev_t err_dev;
	ino_t err_ino;
	unsigned warned; /* enum oya_warning bits already reported */
} R;

void oya_report_init(void)
{
	struct stat st;

	if (!fstat(STDERR_FILENO, &st)) {
		R.err_ok = 1;
		R.err_dev = st.st_dev;
		R.err_ino = st.st_ino;
	}
}

void oya_say(const char *msg)
{
	static const char hex[] = "0123456789abcdef";
	char line[PATH_MAX + 512];
	size_t n = 5;
	ssize_t w;
	struct stat st;

	if (!R.err_ok || fstat(STDERR_FILENO, &st) || st.st_dev != R.err_dev || st.st_ino != R.err_ino)
		return;

	/* line is bytes for write(), not a C string. */
	memcpy(line, "oya: ", 5); // NOLINT(bugprone-not-null-terminated-result)
	/* One message, one line: control bytes (a newline in a path) are escaped. */
	for (; *msg && n + 5 < sizeof(line); msg++) {
		unsigned char c = (unsigned char)*msg;

		if (c < 0x20 || c == 0x7f) {
			line[n++] = '\\';
			line[n++] = 'x';
			line[n++] = hex[c >> 4];
			line[n++] = hex[c & 15];
		} else {
			line[n++] = (char)c;
		}
	}
	line[n++] = '\n';
	do
		w = write(STDERR_FILENO, line, n);
	while (w < 0 && errno == EINTR);
}

int oya_report_first(unsigned bit)
{
	if (R.warned & bit)
		return 0;
	R.warned |= bit;
	return 1;
}

void oya_warn_once(unsigned bit, const char *what, int err)
{
	char msg[PATH_MAX + 256];
	/* Untranslated and static: no locale lookup on an exit or fork path. */
	const char *desc = strerrordesc_np(err);

	if (!oya_report_first(bit))
		return;
	oya_str_join(msg, sizeof(msg), what, ": ", desc ? desc : "unknown error", "; ",
		     bit == OYA_W_THREAD ? "no periodic samples in this process"
		     : bit == OYA_W_PSS	 ? "lines of this process carry no PSS figures"
					 : "samples are lost while this lasts, the program is not affected",
		     (const char *)NULL);
	oya_say(msg);
}
