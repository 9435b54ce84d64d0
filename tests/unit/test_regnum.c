/* test_regnum.c: the registration authorities' table, each authority's
 * rule (good, bad and boundary numbers, hostile bytes), the NPI check
 * digit, and the name key of the register import. */
#include "unit.h"

#include <stdlib.h>

#include "core/arena.h"
#include "core/str.h"
#include "text/country.h"
#include "text/regnum.h"

static arena *ar;

/* The number is accepted by `code` and its normal form is `want`. */
static bool ok(const char *code, str in, const char *want)
{
	const struct regnum_authority *a = regnum_find(str_c(code));
	str norm = S("unset");
	return a && regnum_check(a, ar, in, &norm) == NULL && str_eqc(norm, want) && norm.p[norm.n] == '\0';
}

/* The number is refused by `code`, with message `msg` (any message when
 * NULL), and *norm is left alone. */
static bool bad(const char *code, str in, const char *msg)
{
	const struct regnum_authority *a = regnum_find(str_c(code));
	str norm = S("unset");
	const char *m = a ? regnum_check(a, ar, in, &norm) : NULL;
	return m && (!msg || strcmp(m, msg) == 0) && str_eqc(norm, "unset");
}

static bool is_msg(const char *m, const char *want)
{
	return m && strcmp(m, want) == 0;
}

/* The name key of `name` is `want`. */
static bool key_is(str name, const char *want)
{
	str k = S("unset");
	return regnum_name_key(ar, name, &k) == 0 && str_eqc(k, want) && k.p[k.n] == '\0';
}

/* Two spellings share a key (and it is not empty). */
static bool same_key(str x, str y)
{
	str kx, ky;
	return regnum_name_key(ar, x, &kx) == 0 && regnum_name_key(ar, y, &ky) == 0 && kx.n > 0 && str_eq(kx, ky);
}

static bool key_idempotent(str name)
{
	str k, kk;
	return regnum_name_key(ar, name, &k) == 0 && regnum_name_key(ar, k, &kk) == 0 && str_eq(k, kk);
}

TEST(table_invariants)
{
	int n = regnum_count();
	CHECK(n == 10);
	CHECK(regnum_at(-1) == NULL);
	CHECK(regnum_at(n) == NULL);
	CHECK(regnum_at(n - 1) && strcmp(regnum_at(n - 1)->code, "other") == 0);
	CHECK(regnum_at(0) && strcmp(regnum_at(0)->code, "gmc") == 0);
	int free_text = 0;
	for (int i = 0; i < n; i++) {
		const struct regnum_authority *a = regnum_at(i);
		CHECK(a != NULL);
		if (!a)
			continue;
		CHECK(a->code && a->code[0]);
		CHECK(a->hint && a->hint[0]);
		CHECK(a->example && a->example[0]);
		if (!a->code || !a->hint || !a->example)
			continue;
		for (const char *c = a->code; c && *c; c++)
			CHECK((*c >= 'a' && *c <= 'z'));
		CHECK(a->name && strlen(a->name) > 3);
		CHECK(a->fits != NULL);
		CHECK(a->country != NULL);
		if (a->country && a->country[0])
			CHECK(country_name(str_c(a->country)) != NULL);
		else
			CHECK(i == n - 1); /* only "other" has no country */
		for (int j = 0; j < i; j++)
			CHECK(strcmp(regnum_at(j)->code, a->code) != 0);
		CHECK(regnum_find(str_c(a->code)) == a);
		/* The example is in the hint, fits, and is already normal. */
		CHECK(strstr(a->hint, a->example) != NULL);
		str norm = STR_NULL;
		CHECK(regnum_check(a, ar, str_c(a->example), &norm) == NULL && str_eqc(norm, a->example));
		CHECK(a->fits(str_c(a->example)) == NULL);
		free_text += a->shape == REGNUM_FREE;
	}
	CHECK(free_text == 1 && regnum_at(n - 1)->shape == REGNUM_FREE);
	const char *want[] = {"gmc", "npi", "imc", "ahpra", "nmc", "mcnz", "cpso", "hpcsa", "smc", "other"};
	for (int i = 0; i < 10 && i < n; i++)
		CHECK(strcmp(regnum_at(i)->code, want[i]) == 0);
	CHECK(strcmp(regnum_find(S("gmc"))->country, "GB") == 0);
	CHECK(strcmp(regnum_find(S("npi"))->country, "US") == 0);
	CHECK(strcmp(regnum_find(S("cpso"))->country, "CA") == 0);
	CHECK(strcmp(regnum_find(S("gmc"))->hint, "7 digits, e.g. 1234567") == 0);
}

