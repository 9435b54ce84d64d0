/* scan.c: the confidentiality scanner (what it finds, in short, is in
 * scan.h; each rule is set out above its matcher).
 *
 * Invariants: every matcher is anchored: given a position i it answers
 * the end of a finding that starts exactly at i, or 0.  Bytes are read
 * through at(), which answers -1 outside the body (or copied once at()
 * has seen them), so nothing is read out of bounds whatever the input.
 * A matcher reads a bounded number of bytes around i: at most 64 + 253
 * ahead (an email address) and a few dozen behind (a cue, and what may
 * stand between it and the finding).  scan_text() walks the body once,
 * left to right; at each position it asks the matchers that can start
 * there, keeps the best finding and resumes after it, so findings come
 * out in order, never overlap, and the scan is O(n).  Bytes of 0x80 and
 * above are never letters or digits: UTF-8, valid or not, is punctuation
 * here.  Nothing is allocated and nothing changes but the caller's `out`. */
#include "scan.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

/* How far before a date a date-of-birth cue may end, and before nine
 * digits an SSN cue may end, in bytes ("DOB (per the GP): 12/03/1954",
 * "SSN on the form: 123456789"). */
#define DOB_WINDOW 20
#define SSN_WINDOW 16

/* --- bytes and cues --------------------------------------------------- */

/* The byte at i, or -1 outside the body. */
static int at(str s, size_t i)
{
	return i < s.n ? (unsigned char)s.p[i] : -1;
}

/* The byte k before i, or -1 before the start. */
static int before(str s, size_t i, size_t k)
{
	return i >= k ? at(s, i - k) : -1;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool in_set(int c, const char *set)
{
	return c > 0 && strchr(set, c) != NULL;
}

/* How many digits run from i, counting no further than max + 1, so that
 * a caller can tell "exactly max" from "longer". */
static size_t digits_at(str s, size_t i, size_t max)
{
	size_t k = 0;
	while (k <= max && is_digit(at(s, i + k)))
		k++;
	return k;
}

/* The value of the n (at most 4) digits at i. */
static unsigned value(str s, size_t i, size_t n)
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
static bool free_left(str s, size_t i)
{
	int c = before(s, i, 1);
	return !is_alnum(c) && !((c == '.' || c == '-') && is_digit(before(s, i, 2)));
}

/* The same on the right of a number that ends at e ("9434765919.5"). */
static bool free_right(str s, size_t e)
{
	int c = at(s, e);
	return !is_alnum(c) && !((c == '.' || c == '-') && is_digit(at(s, e + 1)));
}

/* A space in a cue matches any of these, so "date of birth" also finds
 * "date-of-birth", "date_of_birth" and a cue broken across lines. */
static bool cue_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_';
}

/* True when `lit` (lower case) is written at i, ignoring ASCII case. */
static bool lit_at(str s, size_t i, const char *lit)
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
static bool cue_ends_at(str s, size_t e, const char *cue, size_t *start)
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
static bool any_cue_ends_at(str s, size_t e, const char *const *cues, size_t *start)
{
	for (; *cues; cues++)
		if (cue_ends_at(s, e, *cues, start))
			return true;
	return false;
}

/* True when one of `cues` ends within `window` bytes (of anything) before
 * i. */
static bool cue_within(str s, size_t i, size_t window, const char *const *cues)
{
	for (size_t gap = 0; gap <= window && gap <= i; gap++)
		if (any_cue_ends_at(s, i - gap, cues, NULL))
			return true;
	return false;
}

/* Steps back from e over at most `max` bytes of `seps`. */
static size_t skip_back(str s, size_t e, const char *seps, size_t max)
{
	for (size_t k = 0; k < max && in_set(before(s, e, 1), seps); k++)
		e--;
	return e;
}

/* Whether day d of month m is a date.  29 February needs a leap year
 * when the year is known (`year` 0: a two-digit year, taken as any). */
static bool valid_day(unsigned d, unsigned m, unsigned year)
{
	static const unsigned char days[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12 || d < 1 || d > days[m])
		return false;
	bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return !(m == 2 && d == 29 && year && !leap);
}

/* --- NHS numbers ------------------------------------------------------ */

static const char *const isbn_cues[] = {"isbn", NULL};

