/* scan_dates.c: the scanner's dates of birth: what a date is, and the cues
 * that make one a birth date (scan.h says what is found; scan.c walks the
 * body and calls scan_match_dob() at each position).
 *
 * Invariants as in scan_int.h: every byte is read through at(), a date is
 * at most 32 bytes, and a cue is looked for at most DOB_WINDOW bytes (plus
 * a few words, and LIST_LOOKBACK bytes of the line for "b.") before it, so
 * each position costs a bounded amount of work. */
#include "scan_int.h"

#include "../core/utc.h"

/* How far before a date a date-of-birth cue may end, in bytes ("DOB (per
 * the GP): 12/03/1954"), and how far back on its line "b." looks for the
 * "a." of a list it belongs to. */
#define DOB_WINDOW 20
#define LIST_LOOKBACK 80

bool scan_valid_day(unsigned d, unsigned m, unsigned year)
{
	if (m < 1 || m > 12 || d < 1)
		return false;
	/* Year 0 is a date written without one, which may be 29 February:
	 * 2000 is a leap year. */
	return d <= (unsigned)utc_month_days(year ? year : 2000, (int)m);
}

/* --- dates ------------------------------------------------------------ */

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
		if (c < 1 || c > 2 || x < 1880 || x > 2099 || !scan_valid_day(value(s, k, c), y, x))
			return 0;
		return k + c;
	}
	size_t e = year_at(s, k, true, &year);
	return e && (scan_valid_day(x, y, year) || scan_valid_day(y, x, year)) ? e : 0;
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
	return end && scan_valid_day(d, m, year) ? end : 0;
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
	return end && scan_valid_day(d, m, year) ? end : 0;
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
		return scan_valid_day(value(s, i, 2), value(s, i + 2, 2), year) ? i + a : 0;
	}
	if (a < 1 || a > 2 || at(s, i + a) != ' ')
		return 0;
	b = digits_at(s, i + a + 1, 2);
	if (b < 1 || b > 2 || at(s, i + a + 1 + b) != ' ' || !(e = year_at(s, i + a + b + 2, true, &year)))
		return 0;
	unsigned x = value(s, i, a), y = value(s, i + a + 1, b);
	return scan_valid_day(x, y, year) || scan_valid_day(y, x, year) ? e : 0;
}

/* --- cues ------------------------------------------------------------- */

static const char *const dob_cues[] = {"dob", "d.o.b", "date of birth", "born", NULL};
static const char *const dob_close_cues[] = {"dob", "d.o.b", "date of birth", "born on", "born", NULL};
/* Cues that may be glued to their date ("DOB12/03/1954"). */
static const char *const dob_glued_cues[] = {"dob", "d.o.b", NULL};
/* Small words that may stand between a cue and a loosely written date
 * ("the DOB as 03 07 1946", "DOB is 3 7 1946"). */
static const char *const dob_fillers[] = {"as", "is", "was", "of", "on", NULL};
/* Words after which "b." is a thing called B, not "born": "hep b.", "type
 * b.", "car park b.", "plan b.". */
static const char *const b_names[] = {"hep",   "hepatitis", "vit",  "vitamin", "type", "group", "class",
				      "grade", "stage",     "part", "plan",    "option", "bay", "ward",
				      "block", "park",      "site", "team",    "zone", "level", NULL};

/* "born" said of the NHS, which was "born on 5 July 1948": the one
 * non-person whose birthday an NHS doctor writes about often enough to
 * matter.  A cue that starts at w is refused when "NHS was" comes just
 * before it.  (Other non-persons, "the policy was born out of…", carry no
 * date; telling a person from a thing in general is beyond a scanner.) */
static bool nhs_born(str s, size_t w)
{
	size_t v;
	if (!cue_ends_at(s, skip_back(s, w, " \t\r\n", 3), "was", &v))
		return false;
	return cue_ends_at(s, skip_back(s, v, " \t\r\n", 3), "nhs", NULL);
}

/* Whether an "a." list label ("a. 01/04/2024 b. 06/04/2024") comes on
 * the line before b, within LIST_LOOKBACK bytes. */
