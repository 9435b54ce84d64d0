/* isbn.c: ISBN-10 and ISBN-13 check digits (ISO 2108).  Only the digits
 * are kept, so one book typed two ways ("978-0-306-40615-7",
 * "9780306406157") compares equal. */
#include "isbn.h"

static bool is_sep(char c)
{
	return c == '-' || c == ' ';
}

/* The digits of `in` into out (at most 13, an X only last), separators
 * only between them; their count, or -1. */
static int isbn_digits(str in, char out[14])
{
	int n = 0;
	if (!in.n || is_sep(in.p[0]) || is_sep(in.p[in.n - 1]))
		return -1;
	for (size_t i = 0; i < in.n; i++) {
		char c = in.p[i];
		if (is_sep(c))
			continue;
		if (c == 'x')
			c = 'X';
		if (n >= 13 || !((c >= '0' && c <= '9') || c == 'X'))
			return -1;
		out[n++] = c;
	}
	out[n] = '\0';
	return n;
}

static bool isbn10_ok(const char *d)
{
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		if (d[i] == 'X' && i != 9)
			return false;
		int v = d[i] == 'X' ? 10 : d[i] - '0';
		sum += v * (10 - i);
	}
	return sum % 11 == 0;
}

static bool isbn13_ok(const char *d)
{
	int sum = 0;
	if (d[0] != '9' || d[1] != '7' || (d[2] != '8' && d[2] != '9'))
		return false;
	for (int i = 0; i < 13; i++) {
		if (d[i] == 'X')
			return false;
		sum += (d[i] - '0') * (i % 2 ? 3 : 1);
	}
	return sum % 10 == 0;
}

int isbn_normalize(str in, char out[14])
{
	char d[14];
	int n = isbn_digits(in, d);
	if ((n == 10 && isbn10_ok(d)) || (n == 13 && isbn13_ok(d))) {
		memcpy(out, d, (size_t)n + 1);
		return 0;
	}
	out[0] = '\0';
	return -1;
}