/* A book's number: an ISBN-10 has the NHS number's very check (weights 10
 * to 1 summing to 0 mod 11), and many look like UK phone numbers, so a
 * number just after "ISBN" ("ISBN-10: 0198787763") is neither. */
static bool after_isbn(str s, size_t i)
{
	return cue_within(s, i, 10, isbn_cues);
}

/* The NHS number's check (CHI and Northern Ireland's H&C numbers share
 * it): with weights 10 down to 2 on the first nine digits, 11 - (sum mod
 * 11) is the tenth, 11 meaning 0; when it comes to 10 no number with those
 * nine digits exists.  One digit ten times (0000000000 and 1111111111 pass
 * the sum) is a placeholder, never issued. */
static bool mod11_ok(const char d[10])
{
	unsigned sum = 0;
	bool same = true;
	for (int k = 0; k < 9; k++) {
		sum += (unsigned)(d[k] - '0') * (unsigned)(10 - k);
		same = same && d[k] == d[k + 1];
	}
	unsigned check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return !same && check != 10 && (unsigned)(d[9] - '0') == check;
}

/* NHS numbers: ten digits in a row, or 3-3-4 split by single spaces or by
 * single hyphens (the same both times: "943 476 5919", "943-476-5919"),
 * standing alone (free_left/free_right), with a valid check digit.  A
 * number that fails the check is no NHS number and is not reported as
 * one.  Scotland's CHI number is NHS Scotland's patient number, ten
 * digits with the same check, so this rule finds it without any cue;
 * written 6-4 ("010190 1234") its first six digits must also be a date
 * (ddmmyy), which keeps that looser shape from matching by chance. */
static size_t match_nhs(str s, size_t i)
{
	char d[10];
	size_t e, run = digits_at(s, i, 10);
	int sep = at(s, i + run);
	bool split = sep == ' ' || sep == '-';
	if (!free_left(s, i))
		return 0;
	if (run == 10) {
		e = i + 10;
		memcpy(d, s.p + i, 10);
	} else if (run == 3 && split && digits_at(s, i + 4, 3) == 3 && at(s, i + 7) == sep &&
		   digits_at(s, i + 8, 4) == 4) {
		e = i + 12;
		memcpy(d, s.p + i, 3);
		memcpy(d + 3, s.p + i + 4, 3);
		memcpy(d + 6, s.p + i + 8, 4);
	} else if (run == 6 && split && digits_at(s, i + 7, 4) == 4 &&
		   valid_day(value(s, i, 2), value(s, i + 2, 2), 0)) {
		e = i + 11;
		memcpy(d, s.p + i, 6);
		memcpy(d + 6, s.p + i + 7, 4);
	} else {
		return 0;
	}
	return free_right(s, e) && mod11_ok(d) && !after_isbn(s, i) ? e : 0;
}

/* --- dates of birth --------------------------------------------------- */

static const char *const month_names[12] = {"january", "february", "march",     "april",   "may",      "june",
					    "july",    "august",   "september", "october", "november", "december"};

/* The month named at i: its full name, its first three letters, or
 * "sept"; not inside a word.  Returns 1-12 and puts the name's end in
 * *end, or returns 0.  Its first three letters find the month at once. */