static bool list_label_before(str s, size_t b)
{
	for (size_t k = 1; k <= LIST_LOOKBACK && k <= b; k++) {
		size_t p = b - k;
		int c = at(s, p);
		if (c == '\n' || c == '\r')
			return false;
		if (lower(c) == 'a' && at(s, p + 1) == '.' && !is_alnum(before(s, p, 1)) && in_set(at(s, p + 2), " \t"))
			return true;
	}
	return false;
}

/* "b." for born, ending at e, as in "mother b. 4/5/39" and "(b. 12th Mar
 * 1954)".  It is also a list item's label and the B of "Hep B.", so it
 * counts only written in lower case ("Hep B.", "vitamin B.", "car park
 * B." are names), after a space or "(", not first on its line (after
 * indentation or a list bullet: "b. 05/10/2016" is an answer of a
 * quiz), not after an "a." label on its line, and not after one of
 * b_names ("hep b. 12/03/2024 booster").  The family history's "mother
 * b. 4/5/39" keeps it. */
static bool born_b_ends_at(str s, size_t e)
{
	if (e < 2 || at(s, e - 2) != 'b' || at(s, e - 1) != '.')
		return false;
	size_t b = e - 2, w = skip_back(s, b, " \t>*+-", 8);
	int p = before(s, b, 1), q = before(s, w, 1);
	if (p != ' ' && p != '\t' && p != '(')
		return false;
	if (p != '(' && (q == -1 || q == '\n' || q == '\r' || any_cue_ends_at(s, w, b_names, NULL)))
		return false;
	return !list_label_before(s, b);
}

/* Whether a date-of-birth cue ends within DOB_WINDOW bytes before i. */
static bool dob_cue_within(str s, size_t i)
{
	size_t w;
	for (size_t gap = 0; gap <= DOB_WINDOW && gap <= i; gap++) {
		if (any_cue_ends_at(s, i - gap, dob_cues, &w) && !nhs_born(s, w))
			return true;
		if (born_b_ends_at(s, i - gap))
			return true;
	}
	return false;
}

/* Whether a cue comes right before a loose date at i: at most 4 bytes of
 * spaces and punctuation between, or, for a date split by spaces, one of
 * dob_fillers between too ("the DOB as 03 07 1946": eight digits in a row
 * are refs and codes too often to let them stand so far). */
static bool dob_close_before(str s, size_t i, bool spaced)
{
	size_t w, e = skip_back(s, i, " \t:=*_|-.", 4);
	if (any_cue_ends_at(s, e, dob_close_cues, &w))
		return !nhs_born(s, w);
	if (!spaced || e == i || !any_cue_ends_at(s, e, dob_fillers, &w))
		return false;
	e = skip_back(s, w, " \t:", 3);
	return e < w && any_cue_ends_at(s, e, dob_close_cues, &w) && !nhs_born(s, w);
}

/* Dates of birth: a whole date (day, month and year, in one of the forms
 * above, standing alone) that starts within DOB_WINDOW bytes after a cue:
 * DOB, D.O.B, date of birth, born or b. (as born_b_ends_at()), in any
 * case ("DOB: 12/03/1954", "born on the 12th of March 1954", "| DOB |
 * 1954-03-12 |"), or one of date_loose() right after a cue ("DOB:
 * 12031954", "DOB as 03 07 1946").  DOB and D.O.B may be glued to their
 * date ("DOB12/03/1954").  A date with no cue before it is no finding:
 * doctors date papers, guidelines and rotas all the time.  The cue is
 * looked for only once a date was read. */
size_t scan_match_dob(str s, size_t i)
{
	size_t e;
	if (is_alpha(before(s, i, 1)) ? !any_cue_ends_at(s, i, dob_glued_cues, NULL) : !free_left(s, i))
		return 0;
	if (is_digit(at(s, i))) {
		e = date_numeric(s, i);
		if (!e)
			e = date_dmy(s, i);
	} else {
		e = date_mdy(s, i);
	}
	if (e)
		return free_right(s, e) && dob_cue_within(s, i) ? e : 0;
	e = is_digit(at(s, i)) ? date_loose(s, i) : 0;
	if (!e || !free_right(s, e))
		return 0;
	return dob_close_before(s, i, digits_at(s, i, 2) <= 2) ? e : 0;
}
