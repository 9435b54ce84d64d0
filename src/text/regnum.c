/* regnum.c: the registration authorities, the rule each holds its numbers
 * to, and the name key of the register import.
 *
 * Invariants: the table is the only place a rule lives; every row has a
 * code, name, hint, example and rule, and "other" comes last.  A number is
 * tidied (regnum_shape) before its rule sees it, and tidying a normal form
 * again changes nothing, so checking a stored number always agrees with
 * the check that stored it.  Nothing here keeps state: safe on any thread. */
#include "regnum.h"

#include <stdint.h>
#include <stdlib.h>

/* --- the rules ---------------------------------------------------------- */

static bool all_digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static bool digits_between(str s, size_t min, size_t max)
{
	return s.n >= min && s.n <= max && all_digits(s.p, s.n);
}

/* `prefix` (upper case) followed by exactly `n` digits. */
static bool prefixed_digits(str s, const char *prefix, size_t n)
{
	size_t k = strlen(prefix);
	return s.n == k + n && memcmp(s.p, prefix, k) == 0 && all_digits(s.p + k, n);
}

static const char *gmc_fits(str s)
{
	return digits_between(s, 7, 7) ? NULL : "must be 7 digits for the GMC";
}

static const char *npi_fits(str s)
{
	if (!digits_between(s, 10, 10) || (s.p[0] != '1' && s.p[0] != '2'))
		return "must be 10 digits starting with 1 or 2 for an NPI";
	return regnum_npi_luhn(s) ? NULL : "is not a valid NPI: check the digits";
}

/* The Medical Council of Ireland numbers its registrants from 1 upwards;
 * today's numbers have up to 6 digits (assumed: the register publishes no
 * fixed width).  Digits are kept as typed: no leading zeros are added or
 * removed, so the number must be typed as the register shows it. */
static const char *imc_fits(str s)
{
	return digits_between(s, 1, 6) ? NULL : "must be up to 6 digits for the Medical Council of Ireland";
}

/* AHPRA: a three-letter profession code, MED for medical practitioners,
 * then 10 digits. */
static const char *ahpra_fits(str s)
{
	return prefixed_digits(s, "MED", 10) ? NULL : "must be MED and 10 digits for AHPRA";
}

/* India: the Indian Medical Register holds what each state medical council
 * issued, and the councils write their numbers differently ("12345",
 * "MMC/2009/12345", "DMC-R-12345").  Accepted: 1 to 4 parts of 1 to 10
 * letters or digits, split by single "/" or "-", with a digit somewhere:
 * at most 43 bytes.  The editor's review (or the register) does the rest. */
static const char *nmc_fits(str s)
{
	const char *bad = "must be letters and digits, in up to 4 parts split by / or -";
	size_t parts = 1, len = 0;
	bool digit = false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (c == '/' || c == '-') {
			if (len == 0 || ++parts > 4)
				return bad;
			len = 0;
			continue;
		}
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || ++len > 10)
			return bad;
		digit |= c >= '0' && c <= '9';
	}
	return len && digit ? NULL : bad;
}

static const char *mcnz_fits(str s)
{
	return digits_between(s, 5, 6) ? NULL : "must be 5 or 6 digits for the Medical Council of New Zealand";
}

static const char *cpso_fits(str s)
{
	return digits_between(s, 5, 6) ? NULL : "must be 5 or 6 digits for the CPSO";
}

/* HPCSA: MP (medical practitioner) and 7 digits. */
static const char *hpcsa_fits(str s)
{
	return prefixed_digits(s, "MP", 7) ? NULL : "must be MP and 7 digits for the HPCSA";
}

/* Singapore's MCR number: M, 5 digits and a check letter (whose
 * algorithm is not published, so any letter is taken). */
static const char *smc_fits(str s)
{
	bool ok = s.n == 7 && s.p[0] == 'M' && all_digits(s.p + 1, 5) && s.p[6] >= 'A' && s.p[6] <= 'Z';
	return ok ? NULL : "must be M, 5 digits and a letter for the SMC";
}

/* Characters a reviewer could not see or that could reorder what they
 * see: C0 and C1 controls, DEL, the soft hyphen, zero-width and
 * direction marks, and the byte-order mark. */
static bool invisible(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff ||
	       (cp >= 0xfff9 && cp <= 0xfffb);
}

/* Another authority: free text for an editor to review, 3 to 60
 * characters of valid UTF-8 that can all be seen. */
static const char *other_fits(str s)
{
	const char *bad = "must be 3 to 60 printable characters";
	size_t chars = 0;
	for (size_t i = 0; i < s.n; chars++) {
		uint32_t cp;
		size_t len = str_utf8_at(s, i, &cp);
		if (!len || invisible(cp))
			return bad;
		i += len;
	}
	return chars >= 3 && chars <= 60 ? NULL : bad;
}

