/* test_csv.c: the streaming CSV reader: records, quoting, line ends, the
 * byte-order mark, empty lines and fields, every kind of malformed record
 * and the record after it, the limits at and one past, records across the
 * reader's 64 KiB blocks, read errors, and a 500,000-row register extract
 * read against the clock (the time is printed, not checked).  And the
 * writer: quoting, the formula guard, bytes left as they are, records
 * read back by the reader, a buffer that fails. */
#include "unit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "text/csv.h"

#define MAXF 64   /* room for any reader's fields here */
#define BLOCK 65536 /* the reader's read size (csv.c), to put records across it */

/* A reader over a copy of some bytes, through fmemopen(). */
struct src {
	char *buf;
	FILE *f;
	csv_reader *r;
};

/* Exits when out of memory: nothing after it could be tested. */
static csv_reader *open_mem(struct src *s, const void *data, size_t n, size_t max_field, int max_fields)
{
	s->buf = malloc(n ? n : 1);
	s->f = NULL;
	s->r = NULL;
	if (s->buf) {
		if (n)
			memcpy(s->buf, data, n);
		s->f = fmemopen(s->buf, n, "r");
	}
	s->r = s->f ? csv_new(s->f, max_field, max_fields) : NULL;
	if (!s->r) {
		fprintf(stderr, "FAIL %s: cannot open a reader\n", unit_current);
		exit(1);
	}
	return s->r;
}

static void close_mem(struct src *s)
{
	csv_free(s->r);
	if (s->f)
		fclose(s->f);
	free(s->buf);
}

/* A reader over a string literal, with roomy limits. */
#define OPEN(s, lit) open_mem((s), (lit), sizeof(lit) - 1, 256, 8)

/* The next record begins on `line` and has exactly the `n` fields given. */
static bool rec(csv_reader *r, long line, int n, ...)
{
	str f[MAXF];
	int got = -1;
	const char *why = "unset";
	int rc = r ? csv_next(r, f, &got, &why) : -9;
	bool ok = rc == 1 && got == n && why == NULL && csv_line(r) == line;
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		if (ok && !str_eqc(f[i], want)) {
			fprintf(stderr, "  field %d: got \"%.*s\", want \"%s\"\n", i, (int)f[i].n, f[i].p, want);
			ok = false;
		}
	}
	va_end(ap);
	if (!ok && rc != 1)
		fprintf(stderr, "  csv_next: %d (%s) on line %ld, want a record on line %ld\n", rc,
			why ? why : "-", r ? csv_line(r) : 0, line);
	else if (!ok)
		fprintf(stderr, "  record on line %ld, %d fields; want line %ld, %d fields\n", csv_line(r), got, line, n);
	return ok;
}

/* The next record, beginning on `line`, is refused with `want`. */
static bool bad(csv_reader *r, long line, const char *want)
{
	str f[MAXF];
	int got = -1;
	const char *why = NULL;
	int rc = r ? csv_next(r, f, &got, &why) : -9;
	bool ok = rc == -1 && got == 0 && why && strcmp(why, want) == 0 && csv_line(r) == line;
	if (!ok)
		fprintf(stderr, "  csv_next: %d (%s) on line %ld, want -1 (%s) on line %ld\n", rc, why ? why : "-",
			r ? csv_line(r) : 0, want, line);
	return ok;
}

/* The input is over (and stays over). */
static bool end(csv_reader *r)
{
	str f[MAXF];
	int got = -1;
	const char *why = "unset";
	return r && csv_next(r, f, &got, &why) == 0 && got == 0 && why == NULL &&
	       csv_next(r, f, &got, &why) == 0;
}

TEST(simple_rows)
{
	struct src s;
	static const char in[] = "authority,number,name,status\n"
				 "gmc,1234567,Ann Lee,registered\n"
				 "npi,1234567893,Sam Roe,suspended\n";
	csv_reader *r = OPEN(&s, in);
	CHECK(csv_line(r) == 0);
	CHECK(csv_offset(r) == 0);
	CHECK(rec(r, 1, 4, "authority", "number", "name", "status"));
	CHECK(csv_offset(r) == 29);
	CHECK(rec(r, 2, 4, "gmc", "1234567", "Ann Lee", "registered"));
	CHECK(csv_offset(r) == 29 + 31);
	CHECK(rec(r, 3, 4, "npi", "1234567893", "Sam Roe", "suspended"));
	CHECK(csv_offset(r) == (long long)sizeof in - 1);
	CHECK(end(r));
	CHECK(csv_line(r) == 3); /* still the last record's */
	CHECK(csv_offset(r) == (long long)sizeof in - 1);
	close_mem(&s);

	/* One field, one record, one byte. */
	r = OPEN(&s, "x");
	CHECK(rec(r, 1, 1, "x"));
	CHECK(csv_offset(r) == 1);
	CHECK(end(r));
	close_mem(&s);

	/* Nothing at all. */
	r = OPEN(&s, "");
	CHECK(end(r));
	CHECK(csv_offset(r) == 0 && csv_line(r) == 0);
	close_mem(&s);

	/* Whitespace is kept. */
	r = OPEN(&s, " a , b\t,\tc \n");
	CHECK(rec(r, 1, 3, " a ", " b\t", "\tc "));
	CHECK(end(r));
	close_mem(&s);

	/* UTF-8 of every length is fine, and a BOM past the start is text. */
	r = OPEN(&s, "Jos\xc3\xa9,\xe7\x8e\x8b,\xf0\x9f\x98\x80,\xef\xbb\xbfx\n");
	CHECK(rec(r, 1, 4, "Jos\xc3\xa9", "\xe7\x8e\x8b", "\xf0\x9f\x98\x80", "\xef\xbb\xbfx"));
	CHECK(end(r));
	close_mem(&s);
}