TEST(find_by_code)
{
	CHECK(regnum_find(S("gmc")) == regnum_at(0));
	CHECK(regnum_find(S("GMC")) == regnum_at(0));
	CHECK(regnum_find(S("Gmc")) == regnum_at(0));
	CHECK(regnum_find(S("AHPRA")) != NULL && strcmp(regnum_find(S("AHPRA"))->code, "ahpra") == 0);
	CHECK(regnum_find(S("Other")) == regnum_at(regnum_count() - 1));
	CHECK(regnum_find(S("xyz")) == NULL);
	CHECK(regnum_find(S("")) == NULL);
	CHECK(regnum_find(STR_NULL) == NULL);
	CHECK(regnum_find(S("gm")) == NULL);
	CHECK(regnum_find(S("gmcx")) == NULL);
	CHECK(regnum_find(S("gmc ")) == NULL);
	CHECK(regnum_find(S("gmc\0")) == NULL);
	CHECK(regnum_find(S("g\0c")) == NULL);
	CHECK(regnum_find(S("\xc7MC")) == NULL);
}

TEST(gmc_seven_digits)
{
	const char *msg = "must be 7 digits for the GMC";
	CHECK(ok("gmc", S("1234567"), "1234567"));
	CHECK(ok("gmc", S("0000001"), "0000001"));
	CHECK(ok("gmc", S("  1234567  "), "1234567"));
	CHECK(ok("gmc", S("\t1234567\t"), "1234567"));
	CHECK(ok("gmc", S("123 4567"), "1234567"));
	CHECK(ok("gmc", S("123-4567"), "1234567"));
	CHECK(ok("gmc", S("\xc2\xa0" "1234567\xc2\xa0"), "1234567")); /* no-break spaces */
	CHECK(bad("gmc", S("123456"), msg));
	CHECK(bad("gmc", S("12345678"), msg));
	CHECK(bad("gmc", S("123456a"), msg));
	CHECK(bad("gmc", S("abcdefg"), msg));
	CHECK(bad("gmc", S("GMC1234567"), msg));
	CHECK(bad("gmc", S("1234567\0"), msg));
	CHECK(bad("gmc", S("123\0" "4567"), msg));
	CHECK(bad("gmc", S("1234567\n"), msg));
	CHECK(bad("gmc", S("123.4567"), msg));
	CHECK(bad("gmc", S("\xef\xbc\x91" "234567"), msg)); /* a fullwidth 1 */
	CHECK(bad("gmc", S("\xff\xfe\xfd\xfc\xfb\xfa\xf9"), msg));
	CHECK(bad("gmc", S(""), "is required"));
	CHECK(bad("gmc", S("   "), "is required"));
	CHECK(bad("gmc", S("- -"), "is required"));
	CHECK(bad("gmc", STR_NULL, "is required"));
}