/* In display order; "other" stays last. */
static const struct regnum_authority authorities[] = {
	{"gmc", "General Medical Council", "GB", "7 digits, e.g. 1234567", "1234567", REGNUM_COMPACT, gmc_fits},
	{"npi", "National Provider Identifier", "US", "10 digits, e.g. 1234567893", "1234567893", REGNUM_COMPACT,
	 npi_fits},
	{"imc", "Medical Council of Ireland", "IE", "up to 6 digits, e.g. 123456", "123456", REGNUM_COMPACT, imc_fits},
	{"ahpra", "Australian Health Practitioner Regulation Agency", "AU", "MED and 10 digits, e.g. MED0001234567",
	 "MED0001234567", REGNUM_COMPACT, ahpra_fits},
	{"nmc", "National Medical Commission (Indian Medical Register)", "IN",
	 "your state council's number, e.g. 12345 or MMC/2009/12345", "MMC/2009/12345", REGNUM_PARTS, nmc_fits},
	{"mcnz", "Medical Council of New Zealand", "NZ", "5 or 6 digits, e.g. 12345", "12345", REGNUM_COMPACT, mcnz_fits},
	{"cpso", "College of Physicians and Surgeons of Ontario", "CA", "5 or 6 digits, e.g. 123456", "123456",
	 REGNUM_COMPACT, cpso_fits},
	{"hpcsa", "Health Professions Council of South Africa", "ZA", "MP and 7 digits, e.g. MP0123456", "MP0123456",
	 REGNUM_COMPACT, hpcsa_fits},
	{"smc", "Singapore Medical Council", "SG", "M, 5 digits and a letter, e.g. M12345A", "M12345A", REGNUM_COMPACT,
	 smc_fits},
	{"other", "Another authority (reviewed by an editor)", "", "the authority and your number, e.g. MDCN 12345",
	 "MDCN 12345", REGNUM_FREE, other_fits},
};

#define NAUTH ((int)(sizeof authorities / sizeof authorities[0]))

const struct regnum_authority *regnum_find(str code)
{
	for (int i = 0; i < NAUTH; i++)
		if (str_ieq(code, str_c(authorities[i].code)))
			return &authorities[i];
	return NULL;
}

int regnum_count(void)
{
	return NAUTH;
}

const struct regnum_authority *regnum_at(int i)
{
	return i >= 0 && i < NAUTH ? &authorities[i] : NULL;
}