TEST(quoted_fields)
{
	struct src s;
	csv_reader *r = OPEN(&s, "\"Lee, Ann\",\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\n"
				 "\"two\nlines\",x\n"
				 "\"three\r\nlines\r\n\",y\r\n"
				 "after,\"\"\n"
				 "\"a,b\",\"\",\"\n\"\n"
				 "last\n");
	CHECK(rec(r, 1, 4, "Lee, Ann", "say \"hi\"", "\"", "\"\""));
	CHECK(rec(r, 2, 2, "two\nlines", "x"));
	CHECK(rec(r, 4, 2, "three\r\nlines\r\n", "y")); /* line ends in quotes kept as they are */
	CHECK(rec(r, 7, 2, "after", ""));
	CHECK(rec(r, 8, 3, "a,b", "", "\n"));
	CHECK(rec(r, 10, 1, "last"));
	CHECK(end(r));
	close_mem(&s);

	/* A quoted field of only a line end, and quoted empty lines. */
	r = OPEN(&s, "\"\n\n\n\"\n\"\"\nz\n");
	CHECK(rec(r, 1, 1, "\n\n\n"));
	CHECK(rec(r, 5, 1, "")); /* "" is a record of one empty field, not an empty line */
	CHECK(rec(r, 6, 1, "z"));
	CHECK(end(r));
	close_mem(&s);

	/* A quote closing at the end of the input, and a doubled quote there. */
	r = OPEN(&s, "a,\"b\"");
	CHECK(rec(r, 1, 2, "a", "b"));
	CHECK(end(r));
	close_mem(&s);
	r = OPEN(&s, "\"b\"\"\"");
	CHECK(rec(r, 1, 1, "b\""));
	CHECK(end(r));
	close_mem(&s);

	/* Quoted UTF-8 with escapes between its characters. */
	r = OPEN(&s, "\"\xc3\xa9\"\"\xc3\xa9\"\n");
	CHECK(rec(r, 1, 1, "\xc3\xa9\"\xc3\xa9"));
	CHECK(end(r));
	close_mem(&s);
}

TEST(line_ends)
{
	struct src s;
	csv_reader *r = OPEN(&s, "a,b\r\nc,d\ne,f\r\n\"g\"\r\nh,\r\n");
	CHECK(rec(r, 1, 2, "a", "b"));
	CHECK(rec(r, 2, 2, "c", "d"));
	CHECK(rec(r, 3, 2, "e", "f"));
	CHECK(rec(r, 4, 1, "g"));
	CHECK(rec(r, 5, 2, "h", ""));
	CHECK(end(r));
	close_mem(&s);

	/* No final line end, after LF and CRLF records, in every field kind. */
	const char *lasts[] = {"x,y\nlast", "x,y\r\nlast", "x,y\n\"last\"", "x,y\nlast,", "x,y\n\"la\nst\""};
	const char *want[] = {"last", "last", "last", "last", "la\nst"};
	for (int i = 0; i < 5; i++) {
		r = open_mem(&s, lasts[i], strlen(lasts[i]), 64, 4);
		CHECK(rec(r, 1, 2, "x", "y"));
		if (i == 3)
			CHECK(rec(r, 2, 2, "last", ""));
		else
			CHECK(rec(r, 2, 1, want[i]));
		CHECK(end(r));
		CHECK(csv_offset(r) == (long long)strlen(lasts[i]));
		close_mem(&s);
	}
}