TEST(npi_luhn)
{
	/* The examples of the issue, and numbers whose check digit was
	 * computed over 80840 + the first nine. */
	CHECK(regnum_npi_luhn(S("1234567893")));
	CHECK(!regnum_npi_luhn(S("1234567890")));
	const char *valid[] = {"1245319599", "1000000004", "1999999992", "2000000002",
			       "2987654326", "1500000009", "1111111112", "2345678900"};
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		CHECK(regnum_npi_luhn(str_c(valid[i])));
		CHECK(ok("npi", str_c(valid[i]), valid[i]));
	}
	/* Every single wrong digit of a valid number is caught. */
	int caught = 0;
	for (int pos = 0; pos < 10; pos++)
		for (int d = '0'; d <= '9'; d++) {
			char n[11];
			memcpy(n, "1234567893", 11);
			if (n[pos] == d)
				continue;
			n[pos] = (char)d;
			caught += !regnum_npi_luhn((str){n, 10});
		}
	CHECK(caught == 90);
	CHECK(!regnum_npi_luhn(S("1425319599"))); /* two digits swapped */
	CHECK(!regnum_npi_luhn(S("123456789")));
	CHECK(!regnum_npi_luhn(S("12345678930")));
	CHECK(!regnum_npi_luhn(S("123456789a")));
	CHECK(!regnum_npi_luhn(S("808401234567893")));
	CHECK(!regnum_npi_luhn(S("")));
	CHECK(!regnum_npi_luhn(STR_NULL));
	CHECK(!regnum_npi_luhn(S("12345\0" "7893")));
	CHECK(regnum_npi_luhn(S("3234567899"))); /* the digit fits ... */
	CHECK(bad("npi", S("3234567899"), "must be 10 digits starting with 1 or 2 for an NPI")); /* ... the 3 does not */
	CHECK(bad("npi", S("0234567895"), "must be 10 digits starting with 1 or 2 for an NPI"));
	CHECK(bad("npi", S("9234567896"), "must be 10 digits starting with 1 or 2 for an NPI"));
	CHECK(ok("npi", S("1234567893"), "1234567893"));
	CHECK(ok("npi", S(" 123 456 7893 "), "1234567893"));
	CHECK(ok("npi", S("123-456-7893"), "1234567893"));
	CHECK(bad("npi", S("1234567890"), "is not a valid NPI: check the digits"));
	CHECK(bad("npi", S("1245319590"), "is not a valid NPI: check the digits"));
	CHECK(bad("npi", S("123456789"), "must be 10 digits starting with 1 or 2 for an NPI"));
	CHECK(bad("npi", S("12345678933"), "must be 10 digits starting with 1 or 2 for an NPI"));
	CHECK(bad("npi", S("12345678a3"), "must be 10 digits starting with 1 or 2 for an NPI"));
	CHECK(bad("npi", S("1234567893\0"), NULL));
	CHECK(bad("npi", S(""), "is required"));
}

TEST(imc_up_to_six_digits)
{
	const char *msg = "must be up to 6 digits for the Medical Council of Ireland";
	CHECK(ok("imc", S("1"), "1"));
	CHECK(ok("imc", S("12345"), "12345"));
	CHECK(ok("imc", S("123456"), "123456"));
	CHECK(ok("imc", S("012345"), "012345")); /* leading zeros kept as typed */
	CHECK(ok("imc", S(" 123 456 "), "123456"));
	CHECK(bad("imc", S("1234567"), msg));
	CHECK(bad("imc", S("IMC123"), msg));
	CHECK(bad("imc", S("12a"), msg));
	CHECK(bad("imc", S("12/34"), msg));
	CHECK(bad("imc", S(""), "is required"));
}

TEST(ahpra_med_and_ten_digits)
{
	const char *msg = "must be MED and 10 digits for AHPRA";
	CHECK(ok("ahpra", S("MED0001234567"), "MED0001234567"));
	CHECK(ok("ahpra", S("med0001234567"), "MED0001234567"));
	CHECK(ok("ahpra", S("Med 000 123 4567"), "MED0001234567"));
	CHECK(ok("ahpra", S(" MED-0001234567 "), "MED0001234567"));
	CHECK(bad("ahpra", S("MED000123456"), msg));   /* 9 digits */
	CHECK(bad("ahpra", S("MED00012345678"), msg)); /* 11 digits */
	CHECK(bad("ahpra", S("NMW0001234567"), msg));  /* a nurse's number */
	CHECK(bad("ahpra", S("0001234567"), msg));
	CHECK(bad("ahpra", S("MEDA001234567"), msg));
	CHECK(bad("ahpra", S("ME0001234567"), msg));
	CHECK(bad("ahpra", S("MED"), msg));
	CHECK(bad("ahpra", S("\xc3\xa9MED0001234567"), msg));
}