static unsigned month_at(str s, size_t i, size_t *end)
{
	static const char abbrs[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	char three[3] = {(char)lower(at(s, i)), (char)lower(at(s, i + 1)), (char)lower(at(s, i + 2))};
	if (!is_alpha(at(s, i)) || is_alpha(before(s, i, 1)))
		return 0;
	for (unsigned m = 0; m < 12; m++) {
		if (memcmp(three, abbrs + 3 * m, 3) != 0)
			continue;
		size_t len = strlen(month_names[m]);
		if (!lit_at(s, i, month_names[m]) || is_alpha(at(s, i + len)))
			len = m == 8 && lower(at(s, i + 3)) == 't' ? 4 : 3;
		if (is_alpha(at(s, i + len)))
			return 0;
		*end = i + len;
		return m + 1;
	}
	return 0;
}

/* A day of the month at i: one or two digits, maybe then st, nd, rd or
 * th.  Returns the day (0 when there is none) and its end in *end. */
static unsigned day_at(str s, size_t i, size_t *end)
{
	static const char *const ordinals[] = {"st", "nd", "rd", "th"};
	size_t n = digits_at(s, i, 2);
	*end = i;
	if (n < 1 || n > 2)
		return 0;
	unsigned d = value(s, i, n);
	size_t e = i + n;
	for (int k = 0; k < 4; k++)
		if (lit_at(s, e, ordinals[k]) && !is_alpha(at(s, e + 2))) {
			e += 2;
			break;
		}
	*end = e;
	return d <= 31 ? d : 0;
}

/* A year at i: four digits from 1880 to 2099 or, when `two` allows it,
 * exactly two.  Returns its end (0 when none) and the year in *y (0 for
 * two digits: the century is unknown). */
static size_t year_at(str s, size_t i, bool two, unsigned *y)
{
	size_t n = digits_at(s, i, 4);
	*y = 0;
	if (n == 4) {
		*y = value(s, i, 4);
		return *y >= 1880 && *y <= 2099 ? i + 4 : 0;
	}
	return n == 2 && two ? i + 2 : 0;
}

/* Numeric dates: day, month and year (dd/mm/yyyy) or month, day and year
 * (US members write mm/dd/yyyy: either reading will do), split by "/",
 * "-" or "." (the same both times), with a year of four digits or two;
 * and yyyy-mm-dd (also with "/" or "."). */
static size_t date_numeric(str s, size_t i)
{
	size_t a = digits_at(s, i, 4);
	int sep = at(s, i + a);
	if (a < 1 || a == 3 || a > 4 || !in_set(sep, "/-."))
		return 0;
	size_t b = digits_at(s, i + a + 1, 2), k = i + a + 1 + b + 1;
	if (b < 1 || b > 2 || at(s, i + a + 1 + b) != sep)
		return 0;
	unsigned x = value(s, i, a), y = value(s, i + a + 1, b), year;
	if (a == 4) {
		size_t c = digits_at(s, k, 2);
		if (c < 1 || c > 2 || x < 1880 || x > 2099 || !valid_day(value(s, k, c), y, x))
			return 0;
		return k + c;
	}
	size_t e = year_at(s, k, true, &year);
	return e && (valid_day(x, y, year) || valid_day(y, x, year)) ? e : 0;
}

/* Day, month name, year: "12 March 1954", "12th of Mar. 1954",
 * "12 March, 1954", "12-Mar-1954", "12/Mar/54", "12.Mar.1954"; a
 * two-digit year only between hyphens or slashes, as record systems
 * print them. */
static size_t date_dmy(str s, size_t i)
{
	size_t e;
	unsigned year, d = day_at(s, i, &e), m;
	int sep = d ? at(s, e) : -1;
	if (!in_set(sep, " -/."))
		return 0;
	e++;
	if (sep == ' ' && lit_at(s, e, "of "))
		e += 3;
	if (!(m = month_at(s, e, &e)))
		return 0;
	if (at(s, e) == '.' && sep != '.')
		e++;
	if (at(s, e) == ',' && sep == ' ')
		e++;
	if (at(s, e) != sep)
		return 0;
	size_t end = year_at(s, e + 1, sep == '-' || sep == '/', &year);
	return end && valid_day(d, m, year) ? end : 0;
}

/* Month name, day, year: "March 12, 1954", "Mar. 12th 1954". */
static size_t date_mdy(str s, size_t i)
{
	size_t e;
	unsigned year, d, m = month_at(s, i, &e);
	if (!m)
		return 0;
	if (at(s, e) == '.')
		e++;
	if (at(s, e) != ' ' || !(d = day_at(s, e + 1, &e)))
		return 0;
	if (at(s, e) == ',')
		e++;
	if (at(s, e) != ' ')
		return 0;
	size_t end = year_at(s, e + 1, false, &year);
	return end && valid_day(d, m, year) ? end : 0;
}

/* Right after "DOB:" or "born on" (at most 4 bytes of spaces and
 * punctuation between), a date may also be written loosely: split by
 * spaces ("12 03 1954", either order as date_numeric()) or not at all,
 * ddmmyyyy or ddmmyy ("12031954", "120354"). */
static size_t date_loose(str s, size_t i)
{
	size_t a = digits_at(s, i, 8), b, e;
	unsigned year = 0;
	if (a == 8 || a == 6) {
		year = a == 8 ? value(s, i + 4, 4) : 0;
		if (a == 8 && (year < 1880 || year > 2099))
			return 0;
		return valid_day(value(s, i, 2), value(s, i + 2, 2), year) ? i + a : 0;
	}
	if (a < 1 || a > 2 || at(s, i + a) != ' ')
		return 0;
	b = digits_at(s, i + a + 1, 2);
	if (b < 1 || b > 2 || at(s, i + a + 1 + b) != ' ' || !(e = year_at(s, i + a + b + 2, true, &year)))
		return 0;
	unsigned x = value(s, i, a), y = value(s, i + a + 1, b);
	return valid_day(x, y, year) || valid_day(y, x, year) ? e : 0;
}

static const char *const dob_cues[] = {"dob", "d.o.b", "date of birth", "born", "b.", NULL};
static const char *const dob_close_cues[] = {"dob", "d.o.b", "date of birth", "born on", "born", NULL};

/* Dates of birth: a whole date (day, month and year, in one of the forms
 * above, standing alone) that starts within DOB_WINDOW bytes after a cue:
 * DOB, D.O.B, date of birth, born or b., in any case ("DOB: 12/03/1954",
 * "born on the 12th of March 1954", "| DOB | 1954-03-12 |"), or one of
 * date_loose() right after a cue ("DOB: 12031954").  A date with no cue
 * before it is no finding: doctors date papers, guidelines and rotas all
 * the time.  The cue is looked for only once a date was read. */
static size_t match_dob(str s, size_t i)
{
	size_t e;
	if (!free_left(s, i))
		return 0;
	if (is_digit(at(s, i))) {
		e = date_numeric(s, i);
		if (!e)
			e = date_dmy(s, i);
	} else {
		e = date_mdy(s, i);
	}
	if (e)
		return free_right(s, e) && cue_within(s, i, DOB_WINDOW, dob_cues) ? e : 0;
	e = is_digit(at(s, i)) ? date_loose(s, i) : 0;
	if (!e || !free_right(s, e))
		return 0;
	return any_cue_ends_at(s, skip_back(s, i, " \t:=*_|-.", 4), dob_close_cues, NULL) ? e : 0;
}

/* --- phone numbers ---------------------------------------------------- */

#define PHONE_GROUPS 8
#define PHONE_DIGITS 20

/* A number as phone numbers are written: maybe "+", then groups of
 * digits, each maybe in parentheses, split by one space, hyphen or dot
 * (or nothing, next to a parenthesis). */
struct groups {
	int n;                           /* groups read */
	bool plus;                       /* it began with "+" */
	size_t end[PHONE_GROUPS];        /* where each group ends (after its ")") */
	unsigned char len[PHONE_GROUPS]; /* its digits */
	char sep[PHONE_GROUPS];          /* the separator before it, 0 for none */
	bool paren[PHONE_GROUPS];        /* it was in parentheses */
	char d[PHONE_DIGITS];            /* the digits of all the groups */
	int nd;
};

/* Reads groups from i while they keep to the shape, at most PHONE_GROUPS
 * of them and PHONE_DIGITS digits in all. */
static void read_groups(str s, size_t i, struct groups *g)
{
	memset(g, 0, sizeof *g);
	size_t p = i;
	if (at(s, p) == '+') {
		g->plus = true;
		p++;
	}
	while (g->n < PHONE_GROUPS) {
		size_t q = p;
		char sep = 0;
		if (g->n > 0 && in_set(at(s, q), " -.")) {
			sep = (char)at(s, q);
			q++;
		} else if (g->n > 0 && at(s, q) != '(' && !g->paren[g->n - 1]) {
			break;
		}
		bool paren = at(s, q) == '(';
		size_t len = digits_at(s, q + paren, 15);
		size_t e = q + paren + len;
		if (len < 1 || len > 15 || (size_t)g->nd + len > PHONE_DIGITS || (paren && at(s, e) != ')'))
			break;
		memcpy(g->d + g->nd, s.p + q + paren, len);
		g->nd += (int)len;
		g->len[g->n] = (unsigned char)len;
		g->sep[g->n] = sep;
		g->paren[g->n] = paren;
		g->end[g->n++] = e + paren;
		p = e + paren;
	}
}

/* US: (xxx) xxx-xxxx, xxx-xxx-xxxx or xxx.xxx.xxxx, maybe after "1-";
 * area code and exchange never start with 0 or 1.  Groups 0..k, nd
 * digits.  (Ten digits split by spaces are left alone: NHS numbers are
 * written so, and are checked by their own rule.) */
static bool us_shape(const struct groups *g, int k, int nd)
{
	int f = 0;
	if (nd == 11 && k == 3 && g->len[0] == 1 && g->d[0] == '1' && !g->paren[0])
		f = 1;
	else if (nd != 10 || k != 2)
		return false;
	const char *d = g->d + f;
	if (g->len[f] != 3 || g->len[f + 1] != 3 || g->len[f + 2] != 4 || g->paren[f + 1] || g->paren[f + 2])
		return false;
	if (d[0] < '2' || d[3] < '2')
		return false;
	if (g->paren[f])
		return in_set(g->sep[f + 2], "-. ");
	return g->sep[f + 1] == g->sep[f + 2] && in_set(g->sep[f + 1], "-.");
}

/* Whether groups 0..k, nd digits in all, are a phone number:
 *   "+" and 8 to 15 digits, not starting with 0 (E.164: any country,
 *       the UK's +44 7700 900123 and +44 (0)20 7946 0958 among them);
 *   "00", a country code and 8 to 15 digits (0044 20 7946 0958);
 *   UK national: 0 then 1, 2, 3 or 7 (geographic, non-geographic,
 *       mobile), 11 digits (10 for some 01 areas), the first group at
 *       least 3 digits ("020", "01632", "07700") so that a decimal
 *       like 0.1234567890 is none;
 *   US, as us_shape(). */
static bool phone_shape(const struct groups *g, int k, int nd)
{
	const char *d = g->d;
	if (nd < 8)
		return false;
	if (g->plus)
		return nd <= 15 && d[0] != '0';
	if (d[0] == '0' && d[1] == '0')
		return nd - 2 >= 8 && nd - 2 <= 15 && d[2] != '0';
	if (d[0] == '0')
		return in_set(d[1], "1237") && (nd == 11 || (nd == 10 && d[1] == '1')) && (g->len[0] >= 3 || k == 0);
	return us_shape(g, k, nd);
}

/* Phone numbers: the shapes of phone_shape(), standing alone.  When the
 * groups read go on past a phone number's end ("07700 900123 2 times"),
 * the longest run of whole groups that is one and is followed by a space
 * or by no more digits is taken. */
static size_t match_phone(str s, size_t i)
{
	int c = at(s, i);
	struct groups g;
	if (!(is_digit(c) || c == '+' || c == '(') || !free_left(s, i))
		return 0;
	read_groups(s, i, &g);
	int nd = g.nd;
	for (int k = g.n - 1; k >= 0; k--) {
		if (free_right(s, g.end[k]) && phone_shape(&g, k, nd))
			return after_isbn(s, i) ? 0 : g.end[k];
		nd -= g.len[k];
	}
	return 0;
}

/* --- email addresses -------------------------------------------------- */

static bool local_char(int c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' || c == '\'';
}

/* The end of a domain name that starts at p: two or more labels of
 * letters, digits and inner hyphens (at most 63 bytes each, 253 in all)
 * split by single dots, the last of two or more letters; a dot or hyphen
 * after the last label (a full stop, a dash) is left out.  0 when none. */
static size_t domain_end(str s, size_t p)
{
	size_t start = p, end = 0, label = 0, labels = 0;
	for (;;) {
		size_t q = p;
		while (q - p < 64 && (is_alnum(at(s, q)) || at(s, q) == '-'))
			q++;
		while (q > p && at(s, q - 1) == '-')
			q--;
		if (q == p || q - p > 63 || at(s, p) == '-' || q - start > 253)
			break;
		labels++;
		label = p;
		end = q;
		if (at(s, q) != '.' || !is_alnum(at(s, q + 1)))
			break;
		p = q + 1;
	}
	if (labels < 2 || end - label < 2)
		return 0;
	for (size_t k = label; k < end; k++)
		if (!is_alpha(at(s, k)))
			return 0;
	return end;
}

/* Email addresses: a local part of 1 to 64 letters, digits and
 * . _ % + - ' that starts with a letter or digit, "@", and a domain as
 * domain_end().  An underscore or apostrophe just before it (Markdown
 * emphasis, quotes) is left out of the address; a longer local part is
 * no address. */
static size_t match_email(str s, size_t i)
{
	int p = before(s, i, 1);
	if (!is_alnum(at(s, i)) || (local_char(p) && p != '_' && p != '\''))
		return 0;
	size_t j = i;
	while (j - i < 64 && local_char(at(s, j)))
		j++;
	return at(s, j) == '@' ? domain_end(s, j + 1) : 0;
}

/* --- postcodes -------------------------------------------------------- */

/* The postcode areas, the letters every UK postcode starts with (and the
 * Crown dependencies').  Checking them keeps look-alikes out: CD45RA is a
 * lymphocyte marker, not a postcode. */
static const char postcode_areas[] =
	" AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY"
	" E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE"
	" LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL"
	" SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE ";

/* Whether o (n bytes, upper case) is an outward code: an area, then a
 * district of one digit, two digits, or a digit and a letter ("M1",
 * "B33", "DN55", "SW1A", "EC1A"). */
static bool outward_ok(const char *o, size_t n)
{
	size_t a = 0;
	char key[5] = " ";
	while (a < n && a < 3 && is_alpha(o[a]))
		a++;
	if (a < 1 || a > 2 || n - a < 1 || n - a > 2)
		return false;
	memcpy(key + 1, o, a);
	key[a + 1] = ' ';
	key[a + 2] = 0;
	if (!strstr(postcode_areas, key) || !is_digit(o[a]))
		return false;
	return n - a == 1 || is_alnum(o[a + 1]);
}

/* Whether i (3 bytes, upper case) is an inward code: a digit and two
 * letters, never C, I, K, M, O or V. */
static bool inward_ok(const char *i)
{
	return is_digit(i[0]) && i[1] > 0 && strchr("ABDEFGHJLNPQRSTUWXYZ", i[1]) && i[2] > 0 &&
	       strchr("ABDEFGHJLNPQRSTUWXYZ", i[2]);
}

/* Copies the run of letters and digits at i, upper-cased, into pc, at
 * most `room` of them; returns how many (room + 1 when it is longer). */
static size_t upper_run(str s, size_t i, char *pc, size_t room)
{
	size_t n = 0;
	while (n <= room && is_alnum(at(s, i + n))) {
		int c = at(s, i + n);
		if (n < room)
			pc[n] = (char)(c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
		n++;
	}
	return n;
}

/* UK postcodes: a whole postcode ("SW1A 1AA", "M1 1AE", "DN55 1PT"), in
 * any case, with one space between its halves or none ("SW1A1AA"),
 * standing alone between non-alphanumerics.  An outward code alone
 * ("SW1A") is no finding: it names a district of thousands. */
static size_t match_postcode(str s, size_t i)
{
	char pc[8];
	if (!is_alpha(at(s, i)) || is_alnum(before(s, i, 1)))
		return 0;
	size_t n = upper_run(s, i, pc, 7), out, e;
	if (n >= 2 && n <= 4 && at(s, i + n) == ' ') {
		if (upper_run(s, i + n + 1, pc + n, 3) != 3)
			return 0;
		out = n;
		e = i + n + 4;
	} else if (n >= 5 && n <= 7) {
		out = n - 3;
		e = i + n;
	} else {
		return 0;
	}
	return outward_ok(pc, out) && inward_ok(pc + out) ? e : 0;
}

/* --- hospital and record numbers -------------------------------------- */

/* Cues that name a number by themselves, cues that do so followed by
 * number/no/num/nr ("hosp no.", "case number"), those words, and words
 * that may stand between a cue and its number ("MRN is 1234567"). */
static const char *const record_cues[] = {"mrn", "rxn", "chi", "patient id", "patient identifier", "pt id",
					  "hospital id", NULL};
static const char *const record_bases[] = {"mrn",  "rxn",  "chi",     "hospital", "hosp", "record",
					   "case", "unit", "patient", "pt",       NULL};
static const char *const record_words[] = {"number", "num", "no", "nr", NULL};
static const char *const record_fillers[] = {"is", "was", NULL};
#define RECORD_SEPS " \t\r\n:#.=*_`-([|"

/* Whether a record-number cue comes just before i: after at most 6
 * bytes of spaces and punctuation (Markdown too: "**MRN:** 1234567"), or
 * glued to a number ("MRN1234567", "RXN1234567"). */
static bool record_cue_before(str s, size_t i)
{
	size_t w;
	if (is_alnum(before(s, i, 1)))
		return is_digit(at(s, i)) && any_cue_ends_at(s, i, record_cues, NULL);
	size_t e = skip_back(s, i, RECORD_SEPS, 6);
	if (any_cue_ends_at(s, e, record_fillers, &w))
		e = skip_back(s, w, " \t\r\n", 3);
	if (any_cue_ends_at(s, e, record_cues, NULL))
		return true;
	if (!any_cue_ends_at(s, e, record_words, &w))
		return false;
	return any_cue_ends_at(s, skip_back(s, w, RECORD_SEPS, 3), record_bases, NULL);
}

/* A record number's token at i: 5 to 12 letters, digits and single
 * inner hyphens, at least 4 of them digits ("1234567", "A123456",
 * "K123-4567"), standing alone on its right.  Returns its end or 0. */
static size_t record_token(str s, size_t i)
{
	size_t j = i, digits = 0;
	while (j - i <= 12) {
		int c = at(s, j);
		if (is_alnum(c))
			digits += is_digit(c);
		else if (!(c == '-' && is_alnum(at(s, j + 1))))
			break;
		j++;
	}
	return j - i >= 5 && j - i <= 12 && digits >= 4 && free_right(s, j) ? j : 0;
}

/* Hospital and record numbers: a token as record_token() right after a
 * cue (MRN, hospital number, hosp no, record number, RXN, patient ID,
 * case number, unit number, CHI, …; see record_cue_before()).  The span
 * is the token, not the cue. */
static size_t match_record(str s, size_t i)
{
	if (!is_alnum(at(s, i)))
		return 0;
	size_t e = record_token(s, i);
	return e && record_cue_before(s, i) ? e : 0;
}

/* --- US social security numbers --------------------------------------- */

static const char *const ssn_cues[] = {"ssn", "social security", NULL};

/* Never issued: area 000, 666 or 900-999; group 00; serial 0000. */
static bool ssn_ok(const char d[9])
{
	unsigned area = (unsigned)((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
	return area != 0 && area != 666 && area < 900 && memcmp(d + 3, "00", 2) != 0 && memcmp(d + 5, "0000", 4) != 0;
}

/* US social security numbers: ddd-dd-dddd anywhere; ddd dd dddd and nine
 * digits in a row only when SSN or social security ends within
 * SSN_WINDOW bytes before (nine digits alone are too common).  Standing
 * alone, with numbers that are issued (ssn_ok()). */
static size_t match_ssn(str s, size_t i)
{
	char d[9];
	size_t e, run = digits_at(s, i, 9);
	int sep = at(s, i + 3);
	bool cue = true;
	if (!free_left(s, i))
		return 0;
	if (run == 9) {
		memcpy(d, s.p + i, 9);
		e = i + 9;
	} else if (run == 3 && (sep == '-' || sep == ' ') && digits_at(s, i + 4, 2) == 2 && at(s, i + 6) == sep &&
		   digits_at(s, i + 7, 4) == 4) {
		memcpy(d, s.p + i, 3);
		memcpy(d + 3, s.p + i + 4, 2);
		memcpy(d + 5, s.p + i + 7, 4);
		e = i + 11;
		cue = sep == ' ';
	} else {
		return 0;
	}
	if (!free_right(s, e) || !ssn_ok(d))
		return 0;
	return !cue || cue_within(s, i, SSN_WINDOW, ssn_cues) ? e : 0;
}

/* --- ages over 89 ----------------------------------------------------- */

/* Words after an age that make it one (a space in them also matches a
 * hyphen: "year-old"), words before one, and what after "aged 90" makes
 * it a group of people rather than a person ("aged 90-95", "aged 90 and
 * over", "aged 90 years or older"; "90-95" itself is refused by
 * free_right()). */
static const char *const age_words[] = {"years old", "year old", "yrs old", "yr old", "years of age",
					"y/o",       "y.o.",     "y.o",     "yo",     NULL};
static const char *const age_cues[] = {"aged", "age", NULL};
static const char *const age_groups[] = {"+",        " to ",      " and over", " and older", " and above",
					 " or over", " or older", " or above", " plus",      "\xe2\x80\x93",
					 NULL};

/* An age's words at e: maybe a space or hyphen, then one of age_words,
 * ending a word ("93-year-old", "93 yo", "93yo", "95 y.o.").  Not
 * "93-year-olds": that is a group. */
static bool age_words_at(str s, size_t e)
{
	if (at(s, e) == ' ' || at(s, e) == '-')
		e++;
	for (const char *const *w = age_words; *w; w++)
		if (lit_at(s, e, *w) && !is_alnum(at(s, e + strlen(*w))))
			return true;
	return false;
}

/* Ages over 89, which HIPAA counts as identifying: a number from 90 to
 * 120 standing alone, followed by age words ("93-year-old", "93 yo",
 * "a 95 y.o.") or after "aged"/"age" and at most 4 bytes of spaces and
 * punctuation ("aged 93", "Age: 101", "| Age | 93 |"), unless a range or a
 * floor follows.  The span is the number only: the words are its cue. */
static size_t match_age(str s, size_t i)
{
	size_t n = digits_at(s, i, 3), e = i + n;
	if (n < 2 || n > 3 || !free_left(s, i))
		return 0;
	unsigned v = value(s, i, n);
	if (v < 90 || v > 120)
		return 0;
	if (age_words_at(s, e))
		return e;
	if (!free_right(s, e))
		return 0;
	size_t g = e + (lit_at(s, e, " years") ? 6 : lit_at(s, e, " yrs") ? 4 : 0);
	for (const char *const *w = age_groups; *w; w++)
		if (lit_at(s, g, *w))
			return 0;
	return any_cue_ends_at(s, skip_back(s, i, " \t:=*_|", 4), age_cues, NULL) ? e : 0;
}

/* --- the scan --------------------------------------------------------- */

typedef size_t (*matcher)(str s, size_t i);

/* In priority order: of findings that start at one place and are as
 * long, the first listed wins.  An NHS number's check digit makes it the
 * surest; a cue makes a record number surer than a phone-like shape. */
static const struct rule {
	enum scan_kind kind;
	matcher match;
} rules[] = {
	{SCAN_NHS_NUMBER, match_nhs},   {SCAN_RECORD_NUMBER, match_record}, {SCAN_SSN, match_ssn},
	{SCAN_DATE_OF_BIRTH, match_dob}, {SCAN_PHONE, match_phone},          {SCAN_EMAIL, match_email},
	{SCAN_POSTCODE, match_postcode}, {SCAN_AGE_OVER_89, match_age},
};

#define NRULES (sizeof rules / sizeof rules[0])

/* The finding that starts at i: its end (0 when none) and its kind.  The
 * longest wins; an NHS number is never reported as a phone number, even
 * when a phone shape would take a few bytes more. */
static size_t best_at(str s, size_t i, enum scan_kind *kind)
{
	int c = at(s, i), p = before(s, i, 1);
	size_t best = 0;
	if (is_alnum(p)) {
		/* Inside a word only a number glued to its cue can start. */
		if (!is_alpha(p) || !is_digit(c))
			return 0;
		*kind = SCAN_RECORD_NUMBER;
		return match_record(s, i);
	}
	if (!is_alnum(c) && c != '+' && c != '(')
		return 0;
	for (size_t r = 0; r < NRULES; r++) {
		if (rules[r].kind == SCAN_PHONE && best && *kind == SCAN_NHS_NUMBER)
			continue;
		size_t e = rules[r].match(s, i);
		if (e > best) {
			best = e;
			*kind = rules[r].kind;
		}
	}
	return best;
}

int scan_text(str body, struct scan_finding *out, int max)
{
	int count = 0;
	if (!body.p)
		return 0;
	for (size_t i = 0; i < body.n;) {
		enum scan_kind kind = SCAN_KIND_MAX;
		size_t e = best_at(body, i, &kind);
		if (e <= i) {
			i++;
			continue;
		}
		if (out && count < max)
			out[count] = (struct scan_finding){kind, i, e};
		if (count < INT_MAX)
			count++;
		i = e;
	}
	return count;
}

static const char *const kind_names[SCAN_KIND_MAX] = {
	[SCAN_NHS_NUMBER] = "nhs_number", [SCAN_DATE_OF_BIRTH] = "date_of_birth", [SCAN_PHONE] = "phone",
	[SCAN_EMAIL] = "email",           [SCAN_POSTCODE] = "postcode",           [SCAN_RECORD_NUMBER] = "record_number",
	[SCAN_SSN] = "ssn",               [SCAN_AGE_OVER_89] = "age_over_89",
};

const char *scan_kind_name(enum scan_kind k)
{
	return (unsigned)k < SCAN_KIND_MAX ? kind_names[k] : NULL;
}