TEST(byte_order_mark)
{
	struct src s;
	csv_reader *r = OPEN(&s, "\xef\xbb\xbf" "authority,number\ngmc,1\n");
	CHECK(rec(r, 1, 2, "authority", "number"));
	CHECK(csv_offset(r) == 3 + 17);
	CHECK(rec(r, 2, 2, "gmc", "1"));
	CHECK(end(r));
	close_mem(&s);

	/* Only the mark; the mark and a quote; the mark then an empty line. */
	r = OPEN(&s, "\xef\xbb\xbf");
	CHECK(end(r));
	CHECK(csv_offset(r) == 3);
	close_mem(&s);
	r = OPEN(&s, "\xef\xbb\xbf\"q\"");
	CHECK(rec(r, 1, 1, "q"));
	CHECK(end(r));
	close_mem(&s);
	r = OPEN(&s, "\xef\xbb\xbf\r\nx\n");
	CHECK(rec(r, 2, 1, "x"));
	CHECK(end(r));
	close_mem(&s);

	/* Two marks: the second is text.  Half a mark is invalid UTF-8. */
	r = OPEN(&s, "\xef\xbb\xbf\xef\xbb\xbf" "a\n");
	CHECK(rec(r, 1, 1, "\xef\xbb\xbf" "a"));
	close_mem(&s);
	r = OPEN(&s, "\xef\xbb" "a\nb\n");
	CHECK(bad(r, 1, "invalid UTF-8"));
	CHECK(rec(r, 2, 1, "b"));
	CHECK(end(r));
	close_mem(&s);
}

TEST(empty_lines)
{
	struct src s;
	csv_reader *r = OPEN(&s, "\n\r\n\na,b\n\n\r\n\nc\n\n\n");
	CHECK(rec(r, 4, 2, "a", "b"));
	CHECK(rec(r, 8, 1, "c"));
	CHECK(end(r));
	CHECK(csv_line(r) == 8);
	CHECK(csv_offset(r) == 16);
	close_mem(&s);

	r = OPEN(&s, "\n\n\r\n\n");
	CHECK(end(r));
	CHECK(csv_line(r) == 0);
	CHECK(csv_offset(r) == 5);
	close_mem(&s);

	/* A line of a space is a record; so is a line of a comma. */
	r = OPEN(&s, " \n,\n");
	CHECK(rec(r, 1, 1, " "));
	CHECK(rec(r, 2, 2, "", ""));
	CHECK(end(r));
	close_mem(&s);
}

TEST(empty_fields)
{
	struct src s;
	csv_reader *r = OPEN(&s, ",,\na,\n,a\na,,b\n\"\",\"\"\n\"\",\nx,\"\"");
	CHECK(rec(r, 1, 3, "", "", ""));
	CHECK(rec(r, 2, 2, "a", ""));
	CHECK(rec(r, 3, 2, "", "a"));
	CHECK(rec(r, 4, 3, "a", "", "b"));
	CHECK(rec(r, 5, 2, "", ""));
	CHECK(rec(r, 6, 2, "", ""));
	CHECK(rec(r, 7, 2, "x", ""));
	CHECK(end(r));
	close_mem(&s);

	/* A trailing comma at the end of the input still makes a last field. */
	r = OPEN(&s, "a,");
	CHECK(rec(r, 1, 2, "a", ""));
	CHECK(end(r));
	close_mem(&s);
}