bool regnum_npi_luhn(str ten_digits)
{
	if (ten_digits.n != 10 || !all_digits(ten_digits.p, 10))
		return false;
	/* Luhn over "80840" + the ten digits, from the right: the check digit
	 * is not doubled, its left neighbour is, and so on. */
	static const char prefix[] = "80840";
	unsigned sum = 0;
	for (int i = 14; i >= 0; i--) {
		unsigned d = (unsigned)((i < 5 ? prefix[i] : ten_digits.p[i - 5]) - '0');
		if ((14 - i) % 2 == 1)
			d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return sum % 10 == 0;
}

/* --- tidying and checking a number -------------------------------------- */

/* The length of the space at s.p[i]: 1 for a space or tab, 2 for U+00A0
 * (pasted from web pages), 0 when there is none.  0xc2 never continues a
 * UTF-8 sequence, so a no-break space is never half of another. */
static size_t space_at(str s, size_t i)
{
	if (s.p[i] == ' ' || s.p[i] == '\t')
		return 1;
	return (unsigned char)s.p[i] == 0xc2 && i + 1 < s.n && (unsigned char)s.p[i + 1] == 0xa0 ? 2 : 0;
}

/* Copies v into the arena tidied per `shape` (regnum_shape); -1 when the
 * arena is full.  The result is never longer than v. */
static int tidy(arena *ar, str v, enum regnum_shape shape, str *out)
{
	char *p = arena_alloc(ar, v.n + 1);
	if (!p)
		return -1;
	size_t n = 0;
	bool gap = false; /* free text: a space is owed before the next character */
	for (size_t i = 0; i < v.n;) {
		size_t sp = space_at(v, i);
		if (sp) {
			gap = n > 0;
			i += sp;
			continue;
		}
		char c = v.p[i++];
		if (shape == REGNUM_FREE) {
			if (gap)
				p[n++] = ' ';
			gap = false;
		} else if (c == '-' && shape == REGNUM_COMPACT) {
			continue;
		} else if (c >= 'a' && c <= 'z') {
			c = (char)(c - 32);
		}
		p[n++] = c;
	}
	p[n] = '\0';
	*out = (str){p, n};
	return 0;
}

const char *regnum_check(const struct regnum_authority *a, arena *ar, str number, str *norm)
{
	if (!a)
		return "must name an authority from the list";
	if (number.n > REGNUM_INPUT_MAX)
		return "is too long";
	str t;
	if (tidy(ar, number, a->shape, &t) < 0)
		return "is too long";
	if (t.n == 0)
		return "is required";
	const char *msg = a->fits(t);
	if (msg)
		return msg;
	*norm = t;
	return NULL;
}

/* --- names --------------------------------------------------------------- */

/* U+00C0..U+017F, upper and lower case alike, folded to one ASCII letter;
 * '*' marks the few that fold to two (see fold2), ' ' the two signs
 * (× and ÷) among the letters. */
static const char latin_fold[] = "aaaaaa*ceeeeiiii" /* U+00C0 */
				 "dnooooo ouuuuy**" /* U+00D0 */
				 "aaaaaa*ceeeeiiii" /* U+00E0 */
				 "dnooooo ouuuuy*y" /* U+00F0 */
				 "aaaaaaccccccccdd" /* U+0100 */
				 "ddeeeeeeeeeegggg" /* U+0110 */
				 "gggghhhhiiiiiiii" /* U+0120 */
				 "ii**jjkkklllllll" /* U+0130 */
				 "lllnnnnnnnnnoooo" /* U+0140 */
				 "oo**rrrrrrssssss" /* U+0150 */
				 "ssttttttuuuuuuuu" /* U+0160 */
				 "uuuuwwyyyzzzzzzs" /* U+0170 */;
_Static_assert(sizeof latin_fold == 0x180 - 0xc0 + 1, "one letter per code point");

static const char *fold2(uint32_t cp)
{
	switch (cp) {
	case 0xc6: case 0xe6: return "ae";
	case 0xde: case 0xfe: return "th";
	case 0xdf: return "ss";
	case 0x132: case 0x133: return "ij";
	default: return "oe"; /* U+0152, U+0153 */
	}
}

/* Marks that belong inside a word: apostrophes (O'Brien) and combining
 * accents (an e followed by U+0301, as some keyboards send é). */
static bool joins(uint32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0xb4 || cp == 0x2bc || cp == 0x2018 || cp == 0x2019 ||
	       (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || cp == 0xfeff;
}

/* Punctuation, symbols and spaces that split words: Latin-1's signs,
 * General Punctuation (dashes, quotes, spaces) and CJK punctuation. */
static bool splits(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0xbf) || (cp >= 0x2000 && cp <= 0x206f) || (cp >= 0x3000 && cp <= 0x303f);
}

/* Writes what one code point (len bytes at src) adds to a name at p[*n]:
 * folded letters, a space, or nothing; never more than len bytes. */
static void name_put(uint32_t cp, const char *src, size_t len, char *p, size_t *n)
{
	if (cp < 0x80) {
		char c = (char)cp;
		if (c >= 'A' && c <= 'Z')
			p[(*n)++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			p[(*n)++] = c;
		else if (!joins(cp))
			p[(*n)++] = ' ';
	} else if (cp >= 0xc0 && cp < 0x180) {
		char f = latin_fold[cp - 0xc0];
		if (f == '*') {
			memcpy(p + *n, fold2(cp), 2);
			*n += 2;
		} else {
			p[(*n)++] = f;
		}
	} else if (joins(cp)) {
		/* nothing: the word goes on */
	} else if (splits(cp)) {
		p[(*n)++] = ' ';
	} else {
		memcpy(p + *n, src, len);
		*n += len;
	}
}

/* Honorifics are dropped wherever they stand, not only first: "Nwosu,
 * Amara, Dr" then agrees with "Dr Amara Nwosu", and since the words are
 * sorted, dropping only a leading one would let the key of a key differ. */
static bool honorific(str w)
{
	static const char *const titles[] = {"dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "mx", "miss"};
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (str_eqc(w, titles[i]))
			return true;
	return false;
}

/* Splits the folded name t[0..n) at spaces into w, leaving out the
 * honorifics; returns the number of words. */
static size_t name_words(const char *t, size_t n, str *w)
{
	size_t nw = 0;
	for (size_t i = 0; i < n;) {
		if (t[i] == ' ') {
			i++;
			continue;
		}
		size_t start = i;
		while (i < n && t[i] != ' ')
			i++;
		str word = {t + start, i - start};
		if (!honorific(word))
			w[nw++] = word;
	}
	return nw;
}

static int word_cmp(const void *x, const void *y)
{
	const str *a = x, *b = y;
	int c = memcmp(a->p, b->p, a->n < b->n ? a->n : b->n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

int regnum_name_key(arena *ar, str name, str *out)
{
	if (name.n > REGNUM_NAME_MAX)
		return -1;
	/* Folding never lengthens a name, and words need a byte and a space. */
	char *t = arena_alloc(ar, name.n + 1);
	str *w = arena_alloc(ar, (name.n / 2 + 1) * sizeof *w);
	char *key = arena_alloc(ar, name.n + 1);
	if (!t || !w || !key)
		return -1;
	size_t tn = 0;
	for (size_t i = 0; i < name.n;) {
		uint32_t cp;
		size_t len = str_utf8_at(name, i, &cp);
		if (len)
			name_put(cp, name.p + i, len, t, &tn);
		else
			t[tn++] = ' '; /* an invalid byte: never glued into a letter */
		i += len ? len : 1;
	}
	size_t nw = name_words(t, tn, w);
	qsort(w, nw, sizeof *w, word_cmp);
	size_t kn = 0;
	for (size_t i = 0; i < nw; i++) {
		if (kn)
			key[kn++] = ' ';
		memcpy(key + kn, w[i].p, w[i].n);
		kn += w[i].n;
	}
	key[kn] = '\0';
	*out = (str){key, kn};
	return 0;
}
