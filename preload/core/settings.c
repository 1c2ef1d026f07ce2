#include "settings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "duration.h"

bool oya_setting_true(const char *v)
{
	return v &&
	       (!strcmp(v, "1") || !strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcasecmp(v, "on"));
}

__attribute__((format(printf, 4, 5))) static void warnf(char *warn, size_t cap, int *count, const char *fmt,
							...)
{
	size_t len = strnlen(warn, cap);
	va_list ap;

	(*count)++;
	/* Room for the separator, one character and the NUL, or nothing at all:
	 * a '\n' written over the last NUL would leave WARN unterminated. */
	if (len + (len ? 2 : 1) >= cap)
		return;
	if (len)
		warn[len++] = '\n';
	va_start(ap, fmt);
	vsnprintf(warn + len, cap - len, fmt, ap);
	va_end(ap);
}

/* V as it may appear inside a one-line message: control bytes escaped (a
 * newline in a value must not start a line of its own), cut with "..." to fit. */
static const char *shown(char *buf, size_t cap, const char *v)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *v; v++) {
		unsigned char c = (unsigned char)*v;
		char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };
		size_t n = (c < 0x20 || c == 0x7f) ? 4 : 1;

		if (o + n + 4 > cap) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (n == 1)
			buf[o] = (char)c;
		else
			memcpy(buf + o, esc, 4);
		o += n;
	}
	buf[o] = '\0';
	return buf;
}

/* A nanosecond count: digits only, no sign, no overflow. */
static int parse_ns(const char *s, uint64_t *out)
{
	uint64_t n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > (UINT64_MAX - 9) / 10)
			return -1;
		n = n * 10 + (uint64_t)(*s - '0');
	}
	*out = n;
	return 0;
}

int oya_settings_parse(struct oya_settings *out, const struct oya_env *env, char *warn, size_t warncap)
{
	int problems = 0;
	const char *why;
	uint64_t ms, min;
	char mins[32], val[128];

	if (warncap)
		warn[0] = '\0';
	memset(out, 0, sizeof(*out));
	out->disabled = oya_setting_true(env->disable);
	out->allow_fast = oya_setting_true(env->allow_fast);
	out->output = OYA_DEFAULT_OUTPUT;
	out->interval_ms = OYA_DEFAULT_INTERVAL_MS;
	out->pss = OYA_PSS_AUTO;

	if (env->output) {
		if (env->output[0])
			out->output = env->output;
		else
			warnf(warn, warncap, &problems, "OYA_OUTPUT is empty; writing to %s",
			      OYA_DEFAULT_OUTPUT);
	}
	min = out->allow_fast ? OYA_MIN_FAST_INTERVAL_MS : OYA_MIN_INTERVAL_MS;
	if (env->interval) {
		if (oya_duration_parse(env->interval, &ms, &why))
			warnf(warn, warncap, &problems, "OYA_INTERVAL '%s' %s; using the default 10s",
			      shown(val, sizeof(val), env->interval), why);
		else if (ms < min) {
			/* formatted here only: printf's code is pages a process may never touch */
			oya_duration_format(mins, sizeof(mins), min);
			warnf(warn, warncap, &problems,
			      "OYA_INTERVAL '%s' is below the %s minimum%s; using the default 10s",
			      shown(val, sizeof(val), env->interval), mins,
			      out->allow_fast ? "" : " (OYA_ALLOW_FAST_SAMPLING=1 allows 100ms)");
		} else
			out->interval_ms = ms;
	}
	if (env->t0) {
		if (parse_ns(env->t0, &out->t0_ns))
			warnf(warn, warncap, &problems,
			      "OYA_T0 '%s' is not a CLOCK_MONOTONIC time in nanoseconds; elapsed time counts from the process start",
			      shown(val, sizeof(val), env->t0));
		else
			out->have_t0 = true;
	}
	if (env->pss && oya_pss_mode_parse(env->pss, &out->pss))
		warnf(warn, warncap, &problems, "OYA_PSS '%s' is not auto, always or off; using auto",
		      shown(val, sizeof(val), env->pss));
	if (env->sampler && !strcmp(env->sampler, "edges"))
		out->edges = true;
	else if (env->sampler && strcmp(env->sampler, "thread") != 0)
		warnf(warn, warncap, &problems, "OYA_SAMPLER '%s' is not thread or edges; using thread",
		      shown(val, sizeof(val), env->sampler));
	return problems;
}
