/* test_scan.c: the confidentiality scanner.  For each kind, what it finds
 * (with exact offsets), what it must not find (check digits that fail,
 * numbers inside longer runs, dates without a cue, look-alikes), and the
 * scan as a whole: Markdown and UTF-8 around identifiers, overlaps, the
 * `max` contract, hostile bytes, and the time a 20 KB body takes. */
#include "unit.h"

#include <stdlib.h>
#include <time.h>

#include "core/str.h"
#include "text/scan.h"

#define MAXF 64

/* The findings of `body` as "kind@start-end" split by spaces (one static
 * buffer: the tests run on one thread). */
static const char *found(str body)
{
	static char out[4096];
	struct scan_finding f[MAXF];
	int n = scan_text(body, f, MAXF);
	size_t len = 0;
	out[0] = 0;
	for (int i = 0; i < n && i < MAXF && len < sizeof out; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%s@%zu-%zu", i ? " " : "",
					scan_kind_name(f[i].kind), f[i].start, f[i].end);
	return out;
}

/* `body` has findings exactly `want` (as found() writes them). */
static bool is(const char *body, const char *want)
{
	const char *got = found(str_c(body));
	if (strcmp(got, want) == 0)
		return true;
	fprintf(stderr, "  body [%s]\n  got  [%s]\n  want [%s]\n", body, got, want);
	return false;
}

/* `body` has one finding, of kind k, spanning the first `text` in it. */
static bool one(const char *body, enum scan_kind k, const char *text)
{
	const char *at = strstr(body, text);
	char want[128];
	if (!at)
		return false;
	size_t start = (size_t)(at - body);
	snprintf(want, sizeof want, "%s@%zu-%zu", scan_kind_name(k), start, start + strlen(text));
	return is(body, want);
}

static bool none(const char *body)
{
	return is(body, "");
}

TEST(kind_names)
{
	const char *want[] = {"nhs_number", "date_of_birth", "phone",         "email",
			      "postcode",   "record_number", "ssn",           "age_over_89"};
	CHECK(SCAN_KIND_MAX == 8);
	for (int k = 0; k < SCAN_KIND_MAX; k++)
		CHECK(scan_kind_name((enum scan_kind)k) && strcmp(scan_kind_name((enum scan_kind)k), want[k]) == 0);
	CHECK(scan_kind_name(SCAN_KIND_MAX) == NULL);
	CHECK(scan_kind_name((enum scan_kind)-1) == NULL);
}

TEST(nhs_numbers)
{
	CHECK(is("NHS no 943 476 5919.", "nhs_number@7-19"));
	CHECK(one("943 476 5919", SCAN_NHS_NUMBER, "943 476 5919"));
	CHECK(one("nhs: 943-476-5919", SCAN_NHS_NUMBER, "943-476-5919"));
	CHECK(one("her number 9434765919 was", SCAN_NHS_NUMBER, "9434765919"));
	CHECK(one("4010232137", SCAN_NHS_NUMBER, "4010232137"));
	CHECK(one("ref 450 557 7104, ok", SCAN_NHS_NUMBER, "450 557 7104"));
	/* Check digit 11 → 0. */
	CHECK(one("x 3112999991 y", SCAN_NHS_NUMBER, "3112999991"));
	/* A list of them, comma-separated: each one. */
	CHECK(is("9434765919,4010232137", "nhs_number@0-10 nhs_number@11-21"));
	/* Invalid check digits are no NHS numbers. */
	CHECK(none("NHS 943 476 5918"));
	CHECK(none("9434765910"));
	CHECK(none("4010232138"));
	/* Nine digits whose check comes to 10: no digit makes them valid. */
	for (char c = '0'; c <= '9'; c++) {
		char b[16] = "123456789";
		b[9] = c;
		CHECK(none(b));
	}
	/* Placeholders of one digit pass the sum but were never issued. */
	CHECK(none("0000000000"));
	CHECK(none("1111111111"));
	/* Inside longer digit runs, decimals and codes. */
	CHECK(none("19434765919"));
	CHECK(none("94347659191"));
	CHECK(none("3.9434765919"));
	CHECK(none("9434765919.5"));
	CHECK(none("12-9434765919"));
	CHECK(none("9434765919-3"));
	CHECK(none("a9434765919b"));
	CHECK(none("sha 9434765919abc"));
	CHECK(none("943-476-5919-1"));
	/* Mixed or doubled separators are not the 3-3-4 shape. */
	CHECK(none("943 476-5919"));
	CHECK(none("943  476 5919"));
	CHECK(none("94 3476 5919"));
	CHECK(none("9434 76 5919"));
	/* An ISBN-10 has the same check digit: after "ISBN" it is a book. */
	CHECK(one("0306406152", SCAN_NHS_NUMBER, "0306406152"));
	CHECK(none("ISBN 0306406152"));
	CHECK(none("isbn-10: 0306406152"));
	CHECK(none("ISBN 0198787763"));
	/* A number written with its groups in a row, glued to a "+": a phone. */
	CHECK(one("+9434765919", SCAN_PHONE, "+9434765919"));
}

