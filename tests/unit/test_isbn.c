/* test_isbn.c: ISBN-10 and ISBN-13 as typed (hyphens, spaces, a lower-case
 * x), real numbers of real books, and what must be refused: a wrong check
 * digit, a wrong length or prefix, letters, separators at the ends. */
#include "unit.h"

#include "text/isbn.h"

/* `in` is a valid ISBN whose digits are `want`. */
static bool ok(const char *in, const char *want)
{
	char out[14] = "unset";
	return isbn_normalize(str_c(in), out) == 0 && strcmp(out, want) == 0;
}

/* `in` is refused, and out is left empty. */
static bool bad(str in)
{
	char out[14] = "unset";
	return isbn_normalize(in, out) == -1 && out[0] == '\0';
}

TEST(isbn13_valid)
{
	CHECK(ok("978-0-306-40615-7", "9780306406157"));
	CHECK(ok("9780306406157", "9780306406157"));
	CHECK(ok("978 0 306 40615 7", "9780306406157"));
	CHECK(ok("978-3-16-148410-0", "9783161484100"));
	CHECK(ok("9781861972712", "9781861972712"));
	CHECK(ok("979-10-90636-07-1", "9791090636071")); /* the 979 prefix */
	CHECK(ok("979-8-6024-0545-3", "9798602405453"));
	CHECK(ok("978 - 0 - 306 - 40615 - 7", "9780306406157")); /* runs of separators between digits */
}

TEST(isbn10_valid)
{
	CHECK(ok("0-306-40615-2", "0306406152"));
	CHECK(ok("0306406152", "0306406152"));
	CHECK(ok("080442957X", "080442957X"));
	CHECK(ok("080442957x", "080442957X")); /* a lower-case x is upper-cased */
	CHECK(ok("0-8044-2957-X", "080442957X"));
	CHECK(ok("0-19-852663-6", "0198526636"));
	CHECK(ok("0 9752298 0 X", "097522980X"));
}

TEST(wrong_check_digit)
{
	CHECK(bad(S("978-0-306-40615-8")));
	CHECK(bad(S("9780306406150")));
	CHECK(bad(S("0-306-40615-3")));
	CHECK(bad(S("0804429570")));
	CHECK(bad(S("0198526637")));
	CHECK(bad(S("9791090636072")));
}

TEST(wrong_shape)
{
	CHECK(bad(S("")));
	CHECK(bad(STR_NULL));
	CHECK(bad(S("978030640615")));    /* 12 digits */
	CHECK(bad(S("97803064061577")));  /* 14 digits */
	CHECK(bad(S("030640615")));       /* 9 digits */
	CHECK(bad(S("03064061522")));     /* 11 digits */
	CHECK(bad(S("9770306406152")));   /* 977: an ISSN prefix, not a book */
	CHECK(bad(S("1234567890123")));
	CHECK(bad(S("X306406152")));      /* X only as the check digit */
	CHECK(bad(S("03064X6152")));
	CHECK(bad(S("978030640615X")));   /* no X in an ISBN-13 */
	CHECK(bad(S("0-306-4O615-2")));   /* a letter O for a zero */
	CHECK(bad(S("ISBN 0306406152"))); /* leading garbage */
	CHECK(bad(S("0306406152.")));
	CHECK(bad(S("-0306406152")));     /* separators only between digits */
	CHECK(bad(S("0306406152-")));
	CHECK(bad(S(" 0306406152")));
	CHECK(bad(S("0306406152 ")));
	CHECK(bad(S("0_306_40615_2")));
	CHECK(bad(S("030640\n6152")));
	CHECK(bad(S("-")));
	CHECK(bad(S("   ")));
	CHECK(bad(S("0306406152\0")));    /* a NUL is not a separator */
	CHECK(bad(S("97803064061579780306406157")));
	CHECK(bad(S("０３０６４０６１５２"))); /* full-width digits */
}

int main(void)
{
	RUN(isbn13_valid);
	RUN(isbn10_valid);
	RUN(wrong_check_digit);
	RUN(wrong_shape);
	return unit_summary();
}
