/* fuzz_isbn.c: libFuzzer target for ISBN reading (isbn_normalize), which
 * takes what an editor types into a library item.  Each answer is held to
 * isbn.h and compared with a reference written from its words: strip the
 * hyphens and spaces (none first or last), then an ISBN-10 is nine digits
 * and a check digit 0-9 or X (either case) with sum(d_i * (10 - i)) a
 * multiple of 11, an ISBN-13 is thirteen digits opening 978 or 979 with
 * sum(d_i * (1 or 3)) a multiple of 10.  Accepted: out holds those digits
 * (X upper case), NUL-terminated; refused: out is empty.  And a number
 * accepted stays accepted, to the same digits, with a hyphen put between
 * two of its characters. */
#include <stdint.h>
#include <string.h>

#include "text/isbn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* The reference: the normalised number into want, or -1. */
static int ref_isbn(str in, char want[14])
{
	char d[64];
	size_t n = 0;
	if (!in.n || in.p[0] == '-' || in.p[0] == ' ' || in.p[in.n - 1] == '-' || in.p[in.n - 1] == ' ')
		return -1;
	for (size_t i = 0; i < in.n; i++) {
		char c = in.p[i];
		if (c == '-' || c == ' ')
			continue;
		if (n == sizeof d - 1)
			return -1;
		d[n++] = c == 'x' ? 'X' : c;
	}
	long sum = 0;
	if (n == 10) {
		for (size_t i = 0; i < 10; i++) {
			bool digit = d[i] >= '0' && d[i] <= '9';
			if (!digit && !(i == 9 && d[i] == 'X'))
				return -1;
			sum += (long)(digit ? d[i] - '0' : 10) * (long)(10 - i);
		}
		if (sum % 11)
			return -1;
	} else if (n == 13) {
		if (memcmp(d, "978", 3) != 0 && memcmp(d, "979", 3) != 0)
			return -1;
		for (size_t i = 0; i < 13; i++) {
			if (d[i] < '0' || d[i] > '9')
				return -1;
			sum += (d[i] - '0') * (i % 2 ? 3 : 1);
		}
		if (sum % 10)
			return -1;
	} else {
		return -1;
	}
	memcpy(want, d, n);
	want[n] = '\0';
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str in = {(const char *)data, size};
	char out[14], want[14] = "";
	memset(out, '?', sizeof out);
	int got = isbn_normalize(in, out);
	check(got == ref_isbn(in, want));
	check(got == 0 ? strcmp(out, want) == 0 : out[0] == '\0');
	if (got == 0 && size >= 2 && size < 64) {
		char more[65], again[14];
		size_t at = 1 + data[size - 1] % (size - 1);
		memcpy(more, data, at);
		more[at] = '-';
		memcpy(more + at + 1, data + at, size - at);
		check(isbn_normalize((str){more, size + 1}, again) == 0 && strcmp(again, out) == 0);
	}
	return 0;
}