TEST(malformed_records)
{
	struct src s;
	/* Each fault, then the good record after it on its right line. */
	static const struct {
		const char *in;
		size_t n;
		const char *why;
	} cases[] = {
#define C(lit, why) {(lit), sizeof(lit) - 1, (why)}
		C("ab\"c,d\n", "a quote inside an unquoted field"),
		C(" \"a\",d\n", "a quote inside an unquoted field"),
		C("a,b\"\n", "a quote inside an unquoted field"),
		C("\"a\"b,c\n", "text after a closing quote"),
		C("x,\"a\" \n", "text after a closing quote"),
		C("\"a\"\"b\"c\"d\n", "text after a closing quote"),
		C("a\rb\n", "a carriage return without a line feed"),
		C("a,\r\r\n", "a carriage return without a line feed"),
		C("\"a\"\rb\n", "a carriage return without a line feed"),
		C("\rb\n", "a carriage return without a line feed"),
		C("a\0b\n", "a NUL byte"),
		C("\"a\0b\"\n", "a NUL byte"),
		C("\0\n", "a NUL byte"),
		C("\xff\n", "invalid UTF-8"),
		C("a,\x80\n", "invalid UTF-8"),          /* a stray continuation byte */
		C("\xc3(\n", "invalid UTF-8"),           /* a lead byte without its continuation */
		C("\xc3,x\n", "invalid UTF-8"),          /* cut by a comma */
		C("\"\xc3\"\n", "invalid UTF-8"),        /* cut by a quote */
		C("\"\xc3\"\"\xa9\"\n", "invalid UTF-8"),/* split by an escaped quote */
		C("\xc0\xaf\n", "invalid UTF-8"),        /* overlong / */
		C("\xe0\x80\xaf\n", "invalid UTF-8"),    /* overlong, 3 bytes */
		C("\xf0\x80\x80\xaf\n", "invalid UTF-8"),/* overlong, 4 bytes */
		C("\xed\xa0\x80\n", "invalid UTF-8"),    /* a surrogate */
		C("\xf4\x90\x80\x80\n", "invalid UTF-8"),/* past U+10FFFF */
		C("\xf5\x80\x80\x80\n", "invalid UTF-8"),
		C("\xe2\x82\n", "invalid UTF-8"),        /* truncated */
#undef C
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = cases[i].n;
		char bytes[64];
		memcpy(bytes, cases[i].in, len);
		memcpy(bytes + len, "\nok,1\n", 6);
		csv_reader *r = open_mem(&s, bytes, len + 6, 64, 4);
		bool refused = bad(r, 1, cases[i].why);
		CHECK(refused);
		if (!refused)
			fprintf(stderr, "  case %zu\n", i);
		CHECK(rec(r, 3, 2, "ok", "1")); /* after the empty line 2 */
		CHECK(end(r));
		close_mem(&s);
	}

	/* The first fault of a record is the one reported, once. */
	csv_reader *r = OPEN(&s, "a\"b,\"c\"d,\xff,\0\n2\n");
	CHECK(bad(r, 1, "a quote inside an unquoted field"));
	CHECK(rec(r, 2, 1, "2"));
	close_mem(&s);

	/* A bad record whose quoted field spans lines: the next record is
	 * found after them, on its own line. */
	r = OPEN(&s, "h\n\"a\"x,\"multi\nline\n\",y\nnext,1\n");
	CHECK(rec(r, 1, 1, "h"));
	CHECK(bad(r, 2, "text after a closing quote"));
	CHECK(rec(r, 5, 2, "next", "1"));
	CHECK(end(r));
	close_mem(&s);

	/* An unterminated quote swallows the rest, reported once. */
	static const char open_quote[] = "a,b\nc,\"d\ne,f\n\ng\n";
	r = OPEN(&s, open_quote);
	CHECK(rec(r, 1, 2, "a", "b"));
	CHECK(bad(r, 2, "unterminated quoted field"));
	CHECK(end(r));
	CHECK(csv_line(r) == 2);
	CHECK(csv_offset(r) == (long long)sizeof open_quote - 1);
	close_mem(&s);
	r = OPEN(&s, "\"");
	CHECK(bad(r, 1, "unterminated quoted field"));
	CHECK(end(r));
	close_mem(&s);
	r = OPEN(&s, "x\n\"abc\"\"");
	CHECK(rec(r, 1, 1, "x"));
	CHECK(bad(r, 2, "unterminated quoted field")); /* the doubled quote is text */
	CHECK(end(r));
	close_mem(&s);

	/* A fault already found wins over the unterminated quote. */
	r = OPEN(&s, "\xff,\"abc");
	CHECK(bad(r, 1, "invalid UTF-8"));
	CHECK(end(r));
	close_mem(&s);

	/* A lone CR at the end of the input, and CR-only line ends (the whole
	 * file is one record, refused once). */
	r = OPEN(&s, "a,b\r");
	CHECK(bad(r, 1, "a carriage return without a line feed"));
	CHECK(end(r));
	close_mem(&s);
	r = OPEN(&s, "a,b\rc,d\re,f\r");
	CHECK(bad(r, 1, "a carriage return without a line feed"));
	CHECK(end(r));
	close_mem(&s);

	/* Bad records in a row, each reported with its own line. */
	r = OPEN(&s, "\"\"x\n\xff\na\"\n\0\ngood\n");
	CHECK(bad(r, 1, "text after a closing quote"));
	CHECK(bad(r, 2, "invalid UTF-8"));
	CHECK(bad(r, 3, "a quote inside an unquoted field"));
	CHECK(bad(r, 4, "a NUL byte"));
	CHECK(rec(r, 5, 1, "good"));
	CHECK(end(r));
	close_mem(&s);
}