TEST(nmc_council_numbers)
{
	const char *msg = "must be letters and digits, in up to 4 parts split by / or -";
	CHECK(ok("nmc", S("12345"), "12345"));
	CHECK(ok("nmc", S("MMC/2009/12345"), "MMC/2009/12345"));
	CHECK(ok("nmc", S("mmc/2009/12345"), "MMC/2009/12345"));
	CHECK(ok("nmc", S(" MMC / 2009 / 12345 "), "MMC/2009/12345"));
	CHECK(ok("nmc", S("DMC-R-12345"), "DMC-R-12345")); /* hyphens are part of these numbers */
	CHECK(ok("nmc", S("KMC 12345"), "KMC12345"));
	CHECK(ok("nmc", S("1"), "1"));
	CHECK(ok("nmc", S("1234567890"), "1234567890"));
	CHECK(ok("nmc", S("A/B/C/1"), "A/B/C/1"));
	CHECK(ok("nmc", S("ABCDEFGHI1/ABCDEFGHIJ/ABCDEFGHIJ/ABCDEFGHIJ"), "ABCDEFGHI1/ABCDEFGHIJ/ABCDEFGHIJ/ABCDEFGHIJ"));
	CHECK(bad("nmc", S("A/B/C/D/1"), msg));   /* 5 parts */
	CHECK(bad("nmc", S("12345678901"), msg)); /* a part of 11 */
	CHECK(bad("nmc", S("MMC/12345678901"), msg));
	CHECK(bad("nmc", S("MMC//12345"), msg));
	CHECK(bad("nmc", S("MMC/-12345"), msg));
	CHECK(bad("nmc", S("/12345"), msg));
	CHECK(bad("nmc", S("12345/"), msg));
	CHECK(bad("nmc", S("-"), msg));
	CHECK(bad("nmc", S("ABC"), msg)); /* no digit */
	CHECK(bad("nmc", S("MMC/ABC"), msg));
	CHECK(bad("nmc", S("MMC.2009.12345"), msg));
	CHECK(bad("nmc", S("MMC_12345"), msg));
	CHECK(bad("nmc", S("MMC\0/12345"), msg));
	CHECK(bad("nmc", S("\xe0\xa4\x95" "12345"), msg)); /* Devanagari letter */
	CHECK(bad("nmc", S(""), "is required"));
}

TEST(nz_ontario_south_africa_singapore)
{
	CHECK(ok("mcnz", S("12345"), "12345"));
	CHECK(ok("mcnz", S("123456"), "123456"));
	CHECK(bad("mcnz", S("1234"), "must be 5 or 6 digits for the Medical Council of New Zealand"));
	CHECK(bad("mcnz", S("1234567"), NULL));
	CHECK(bad("mcnz", S("12345a"), NULL));
	CHECK(ok("cpso", S("12345"), "12345"));
	CHECK(ok("cpso", S(" 123456 "), "123456"));
	CHECK(bad("cpso", S("1234"), "must be 5 or 6 digits for the CPSO"));
	CHECK(bad("cpso", S("1234567"), NULL));
	CHECK(bad("cpso", S("CPSO12345"), NULL));
	CHECK(ok("hpcsa", S("MP0123456"), "MP0123456"));
	CHECK(ok("hpcsa", S("mp 0123456"), "MP0123456"));
	CHECK(ok("hpcsa", S("Mp-0123456"), "MP0123456"));
	CHECK(bad("hpcsa", S("MP012345"), "must be MP and 7 digits for the HPCSA"));
	CHECK(bad("hpcsa", S("MP01234567"), NULL));
	CHECK(bad("hpcsa", S("DP0123456"), NULL)); /* a dentist's */
	CHECK(bad("hpcsa", S("0123456"), NULL));
	CHECK(bad("hpcsa", S("MPO123456"), NULL)); /* letter O for zero */
	CHECK(ok("smc", S("M12345A"), "M12345A"));
	CHECK(ok("smc", S("m12345z"), "M12345Z"));
	CHECK(ok("smc", S(" M 12345 A "), "M12345A"));
	CHECK(bad("smc", S("M1234A"), "must be M, 5 digits and a letter for the SMC"));
	CHECK(bad("smc", S("M123456A"), NULL));
	CHECK(bad("smc", S("M123456"), NULL));
	CHECK(bad("smc", S("12345A"), NULL));
	CHECK(bad("smc", S("M12345AB"), NULL));
	CHECK(bad("smc", S("N12345A"), NULL));
	CHECK(bad("smc", S("M12345\xc3\x89"), NULL));
}

