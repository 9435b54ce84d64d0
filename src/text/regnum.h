/* regnum.h: medical registration numbers, checked per authority, and the
 * name key that lets the register import match a person however their name
 * was typed.
 *
 * The authorities and their rules are one table (regnum.c), in display
 * order, "other" last.  Codes are lower-case and stable: forms, the
 * database and the CSV import all use them, so a code is never renamed. */
#ifndef ROUNDS_REGNUM_H
#define ROUNDS_REGNUM_H

#include "../core/str.h"

/* Longest number, in bytes as typed, that regnum_check() will look at;
 * anything longer is refused before any work.  The longest normal form
 * (an Indian council's number, 43 bytes) or 60 characters of "other" text
 * in any script fit, with room for spaces typed around them. */
#define REGNUM_INPUT_MAX 256
/* Longest name, in bytes, that regnum_name_key() accepts. */
#define REGNUM_NAME_MAX 300

/* How a number is tidied before its authority's rule looks at it. */
enum regnum_shape {
	REGNUM_COMPACT, /* spaces and hyphens dropped, letters upper-cased */
	REGNUM_PARTS,   /* spaces dropped, "/" and "-" kept, letters upper-cased */
	REGNUM_FREE,    /* free text: trimmed, runs of spaces made one, nothing else changed */
};

struct regnum_authority {
	const char *code;    /* stable identifier, lower case: "gmc" */
	const char *name;    /* for people: "General Medical Council" */
	const char *country; /* ISO 3166-1 alpha-2, or "" when it is not one country */
	const char *hint;    /* under the form's field: "7 digits, e.g. 1234567" */
	const char *example; /* a number in its normal form that the rule accepts */
	enum regnum_shape shape;
	/* The rule, given the tidied number: NULL when it fits, else the
	 * message for the form ("must be 7 digits for the GMC"). */
	const char *(*fits)(str norm);
};

/* The authority whose code is `code`, compared ignoring ASCII case; NULL
 * when there is none.  Points into the static table: never freed. */
const struct regnum_authority *regnum_find(str code);

/* How many authorities there are, and the i-th in display order (for a
 * select list); regnum_at() is NULL when i is out of range. */
int regnum_count(void);
const struct regnum_authority *regnum_at(int i);

/* Checks `number` for authority `a`.  Returns NULL when it is acceptable
 * and puts its normal form in *norm (spaces typed around it trimmed; per
 * the authority's shape, separators dropped and letters upper-cased),
 * allocated in `ar` with a trailing NUL.  Otherwise returns a short message
 * that follows the field's label, in the style of validate.h ("must be 7
 * digits for the GMC", "is required", "is too long"), and leaves *norm
 * alone.  Any bytes are safe: input over REGNUM_INPUT_MAX is refused before
 * any work, and a full arena is reported as "is too long". */
const char *regnum_check(const struct regnum_authority *a, arena *ar, str number, str *norm);

/* True when `ten_digits` is exactly ten ASCII digits whose last is the
 * Luhn check digit of "80840" followed by the first nine (the NPI rule:
 * 1234567893 passes, 1234567890 does not).  Exposed for the tests. */
bool regnum_npi_luhn(str ten_digits);

/* The key that two spellings of one person's name share, for matching an
 * application against a register: lower case (ASCII, and the Latin letters
 * of Latin-1 Supplement and Latin Extended-A with their accents folded:
 * é→e, ß→ss, ø→o, æ→ae, ł→l); apostrophes dropped (O'Brien, O’Brien and
 * OBrien agree); combining accents dropped; other punctuation, hyphens,
 * spaces and invalid UTF-8 bytes separate words; the honorifics dr, doctor,
 * prof, professor, mr, mrs, ms, mx and miss dropped; the words sorted and
 * joined by one space, so the order of given names and surname does not
 * matter.  Letters of other scripts are kept as they are.  "Dr. José
 * García-López" and "garcia lopez jose" give "garcia jose lopez".
 *
 * Returns 0 and puts the key in *out (allocated in `ar`, NUL-terminated;
 * empty when the name has no letters or digits, which callers must not
 * match on).  Returns -1 when `name` is over REGNUM_NAME_MAX bytes or the
 * arena is full, leaving *out alone.  The key of a key is the key itself. */
int regnum_name_key(arena *ar, str name, str *out);

#endif