TEST(limits)
{
	struct src s;
	/* max_field 4: exactly 4 bytes, unquoted, quoted, escaped, UTF-8. */
	static const char at[] = "abcd,\"ab,d\",\"\"\"\"\"\"\"\"\"\",\xc3\xa9\xc3\xa9\n"
				 "abcde,x\n"
				 "\"ab\"\"de\"\n"
				 "\"\"\"\"\"\"\"\"\"\"\"\"\n"
				 "\xc3\xa9\xc3\xa9z\n"
				 "\"ab\nd\"\n"
				 "ok\n";
	csv_reader *r = open_mem(&s, at, sizeof at - 1, 4, 8);
	CHECK(rec(r, 1, 4, "abcd", "ab,d", "\"\"\"\"", "\xc3\xa9\xc3\xa9"));
	CHECK(bad(r, 2, "field longer than 4 bytes"));
	CHECK(bad(r, 3, "field longer than 4 bytes"));
	CHECK(bad(r, 4, "field longer than 4 bytes"));
	CHECK(bad(r, 5, "field longer than 4 bytes"));
	CHECK(rec(r, 6, 1, "ab\nd"));
	CHECK(rec(r, 8, 1, "ok"));
	CHECK(end(r));
	close_mem(&s);

	/* max_fields 3: exactly 3, one more, a trailing comma, long lines. */
	static const char nf[] = "a,b,c\n"
				 "a,b,c,d\n"
				 "a,b,c,\n"
				 ",,\n"
				 ",,,\n"
				 "\"a\",\"b\",\"c\"\n"
				 "\"a\",\"b\",\"c\",\"d\n\"\n"
				 "a,b,c,d,e,f,g,h,i,j,k\n"
				 "end\n";
	r = open_mem(&s, nf, sizeof nf - 1, 16, 3);
	CHECK(rec(r, 1, 3, "a", "b", "c"));
	CHECK(bad(r, 2, "more than 3 fields"));
	CHECK(bad(r, 3, "more than 3 fields"));
	CHECK(rec(r, 4, 3, "", "", ""));
	CHECK(bad(r, 5, "more than 3 fields"));
	CHECK(rec(r, 6, 3, "a", "b", "c"));
	CHECK(bad(r, 7, "more than 3 fields"));
	CHECK(bad(r, 9, "more than 3 fields"));
	CHECK(rec(r, 10, 1, "end"));
	CHECK(end(r));
	close_mem(&s);

	/* The smallest reader: one field of one byte; and full records with
	 * every field at the limit fill the record store exactly. */
	r = open_mem(&s, "a\nab\na,b\n\"\"\"\"\n", 14, 1, 1);
	CHECK(rec(r, 1, 1, "a"));
	CHECK(bad(r, 2, "field longer than 1 bytes"));
	CHECK(bad(r, 3, "more than 1 fields"));
	CHECK(rec(r, 4, 1, "\""));
	CHECK(end(r));
	close_mem(&s);
	r = open_mem(&s, "abc,def,ghi\nabc,def,ghij\n", 25, 3, 3);
	CHECK(rec(r, 1, 3, "abc", "def", "ghi"));
	CHECK(bad(r, 2, "field longer than 3 bytes"));
	CHECK(end(r));
	close_mem(&s);

	/* Bad limits. */
	FILE *f = fmemopen((char[]){"x"}, 1, "r");
	CHECK(f != NULL);
	CHECK(csv_new(NULL, 8, 8) == NULL);
	CHECK(csv_new(f, 0, 8) == NULL);
	CHECK(csv_new(f, 8, 0) == NULL);
	CHECK(csv_new(f, 8, -1) == NULL);
	CHECK(csv_new(f, SIZE_MAX / 2, 3) == NULL);
	CHECK(csv_new(f, SIZE_MAX, 2) == NULL);
	csv_free(NULL);
	if (f)
		fclose(f);
}

/* A 1 MB field, unquoted or quoted (with lines in it), against a limit of
 * 1 KiB: refused, nothing stored past the limit (ASan watches the record
 * store), and the next record read on its right line. */
TEST(huge_field)
{
	size_t big = (size_t)1 << 20;
	char *in = malloc(2 * big + 64);
	CHECK(in != NULL);
	if (!in)
		return;
	size_t n = 0;
	memcpy(in + n, "a,", 2), n += 2;
	memset(in + n, 'x', big), n += big;
	memcpy(in + n, "\nok,1\n\"", 7), n += 7;
	for (size_t i = 0; i < big; i++)
		in[n + i] = i % 1000 == 999 ? '\n' : 'y';
	n += big;
	memcpy(in + n, "\",z\nafter\n", 10), n += 10;
	struct src s;
	csv_reader *r = open_mem(&s, in, n, 1024, 4);
	CHECK(bad(r, 1, "field longer than 1024 bytes"));
	CHECK(rec(r, 2, 2, "ok", "1"));
	CHECK(bad(r, 3, "field longer than 1024 bytes"));
	CHECK(rec(r, 4 + (long)(big / 1000), 1, "after")); /* 3 + the lines in the field */
	CHECK(end(r));
	CHECK(csv_offset(r) == (long long)n);
	close_mem(&s);

	/* And with the field exactly at a 1 MB limit. */
	n = 0;
	memset(in, 'q', big), n = big;
	memcpy(in + n, "\n", 1), n++;
	r = open_mem(&s, in, n, big, 1);
	str f[1];
	int nf = 0;
	const char *why = NULL;
	CHECK(r && csv_next(r, f, &nf, &why) == 1 && nf == 1 && f[0].n == big && f[0].p[0] == 'q' &&
	      f[0].p[big - 1] == 'q');
	CHECK(end(r));
	close_mem(&s);
	free(in);
}

/* Appends `pad` bytes of short good records ("ppp…\n"), none under 2. */
static size_t pad_to(char *out, size_t pad)
{
	size_t n = 0;
	while (pad - n > 0) {
		size_t line = pad - n >= 64 + 2 ? 64 : pad - n;
		memset(out + n, 'p', line - 1);
		out[n + line - 1] = '\n';
		n += line;
	}
	return n;
}

/* Records that straddle the reader's 64 KiB blocks, split at every byte:
 * a CRLF, a doubled quote, a UTF-8 character, a quote closing, a fault. */
