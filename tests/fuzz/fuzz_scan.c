/* fuzz_scan.c: libFuzzer target for the confidentiality scanner.  Any
 * bytes are scanned; the findings are in order, inside the body, never
 * overlap and have valid kinds; the count is the same whatever `max` is,
 * and a smaller `max` writes the same first findings; each finding has
 * the shape of its kind (an NHS number has ten digits, an email one "@",
 * an age is 90 to 120, …); scanning twice gives the same answer. */
#include <stdint.h>
#include <string.h>

#include "text/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_MAX 64

static size_t count_digits(const char *p, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += p[i] >= '0' && p[i] <= '9';
	return d;
}

/* The finding has the shape its kind promises. */
static void shape_holds(const char *p, size_t n, enum scan_kind k)
{
	size_t digits = count_digits(p, n);
	switch (k) {
	case SCAN_NHS_NUMBER:
		if (digits != 10 || n < 10 || n > 12)
			__builtin_trap();
		break;
	case SCAN_SSN:
		if (digits != 9 || (n != 9 && n != 11))
			__builtin_trap();
		break;
	case SCAN_AGE_OVER_89: {
		unsigned v = 0;
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (unsigned)(p[i] - '0');
		if (digits != n || n < 2 || n > 3 || v < 90 || v > 120)
			__builtin_trap();
		break;
	}
	case SCAN_EMAIL: {
		size_t ats = 0;
		for (size_t i = 0; i < n; i++)
			ats += p[i] == '@';
		if (ats != 1 || p[0] == '@' || p[n - 1] == '@')
			__builtin_trap();
		break;
	}
	case SCAN_POSTCODE:
		if (n < 5 || n > 8 || digits < 2 || digits > 3)
			__builtin_trap();
		break;
	case SCAN_PHONE:
		if (digits < 8 || digits > 20)
			__builtin_trap();
		break;
	case SCAN_RECORD_NUMBER:
		if (n < 5 || n > 12 || digits < 4)
			__builtin_trap();
		break;
	case SCAN_DATE_OF_BIRTH:
		if (n < 5 || n > 32 || digits < 3)
			__builtin_trap();
		break;
	default:
		__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str body = {(const char *)data, size};
	struct scan_finding f[FUZZ_MAX], g[FUZZ_MAX], few[3];
	int n = scan_text(body, f, FUZZ_MAX);
	if (n < 0 || scan_text(body, NULL, 0) != n || scan_text(body, g, FUZZ_MAX) != n || scan_text(body, few, 3) != n)
		__builtin_trap();
	int written = n < FUZZ_MAX ? n : FUZZ_MAX;
	size_t last = 0;
	for (int i = 0; i < written; i++) {
		const struct scan_finding *x = &f[i];
		if ((unsigned)x->kind >= SCAN_KIND_MAX || !scan_kind_name(x->kind))
			__builtin_trap();
		if (x->start < last || x->end <= x->start || x->end > size)
			__builtin_trap();
		if (g[i].kind != x->kind || g[i].start != x->start || g[i].end != x->end)
			__builtin_trap();
		if (i < 3 && (few[i].kind != x->kind || few[i].start != x->start || few[i].end != x->end))
			__builtin_trap();
		shape_holds(body.p + x->start, x->end - x->start, x->kind);
		last = x->end;
	}
	return 0;
}
