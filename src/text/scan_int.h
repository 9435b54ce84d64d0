/* scan_int.h: the confidentiality scanner's insides, shared by scan.c
 * (the scan and most rules) and scan_dates.c (dates of birth) only.
 * Internal external symbols carry the prefix `scan_`.
 *
 * Invariants: bytes are read through at(), which answers -1 outside the
 * body, so nothing is read out of bounds whatever the input; every helper
 * here reads a bounded number of bytes (at most its literal, its window or
 * its `max`), which keeps the scan linear.  Bytes of 0x80 and above are
 * never letters or digits. */
#ifndef ROUNDS_TEXT_SCAN_INT_H
#define ROUNDS_TEXT_SCAN_INT_H

#include <stdbool.h>
#include <string.h>

#include "scan.h"

/* The byte at i, or -1 outside the body. */
static inline int at(str s, size_t i)
{
	return i < s.n ? (unsigned char)s.p[i] : -1;
}

/* The byte k before i, or -1 before the start. */
static inline int before(str s, size_t i, size_t k)
{
	return i >= k ? at(s, i - k) : -1;
}

static inline bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline bool is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static inline int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline bool in_set(int c, const char *set)
{
	return c > 0 && strchr(set, c) != NULL;
}

/* How many digits run from i, counting no further than max + 1, so that
 * a caller can tell "exactly max" from "longer". */
static inline size_t digits_at(str s, size_t i, size_t max)
{
	size_t k = 0;
	while (k <= max && is_digit(at(s, i + k)))
		k++;
	return k;
}

/* The value of the n (at most 4) digits at i. */
static inline unsigned value(str s, size_t i, size_t n)
{
	unsigned v = 0;
	for (size_t k = 0; k < n; k++)
		v = v * 10 + (unsigned)(at(s, i + k) - '0');
	return v;
}

/* A number that starts at i stands alone on its left: no letter or digit
 * just before it, and no "." or "-" glued to a digit before that
 * ("3.9434765919" and "12-9434765919" are parts of longer numbers; so is
 * "A9434765919", a code or a hash). */
static inline bool free_left(str s, size_t i)
{
	int c = before(s, i, 1);
	return !is_alnum(c) && !((c == '.' || c == '-') && is_digit(before(s, i, 2)));
}

/* The same on the right of a number that ends at e ("9434765919.5"). */
static inline bool free_right(str s, size_t e)
{
	int c = at(s, e);
	return !is_alnum(c) && !((c == '.' || c == '-') && is_digit(at(s, e + 1)));
}

/* A space in a cue matches any of these, so "date of birth" also finds
 * "date-of-birth", "date_of_birth" and a cue broken across lines. */
static inline bool cue_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_';
}

/* True when `lit` (lower case) is written at i, ignoring ASCII case. */
static inline bool lit_at(str s, size_t i, const char *lit)
{
	for (size_t k = 0; lit[k]; k++) {
		int c = at(s, i + k);
		if (lit[k] == ' ' ? !cue_space(c) : lower(c) != (unsigned char)lit[k])
			return false;
	}
	return true;
}

/* True when the word `cue` ends exactly at e: written there, with no
 * letter or digit just before it and, when it ends in a letter, no letter
 * just after it ("born" is not in "newborn" or "borne").  Its start goes
 * in *start when start is not NULL. */
static inline bool cue_ends_at(str s, size_t e, const char *cue, size_t *start)
{
	size_t len = strlen(cue);
	if (e < len || !lit_at(s, e - len, cue) || is_alnum(before(s, e - len, 1)))
		return false;
	if (is_alpha(cue[len - 1]) && is_alpha(at(s, e)))
		return false;
	if (start)
		*start = e - len;
	return true;
}

/* cue_ends_at() for any of a NULL-terminated list. */
static inline bool any_cue_ends_at(str s, size_t e, const char *const *cues, size_t *start)
{
	for (; *cues; cues++)
		if (cue_ends_at(s, e, *cues, start))
			return true;
	return false;
}

/* True when one of `cues` ends within `window` bytes (of anything) before
 * i. */
static inline bool cue_within(str s, size_t i, size_t window, const char *const *cues)
{
	for (size_t gap = 0; gap <= window && gap <= i; gap++)
		if (any_cue_ends_at(s, i - gap, cues, NULL))
			return true;
	return false;
}

/* Steps back from e over at most `max` bytes of `seps`. */
static inline size_t skip_back(str s, size_t e, const char *seps, size_t max)
{
	for (size_t k = 0; k < max && in_set(before(s, e, 1), seps); k++)
		e--;
	return e;
}

/* Whether day d of month m is a date.  29 February needs a leap year
 * when the year is known (`year` 0: a two-digit year, taken as any). */
bool scan_valid_day(unsigned d, unsigned m, unsigned year);

/* The end of a date of birth that starts at i, or 0 (the rule is set out
 * in scan_dates.c).  May start inside a word: "DOB12/03/1954". */
size_t scan_match_dob(str s, size_t i);

#endif