TEST(across_blocks)
{
	static const char tail[] = "\"a\"\"b\r\nc\",\xe2\x82\xac,\"z\"\r\n\"x\"y,1\n\xc3\xa9,\"q\"\n";
	size_t tn = sizeof tail - 1;
	char *in = malloc(BLOCK + 2 * tn + 8);
	CHECK(in != NULL);
	if (!in)
		return;
	int bad_splits = 0;
	for (size_t j = 0; j <= tn; j++) { /* j bytes of the tail in the first block */
		size_t n = pad_to(in, BLOCK - j);
		size_t pad_lines = 0;
		for (size_t i = 0; i < n; i++)
			pad_lines += in[i] == '\n';
		memcpy(in + n, tail, tn), n += tn;
		struct src s;
		csv_reader *r = open_mem(&s, in, n, 64, 4);
		str f[4];
		int nf;
		const char *why;
		long got = 0;
		while (r && csv_next(r, f, &nf, &why) == 1 && f[0].n && f[0].p[0] == 'p')
			got++;
		bool ok = got == (long)pad_lines; /* and the tail's first record is in f */
		ok = ok && nf == 3 && str_eqc(f[0], "a\"b\r\nc") && str_eqc(f[1], "\xe2\x82\xac") && str_eqc(f[2], "z");
		ok = ok && csv_line(r) == (long)pad_lines + 1;
		ok = ok && bad(r, (long)pad_lines + 3, "text after a closing quote");
		ok = ok && rec(r, (long)pad_lines + 4, 2, "\xc3\xa9", "q");
		ok = ok && end(r) && csv_offset(r) == (long long)n;
		if (!ok) {
			fprintf(stderr, "  split %zu bytes into the tail\n", j);
			bad_splits++;
		}
		close_mem(&s);
	}
	CHECK(bad_splits == 0);

	/* A byte-order mark at the start of the second block is text. */
	size_t n = pad_to(in, BLOCK);
	memcpy(in + n, "\xef\xbb\xbfx\n", 5);
	struct src s;
	csv_reader *r = open_mem(&s, in, n + 5, 64, 4);
	str f[4];
	int nf;
	const char *why;
	long got = 0;
	while (r && csv_next(r, f, &nf, &why) == 1 && f[0].n && f[0].p[0] == 'p')
		got++;
	CHECK(got == (long)(BLOCK / 64) && nf == 1 && str_eqc(f[0], "\xef\xbb\xbfx"));
	CHECK(end(r));
	close_mem(&s);
	free(in);
}

/* A FILE whose reads give 7 bytes at a time, then optionally fail. */
struct drip {
	const char *p;
	size_t n, at;
	bool fail;
};

static ssize_t drip_read(void *cookie, char *out, size_t size)
{
	struct drip *d = cookie;
	if (d->at == d->n && d->fail) {
		errno = EIO;
		return -1;
	}
	size_t k = d->n - d->at < 7 ? d->n - d->at : 7;
	k = k < size ? k : size;
	memcpy(out, d->p + d->at, k);
	d->at += k;
	return (ssize_t)k;
}

TEST(short_reads_and_read_errors)
{
	cookie_io_functions_t io = {.read = drip_read};
	struct drip d = {"\xef\xbb\xbf" "gmc,1234567,\"Lee, Ann\",registered\r\nnpi,1,x,y\n", 0, 0, false};
	d.n = strlen(d.p);
	FILE *f = fopencookie(&d, "r", io);
	csv_reader *r = f ? csv_new(f, 64, 4) : NULL;
	CHECK(rec(r, 1, 4, "gmc", "1234567", "Lee, Ann", "registered"));
	CHECK(rec(r, 2, 4, "npi", "1", "x", "y"));
	CHECK(end(r));
	CHECK(r && csv_offset(r) == (long long)d.n);
	csv_free(r);
	if (f)
		fclose(f);

	/* The read fails after a record and a half: the whole record comes,
	 * then -2 with errno, and -2 again (errno restored) ever after. */
	d = (struct drip){"a,b\nc,", 6, 0, true};
	f = fopencookie(&d, "r", io);
	r = f ? csv_new(f, 64, 4) : NULL;
	CHECK(rec(r, 1, 2, "a", "b"));
	str fl[4];
	int nf = 9;
	const char *why = "unset";
	errno = 0;
	CHECK(r && csv_next(r, fl, &nf, &why) == -2 && errno == EIO && nf == 0 && why == NULL);
	errno = 0;
	CHECK(r && csv_next(r, fl, &nf, &why) == -2 && errno == EIO);
	csv_free(r);
	if (f)
		fclose(f);

	/* Failing at once. */
	d = (struct drip){"", 0, 0, true};
	f = fopencookie(&d, "r", io);
	r = f ? csv_new(f, 64, 4) : NULL;
	errno = 0;
	CHECK(r && csv_next(r, fl, &nf, &why) == -2 && errno == EIO);
	csv_free(r);
	if (f)
		fclose(f);
}

