/* scan.c: the confidentiality scanner (what it finds, in short, is in
 * scan.h; each rule is set out above its matcher; dates of birth are in
 * scan_dates.c, the helpers both share in scan_int.h).
 *
 * Invariants: every matcher is anchored: given a position i it answers
 * the end of a finding that starts exactly at i, or 0.  Bytes are read
 * through at(), which answers -1 outside the body (or copied once at()
 * has seen them), so nothing is read out of bounds whatever the input.
 * A matcher reads a bounded number of bytes around i: at most 64 + 253
 * ahead (an email address) and about a hundred behind (a cue, what may
 * stand between it and the finding, the line before a "b."; a record
 * number listed after others reads back over at most three of them).
 * scan_text() walks the body once, left to right; at each position it
 * asks the matchers that can start there, keeps the best finding and
 * resumes after it, so findings come out in order, never overlap, and
 * the scan is O(n).  Bytes of 0x80 and
 * above are never letters or digits: UTF-8, valid or not, is punctuation
 * here.  Nothing is allocated and nothing changes but the caller's `out`. */
#include "scan_int.h"

#include <limits.h>

/* How far before nine digits an SSN cue may end, in bytes ("SSN on the
 * form: 123456789"); "social security", longer and surer, may end further
 * ("Social Security No." – one patient wrote 801 55 3918). */
#define SSN_WINDOW 16
#define SOCIAL_SECURITY_WINDOW 40

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
		   scan_valid_day(value(s, i, 2), value(s, i + 2, 2), 0)) {
		e = i + 11;
		memcpy(d, s.p + i, 6);
		memcpy(d + 6, s.p + i + 7, 4);
	} else {
		return 0;
	}
	return free_right(s, e) && mod11_ok(d) && !after_isbn(s, i) ? e : 0;
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
 * or by no more digits is taken.  A number that is one group in
 * parentheses, "(01134960258)", is found from its first digit, so that
 * its span is the number and not its brackets. */
