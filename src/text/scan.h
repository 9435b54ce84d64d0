/* scan.h: the confidentiality scanner.  Before a post in a clinical forum
 * or a group is saved, its Markdown body is scanned for things that may
 * identify a patient; the author must confirm or edit (DESIGN.md,
 * "Clinical confidentiality guard").
 *
 * The scanner reads raw bytes (Markdown is not rendered first: emphasis,
 * links, code spans and tables around an identifier do not hide it) and
 * answers byte offsets into the body as given, so the composer can mark
 * them.  The rules, one per kind, are written out in scan.c (dates of
 * birth in scan_dates.c); in short:
 *
 *   nhs_number     10 digits (or 3-3-4) with a valid mod-11 check digit;
 *                  also Scotland's CHI number (ddmmyy nnnn, same check)
 *   date_of_birth  a full, valid date within 20 bytes after DOB, D.O.B,
 *                  date of birth, born or a lower-case b. that is no list
 *                  label ("mother b. 4/5/39", not "a. … b. 06/04/2024" nor
 *                  "Hep B."); not "the NHS was born on"; DOB glued to its
 *                  date too; a date with no cue is none
 *   phone          UK (07…, 01/02/03…, +44), +CC and 00CC international,
 *                  US (xxx) xxx-xxxx and xxx-xxx-xxxx
 *   email          local@domain.tld
 *   postcode       a full UK postcode of a real postcode area (but not
 *                  "NG12 2WW": a NICE code and the two-week wait)
 *   record_number  a token of 5-12 characters with 4 or more digits right
 *                  after a cue: MRN, hospital number, hosp no, RXN, patient
 *                  ID, case number, unit number, CHI, …; or listed right
 *                  after such a number, as long as it ("… 3390127 vs
 *                  3390172")
 *   ssn            US ddd-dd-dddd (valid area, group, serial); nine digits
 *                  only after SSN (16 bytes) or social security (40)
 *   age_over_89    90 to 120 after aged/age (not a range, a floor or a unit
 *                  other than years), before year-old, yo, y/o, …, glued
 *                  to the sex ("92F"), or in parentheses after a person
 *                  ("Mr B (94)")
 *
 * A finding's span is the identifier itself, never its cue.  Numbers are
 * never found inside longer digit runs.  Findings never overlap: when two
 * rules match overlapping spans the earlier-starting one is kept, then the
 * longer, then the kind listed first in the priority order of scan.c
 * (an NHS number beats a phone number on the same digits).
 *
 * Cost: linear in the body's length (each byte starts at most a bounded
 * amount of work; no backtracking).  No allocation, no state: safe on any
 * thread. */
#ifndef ROUNDS_SCAN_H
#define ROUNDS_SCAN_H

#include "../core/str.h"

/* What a finding is.  The names (scan_kind_name()) are stable: the API
 * answers them (`findings: [{kind, start, end}]`). */
enum scan_kind {
	SCAN_NHS_NUMBER,
	SCAN_DATE_OF_BIRTH,
	SCAN_PHONE,
	SCAN_EMAIL,
	SCAN_POSTCODE,
	SCAN_RECORD_NUMBER,
	SCAN_SSN,
	SCAN_AGE_OVER_89,
	SCAN_KIND_MAX
};

/* One possible identifier: body bytes [start, end), end exclusive. */
struct scan_finding {
	enum scan_kind kind;
	size_t start, end;
};

/* The stable lower-case name of a kind ("nhs_number", "date_of_birth",
 * "phone", "email", "postcode", "record_number", "ssn", "age_over_89");
 * NULL for a value that is no kind.  Static: never freed. */
const char *scan_kind_name(enum scan_kind k);

/* Scans `body` (any bytes: invalid UTF-8, NUL bytes and a NULL pointer
 * with length 0 are all fine) and writes the first `max` findings, in
 * order of start, into `out` (which may be NULL when max <= 0).  Returns
 * how many findings there are in all, which may exceed max (then only max
 * were written); it never fails.  The count saturates at INT_MAX. */
int scan_text(str body, struct scan_finding *out, int max);

#endif