/* A register extract: a header and `rows` rows, some names quoted. */
static char *extract(long rows, size_t *len)
{
	size_t cap = (size_t)rows * 64 + 64, n = 0;
	char *p = malloc(cap);
	if (!p)
		return NULL;
	n += (size_t)snprintf(p, cap, "authority,number,name,status\r\n");
	static const char *const names[] = {"Ann Lee", "\"Lee, Ann\"", ("Jos\xc3\xa9 Garc\xc3\xad" "a"), "\"O\"\"Brien\""};
	for (long i = 0; i < rows; i++)
		n += (size_t)snprintf(p + n, cap - n, "gmc,%07ld,%s,%s\r\n", i, names[i % 4],
				      i % 10 ? "registered" : "suspended");
	*len = n;
	return p;
}

static double seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Reads the extract; counts rows and checks a few; returns the time. */
static double read_extract(FILE *f, long rows, long long size)
{
	double t0 = seconds();
	csv_reader *r = csv_new(f, 1024, 16);
	CHECK(r != NULL);
	if (!r)
		return 0;
	str fl[16];
	int nf;
	const char *why;
	long count = 0, odd = 0, quoted = 0;
	long long last = -1;
	int rc;
	while ((rc = csv_next(r, fl, &nf, &why)) == 1) {
		count++;
		if (nf != 4 || csv_line(r) != count || csv_offset(r) <= last)
			odd++;
		last = csv_offset(r);
		quoted += str_eqc(fl[2], "O\"Brien") || str_eqc(fl[2], "Lee, Ann");
	}
	double t = seconds() - t0;
	CHECK(rc == 0);
	CHECK(count == rows + 1);
	CHECK(odd == 0);
	CHECK(quoted == rows / 2);
	CHECK(csv_offset(r) == size);
	csv_free(r);
	return t;
}

TEST(large_extract)
{
	long rows = 500000;
	size_t n = 0;
	char *p = extract(rows, &n);
	CHECK(p != NULL);
	if (!p)
		return;
	FILE *f = fmemopen(p, n, "r");
	CHECK(f != NULL);
	double t = f ? read_extract(f, rows, (long long)n) : 0;
	if (f)
		fclose(f);
	/* And from a real file, as the import reads one. */
	FILE *tf = tmpfile();
	bool wrote = tf && fwrite(p, 1, n, tf) == n && fseek(tf, 0, SEEK_SET) == 0;
	CHECK(wrote);
	double tt = wrote ? read_extract(tf, rows, (long long)n) : 0;
	if (tf)
		fclose(tf);
	printf("# %ld rows, %.1f MB: %.3f s through fmemopen, %.3f s from a file\n", rows, (double)n / 1e6, t, tt);
	free(p);
}

/* ---- the writer ---- */

/* One record of `n` fields written with csv_put_field and ended. */
static const char *write_rec(arena *a, int n, ...)
{
	buf b;
	buf_init(&b, a);
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n; i++)
		csv_put_field(&b, str_c(va_arg(ap, const char *)));
	va_end(ap);
	csv_end_record(&b);
	return buf_cstr(&b);
}

static bool same_text(const char *got, const char *want)
{
	if (got && strcmp(got, want) == 0)
		return true;
	fprintf(stderr, "  got [%s]\n  want [%s]\n", got ? got : "(null)", want);
	return false;
}

TEST(write_fields)
{
	arena *a = arena_new(1 << 20);
	CHECK(same_text(write_rec(a, 3, "Nov 2025", "12500", "GB"), "Nov 2025,12500,GB\r\n"));
	CHECK(same_text(write_rec(a, 2, "a,b", "say \"hi\""), "\"a,b\",\"say \"\"hi\"\"\"\r\n"));
	CHECK(same_text(write_rec(a, 2, "two\nlines", "cr\rhere"), "\"two\nlines\",\"cr\rhere\"\r\n"));
	CHECK(same_text(write_rec(a, 1, "\""), "\"\"\"\"\r\n"));
	CHECK(same_text(write_rec(a, 1, "\"\""), "\"\"\"\"\"\"\r\n"));
	CHECK(same_text(write_rec(a, 2, " spaced ", "semi;colon"), " spaced ,semi;colon\r\n"));
	/* empty fields: "" when one opens the record, else nothing */
	CHECK(same_text(write_rec(a, 3, "", "x", ""), "\"\",x,\r\n"));
	CHECK(same_text(write_rec(a, 1, ""), "\"\"\r\n"));
	CHECK(same_text(write_rec(a, 3, "x", "", "y"), "x,,y\r\n"));
	/* UTF-8 and any other bytes as they are */
	CHECK(same_text(write_rec(a, 2, "Z\xc3\xbcrich", "\xe6\x9d\xb1\xe4\xba\xac, \xf0\x9f\xa9\xba"),
			"Z\xc3\xbcrich,\"\xe6\x9d\xb1\xe4\xba\xac, \xf0\x9f\xa9\xba\"\r\n"));
	CHECK(same_text(write_rec(a, 1, "\xff\xfe<&>"), "\xff\xfe<&>\r\n"));
	/* integers, plain */
	buf b;
	buf_init(&b, a);
	CHECK(csv_put_field(&b, S("Views")) == 0 && csv_put_int(&b, 0) == 0 && csv_put_int(&b, -42) == 0 &&
	      csv_put_int(&b, INT64_MIN) == 0 && csv_put_int(&b, INT64_MAX) == 0 && csv_end_record(&b) == 0);
	CHECK(csv_put_int(&b, 7) == 0 && csv_end_record(&b) == 0);
	CHECK(same_text(buf_cstr(&b), "Views,0,-42,-9223372036854775808,9223372036854775807\r\n7\r\n"));
	arena_free(a);
}