TEST(other_free_text)
{
	const char *msg = "must be 3 to 60 printable characters";
	char sixty[61], sixty_one[62], accents[121];
	memset(sixty, 'x', 60);
	memset(sixty_one, 'x', 61);
	for (size_t i = 0; i < 60; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);
	accents[120] = '\xc3';
	CHECK(ok("other", S("MDCN 12345"), "MDCN 12345"));
	CHECK(ok("other", S("  Medical   and Dental\tCouncil  12345  "), "Medical and Dental Council 12345"));
	CHECK(ok("other", S("Ordre des m\xc3\xa9" "decins 12-345"), "Ordre des m\xc3\xa9" "decins 12-345"));
	CHECK(ok("other", S("abc"), "abc"));
	CHECK(ok("other", S("ab\xc2\xa0" "c"), "ab c"));
	CHECK(ok("other", S("\xe5\x8c\xbb\xe5\xb8\xab 1"), "\xe5\x8c\xbb\xe5\xb8\xab 1"));
	CHECK(ok("other", (str){sixty, 60}, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
	str norm = STR_NULL;
	CHECK(regnum_check(regnum_find(S("other")), ar, (str){accents, 120}, &norm) == NULL && norm.n == 120);
	CHECK(bad("other", (str){sixty_one, 61}, msg));
	CHECK(bad("other", (str){accents, 121}, msg)); /* a cut sequence */
	CHECK(bad("other", S("ab"), msg));
	CHECK(bad("other", S("  ab  "), msg));
	CHECK(bad("other", S("abc\x01"), msg));
	CHECK(bad("other", S("ab\0c"), msg));
	CHECK(bad("other", S("abc\x7f"), msg));
	CHECK(bad("other", S("abc\ndef"), msg));
	CHECK(bad("other", S("abc\xc2\x85"), msg));     /* C1 control */
	CHECK(bad("other", S("abc\xe2\x80\xae" "def"), msg)); /* right-to-left override */
	CHECK(bad("other", S("abc\xe2\x80\x8b"), msg)); /* zero-width space */
	CHECK(bad("other", S("\xff\xfe" "abc"), msg));
	CHECK(bad("other", S("abc\xc0\xaf"), msg));     /* overlong */
	CHECK(bad("other", S("abc\xe0\x80\xaf"), msg)); /* overlong / in three bytes */
	CHECK(bad("other", S("abc\xf0\x80\x80\xaf"), msg));
	CHECK(bad("other", S("abc\xed\xa0\x80"), msg)); /* surrogates */
	CHECK(bad("other", S("abc\xed\xbf\xbf"), msg));
	CHECK(bad("other", S("abc\xf4\x90\x80\x80"), msg)); /* past U+10FFFF */
	CHECK(bad("other", S("ab\xc2\xad" "c"), msg)); /* soft hyphen */
	CHECK(bad("other", S("abc\xe2\x81\xa6"), msg)); /* left-to-right isolate */
	CHECK(bad("other", S("\xef\xbb\xbf" "abc"), msg)); /* byte-order mark */
	CHECK(ok("other", S("abc\xf4\x8f\xbf\xbd"), "abc\xf4\x8f\xbf\xbd"));
	CHECK(bad("other", S(""), "is required"));
	CHECK(bad("other", S(" \t "), "is required"));
}

TEST(hostile_sizes_and_failures)
{
	size_t big = (size_t)10 * 1024;
	char *huge = malloc(big);
	CHECK(huge != NULL);
	if (!huge)
		return;
	memset(huge, '1', big);
	char pad[REGNUM_INPUT_MAX + 1];
	memset(pad, ' ', sizeof pad);
	memcpy(pad + 100, "1234567", 7);
	for (int i = 0; i < regnum_count(); i++) {
		const struct regnum_authority *a = regnum_at(i);
		str norm = S("unset");
		CHECK(is_msg(regnum_check(a, ar, (str){huge, big}, &norm), "is too long"));
		CHECK(is_msg(regnum_check(a, ar, (str){pad, REGNUM_INPUT_MAX + 1}, &norm), "is too long"));
		CHECK(is_msg(regnum_check(a, ar, S(""), &norm), "is required"));
		CHECK(str_eqc(norm, "unset"));
		/* The normal form checks again to itself. */
		str again = STR_NULL;
		CHECK(regnum_check(a, ar, str_c(a->example), &norm) == NULL);
		CHECK(regnum_check(a, ar, norm, &again) == NULL && str_eq(norm, again));
	}
	CHECK(ok("gmc", ((str){pad, REGNUM_INPUT_MAX}), "1234567")); /* at the cap: fine */
	free(huge);
	str norm = S("unset");
	CHECK(regnum_check(NULL, ar, S("1234567"), &norm) != NULL && str_eqc(norm, "unset"));
	arena *tiny = arena_new(8);
	CHECK(tiny != NULL);
	CHECK(is_msg(regnum_check(regnum_find(S("gmc")), tiny, S("   1234567   "), &norm), "is too long"));
	CHECK(str_eqc(norm, "unset"));
	CHECK(regnum_name_key(tiny, S("Amara Nwosu the Elder"), &norm) == -1 && str_eqc(norm, "unset"));
	arena_free(tiny);
}

TEST(name_keys_fold_and_sort)
{
	CHECK(key_is(S("Dr. Jos\xc3\xa9  Garc\xc3\xad" "a-L\xc3\xb3pez"), "garcia jose lopez"));
	CHECK(key_is(S("garcia lopez jose"), "garcia jose lopez"));
	CHECK(same_key(S("Dr. Jos\xc3\xa9  Garc\xc3\xad" "a-L\xc3\xb3pez"), S("garcia lopez jose")));
	CHECK(same_key(S("Amara Nwosu"), S("Nwosu, Amara")));
	CHECK(key_is(S("Nwosu, Amara"), "amara nwosu"));
	CHECK(same_key(S("AMARA NWOSU"), S("amara nwosu")));
	CHECK(same_key(S("Mary Jane Smith"), S("Smith, Jane Mary")));
	CHECK(key_is(S("Zo\xc3\xab \xc3\x98rsted-\xc5\x81ukasiewicz"), "lukasiewicz orsted zoe"));
	CHECK(key_is(S("Gro\xc3\x9f"), "gross"));
	CHECK(key_is(S("\xc3\x86sa \xc3\xa6sa"), "aesa aesa"));
	CHECK(key_is(S("\xc3\x9e\xc3\xb3r \xc3\xb0\xc3\xb3"), "do thor"));
	CHECK(key_is(S("\xc5\x92uvre \xc4\xb2sselmeer"), "ijsselmeer oeuvre"));
	CHECK(key_is(S("\xc5\x9awi\xc4\x85tek \xc5\xbd\xc5\xbe" "e\xc5\x88"), "swiatek zzen"));
	CHECK(key_is(S("\xc3\x85ngstr\xc3\xb6m \xc3\x87" "elik \xc3\x91u\xc3\xb1" "ez"), "angstrom celik nunez"));
	CHECK(key_is(S("\xc4\xb0nan\xc3\xa7 Yi\xc4\x9fit \xc4\xb1\xc5\x9f\xc4\xb1k"), "inanc isik yigit"));
	CHECK(key_is(S("A\xc3\x97" "B\xc3\xb7" "C"), "a b c")); /* × and ÷ split */
	CHECK(key_is(S("\xc5\xbf\xc3\xbf"), "sy"));
	CHECK(same_key(S("Jose\xcc\x81"), S("Jos\xc3\xa9"))); /* e + combining acute */
	CHECK(same_key(S("Siobh\xc3\xa1n O'Brien"), S("siobhan obrien")));
	CHECK(same_key(S("Siobh\xc3\xa1n O\xe2\x80\x99" "Brien"), S("O'Brien, Siobhan")));
	CHECK(key_is(S("Mary-Jane  O'Neil-Smith"), "jane mary oneil smith"));
	CHECK(key_is(S("Ann\xc2\xa0Lee"), "ann lee"));
	CHECK(key_is(S("Ann\xe2\x80\x93Lee"), "ann lee")); /* en dash */
	CHECK(key_is(S("Ann\0Lee\t\r\n"), "ann lee"));
	CHECK(key_is(S("  ann   lee  "), "ann lee"));
	CHECK(key_is(S("Henry 8th"), "8th henry"));
	CHECK(key_is(S("Ann \"Annie\" (Lee)."), "ann annie lee"));
	CHECK(!same_key(S("Ann Lee"), S("Anne Lee")));
	CHECK(!same_key(S("Ann Lee"), S("Ann Lee Smith")));
	CHECK(key_is(S(""), ""));
	CHECK(key_is(STR_NULL, ""));
	CHECK(key_is(S(" .,- '"), ""));
}

/* Every letter of U+00C0..U+017F against its Unicode decomposition (NFKD,
 * marks dropped), with the letters that do not decompose spelled out:
 * æ ae, þ th, ß ss, ð đ d, ø o, ħ h, ı i, ĳ ij, ĸ k, ŀ ł l, ŉ ŋ n, œ oe,
 * ŧ t, ſ s; "-" for × and ÷, which split words. */
TEST(name_keys_every_latin_letter)
{
	static const char want[] = "a a a a a a ae c e e e e i i i i " /* U+00C0 */
				   "d n o o o o o - o u u u u y th ss " /* U+00D0 */
				   "a a a a a a ae c e e e e i i i i " /* U+00E0 */
				   "d n o o o o o - o u u u u y th y " /* U+00F0 */
				   "a a a a a a c c c c c c c c d d " /* U+0100 */
				   "d d e e e e e e e e e e g g g g " /* U+0110 */
				   "g g g g h h h h i i i i i i i i " /* U+0120 */
				   "i i ij ij j j k k k l l l l l l l " /* U+0130 */
				   "l l l n n n n n n n n n o o o o " /* U+0140 */
				   "o o oe oe r r r r r r s s s s s s " /* U+0150 */
				   "s s t t t t t t u u u u u u u u " /* U+0160 */
				   "u u u u w w y y y z z z z z z s " /* U+0170 */;
	const char *w = want;
	int checked = 0;
	for (unsigned cp = 0xc0; cp < 0x180; cp++) {
		const char *sp = strchr(w, ' ');
		if (!sp)
			break;
		char exp[8] = "";
		if (*w != '-')
			memcpy(exp, w, (size_t)(sp - w));
		w = sp + 1;
		char in[4] = {'x', (char)(0xc0 | cp >> 6), (char)(0x80 | (cp & 0x3f)), 'Y'};
		char out[16] = "x y"; /* × and ÷ split */
		if (exp[0])
			snprintf(out, sizeof out, "x%sy", exp);
		CHECK(key_is((str){in, 4}, out));
		checked++;
	}
	CHECK(checked == 0x180 - 0xc0 && *w == '\0');
	CHECK(key_is(S("Ana\xc3\xafs Lo\xc3\xaf" "c"), "anais loic"));
}

TEST(name_keys_honorifics)
{
	CHECK(key_is(S("Dr Ann Lee"), "ann lee"));
	CHECK(key_is(S("Dr. Ann Lee"), "ann lee"));
	CHECK(key_is(S("DR ANN LEE"), "ann lee"));
	CHECK(key_is(S("Prof. Dr. Ann Lee"), "ann lee"));
	CHECK(key_is(S("Professor Ann Lee"), "ann lee"));
	CHECK(key_is(S("Mr Ann Lee"), "ann lee"));
	CHECK(key_is(S("Mrs. Ann Lee"), "ann lee"));
	CHECK(key_is(S("Ms Ann Lee"), "ann lee"));
	CHECK(key_is(S("Miss Ann Lee"), "ann lee"));
	CHECK(key_is(S("Lee, Ann (Dr)"), "ann lee"));
	CHECK(key_is(S("Drew Lee"), "drew lee"));       /* only whole words */
	CHECK(key_is(S("Missy Mrsa Lee"), "lee missy mrsa"));
	CHECK(key_is(S("Dr"), ""));
	CHECK(key_is(S("Zed Dr"), "zed"));
}

TEST(name_keys_other_scripts_and_bad_bytes)
{
	/* Cyrillic, Greek, Han and Arabic letters are kept as they are. */
	CHECK(same_key(S("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2"),
		       S("\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2, \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd")));
	CHECK(key_is(S("\xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2 \xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd"),
		     "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2"));
	CHECK(key_is(S("\xce\x9d\xce\xaf\xce\xba\xce\xbf\xcf\x82"), "\xce\x9d\xce\xaf\xce\xba\xce\xbf\xcf\x82"));
	CHECK(key_is(S("\xe7\x8e\x8b\xe3\x80\x80\xe5\xb0\x8f\xe6\x98\x8e"), "\xe5\xb0\x8f\xe6\x98\x8e \xe7\x8e\x8b"));
	CHECK(key_is(S("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"), "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"));
	CHECK(key_is(S("Dr \xf0\x9f\x98\x80 Lee"), "lee \xf0\x9f\x98\x80")); /* 4-byte kept whole */
	/* Invalid bytes separate words and never survive into the key. */
	CHECK(key_is(S("\xff\xfe"), ""));
	CHECK(key_is(S("a\xff" "b"), "a b"));
	CHECK(key_is(S("Jos\xc3"), "jos"));             /* cut sequence */
	CHECK(key_is(S("a\xc0\xaf" "b"), "a b"));       /* overlong / */
	CHECK(key_is(S("a\xed\xa0\x80" "b"), "a b"));   /* surrogates */
	CHECK(key_is(S("a\xed\xbf\xbf" "b"), "a b"));
	CHECK(key_is(S("a\xe0\x81\x81"), "a"));         /* an overlong A is no letter */
	CHECK(key_is(S("a\xf0\x80\x81\x81"), "a"));
	CHECK(key_is(S("a\xf4\x90\x80\x80" "b"), "a b")); /* past U+10FFFF */
	CHECK(key_is(S("\xc3'\xa9"), ""));              /* no é glued across a dropped apostrophe */
	CHECK(key_is(S("\x80\xbf\xe2\x82"), ""));
}

TEST(name_keys_limits_and_idempotence)
{
	char name[REGNUM_NAME_MAX + 1];
	for (size_t i = 0; i < sizeof name; i++)
		name[i] = i % 3 == 2 ? ' ' : 'b';
	str k = S("unset");
	CHECK(regnum_name_key(ar, (str){name, REGNUM_NAME_MAX}, &k) == 0 && k.n == REGNUM_NAME_MAX - 1);
	k = S("unset");
	CHECK(regnum_name_key(ar, (str){name, REGNUM_NAME_MAX + 1}, &k) == -1 && str_eqc(k, "unset"));
	size_t big = (size_t)10 * 1024;
	char *huge = malloc(big);
	CHECK(huge != NULL);
	if (huge) {
		memset(huge, 'a', big);
		CHECK(regnum_name_key(ar, (str){huge, big}, &k) == -1);
		free(huge);
	}
	/* 150 one-letter words: the most words a name can hold, sorted. */
	char many[REGNUM_NAME_MAX];
	for (size_t i = 0; i < REGNUM_NAME_MAX / 2; i++) {
		many[2 * i] = (char)('z' - (int)(i % 26));
		many[2 * i + 1] = ' ';
	}
	CHECK(regnum_name_key(ar, (str){many, sizeof many}, &k) == 0 && k.n == REGNUM_NAME_MAX - 1);
	CHECK(k.n > 2 && k.p[0] == 'a' && k.p[k.n - 1] == 'z');
	const char *samples[] = {"Dr. Jos\xc3\xa9  Garc\xc3\xad" "a-L\xc3\xb3pez", "Nwosu, Amara", "Zed Dr Ms",
				 "\xc3'\xa9", "a\xff" "b", "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "Gro\xc3\x9f \xc3\x86",
				 "Jose\xcc\x81 O\xe2\x80\x99" "Brien", "", "  ", "Mx. Sam \xe2\x80\x8bLee"};
	for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
		CHECK(key_idempotent(str_c(samples[i])));
}

int main(void)
{
	ar = arena_new(4u << 20);
	if (!ar)
		return 1;
	RUN(table_invariants);
	RUN(find_by_code);
	RUN(gmc_seven_digits);
	RUN(npi_luhn);
	RUN(imc_up_to_six_digits);
	RUN(ahpra_med_and_ten_digits);
	RUN(nmc_council_numbers);
	RUN(nz_ontario_south_africa_singapore);
	RUN(other_free_text);
	RUN(hostile_sizes_and_failures);
	RUN(name_keys_fold_and_sort);
	RUN(name_keys_every_latin_letter);
	RUN(name_keys_honorifics);
	RUN(name_keys_other_scripts_and_bad_bytes);
	RUN(name_keys_limits_and_idempotence);
	arena_free(ar);
	return unit_summary();
}
