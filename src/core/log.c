/* log.c: one write(2) per line so lines from worker threads never interleave. */
#include "log.h"
#include "utc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;
static const char *const names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level lv)
{
	min_level = lv;
}

void log_msg(enum log_level lv, const char *event, const char *fmt, ...)
{
	if (lv < min_level)
		return;
	char line[2048];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	char when[UTC_ISO];
	size_t wn = utc_iso(when, ts.tv_sec); /* "...:SSZ": the milliseconds go before the Z */
	int n = snprintf(line, sizeof line, "ts=%.*s.%03ldZ level=%s event=%s ", (int)(wn - 1), when,
			 ts.tv_nsec / 1000000, names[lv], event);
	if (n < 0)
		return;
	va_list ap;
	va_start(ap, fmt);
	int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
	va_end(ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > sizeof line - 2)
		len = sizeof line - 2;
	line[len++] = '\n';
	ssize_t w = write(STDERR_FILENO, line, len);
	(void)w;
}

const char *log_q(char *out, size_t cap, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	int plain = n > 0;
	for (size_t i = 0; i < n && plain; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == '"' || c == '\\' || c == '=' || c == 0x7f)
			plain = 0;
	}
	size_t o = 0;
	if (cap == 0)
		return out;
	if (!plain && o + 1 < cap)
		out[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			if (o + 3 >= cap)
				break;
			out[o++] = '\\';
			out[o++] = (char)c;
		} else if (c < ' ' || c == 0x7f) {
			if (o + 5 >= cap)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			if (o + 2 >= cap)
				break;
			out[o++] = (char)c;
		}
	}
	if (!plain && o + 1 < cap)
		out[o++] = '"';
	out[o] = '\0';
	return out;
}
