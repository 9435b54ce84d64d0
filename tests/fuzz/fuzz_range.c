/* fuzz_range.c: libFuzzer target for the Range header parser
 * (http_range_parse).  The input is a file size in decimal on the first
 * line (1000 when there is no line break) and the header after it.  Each
 * answer is held to what http.h promises (1: 0 <= first <= last < size;
 * 0 and -1 leave the outputs alone) and compared with a slow reference
 * written separately from the grammar: trimmed pieces, numbers read by
 * their count of significant digits and strtoull.  Both cap a number at INT64_MAX (a position past any
 * file), so "bytes=(10^30)-(10^25)" is past the end (416) rather than
 * reversed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool ws(char c)
{
	return c == ' ' || c == '\t';
}

static str trim_ws(str s)
{
	while (s.n && ws(s.p[0]))
		s.p++, s.n--;
	while (s.n && ws(s.p[s.n - 1]))
		s.n--;
	return s;
}

/* A run of digits filling s, as a number capped at INT64_MAX; -1 when s
 * is empty or holds anything else. */
static int64_t ref_number(str s)
{
	if (!s.n)
		return -1;
	for (size_t i = 0; i < s.n; i++)
		if (!memchr("0123456789", s.p[i], 10))
			return -1;
	while (s.n > 1 && s.p[0] == '0')
		s.p++, s.n--;
	if (s.n > 19)
		return INT64_MAX;
	char tmp[20];
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	unsigned long long v = strtoull(tmp, NULL, 10);
	return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

static int ref_parse(str h, int64_t size, int64_t *first, int64_t *last)
{
	h = trim_ws(h);
	if (size < 0 || h.n < 6 || !str_ieq((str){h.p, 5}, S("bytes")))
		return 0;
	str rest = trim_ws((str){h.p + 5, h.n - 5});
	if (!rest.n || rest.p[0] != '=')
		return 0;
	rest = (str){rest.p + 1, rest.n - 1};
	const char *dash = memchr(rest.p, '-', rest.n);
	if (!dash)
		return 0;
	str a = trim_ws((str){rest.p, (size_t)(dash - rest.p)});
	str b = trim_ws((str){dash + 1, rest.n - (size_t)(dash - rest.p) - 1});
	int64_t fa = a.n ? ref_number(a) : -2, lb = b.n ? ref_number(b) : -2, sz = size;
	if (fa == -1 || lb == -1 || (fa == -2 && lb == -2))
		return 0;
	if (fa == -2) {
		if (lb == 0)
			return -1;
		if (sz == 0)
			return 0;
		*first = lb >= sz ? 0 : sz - lb;
		*last = size - 1;
		return 1;
	}
	if (lb >= 0 && lb < fa)
		return 0;
	if (fa >= sz)
		return -1;
	*first = fa;
	*last = lb < 0 || lb >= sz ? sz - 1 : lb;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str in = {(const char *)data, size};
	int64_t fsize = 1000;
	const char *nl = memchr(in.p, '\n', in.n);
	if (nl) {
		str num = {in.p, (size_t)(nl - in.p)};
		bool neg = num.n && num.p[0] == '-';
		int64_t v = ref_number(neg ? (str){num.p + 1, num.n - 1} : num);
		fsize = v < 0 ? 1000 : v;
		if (neg)
			fsize = -fsize;
		in = (str){nl + 1, in.n - (size_t)(nl + 1 - in.p)};
	}
	int64_t first = -7, last = -7, rf = -7, rl = -7;
	int got = http_range_parse(in, fsize, &first, &last);
	int want = ref_parse(in, fsize, &rf, &rl);
	if (got != want || first != rf || last != rl)
		__builtin_trap();
	if (got == 1 && !(0 <= first && first <= last && last < fsize))
		__builtin_trap();
	if (got != 1 && (first != -7 || last != -7))
		__builtin_trap();
	return 0;
}