/* A spreadsheet runs a cell that starts with = + - @ (and, after a tab or
 * CR, what follows): such a field gets a ' first, inside any quotes. */
TEST(write_formula_guard)
{
	arena *a = arena_new(1 << 20);
	CHECK(same_text(write_rec(a, 1, "=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
	CHECK(same_text(write_rec(a, 4, "=1+2", "+1", "-2", "@SUM(A1)"), "'=1+2,'+1,'-2,'@SUM(A1)\r\n"));
	CHECK(same_text(write_rec(a, 2, "\t=cmd", "\r=cmd"), "'\t=cmd,\"'\r=cmd\"\r\n"));
	CHECK(same_text(write_rec(a, 1, "=1,2"), "\"'=1,2\"\r\n"));
	CHECK(same_text(write_rec(a, 3, "a=b", "1-2", " =x"), "a=b,1-2, =x\r\n"));
	CHECK(same_text(write_rec(a, 1, "'quoted"), "'quoted\r\n"));
	arena_free(a);
}

/* What the writer writes, the reader reads back (guarded fields with their
 * '), over records of every kind of field. */
TEST(write_read_back)
{
	static const char *const fields[] = {"plain", "", "a,b", "q\"q", "two\r\nlines", "\n", "Z\xc3\xbcrich",
					     "=x", "-1", "@", "\t", "\r\n", "\"", ",", "last"};
	int nf = (int)(sizeof fields / sizeof fields[0]);
	arena *a = arena_new(1 << 20);
	buf b;
	buf_init(&b, a);
	for (int r = 0; r < nf; r++) { /* record r: fields r.. and one more each time */
		for (int i = 0; i <= r; i++)
			csv_put_field(&b, str_c(fields[(r + i) % nf]));
		csv_end_record(&b);
	}
	CHECK(!b.err);
	struct src s;
	csv_reader *rd = open_mem(&s, b.p, b.n, 64, 32);
	int bad = 0;
	for (int r = 0; r < nf; r++) {
		str f[MAXF];
		int n = 0;
		const char *why;
		int rc = csv_next(rd, f, &n, &why);
		bad += rc != 1 || n != r + 1;
		for (int i = 0; rc == 1 && i < n && i <= r; i++) {
			const char *want = fields[(r + i) % nf];
			bool guarded = strchr("=+-@\t\r", want[0]) && want[0];
			if (f[i].n != strlen(want) + guarded || (guarded && f[i].p[0] != '\'') ||
			    memcmp(f[i].p + guarded, want, strlen(want)) != 0) {
				fprintf(stderr, "  record %d field %d: got [%.*s], want [%s]\n", r, i, (int)f[i].n, f[i].p, want);
				bad++;
			}
		}
	}
	str f[MAXF];
	int n;
	const char *why;
	CHECK(bad == 0 && csv_next(rd, f, &n, &why) == 0);
	close_mem(&s);
	arena_free(a);
}

TEST(write_out_of_memory)
{
	arena *a = arena_new(64);
	buf b;
	buf_init(&b, a);
	static char big[300];
	memset(big, 'x', sizeof big - 1);
	CHECK(csv_put_field(&b, str_c(big)) == -1 && b.err);
	CHECK(csv_put_field(&b, S("a,b")) == -1 && csv_put_int(&b, 1) == -1 && csv_end_record(&b) == -1);
	CHECK(csv_put_field(&b, S("")) == -1);
	arena_free(a);
}

int main(void)
{
	RUN(simple_rows);
	RUN(quoted_fields);
	RUN(line_ends);
	RUN(byte_order_mark);
	RUN(empty_lines);
	RUN(empty_fields);
	RUN(malformed_records);
	RUN(limits);
	RUN(huge_field);
	RUN(across_blocks);
	RUN(short_reads_and_read_errors);
	RUN(large_extract);
	RUN(write_fields);
	RUN(write_formula_guard);
	RUN(write_read_back);
	RUN(write_out_of_memory);
	return unit_summary();
}