static size_t match_phone(str s, size_t i)
{
	int c = at(s, i);
	struct groups g;
	if (!(is_digit(c) || c == '+' || c == '(') || !free_left(s, i))
		return 0;
	read_groups(s, i, &g);
	int nd = g.nd;
	for (int k = g.n - 1; k >= 0; k--) {
		if (k == 0 && g.paren[0] && !g.plus)
			break;
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

/* "NG12 2WW": NICE guideline NG12 (suspected cancer) and the two-week
 * wait, written as NHS doctors write them.  NICE's codes that share a
 * postcode area's letters are NG (guidelines: Nottingham) and TA
 * (technology appraisals: Taunton); the others (CG, QS, IPG, DG) are no
 * area.  So "2WW" after NG or TA and a number is taken for the wait: the
 * few real postcodes of that shape are given up, every other postcode of
 * those districts is still found. */
static bool nice_two_week_wait(const char *pc, size_t out)
{
	bool nice = (memcmp(pc, "NG", 2) == 0 || memcmp(pc, "TA", 2) == 0) && is_digit(pc[2]) &&
		    (out == 3 || is_digit(pc[3]));
	return nice && memcmp(pc + out, "2WW", 3) == 0;
}

/* UK postcodes: a whole postcode ("SW1A 1AA", "M1 1AE", "DN55 1PT"), in
 * any case, with one space between its halves or none ("SW1A1AA"),
 * standing alone between non-alphanumerics.  An outward code alone
 * ("SW1A") is no finding: it names a district of thousands; nor is
 * nice_two_week_wait(). */
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
	return outward_ok(pc, out) && inward_ok(pc + out) && !nice_two_week_wait(pc, out) ? e : 0;
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

/* Words that join numbers in a list ("3390127 vs 3390172"). */
static const char *const list_words[] = {"vs", "v", "versus", "and", "or", NULL};
#define LISTED_MAX 3

/* Whether the record number at i, len bytes long, comes in a list right
 * after one that had a cue ("Unit No. 3390127 vs 3390172", "MRN 1234567,
 * 2345678 or 3456789"): split from it by ",", "&", "/" or one of
 * list_words (a "." after it too: "vs."), and exactly as long, as numbers
 * of one system are, which keeps "MRN 1234567, 12345 patients" out.  At
 * most LISTED_MAX numbers back. */
static bool listed_after_record(str s, size_t i, size_t len)
{
	for (int hop = 0; hop < LISTED_MAX; hop++) {
		size_t p = skip_back(s, i, " \t", 2), w;
		size_t q = before(s, p, 1) == '.' ? p - 1 : p;
		if (in_set(before(s, p, 1), ",&/"))
			p--;
		else if (any_cue_ends_at(s, q, list_words, &w))
			p = w;
		else
			return false;
		p = skip_back(s, p, " \t", 2);
		if (p < len)
			return false;
		size_t start = p - len;
		int c = before(s, start, 1);
		if (record_token(s, start) != p || is_digit(c) || (c == '-' && is_alnum(before(s, start, 2))))
			return false;
		/* Glued to letters, it counts only with its own cue ("MRN1234567"). */
		bool cue = record_cue_before(s, start);
		if (cue || is_alpha(c))
			return cue;
		i = start;
	}
	return false;
}

/* Hospital and record numbers: a token as record_token() right after a
 * cue (MRN, hospital number, hosp no, record number, RXN, patient ID,
 * case number, unit number, CHI, …; see record_cue_before()), or listed
 * after one that is (listed_after_record()).  The span is the token, not
 * the cue. */
static size_t match_record(str s, size_t i)
{
	if (!is_alnum(at(s, i)))
		return 0;
	size_t e = record_token(s, i);
	return e && (record_cue_before(s, i) || listed_after_record(s, i, e - i)) ? e : 0;
}

/* --- US social security numbers --------------------------------------- */

static const char *const ssn_cues[] = {"ssn", "social security", NULL};
static const char *const social_security[] = {"social security", NULL};

/* Never issued: area 000, 666 or 900-999; group 00; serial 0000. */
static bool ssn_ok(const char d[9])
{
	unsigned area = (unsigned)((d[0] - '0') * 100 + (d[1] - '0') * 10 + (d[2] - '0'));
	return area != 0 && area != 666 && area < 900 && memcmp(d + 3, "00", 2) != 0 && memcmp(d + 5, "0000", 4) != 0;
}

/* US social security numbers: ddd-dd-dddd anywhere; ddd dd dddd and nine
 * digits in a row only when SSN or social security ends within
 * SSN_WINDOW bytes before, or social security within
 * SOCIAL_SECURITY_WINDOW (nine digits alone are too common).  Standing
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
	if (!cue || cue_within(s, i, SSN_WINDOW, ssn_cues))
		return e;
	return cue_within(s, i, SOCIAL_SECURITY_WINDOW, social_security) ? e : 0;
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
/* Units that make "age 92" something other than years ("corrected age 92
 * days"); only whole words, so "aged 93 w/ dementia", "h/o" and "d/t" are
 * no units. */
static const char *const age_units[] = {"days",  "day",  "weeks", "week", "wks",  "wk",   "months",
					"month", "mths", "mth",   "mos",  "mo",   "hours", "hour",
					"hrs",   "hr",   "minutes", "mins", "min", NULL};
/* Titles and words before a parenthesised age ("Mr B (94)", "the patient
 * (94)"), and cues of a temperature ("temp 92F"). */
static const char *const titles[] = {"mr", "mrs", "ms", "miss", "mx", NULL};
static const char *const person_words[] = {"patient", "pt", NULL};
static const char *const temp_cues[] = {"t", "temp", "temperature", NULL};

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

/* Whether what follows an age that ends at e makes it no person's: a
 * group (age_groups: "aged 90+", "aged 90 and over"), a range split by a
 * hyphen or a dash between spaces ("aged 90 - 95", "aged 90 – 95"), or
 * a unit other than years ("age 95 weeks"). */
static bool not_a_person_after(str s, size_t e)
{
	size_t g = e + (lit_at(s, e, " years") ? 6 : lit_at(s, e, " yrs") ? 4 : 0), d = g;
	for (const char *const *w = age_groups; *w; w++)
		if (lit_at(s, g, *w))
			return true;
	while (d < g + 2 && at(s, d) == ' ')
		d++;
	if (at(s, d) == '-' || lit_at(s, d, "\xe2\x80\x93") || lit_at(s, d, "\xe2\x80\x94")) {
		d += at(s, d) == '-' ? 1 : 3;
		d += at(s, d) == ' ';
		if (is_digit(at(s, d)))
			return true;
	}
	d = e + (at(s, e) == ' ' || at(s, e) == '-');
	for (const char *const *u = age_units; *u; u++)
		if (lit_at(s, d, *u) && !is_alpha(at(s, d + strlen(*u))))
			return true;
	return false;
}

/* "92F", "94M": an age glued to the patient's sex, as case summaries
 * open, when the letter ends the word.  Not a sum of money ("$92M",
 * "£94M", "€92M") nor a temperature ("temp 92F"). */
static bool age_sex_at(str s, size_t i, size_t e)
{
	int c = at(s, e), p = before(s, i, 1);
	if ((c != 'F' && c != 'M') || is_alnum(at(s, e + 1)))
		return false;
	if (p == '$' || (p == 0xa3 && before(s, i, 2) == 0xc2) || (p == 0xac && before(s, i, 2) == 0x82))
		return false;
	return !cue_within(s, i, 12, temp_cues);
}

/* Whether the age at i..e is in parentheses after a person: "Mr B (94)",
 * "Mrs Ann Smith (101)", "Ms O'Neill (94)", "the patient (94)" (a title,
 * then one or two capitalised names, maybe with a full stop, an
 * apostrophe or a hyphen; or patient or pt). */
static bool person_paren_before(str s, size_t i, size_t e)
{
	if (before(s, i, 1) != '(' || at(s, e) != ')')
		return false;
	size_t p = skip_back(s, i - 1, " ", 2);
	if (any_cue_ends_at(s, p, person_words, NULL))
		return true;
	for (int names = 0; names < 2; names++) {
		size_t k = 0;
		if (before(s, p, 1) == '.')
			p--;
		while (k < 24 && (is_alpha(before(s, p, k + 1)) ||
				  (in_set(before(s, p, k + 1), "'-") && is_alpha(before(s, p, k + 2)) && k > 0)))
			k++;
		int first = before(s, p, k);
		if (k == 0 || k == 24 || first < 'A' || first > 'Z' || is_digit(before(s, p, k + 1)))
			return false;
		size_t q = skip_back(s, p - k, " ", 2);
		if (q == p - k)
			return false;
		size_t t = before(s, q, 1) == '.' ? q - 1 : q;
		if (any_cue_ends_at(s, t, titles, NULL))
			return true;
		p = q;
	}
	return false;
}

/* Ages over 89, which HIPAA counts as identifying: a number from 90 to
 * 120 standing alone, followed by age words ("93-year-old", "93 yo",
 * "a 95 y.o.") or glued to the patient's sex ("92F"), or after "aged"/
 * "age" and at most 4 bytes of spaces and punctuation ("aged 93", "Age:
 * 101", "| Age | 93 |") unless a range, a floor or another unit follows,
 * or in parentheses after a person ("Mr B (94)").  The span is the number
 * only: the words are its cue. */
static size_t match_age(str s, size_t i)
{
	size_t n = digits_at(s, i, 3), e = i + n;
	if (n < 2 || n > 3 || !free_left(s, i))
		return 0;
	unsigned v = value(s, i, n);
	if (v < 90 || v > 120)
		return 0;
	if (age_words_at(s, e) || age_sex_at(s, i, e))
		return e;
	if (!free_right(s, e) || not_a_person_after(s, e))
		return 0;
	if (any_cue_ends_at(s, skip_back(s, i, " \t:=*_|", 4), age_cues, NULL))
		return e;
	return person_paren_before(s, i, e) ? e : 0;
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
	{SCAN_DATE_OF_BIRTH, scan_match_dob}, {SCAN_PHONE, match_phone},          {SCAN_EMAIL, match_email},
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
		/* Inside a word only a number glued to its cue can start
		 * ("MRN1234567", "DOB12/03/1954"). */
		if (!is_alpha(p) || !is_digit(c))
			return 0;
		size_t e = match_record(s, i), d = scan_match_dob(s, i);
		*kind = d > e ? SCAN_DATE_OF_BIRTH : SCAN_RECORD_NUMBER;
		return d > e ? d : e;
	}
	if (!is_alnum(c) && c != '+' && c != '(')
		return 0;
	/* What follows an '@' is a mention's handle (a colleague's name on
	 * the site, "@m19ab"), or the domain of an address the email rule
	 * takes whole from its start: never an identifier of its own. */
	if (p == '@')
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
