/* str.c: slice helpers and arena-backed buffers. */
#include "str.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>

bool str_ieq(str a, str b)
{
	if (a.n != b.n)
		return false;
	for (size_t i = 0; i < a.n; i++) {
		unsigned char x = (unsigned char)a.p[i], y = (unsigned char)b.p[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return false;
	}
	return true;
}

char *str_dup(arena *a, str s)
{
	return arena_strndup(a, s.p ? s.p : "", s.n);
}

int str_to_i64(str s, int64_t *out)
{
	size_t i = 0;
	bool neg = false;
	if (s.n && s.p[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i >= s.n || s.n - i > 19)
		return -1;
	uint64_t v = 0;
	for (; i < s.n; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return -1;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

void buf_init(buf *b, arena *a)
{
	b->p = NULL;
	b->n = b->cap = 0;
	b->a = a;
	b->err = 0;
}

static int buf_grow(buf *b, size_t extra)
{
	if (b->err)
		return -1;
	if (extra <= b->cap - b->n)
		return 0;
	size_t want = b->cap ? b->cap : 256;
	while (want - b->n < extra) {
		if (want > SIZE_MAX / 2) {
			b->err = -1;
			return -1;
		}
		want *= 2;
	}
	char *p = arena_alloc(b->a, want);
	if (!p) {
		b->err = -1;
		return -1;
	}
	if (b->n)
		memcpy(p, b->p, b->n);
	b->p = p;
	b->cap = want;
	return 0;
}

int buf_reserve(buf *b, size_t n)
{
	return buf_grow(b, n);
}

int buf_put(buf *b, const void *p, size_t n)
{
	if (n == 0)
		return b->err ? -1 : 0;
	/* The room check inline: a page makes thousands of small appends. */
	if ((n > b->cap - b->n || b->err) && buf_grow(b, n) < 0)
		return -1;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

int buf_putc(buf *b, char c)
{
	return buf_put(b, &c, 1);
}

int buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->err = -1;
		return -1;
	}
	if ((size_t)n < sizeof small)
		return buf_put(b, small, (size_t)n);
	if (buf_grow(b, (size_t)n + 1) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)n;
	return 0;
}

const char *buf_cstr(buf *b)
{
	if (buf_grow(b, 1) < 0)
		return NULL;
	b->p[b->n] = '\0';
	return b->p;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

str str_trim(str s)
{
	while (s.n && is_blank(s.p[0]))
		s.p++, s.n--;
	while (s.n && is_blank(s.p[s.n - 1]))
		s.n--;
	return s;
}

const char *str_thousands_u(char out[32], uint64_t v, bool neg)
{
	char tmp[32];
	int n = 0, digits = 0;
	do {
		if (digits && digits % 3 == 0)
			tmp[n++] = ',';
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
		digits++;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	for (int k = 0; k < n; k++)
		out[k] = tmp[n - 1 - k];
	out[n] = '\0';
	return out;
}

const char *str_thousands(char out[32], int64_t v)
{
	return v < 0 ? str_thousands_u(out, -(uint64_t)v, true) : str_thousands_u(out, (uint64_t)v, false);
}

const char *str_count(arena *a, int64_t v)
{
	char b[32];
	str_thousands(b, v);
	char *s = arena_strndup(a, b, strlen(b));
	return s ? s : "";
}

size_t str_utf8_at(str s, size_t i, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s.p + i;
	size_t len;
	uint32_t v;
	unsigned lo = 0x80, hi = 0xbf; /* the second byte's range: shortest form, no surrogate, <= U+10FFFF */
	if (p[0] < 0x80)
		len = 1, v = p[0];
	else if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, v = p[0] & 0x1fu;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, v = p[0] & 0x0fu, lo = p[0] == 0xe0 ? 0xa0 : 0x80, hi = p[0] == 0xed ? 0x9f : 0xbf;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, v = p[0] & 0x07u, lo = p[0] == 0xf0 ? 0x90 : 0x80, hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (len > 1 && (s.n - i < len || p[1] < lo || p[1] > hi))
		return 0;
	for (size_t k = 1; k < len; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[k] & 0x3fu);
	}
	if (cp)
		*cp = v;
	return len;
}