TEST(chi_numbers)
{
	/* CHI: ten digits, ddmmyy then four, with the NHS check. */
	CHECK(one("CHI 0101901232", SCAN_NHS_NUMBER, "0101901232"));
	CHECK(one("no cue: 1203541236 here", SCAN_NHS_NUMBER, "1203541236"));
	CHECK(one("CHI 010190 1232", SCAN_NHS_NUMBER, "010190 1232"));
	CHECK(one("chi: 120354-1236", SCAN_NHS_NUMBER, "120354-1236"));
	/* The 6-4 shape needs a real date and the check. */
	CHECK(none("see 311290 1232"));
	CHECK(one("see 311290 1231", SCAN_NHS_NUMBER, "311290 1231"));
	CHECK(none("see 310490 1236"));
	CHECK(none("see 300290 1237"));
	CHECK(none("see 321390 1232"));
	/* A CHI cue with a number failing the check: still a record number. */
	CHECK(one("CHI 0101901233", SCAN_RECORD_NUMBER, "0101901233"));
}

TEST(dates_of_birth)
{
	CHECK(is("DOB 12/03/1954", "date_of_birth@4-14"));
	CHECK(one("DOB: 12/03/1954.", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(one("d.o.b. 12-03-1954", SCAN_DATE_OF_BIRTH, "12-03-1954"));
	CHECK(one("D.O.B 12.03.54", SCAN_DATE_OF_BIRTH, "12.03.54"));
	CHECK(one("Date of birth: 1954-03-12", SCAN_DATE_OF_BIRTH, "1954-03-12"));
	CHECK(one("date_of_birth=1954/3/2", SCAN_DATE_OF_BIRTH, "1954/3/2"));
	CHECK(one("born 12 March 1954", SCAN_DATE_OF_BIRTH, "12 March 1954"));
	CHECK(one("Born on March 12, 1954 in Leeds", SCAN_DATE_OF_BIRTH, "March 12, 1954"));
	CHECK(one("born on the 12th of March 1954", SCAN_DATE_OF_BIRTH, "12th of March 1954"));
	CHECK(one("Mr X (b. 12th Mar 1954)", SCAN_DATE_OF_BIRTH, "12th Mar 1954"));
	CHECK(one("DOB 12-Mar-54", SCAN_DATE_OF_BIRTH, "12-Mar-54"));
	CHECK(one("DOB 1 Sept. 1954", SCAN_DATE_OF_BIRTH, "1 Sept. 1954"));
	CHECK(one("DOB 3 june, 1931", SCAN_DATE_OF_BIRTH, "3 june, 1931"));
	CHECK(one("DOB Feb 29th 1952", SCAN_DATE_OF_BIRTH, "Feb 29th 1952"));
	CHECK(one("DOB 1/2/03", SCAN_DATE_OF_BIRTH, "1/2/03"));
	/* Looser forms right after the cue only. */
	CHECK(one("DOB: 12 03 1954", SCAN_DATE_OF_BIRTH, "12 03 1954"));
	CHECK(one("DOB 12031954", SCAN_DATE_OF_BIRTH, "12031954"));
	CHECK(one("d.o.b.:120354", SCAN_DATE_OF_BIRTH, "120354"));
	CHECK(one("born on 1 3 54", SCAN_DATE_OF_BIRTH, "1 3 54"));
	CHECK(none("DOB 32 13 1954"));
	CHECK(none("DOB 12345678"));
	CHECK(none("DOB 12031066"));
	CHECK(none("DOB 1203195"));
	CHECK(none("DOB was 12031954"));
	CHECK(none("ref 12031954"));
	/* US order: the 25th month is no month, the 25th day is. */
	CHECK(one("DOB 03/25/1954", SCAN_DATE_OF_BIRTH, "03/25/1954"));
	/* The cue may be 20 bytes before the date, in a table, across a line. */
	CHECK(one("| DOB | 12/03/1954 |", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(one("**DOB**:\n12/03/1954", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(one("DOB (per the GP): 12/03/1954", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(none("DOB (confirmed with the GP): 12/03/1954"));
	/* Dates without a cue: papers, guidelines, rotas. */
	CHECK(none("Published 12/03/1954 in the BMJ."));
	CHECK(none("NICE updated NG136 on 2023-03-21."));
	CHECK(none("Rota changes from 12 March 2024."));
	CHECK(none("On March 12, 2024 we met."));
	/* Cues inside other words are none. */
	CHECK(none("newborn 12/03/2020"));
	CHECK(none("Feb. 12/03/2020"));
	CHECK(none("stubborn 12/03/2020"));
	/* Invalid days and months, partial dates, longer numbers. */
	CHECK(none("DOB 32/01/1954"));
	CHECK(none("DOB 31/04/1954"));
	CHECK(none("DOB 29/02/1953"));
	CHECK(one("DOB 29/02/1952", SCAN_DATE_OF_BIRTH, "29/02/1952"));
	CHECK(none("DOB 29/02/1900")); /* a century, not a leap year */
	CHECK(one("DOB 29/02/2000", SCAN_DATE_OF_BIRTH, "29/02/2000"));
	CHECK(one("DOB 29/02/53", SCAN_DATE_OF_BIRTH, "29/02/53")); /* a two-digit year may be a leap year */
	CHECK(none("DOB 30/02/52"));
	CHECK(none("DOB 31 Nov 1954"));
	CHECK(none("DOB 13/13/1954"));
	CHECK(none("DOB 00/01/1954"));
	CHECK(none("DOB 1954-13-01"));
	CHECK(none("DOB 30 Feb 1954"));
	CHECK(none("DOB March 1954"));
	CHECK(none("born in 1954"));
	CHECK(none("DOB 12/03/19545"));
	CHECK(none("DOB 112/03/1954"));
	CHECK(none("DOB 12/03-1954"));
	CHECK(none("DOB 12 Marc 1954"));
	CHECK(none("DOB 12 March 54"));
	CHECK(none("DOB 12/03/1066"));
	/* A cue glued to its date. */
	CHECK(one("DOB12/03/1954", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(one("d.o.b.12/03/1954", SCAN_DATE_OF_BIRTH, "12/03/1954"));
	CHECK(one("DOB12031954", SCAN_DATE_OF_BIRTH, "12031954"));
	CHECK(none("XDOB12/03/1954"));
	CHECK(none("DOBS12/03/1954"));
	/* A small word between the cue and a date split by spaces. */
	CHECK(one("the DOB as 03 07 1946 (spaces)", SCAN_DATE_OF_BIRTH, "03 07 1946"));
	CHECK(one("DOB is: 3 7 1946", SCAN_DATE_OF_BIRTH, "3 7 1946"));
	CHECK(one("date of birth was 12 03 54", SCAN_DATE_OF_BIRTH, "12 03 54"));
	CHECK(none("DOB as noted 03 07 1946"));
	CHECK(none("DOB as03 07 1946"));
	CHECK(none("the ref as 03 07 1946"));
}

TEST(dates_of_birth_b)
{
	/* "b." for born: lower case, in a sentence or in parentheses. */
	CHECK(one("mother b. 4/5/39, alive", SCAN_DATE_OF_BIRTH, "4/5/39"));
	CHECK(one("Mrs Jones b. 12/03/1931 lives alone", SCAN_DATE_OF_BIRTH, "12/03/1931"));
	CHECK(one("Mr X (b.12/03/1931)", SCAN_DATE_OF_BIRTH, "12/03/1931"));
	/* List labels: first on a line, or after "a." on the line. */
	CHECK(none("a. 01/04/2024 b. 06/04/2024"));
	CHECK(none("(a. 01/04/2024) (b. 06/04/2024)"));
	CHECK(none("a. 03/08/2016\nb. 05/10/2016\nc. 07/12/2016\nd. 01/04/2017"));
	CHECK(none("b. 05/10/2016"));
	CHECK(none("  - b. 05/10/2016"));
	CHECK(none("> b. 05/10/2016"));
	/* Things called B. */
	CHECK(none("Hep B. 12/03/2024 booster"));
	CHECK(none("hep b. 12/03/2024 booster"));
	CHECK(none("vitamin b. 12/03/2024"));
	CHECK(none("car park B. 12/03/2024"));
	CHECK(none("Plan B. 12/03/2024"));
	CHECK(none("ab. 12/03/1954"));
	/* An "a." earlier on another line does not count. */
	CHECK(one("a. yes\nmother b. 4/5/39", SCAN_DATE_OF_BIRTH, "4/5/39"));
}

TEST(dates_of_birth_born)
{
	/* The NHS's birthday is no patient's. */
	CHECK(none("the NHS was born on 5 July 1948 at Park Hospital"));
	CHECK(none("The NHS was\nborn on 05/07/1948."));
	CHECK(none("the NHS was born on 5 7 1948"));
	CHECK(one("she was born on 5 July 1948", SCAN_DATE_OF_BIRTH, "5 July 1948"));
	CHECK(one("NHS no. checked, born on 5 July 1948", SCAN_DATE_OF_BIRTH, "5 July 1948"));
	CHECK(one("the NHS was wrong: DOB 5 July 1948", SCAN_DATE_OF_BIRTH, "5 July 1948"));
}

TEST(phones)
{
	CHECK(is("call 07700 900123 today", "phone@5-17"));
	CHECK(one("mob 07700900123", SCAN_PHONE, "07700900123"));
	CHECK(one("07700-900-123", SCAN_PHONE, "07700-900-123"));
	CHECK(one("tel 020 7946 0958.", SCAN_PHONE, "020 7946 0958"));
	CHECK(one("tel (020) 7946 0958", SCAN_PHONE, "(020) 7946 0958"));
	CHECK(one("0161 496 0000", SCAN_PHONE, "0161 496 0000"));
	CHECK(one("01632 960123", SCAN_PHONE, "01632 960123"));
	CHECK(one("(01632) 96012", SCAN_PHONE, "(01632) 96012"));
	CHECK(one("0300 123 4567", SCAN_PHONE, "0300 123 4567"));
	CHECK(one("+44 7700 900123", SCAN_PHONE, "+44 7700 900123"));
	CHECK(one("+447700900123", SCAN_PHONE, "+447700900123"));
	CHECK(one("ring +44 (0)20 7946 0958 now", SCAN_PHONE, "+44 (0)20 7946 0958"));
	CHECK(one("0044 20 7946 0958", SCAN_PHONE, "0044 20 7946 0958"));
	CHECK(one("+33 1 23 45 67 89", SCAN_PHONE, "+33 1 23 45 67 89"));
	CHECK(one("+91-98765-43210", SCAN_PHONE, "+91-98765-43210"));
	CHECK(one("(212) 555-0123", SCAN_PHONE, "(212) 555-0123"));
	CHECK(one("212-555-0123", SCAN_PHONE, "212-555-0123"));
	CHECK(one("212.555.0123", SCAN_PHONE, "212.555.0123"));
	CHECK(one("1-212-555-0123", SCAN_PHONE, "1-212-555-0123"));
	CHECK(one("+1 (212) 555-0123", SCAN_PHONE, "+1 (212) 555-0123"));
	/* A phone number followed by another number after a space. */
	CHECK(one("07700 900123 2 times", SCAN_PHONE, "07700 900123"));
	/* An NHS-valid number written as a US number is an NHS number. */
	CHECK(one("943-476-5919", SCAN_NHS_NUMBER, "943-476-5919"));
	/* Not phones: short, long, glued, decimals, US with bad area codes,
	 * sums, times, versions and IP addresses. */
	CHECK(none("0770 0900"));
	CHECK(none("077009001234"));
	CHECK(none("107700900123"));
	CHECK(none("07700 900123-4"));
	CHECK(none("0.1234567890"));
	CHECK(none("3.07700900123"));
	CHECK(none("x07700900123"));
	CHECK(none("07700900123x"));
	CHECK(none("112-555-0123"));
	CHECK(none("212-155-0123"));
	CHECK(none("212-555-01234"));
	CHECK(none("212 555 0123"));
	CHECK(none("212-555.0123"));
	CHECK(none("2+1234567890"));
	CHECK(none("+0 2345 6789"));
	CHECK(none("+1234567"));
	CHECK(none("+1234567890123456"));
	CHECK(none("192.168.100.200"));
	CHECK(none("v1.2.3 at 07:30"));
	CHECK(none("0 12 13 14 15 16 17"));
	CHECK(none("08001234567"));
	/* One group in parentheses: the span is the number, not its brackets. */
	CHECK(one("call (01134960258) now", SCAN_PHONE, "01134960258"));
	CHECK(one("(07700900123)", SCAN_PHONE, "07700900123"));
	CHECK(one("[(07700 900123)]", SCAN_PHONE, "07700 900123"));
	CHECK(one("(01134960258) 2", SCAN_PHONE, "01134960258"));
	CHECK(none("(011349602)"));
}

TEST(emails)
{
	CHECK(is("mail john.smith@nhs.net please", "email@5-23"));
	CHECK(one("<a.b-c+d_e%f@mail.example.co.uk>", SCAN_EMAIL, "a.b-c+d_e%f@mail.example.co.uk"));
	CHECK(one("o'brien@hse.ie", SCAN_EMAIL, "o'brien@hse.ie"));
	CHECK(one("Write to j.bloggs@nhs.net.", SCAN_EMAIL, "j.bloggs@nhs.net"));
	CHECK(one("_jane@example.org_", SCAN_EMAIL, "jane@example.org"));
	CHECK(one("'jane@example.org'", SCAN_EMAIL, "jane@example.org"));
	CHECK(one("[mail](mailto:jane@example.org)", SCAN_EMAIL, "jane@example.org"));
	CHECK(is("[jane@example.org](mailto:jane@example.org)", "email@1-17 email@26-42"));
	CHECK(one("JANE@EXAMPLE.ORG", SCAN_EMAIL, "JANE@EXAMPLE.ORG"));
	CHECK(one("x@sub-domain.example.com--", SCAN_EMAIL, "x@sub-domain.example.com"));
	/* Not addresses. */
	CHECK(none("@handle on the site"));
	CHECK(none("jane@localhost"));
	CHECK(none("jane@example.c"));
	CHECK(none("jane@example.123"));
	CHECK(none("jane@-example.com"));
	CHECK(none("jane@.com"));
	CHECK(none("jane@"));
	CHECK(none("@example.com"));
	CHECK(none(".@x"));
	CHECK(none("5 @ 10mg"));
	/* A local part over 64 bytes is no address. */
	char b[200];
	memset(b, 'a', 65);
	memcpy(b + 65, "@example.com", 13);
	CHECK(none(b));
	memcpy(b + 64, "@example.com", 13);
	CHECK(one(b, SCAN_EMAIL, b));
}

TEST(postcodes)
{
	CHECK(is("lives at SW1A 1AA.", "postcode@9-17"));
	CHECK(one("M1 1AE", SCAN_POSTCODE, "M1 1AE"));
	CHECK(one("(B33 8TH)", SCAN_POSTCODE, "B33 8TH"));
	CHECK(one("cr2 6xh", SCAN_POSTCODE, "cr2 6xh"));
	CHECK(one("DN55 1PT", SCAN_POSTCODE, "DN55 1PT"));
	CHECK(one("EC1A 1BB,", SCAN_POSTCODE, "EC1A 1BB"));
	CHECK(one("W1A 0AX", SCAN_POSTCODE, "W1A 0AX"));
	CHECK(one("postcode SW1A1AA", SCAN_POSTCODE, "SW1A1AA"));
	CHECK(one("m11ae", SCAN_POSTCODE, "m11ae"));
	CHECK(one("**LS1 4AP**", SCAN_POSTCODE, "LS1 4AP"));
	/* The outward code alone, look-alikes, glued, invalid letters. */
	CHECK(none("SW1A"));
	CHECK(none("in SW1A today"));
	CHECK(none("CD45RA T cells"));
	CHECK(none("CD4 5RA"));
	CHECK(none("XSW1A 1AA"));
	CHECK(none("SW1A 1AAB"));
	CHECK(none("SW1A 1CA"));
	CHECK(none("SW1A 1AI"));
	CHECK(none("SW1A  1AA"));
	CHECK(none("SWA 1AA"));
	CHECK(none("QW1 1AA"));
	CHECK(none("B12 2mg"));
	CHECK(none("1SW1A 1AA"));
	/* A mention's handle that happens to read as a postcode. */
	CHECK(none("Full since October. @m19ab what about yours?"));
	CHECK(none("@sw1a1aa"));
	CHECK(is("@m19ab lives at M1 9AB", "postcode@16-22"));
	/* NICE's NG and TA codes, then the two-week wait. */
	CHECK(none("referred under NG12 2WW criteria"));
	CHECK(none("NG12 2ww"));
	CHECK(none("NG122WW"));
	CHECK(none("per TA1 2WW"));
	CHECK(one("NG12 2WX", SCAN_POSTCODE, "NG12 2WX"));
	CHECK(one("NG12 3WW", SCAN_POSTCODE, "NG12 3WW"));
	CHECK(one("LS1 2WW", SCAN_POSTCODE, "LS1 2WW"));
	CHECK(one("NG1A 2WW", SCAN_POSTCODE, "NG1A 2WW"));
}

TEST(record_numbers)
{
	CHECK(is("MRN 12345678", "record_number@4-12"));
	CHECK(one("MRN: A1234567", SCAN_RECORD_NUMBER, "A1234567"));
	CHECK(one("**MRN:** 12345678", SCAN_RECORD_NUMBER, "12345678"));
	CHECK(one("hospital number 1234567", SCAN_RECORD_NUMBER, "1234567"));
	CHECK(one("Hospital No. K123-4567", SCAN_RECORD_NUMBER, "K123-4567"));
	CHECK(one("hosp no 12345", SCAN_RECORD_NUMBER, "12345"));
	CHECK(one("hosp. no: 12345", SCAN_RECORD_NUMBER, "12345"));
	CHECK(one("medical record number #4567890", SCAN_RECORD_NUMBER, "4567890"));
	CHECK(one("RXN1234567", SCAN_RECORD_NUMBER, "1234567"));
	CHECK(one("rxn-1234567", SCAN_RECORD_NUMBER, "1234567"));
	CHECK(one("Patient ID: ab12345", SCAN_RECORD_NUMBER, "ab12345"));
	CHECK(one("case number 2023-0042", SCAN_RECORD_NUMBER, "2023-0042"));
	CHECK(one("unit no 0012345", SCAN_RECORD_NUMBER, "0012345"));
	CHECK(one("MRN is 98765432", SCAN_RECORD_NUMBER, "98765432"));
	CHECK(one("| MRN | 98765432 |", SCAN_RECORD_NUMBER, "98765432"));
	/* An NHS-valid number after a record cue is an NHS number. */
	CHECK(one("MRN 9434765919", SCAN_NHS_NUMBER, "9434765919"));
	/* No cue, too few digits, too short or long, cue too far or glued. */
	CHECK(none("ward 12345678"));
	CHECK(none("MRN ABC12XY9"));
	CHECK(none("MRN 1234"));
	CHECK(none("MRN ABCDEFGH"));
	CHECK(none("MRN 1234567890123"));
	CHECK(none("MRN pending, see 12345678"));
	CHECK(none("XMRN 12345678"));
	CHECK(none("hospital 12345678"));
	CHECK(none("chi-squared test, 12345 patients"));
	CHECK(none("MRNs 12345678"));
	/* Numbers listed after one with a cue, as long as it. */
	CHECK(is("Unit No. 3390127 vs 3390172 -", "record_number@9-16 record_number@20-27"));
	CHECK(is("MRN 1234567, 2345678 and 3456789", "record_number@4-11 record_number@13-20 record_number@25-32"));
	CHECK(is("MRN 1234567 vs. 2345678", "record_number@4-11 record_number@16-23"));
	CHECK(is("MRN 1234567/2345678", "record_number@4-11 record_number@12-19"));
	CHECK(is("MRN1234567 or 2345678", "record_number@3-10 record_number@14-21"));
	CHECK(is("MRN 1234567, 12345 patients", "record_number@4-11"));
	CHECK(is("MRN 1234567 and then 2345678", "record_number@4-11"));
	CHECK(is("MRN 12-34567 and 1234567", "record_number@4-12"));
	CHECK(none("ward 1234567 vs 2345678"));
	CHECK(none("A1234567 vs 2345678"));
	CHECK(none("1234567 vs 2345678"));
	/* At most LISTED_MAX (3) numbers back. */
	CHECK(is("MRN 1234567, 2345678, 3456789, 4567890, 5678901",
		 "record_number@4-11 record_number@13-20 record_number@22-29 record_number@31-38"));
}

TEST(ssns)
{
	CHECK(is("SSN 123-45-6789", "ssn@4-15"));
	CHECK(one("her number was 123-45-6789.", SCAN_SSN, "123-45-6789"));
	CHECK(one("SSN: 123456789", SCAN_SSN, "123456789"));
	CHECK(one("social security number 123 45 6789", SCAN_SSN, "123 45 6789"));
	/* Never issued, without cues, inside runs. */
	CHECK(none("000-45-6789"));
	CHECK(none("666-45-6789"));
	CHECK(none("900-45-6789"));
	CHECK(none("123-00-6789"));
	CHECK(none("123-45-0000"));
	CHECK(none("ref 123456789"));
	CHECK(none("ref 123 45 6789"));
	CHECK(none("1123-45-6789"));
	CHECK(none("123-45-67890"));
	CHECK(none("SSN 000000000"));
	CHECK(none("SSN 1234567890"));
	/* "social security" may end 40 bytes before, "SSN" only 16. */
	CHECK(one("asks for \"Social Security No.\" \xe2\x80\x93 one patient wrote 801 55 3918 in",
		  SCAN_SSN, "801 55 3918"));
	CHECK(none("Social Security No. asked on the intake form, and ours says 801 55 3918"));
	CHECK(none("SSN field blank; the patient wrote 801 55 3918"));
}

TEST(ages)
{
	CHECK(is("aged 93, frail", "age_over_89@5-7"));
	CHECK(one("a 93-year-old man", SCAN_AGE_OVER_89, "93"));
	CHECK(one("a 93 year old man", SCAN_AGE_OVER_89, "93"));
	CHECK(one("93 years old", SCAN_AGE_OVER_89, "93"));
	CHECK(one("93 yo F", SCAN_AGE_OVER_89, "93"));
	CHECK(one("93yo F", SCAN_AGE_OVER_89, "93"));
	CHECK(one("93 y/o", SCAN_AGE_OVER_89, "93"));
	CHECK(one("Age 101", SCAN_AGE_OVER_89, "101"));
	CHECK(one("a 95 y.o. woman", SCAN_AGE_OVER_89, "95"));
	CHECK(one("Age: 90", SCAN_AGE_OVER_89, "90"));
	CHECK(one("| Age | 120 |", SCAN_AGE_OVER_89, "120"));
	CHECK(one("120 years of age", SCAN_AGE_OVER_89, "120"));
	/* Young enough, too old to be real, groups, other words. */
	CHECK(none("aged 89"));
	CHECK(none("a 89-year-old"));
	CHECK(none("aged 121"));
	CHECK(none("aged 9"));
	CHECK(none("aged 90-95"));
	CHECK(none("aged 90+"));
	CHECK(none("aged 90 and over"));
	CHECK(none("aged 90 to 99"));
	CHECK(none("Aged 90 years and older were excluded"));
	CHECK(none("patients aged 95 or over"));
	CHECK(one("aged 93 and frail", SCAN_AGE_OVER_89, "93"));
	CHECK(one("aged 93 years, frail", SCAN_AGE_OVER_89, "93"));
	CHECK(none("aged 90\xe2\x80\x93" "99"));
	CHECK(none("93-year-olds"));
	CHECK(none("page 93"));
	CHECK(none("teenage 93"));
	CHECK(none("93 patients"));
	CHECK(none("93 you"));
	CHECK(none("aged 93.5"));
	CHECK(none("1093 year old"));
	CHECK(none("95th centile for age"));
	/* Ranges with spaces, and units other than years. */
	CHECK(none("aged 90 - 95"));
	CHECK(none("aged 90 -95"));
	CHECK(none("aged 90 \xe2\x80\x93 95"));
	CHECK(none("aged 90 \xe2\x80\x94 95"));
	CHECK(none("aged 90 years - 95 years"));
	CHECK(one("aged 93 - frail", SCAN_AGE_OVER_89, "93"));
	CHECK(none("corrected age 92 days"));
	CHECK(none("age 95 weeks"));
	CHECK(none("aged 90 months"));
	CHECK(none("age 91 wks"));
	CHECK(none("age 96 hrs, bilirubin"));
	CHECK(none("age 94-day"));
	CHECK(one("aged 93 w/ dementia", SCAN_AGE_OVER_89, "93"));
	CHECK(one("aged 93 h/o MI", SCAN_AGE_OVER_89, "93"));
	CHECK(one("aged 93 daughter present", SCAN_AGE_OVER_89, "93"));
	/* A building's age is an age too: ages up to 120 stay (the oldest
	 * living person, in 2025, is a British woman of 116). */
	CHECK(one("a 110-year-old former workhouse", SCAN_AGE_OVER_89, "110"));
}

TEST(ages_shorthand)
{
	/* Glued to the sex. */
	CHECK(one("92F, long lie", SCAN_AGE_OVER_89, "92"));
	CHECK(one("Pt 94M with AF", SCAN_AGE_OVER_89, "94"));
	CHECK(one("(101F)", SCAN_AGE_OVER_89, "101"));
	CHECK(none("92Fr catheter"));
	CHECK(none("92f"));
	CHECK(none("89F"));
	CHECK(none("121M"));
	CHECK(none("$92M budget"));
	CHECK(none("\xc2\xa3" "94M deficit"));
	CHECK(none("\xe2\x82\xac" "94M"));
	CHECK(none("temp 92F on arrival"));
	CHECK(none("T 92F"));
	CHECK(none("1.92M"));
	/* In parentheses after a person. */
	CHECK(one("Mr B (94) had a syncopal episode", SCAN_AGE_OVER_89, "94"));
	CHECK(one("Mrs Ann Smith (101) fell", SCAN_AGE_OVER_89, "101"));
	CHECK(one("Mr. B. (94)", SCAN_AGE_OVER_89, "94"));
	CHECK(one("Ms O'Neill (94)", SCAN_AGE_OVER_89, "94"));
	CHECK(one("Mrs Smith-Jones (94)", SCAN_AGE_OVER_89, "94"));
	CHECK(none("Ms O' (94)"));
	CHECK(one("the patient (94) declined", SCAN_AGE_OVER_89, "94"));
	CHECK(one("pt(92)", SCAN_AGE_OVER_89, "92"));
	CHECK(none("Mr B (89)"));
	CHECK(none("Mr B (94 patients)"));
	CHECK(none("Mr b (94)"));
	CHECK(none("Table B (94)"));
	CHECK(none("Section B (94)"));
	CHECK(none("see (94)"));
	CHECK(none("Mr John Henry Smith (94)"));
	CHECK(none("Mr B [94]"));
}

TEST(markdown_and_utf8_around)
{
	/* Offsets are bytes: "é" and "—" take 2 and 3. */
	CHECK(is("Patiënt — NHS 943 476 5919", "nhs_number@17-29"));
	CHECK(is("`9434765919`", "nhs_number@1-11"));
	CHECK(is("> **9434765919**", "nhs_number@4-14"));
	CHECK(is("- [x] call 07700 900123\n- email *a@b.co*", "phone@11-23 email@33-39"));
	CHECK(is("«SW1A 1AA»", "postcode@2-10"));
	CHECK(is("日本9434765919語", "nhs_number@6-16"));
	CHECK(is("\xff\xfe" "9434765919\x80", "nhs_number@2-12"));
	CHECK(is("\xc3" "DOB 12/03/1954\xe2", "date_of_birth@5-15"));
	CHECK(is("| NHS | 9434765919 |\n|---|---|\n| DOB | 01/02/1933 |",
		 "nhs_number@8-18 date_of_birth@39-49"));
	CHECK(is("[link](https://example.org/a?id=9434765919)", "nhs_number@32-42"));
}

TEST(several_and_overlaps)
{
	const char *b = "Mrs A, 93-year-old, NHS 943 476 5919, DOB 12/03/1931, MRN 12345678, "
			"tel 07700 900123, a@b.com, SW1A 1AA, SSN 123-45-6789.";
	CHECK(is(b, "age_over_89@7-9 nhs_number@24-36 date_of_birth@42-52 record_number@58-66 "
		    "phone@72-84 email@86-93 postcode@95-103 ssn@109-120"));
	/* An email address that contains a postcode and a number. */
	CHECK(one("sw1a1aa.9434765919@x.org", SCAN_EMAIL, "sw1a1aa.9434765919@x.org"));
	/* Adjacent findings. */
	CHECK(is("9434765919 4010232137", "nhs_number@0-10 nhs_number@11-21"));
}

TEST(empty_and_max)
{
	struct scan_finding f[4];
	for (int i = 0; i < 4; i++)
		f[i] = (struct scan_finding){SCAN_KIND_MAX, 99, 99};
	CHECK(scan_text(STR_NULL, f, 4) == 0);
	CHECK(scan_text(S(""), f, 4) == 0);
	CHECK(scan_text(S("nothing to see"), f, 4) == 0);
	CHECK(f[0].start == 99);
	str b = S("9434765919 4010232137 a@b.co SW1A 1AA 07700 900123");
	CHECK(scan_text(b, NULL, 0) == 5);
	CHECK(scan_text(b, f, 0) == 5);
	CHECK(scan_text(b, f, -3) == 5);
	CHECK(f[0].start == 99);
	CHECK(scan_text(b, f, 2) == 5);
	CHECK(f[0].kind == SCAN_NHS_NUMBER && f[0].start == 0 && f[0].end == 10);
	CHECK(f[1].kind == SCAN_NHS_NUMBER && f[1].start == 11 && f[1].end == 21);
	CHECK(f[2].start == 99 && f[2].kind == SCAN_KIND_MAX);
	CHECK(scan_text(b, f, 4) == 5);
	CHECK(f[3].kind == SCAN_POSTCODE && f[3].start == 29 && f[3].end == 37);
	/* A NUL byte is just a byte. */
	CHECK(scan_text((str){"\0" "9434765919\0", 12}, f, 4) == 1 && f[0].start == 1);
}

/* Findings are in order, within the body and never overlap. */
static bool well_formed(str body, const struct scan_finding *f, int n)
{
	size_t last = 0;
	for (int i = 0; i < n; i++) {
		if (f[i].start < last || f[i].end <= f[i].start || f[i].end > body.n || f[i].kind >= SCAN_KIND_MAX)
			return false;
		last = f[i].end;
	}
	return true;
}

TEST(robust_on_junk)
{
	size_t n = 300 * 1024;
	char *b = malloc(n);
	CHECK(b != NULL);
	if (!b)
		return;
	static const char alphabet[] = "0123456789 -./()+@_'aAbBeEmMsSwW:\n\xc3\xa9\xff\x80";
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
	}
	int max = 100000;
	struct scan_finding *f = malloc((size_t)max * sizeof *f);
	CHECK(f != NULL);
	if (!f) {
		free(b);
		return;
	}
	int count = scan_text((str){b, n}, f, max);
	CHECK(count >= 0 && count < max);
	CHECK(well_formed((str){b, n}, f, count));
	printf("  300 KB of junk: %d findings\n", count);
	/* Long runs of one byte: digits, letters, the local part of an address. */
	for (const char *fill = "9a@._-+(\xe2"; *fill; fill++) {
		memset(b, *fill, n);
		count = scan_text((str){b, n}, f, max);
		CHECK(count == 0);
	}
	/* One long valid domain after many starts of addresses. */
	for (size_t i = 0; i < n; i++)
		b[i] = i % 2 ? '_' : 'a';
	CHECK(scan_text((str){b, n}, f, max) == 0);
	free(f);
	free(b);
}

/* The time a 20 KB clinical post takes, printed (not asserted). */
TEST(timing_20k)
{
	static const char para[] =
		"A 93-year-old man (NHS 943 476 5919, DOB 12/03/1931) presented with chest pain on "
		"12 March 2024. Troponin 45 ng/L at 0 h and 52 ng/L at 3 h; ECG: sinus rhythm, "
		"QTc 452 ms. Seen by the registrar; CXR clear. See NICE NG185 (2020) and the ESC "
		"2023 guideline, doi:10.1093/eurheartj/ehad191. Contact: 07700 900123.\n\n";
	size_t n = 20 * 1024, len = sizeof para - 1;
	char *b = malloc(n);
	CHECK(b != NULL);
	if (!b)
		return;
	for (size_t i = 0; i < n; i++)
		b[i] = para[i % len];
	struct scan_finding f[8];
	int reps = 200, count = 0;
	clock_t t0 = clock();
	for (int r = 0; r < reps; r++)
		count = scan_text((str){b, n}, f, 8);
	double us = (double)(clock() - t0) / CLOCKS_PER_SEC * 1e6 / reps;
	CHECK(count > 0);
	printf("  20 KB clinical post: %d findings, %.1f us per scan\n", count, us);
	free(b);
}

int main(void)
{
	RUN(kind_names);
	RUN(nhs_numbers);
	RUN(chi_numbers);
	RUN(dates_of_birth);
	RUN(dates_of_birth_b);
	RUN(dates_of_birth_born);
	RUN(phones);
	RUN(emails);
	RUN(postcodes);
	RUN(record_numbers);
	RUN(ssns);
	RUN(ages);
	RUN(ages_shorthand);
	RUN(markdown_and_utf8_around);
	RUN(several_and_overlaps);
	RUN(empty_and_max);
	RUN(robust_on_junk);
	RUN(timing_20k);
	return unit_summary();
}
