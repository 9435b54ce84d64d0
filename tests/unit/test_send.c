/* test_send.c: the Range header parser behind http_send_stored (RFC 9110
 * 14.1): each form of a single byte range, the clipping of its end, what
 * cannot be met (416), and what is ignored so the whole file goes out:
 * other units, several ranges, malformed or reversed ranges. */
#include "unit.h"

#include "http/http.h"

/* `h` on a file of `size` bytes is the range first..last. */
static bool range(const char *h, int64_t size, int64_t first, int64_t last)
{
	int64_t f = -7, l = -7;
	return http_range_parse(str_c(h), size, &f, &l) == 1 && f == first && l == last;
}

/* `h` on a file of `size` bytes gives `want` (0 or -1) and leaves the
 * outputs alone. */
static bool gives(str h, int64_t size, int want)
{
	int64_t f = -7, l = -7;
	return http_range_parse(h, size, &f, &l) == want && f == -7 && l == -7;
}

#define NONE(h, size) CHECK(gives(str_c(h), size, 0))
#define UNSAT(h, size) CHECK(gives(str_c(h), size, -1))

TEST(first_last)
{
	CHECK(range("bytes=0-99", 1000, 0, 99));
	CHECK(range("bytes=0-0", 1000, 0, 0));
	CHECK(range("bytes=999-999", 1000, 999, 999));
	CHECK(range("bytes=500-999", 1000, 500, 999));
	CHECK(range("bytes=5-5", 6, 5, 5));
	CHECK(range("bytes=0-999", 1000, 0, 999));
	CHECK(range("bytes=0-1000", 1000, 0, 999));           /* the end is clipped */
	CHECK(range("bytes=10-99999999", 1000, 10, 999));
	CHECK(range("bytes=0-0", 1, 0, 0));
	CHECK(range("bytes=0007-0010", 100, 7, 10));         /* leading zeros are digits */
}

TEST(open_ended)
{
	CHECK(range("bytes=100-", 1000, 100, 999));
	CHECK(range("bytes=0-", 1000, 0, 999));
	CHECK(range("bytes=999-", 1000, 999, 999));
	CHECK(range("bytes=0-", 1, 0, 0));
}

TEST(suffix)
{
	CHECK(range("bytes=-500", 1000, 500, 999));
	CHECK(range("bytes=-1", 1000, 999, 999));
	CHECK(range("bytes=-1000", 1000, 0, 999));
	CHECK(range("bytes=-5000", 1000, 0, 999));            /* more than the file: all of it */
	CHECK(range("bytes=-1", 1, 0, 0));
	UNSAT("bytes=-0", 1000);                               /* a suffix of nothing */
	UNSAT("bytes=-000", 1000);
}

TEST(whitespace_and_case)
{
	CHECK(range(" bytes=0-99 ", 1000, 0, 99));
	CHECK(range("bytes = 0 - 99", 1000, 0, 99));
	CHECK(range("\tbytes=\t-10\t", 100, 90, 99));
	CHECK(range("Bytes=0-1", 100, 0, 1));                  /* units are case-insensitive */
	CHECK(range("BYTES=2-", 100, 2, 99));
}

TEST(unsatisfiable)
{
	UNSAT("bytes=1000-", 1000);
	UNSAT("bytes=1000-2000", 1000);
	UNSAT("bytes=5000-6000", 1000);
	UNSAT("bytes=1-", 1);
	UNSAT("bytes=0-", 0);                                  /* nothing in an empty file */
	UNSAT("bytes=0-0", 0);
	UNSAT("bytes=-0", 0);
}

TEST(empty_file)
{
	NONE("bytes=-5", 0);                                   /* a suffix of an empty file: all of it, nothing */
	NONE("bytes=", 0);
	NONE("items=0-1", 0);
}

TEST(huge_numbers)
{
	/* Saturated, never wrapped: past any file, or all of it. */
	UNSAT("bytes=99999999999999999999999999-", 1000);
	UNSAT("bytes=9223372036854775807-", 1000);
	UNSAT("bytes=9223372036854775808-9223372036854775809", 1000);
	CHECK(range("bytes=0-99999999999999999999999999", 1000, 0, 999));
	CHECK(range("bytes=-99999999999999999999999999", 1000, 0, 999));
	CHECK(range("bytes=10-18446744073709551616", 1000, 10, 999));
	CHECK(range("bytes=9223372036854775806-", INT64_MAX, INT64_MAX - 1, INT64_MAX - 1));
	CHECK(range("bytes=-9223372036854775807", INT64_MAX, 0, INT64_MAX - 1));
	CHECK(range("bytes=0-", INT64_MAX, 0, INT64_MAX - 1));
}

TEST(ignored)
{
	NONE("", 1000);
	CHECK(gives(STR_NULL, 1000, 0));
	NONE("bytes=", 1000);
	NONE("bytes", 1000);
	NONE("bytes-0-1", 1000);
	NONE("bytes=-", 1000);
	NONE("bytes= - ", 1000);
	NONE("bytes=5-2", 1000);                               /* reversed: invalid, ignored */
	NONE("bytes=0-99,200-299", 1000);                      /* several ranges: the whole file */
	NONE("bytes=0-1, 3-4", 1000);
	NONE("bytes=-1,-2", 1000);
	NONE("bytes=0-99,", 1000);
	NONE("bytes=,0-99", 1000);
	NONE("items=0-99", 1000);                              /* another unit */
	NONE("bytesx=0-99", 1000);
	NONE("byte=0-99", 1000);
	NONE("=0-99", 1000);
	NONE("bytes=0-99x", 1000);
	NONE("bytes=a-b", 1000);
	NONE("bytes=+1-2", 1000);
	NONE("bytes=1--2", 1000);
	NONE("bytes=0x10-20", 1000);
	NONE("bytes=1 2-3", 1000);
	NONE("bytes=--1", 1000);
	NONE("bytes=1.5-2", 1000);
	NONE("bytes==0-1", 1000);
	NONE("bytes=0-1\r\n", 1000);
	CHECK(gives(S("bytes=0-1\0"), 1000, 0));               /* a NUL is not white space */
	CHECK(gives(S("bytes=0-99"), -1, 0));                  /* no size: nothing to cut */
}

int main(void)
{
	RUN(first_last);
	RUN(open_ended);
	RUN(suffix);
	RUN(whitespace_and_case);
	RUN(unsatisfiable);
	RUN(empty_file);
	RUN(huge_numbers);
	RUN(ignored);
	return unit_summary();
}
