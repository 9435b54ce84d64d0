/* test_core.c: the arena, buffers and slices, the router, the field
 * tables, tokens and passwords, and the policy table. */
#include "unit.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "core/arena.h"
#include "core/secret.h"
#include "core/str.h"
#include "core/tally.h"
#include "core/utc.h"
#include "http/form.h"
#include "http/server.h"
#include "policy/policy.h"
#include "policy/roles.h"
#include "store/store.h"
#include "text/validate.h"

TEST(arena_caps_and_aligns)
{
	arena *a = arena_new(64 * 1024);
	CHECK(a != NULL);
	char *p = arena_alloc(a, 3);
	char *q = arena_alloc(a, 5);
	CHECK(p && q && q != p);
	CHECK(((uintptr_t)q % 16) == 0);
	CHECK(arena_alloc(a, 20000) != NULL); /* a block of its own */
	CHECK(arena_alloc(a, 100 * 1024) == NULL); /* past the cap */
	CHECK(arena_alloc(a, SIZE_MAX) == NULL);
	char *s = arena_strndup(a, "hello", 5);
	CHECK(s && strcmp(s, "hello") == 0);
	size_t used = arena_used(a);
	CHECK(used >= 3 + 5 + 20000 + 6);
	unsigned char *z = arena_zalloc(a, 100);
	int zero = 1;
	for (int i = 0; z && i < 100; i++)
		zero &= z[i] == 0;
	CHECK(z && zero);
	arena_free(a);
	arena_free(NULL);
}

TEST(buffers_grow_and_fail_at_cap)
{
	arena *a = arena_new(4096);
	buf b;
	buf_init(&b, a);
	for (int i = 0; i < 100; i++)
		buf_printf(&b, "%d,", i);
	CHECK(b.err == 0);
	CHECK(strncmp(buf_cstr(&b), "0,1,2,", 6) == 0);
	char big[8192];
	memset(big, 'x', sizeof big);
	CHECK(buf_put(&b, big, sizeof big) < 0);
	CHECK(b.err != 0);
	CHECK(buf_puts(&b, "more") < 0); /* stays failed */
	arena_free(a);
	int64_t v;
	CHECK(str_to_i64(S("12345"), &v) == 0 && v == 12345);
	CHECK(str_to_i64(S("-7"), &v) == 0 && v == -7);
	CHECK(str_to_i64(S("12a"), &v) < 0);
	CHECK(str_to_i64(S(""), &v) < 0);
	CHECK(str_to_i64(S("99999999999999999999"), &v) < 0);
	CHECK(str_ieq(S("Ann@Example.ORG"), S("ann@example.org")));
	CHECK(!str_ieq(S("ann"), S("anne")));
}

static int h_a(http_req *r) { (void)r; return 0; }
static int h_b(http_req *r) { (void)r; return 1; }

TEST(router_matches_params_and_methods)
{
	static const struct route routes[] = {
		{HTTP_GET, "/", h_a, ACT_PUBLIC, NULL, 0},
		{HTTP_GET, "/u/:handle", h_a, ACT_PROFILE_VIEW, NULL, 0},
		{HTTP_POST, "/u/:handle", h_b, ACT_SETTINGS, NULL, 0},
		{HTTP_GET, "/t/:id/p/:page", h_b, ACT_PUBLIC, NULL, 0},
	};
	str params[HTTP_MAX_PARAMS];
	char allow[64];
	const struct route *r = http_route_match(routes, 4, HTTP_GET, S("/u/ann"), params, allow, sizeof allow);
	CHECK(r == &routes[1] && str_eqc(params[0], "ann"));
	r = http_route_match(routes, 4, HTTP_HEAD, S("/u/ann"), params, allow, sizeof allow);
	CHECK(r == &routes[1]);
	r = http_route_match(routes, 4, HTTP_POST, S("/u/bob"), params, allow, sizeof allow);
	CHECK(r == &routes[2] && str_eqc(params[0], "bob"));
	r = http_route_match(routes, 4, HTTP_GET, S("/t/12/p/3"), params, allow, sizeof allow);
	CHECK(r == &routes[3] && str_eqc(params[0], "12") && str_eqc(params[1], "3"));
	CHECK(!http_route_match(routes, 4, HTTP_GET, S("/u/"), params, allow, sizeof allow));
	CHECK(allow[0] == '\0');
	CHECK(!http_route_match(routes, 4, HTTP_GET, S("/u/ann/x"), params, allow, sizeof allow));
	CHECK(!http_route_match(routes, 4, HTTP_GET, S("/nope"), params, allow, sizeof allow));
	CHECK(!http_route_match(routes, 4, HTTP_DELETE, S("/u/ann"), params, allow, sizeof allow));
	CHECK(strstr(allow, "GET") && strstr(allow, "POST") && strstr(allow, "HEAD"));
	CHECK(!http_route_match(routes, 4, HTTP_POST, S("/"), params, allow, sizeof allow));
	CHECK(strcmp(allow, "GET, HEAD") == 0);
	CHECK(http_method_parse("PATCH") == HTTP_PATCH && http_method_parse("BREW") == HTTP_OTHER);
	/* A path that is not UTF-8 matches nothing, nor names a method to allow;
	 * UTF-8 in a parameter is fine. */
	r = http_route_match(routes, 4, HTTP_GET, S("/u/\xc3\xa9mile"), params, allow, sizeof allow);
	CHECK(r == &routes[1] && str_eqc(params[0], "\xc3\xa9mile"));
	static const char *const bad[] = {"/u/\xff\xfe", "/u/a\xc3", "/u/\xed\xa0\x80", "/u/\xc0\xaf", "/\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CHECK(!http_route_match(routes, 4, HTTP_GET, str_c(bad[i]), params, allow, sizeof allow));
		CHECK(allow[0] == '\0');
	}
}

static const struct form_field fields[] = {
	{"email", 254, FIELD_REQUIRED, validate_email},
	{"handle", 30, FIELD_REQUIRED, validate_handle},
	{"bio", 20, FIELD_MULTILINE, NULL},
	{"agree", 8, FIELD_BOOL, NULL},
};
static const struct form_spec spec = FORM_SPEC(fields);

TEST(form_limits_and_validators)
{
	arena *a = arena_new(1 << 20);
	struct form_values fv;
	form_init(&fv, &spec);
	form_offer(&fv, a, "email", "ann@example.org", 15, false);
	form_offer(&fv, a, "handle", "Ann_", 4, false);
	form_offer(&fv, a, "bio", "line one\nline", 13, false);
	form_offer(&fv, a, "bio", " two", 4, true);
	form_offer(&fv, a, "unknown", "x", 1, false);
	form_offer(&fv, a, "agree", "on", 2, false);
	CHECK(form_validate(&fv, a) == 0);
	CHECK(str_eqc(form_get(&fv, "handle"), "ann_")); /* normalised */
	CHECK(str_eqc(form_get(&fv, "bio"), "line one\nline two"));
	CHECK(form_bool(&fv, "agree"));
	CHECK(form_get(&fv, "unknown").p == NULL);

	form_init(&fv, &spec);
	form_offer(&fv, a, "email", "not-an-email", 12, false);
	form_offer(&fv, a, "handle", "h\x01x", 3, false);
	form_offer(&fv, a, "bio", "0123456789", 10, false);
	form_offer(&fv, a, "bio", "0123456789abc", 13, true); /* past 20 bytes */
	CHECK(form_validate(&fv, a) == 3);
	CHECK(fv.first_err == 0);
	CHECK(form_error(&fv, "email") != NULL);
	CHECK(strstr(form_error(&fv, "handle"), "control") != NULL);
	CHECK(strstr(form_error(&fv, "bio"), "too long") != NULL);

	/* A repeated field: the first value counts; but a value handed over
	 * as an empty first piece, then its bytes (libmicrohttpd's multipart
	 * parser does this with one-byte values), is one value. */
	form_init(&fv, &spec);
	form_offer(&fv, a, "email", "a@b.co", 6, false);
	form_offer(&fv, a, "email", "z@y.xx", 6, false);
	form_offer(&fv, a, "handle", "", 0, false);
	form_offer(&fv, a, "handle", "q", 1, false);
	CHECK(str_eqc(form_get(&fv, "email"), "a@b.co"));
	CHECK(str_eqc(form_get(&fv, "handle"), "q"));

	form_init(&fv, &spec);
	form_offer(&fv, a, "email", "a@b.co", 6, false);
	CHECK(form_validate(&fv, a) == 1 && strstr(form_error(&fv, "handle"), "required"));
	form_set_error(&fv, "email", "is taken");
	CHECK(fv.nerr == 2 && fv.first_err == 0);

	/* JSON: strings for text, booleans for flags, other types refused. */
	json_t *j = json_pack("{s:s, s:i, s:b}", "email", "b@c.de", "handle", 42, "agree", 1);
	form_init(&fv, &spec);
	form_from_json(&fv, a, j);
	CHECK(form_validate(&fv, a) == 1 && strstr(form_error(&fv, "handle"), "string"));
	CHECK(form_bool(&fv, "agree"));
	json_decref(j);

	/* A FIELD_INT field takes a whole number as its decimal text, and a
	 * string as it is; anything else is refused. */
	static const struct form_field idf[] = {{"post_id", 24, FIELD_REQUIRED | FIELD_INT, NULL}};
	static const struct form_spec ids = FORM_SPEC(idf);
	const char *bodies[] = {"{\"post_id\": 1234567890123}", "{\"post_id\": \"77\"}", "{\"post_id\": 1.5}",
				"{\"post_id\": [1]}"};
	const char *want[] = {"1234567890123", "77", NULL, NULL};
	for (int i = 0; i < 4; i++) {
		j = json_loads(bodies[i], 0, NULL);
		form_init(&fv, &ids);
		CHECK(j && form_from_json(&fv, a, j) == 0);
		int bad = form_validate(&fv, a);
		CHECK(want[i] ? bad == 0 && str_eqc(form_get(&fv, "post_id"), want[i])
			      : bad == 1 && strstr(form_error(&fv, "post_id"), "number"));
		json_decref(j);
	}
	arena_free(a);
}

/* A FIELD_LIST field (checkboxes): repeated values joined with ',', a
 * value in pieces (multipart's empty first piece, then its bytes at
 * offset 0 again; a long one continued) kept whole, empty values left
 * out, the joined value held to the limit; from JSON, a string or an
 * array of strings.  And any value in many pieces costs linear memory. */
TEST(form_lists)
{
	static const struct form_field lf[] = {{"tags", 12, FIELD_LIST, NULL}, {"name", 10, 0, NULL}};
	static const struct form_spec ls = FORM_SPEC(lf);
	arena *a = arena_new(1 << 16);
	struct form_values fv;
	form_init(&fv, &ls);
	form_offer(&fv, a, "tags", "", 0, false);
	form_offer(&fv, a, "tags", "ab", 2, false);
	form_offer(&fv, a, "tags", "", 0, false);
	form_offer(&fv, a, "tags", "c", 1, false);
	form_offer(&fv, a, "tags", "de", 2, true);
	form_offer(&fv, a, "tags", "", 0, false);
	form_offer(&fv, a, "name", "x", 1, false);
	form_offer(&fv, a, "name", "y", 1, false);
	CHECK(form_validate(&fv, a) == 0);
	CHECK(str_eqc(form_get(&fv, "tags"), "ab,cde"));
	CHECK(str_eqc(form_get(&fv, "name"), "x")); /* not a list: the first counts */
	form_offer(&fv, a, "tags", "fghijk", 6, false);
	CHECK(form_validate(&fv, a) == 1 && strstr(form_error(&fv, "tags"), "too long"));

	form_init(&fv, &ls);
	form_offer(&fv, a, "tags", "", 0, false);
	CHECK(form_validate(&fv, a) == 0 && form_get(&fv, "tags").p && form_get(&fv, "tags").n == 0);

	/* A long value in many small pieces grows in place: 200,000 one-byte
	 * pieces fit in an arena of 1 MiB (copying on each piece would take
	 * 20 GB). */
	static const struct form_field bf[] = {{"body", 300000, FIELD_MULTILINE, NULL}};
	static const struct form_spec bs = FORM_SPEC(bf);
	arena *small = arena_new(1 << 20);
	form_init(&fv, &bs);
	int bad = 0;
	for (int i = 0; i < 200000; i++)
		bad |= form_offer(&fv, small, "body", "x", 1, i > 0);
	CHECK(bad == 0 && form_get(&fv, "body").n == 200000 && form_validate(&fv, small) == 0);
	arena_free(small);

	const char *bodies[] = {"{\"tags\": [\"a\", \"b\"]}", "{\"tags\": \"a,b\"}", "{\"tags\": []}",
				"{\"tags\": [\"a\", 1]}"};
	const char *want[] = {"a,b", "a,b", "", NULL};
	for (int i = 0; i < 4; i++) {
		json_t *j = json_loads(bodies[i], 0, NULL);
		form_init(&fv, &ls);
		CHECK(j && form_from_json(&fv, a, j) == 0);
		bad = form_validate(&fv, a);
		CHECK(want[i] ? bad == 0 && str_eqc(form_get(&fv, "tags"), want[i])
			      : bad == 1 && strstr(form_error(&fv, "tags"), "list"));
		json_decref(j);
	}
	arena_free(a);
}

TEST(text_checks)
{
	size_t chars;
	CHECK(form_check_text(S("Dr Ω 医生 طبيب"), false, &chars) == 0 && chars == 12);
	CHECK(form_check_text(S("\xff\xfe"), false, NULL) == -1);
	CHECK(form_check_text(S("\xc0\xaf"), false, NULL) == -1);         /* overlong */
	CHECK(form_check_text(S("\xed\xa0\x80"), false, NULL) == -1);     /* surrogate */
	CHECK(form_check_text(S("\xf4\x90\x80\x80"), false, NULL) == -1); /* past U+10FFFF */
	CHECK(form_check_text(S("a\tb"), false, NULL) == -2);
	CHECK(form_check_text(S("a\tb\r\n"), true, NULL) == 0);
	CHECK(form_check_text(S("a\xe2\x80\xa8" "b"), true, NULL) == -2);  /* U+2028 */
	arena *a = arena_new(4096);
	str n;
	CHECK(validate_email(a, S("ann@example.org"), &n) == NULL);
	CHECK(validate_email(a, S("ann@@example.org"), &n) != NULL);
	CHECK(validate_email(a, S("ann@example"), &n) != NULL);
	CHECK(validate_email(a, S("<a>@example.org"), &n) != NULL);
	CHECK(validate_handle(a, S("ab"), &n) != NULL);
	CHECK(validate_handle(a, S("Dr_Who"), &n) == NULL && str_eqc(n, "dr_who"));
	CHECK(validate_handle(a, S("dr-who"), &n) != NULL);
	CHECK(validate_password(a, S("short"), &n) != NULL);
	CHECK(validate_password(a, S("long enough now"), &n) == NULL);
	CHECK(validate_country(a, S("gb"), &n) == NULL && str_eqc(n, "GB"));
	CHECK(validate_country(a, S("XX"), &n) != NULL);
	CHECK(validate_member_type(a, S("hcp"), &n) == NULL);
	CHECK(validate_member_type(a, S("wizard"), &n) != NULL);
	CHECK(validate_timezone(a, S("Europe/London"), &n) == NULL);
	CHECK(validate_timezone(a, S("../etc/passwd"), &n) != NULL);
	CHECK(validate_timezone(a, S("Mars/Olympus"), &n) != NULL);
	CHECK(validate_timezone(a, S("UTC"), &n) == NULL && validate_timezone(a, S(""), &n) != NULL);
	CHECK(validate_timezone(a, S("zone.tab"), &n) != NULL); /* a file there, but no zone */
	CHECK(validate_timezone(a, S("Europe"), &n) != NULL);   /* a folder */
	CHECK(validate_name(a, S("   "), &n) != NULL);
	/* Recipients: handles by commas or spaces, '@' optional, repeats dropped. */
	CHECK(validate_recipients(a, S("@Amara, kwame  tomas;@amara"), &n) == NULL && str_eqc(n, "amara,kwame,tomas"));
	CHECK(validate_recipients(a, S(" , ;"), &n) != NULL);
	CHECK(validate_recipients(a, S("amara, not way"), &n) == NULL && str_eqc(n, "amara,not,way"));
	CHECK(validate_recipients(a, S("amara, n!"), &n) != NULL);
	CHECK(validate_recipients(a, S("@@amara"), &n) != NULL);
	CHECK(validate_recipients(a, S("h01 h02 h03 h04 h05 h06 h07 h08 h09 h10 h11 h12 h13 h14 h15 h16 h17 h18 h19"), &n) ==
	      NULL);
	CHECK(validate_recipients(a, S("h01 h02 h03 h04 h05 h06 h07 h08 h09 h10 h11 h12 h13 h14 h15 h16 h17 h18 h19 h20"),
				  &n) != NULL);
	CHECK(validate_recipients(a, S("h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01 h01"),
				  &n) == NULL && str_eqc(n, "h01"));
	CHECK(validate_body(a, S(" \r\n\t "), &n) != NULL);
	CHECK(validate_body(a, S("\n x \n"), &n) == NULL);
	CHECK(validate_id(a, S("42"), &n) == NULL);
	CHECK(validate_id(a, S("042"), &n) != NULL);
	CHECK(validate_id(a, S("4a"), &n) != NULL);
	CHECK(validate_id(a, S(""), &n) != NULL);
	CHECK(validate_id(a, S("1234567890123456789"), &n) != NULL);
	CHECK(str_eqc(str_trim(S(" \t\r\n a b \n")), "a b") && str_trim(S(" \n ")).n == 0);
	arena_free(a);
}

TEST(tokens_and_passwords)
{
	char t1[SECRET_TOKEN_LEN + 1], t2[SECRET_TOKEN_LEN + 1];
	unsigned char h1[SECRET_HASH_LEN], h2[SECRET_HASH_LEN], again[SECRET_HASH_LEN];
	secret_token_new(t1, h1);
	secret_token_new(t2, h2);
	CHECK(strlen(t1) == SECRET_TOKEN_LEN && strcmp(t1, t2) != 0);
	CHECK(secret_token_hash(str_c(t1), again) == 0 && memcmp(again, h1, SECRET_HASH_LEN) == 0);
	CHECK(memcmp(h1, h2, SECRET_HASH_LEN) != 0);
	CHECK(secret_token_hash(S("short"), again) < 0);
	char bad[SECRET_TOKEN_LEN + 1];
	memcpy(bad, t1, sizeof bad);
	bad[3] = '%';
	CHECK(secret_token_hash(str_c(bad), again) < 0);
	char hash[256];
	CHECK(secret_password_hash(S("correct horse battery"), hash, sizeof hash) == 0);
	CHECK(strncmp(hash, "$argon2id$", 10) == 0);
	CHECK(secret_password_check(S("correct horse battery"), str_c(hash)));
	CHECK(!secret_password_check(S("correct horse batterY"), str_c(hash)));
	CHECK(!secret_password_check(S("anything"), STR_NULL));
	unsigned char key[32] = {1, 2, 3};
	char m1[SECRET_TOKEN_LEN + 1], m2[SECRET_TOKEN_LEN + 1];
	secret_mac(key, S("s:abc"), m1);
	secret_mac(key, S("s:abd"), m2);
	CHECK(strcmp(m1, m2) != 0);
	CHECK(secret_equal(str_c(m1), str_c(m1)) && !secret_equal(str_c(m1), str_c(m2)));
}

TEST(policy_table)
{
	struct policy_reader visitor = {0};
	struct policy_reader member = {.id = 7, .signed_in = true, .confirmed = true};
	struct policy_reader suspended = member;
	suspended.suspended = true;
	struct policy_reader editor = member;
	editor.roles = ROLE_EDITOR;
	struct policy_reader admin = member;
	admin.roles = ROLE_ADMIN;
	CHECK(policy_decide(&visitor, ACT_PUBLIC, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&visitor, ACT_ACCOUNT_OPEN, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&visitor, ACT_SETTINGS, NULL) == POLICY_SIGNIN);
	CHECK(policy_decide(&visitor, ACT_ME, NULL) == POLICY_SIGNIN);
	CHECK(policy_decide(&member, ACT_SETTINGS, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&member, ACT_SESSION_END, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&suspended, ACT_SETTINGS, NULL) == POLICY_DENY);
	CHECK(policy_decide(&member, ACT_MEMBER_ROLE, NULL) == POLICY_DENY);
	CHECK(policy_decide(&editor, ACT_MEMBER_ROLE, NULL) == POLICY_DENY);
	CHECK(policy_decide(&admin, ACT_MEMBER_ROLE, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&editor, ACT_MEMBER_SUSPEND, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&visitor, ACT_MEMBER_SUSPEND, NULL) == POLICY_DENY);
	CHECK(policy_decide(&visitor, ACT_PROFILE_VIEW, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&visitor, ACT__MAX, NULL) == POLICY_DENY); /* default deny */
	struct policy_reader unconfirmed = member;
	unconfirmed.confirmed = false;
	CHECK(policy_decide(&unconfirmed, ACT_SETTINGS, NULL) == POLICY_DENY);
	CHECK(strcmp(policy_action_name(ACT_SETTINGS), "settings") == 0);
	/* Verification: doctors apply, members see their own status, editors review. */
	struct policy_reader doctor = member;
	doctor.doctor = true;
	struct policy_reader suspended_doctor = doctor;
	suspended_doctor.suspended = true;
	CHECK(policy_decide(&doctor, ACT_VERIFY_APPLY, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&member, ACT_VERIFY_APPLY, NULL) == POLICY_DENY); /* a student or hcp */
	CHECK(policy_decide(&suspended_doctor, ACT_VERIFY_APPLY, NULL) == POLICY_DENY);
	CHECK(policy_decide(&visitor, ACT_VERIFY_APPLY, NULL) == POLICY_DENY);
	CHECK(policy_decide(&visitor, ACT_VERIFY_VIEW, NULL) == POLICY_SIGNIN);
	CHECK(policy_decide(&member, ACT_VERIFY_VIEW, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&member, ACT_VERIFY_REVIEW, NULL) == POLICY_DENY);
	CHECK(policy_decide(&doctor, ACT_VERIFY_REVIEW, NULL) == POLICY_DENY);
	CHECK(policy_decide(&editor, ACT_VERIFY_REVIEW, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&admin, ACT_VERIFY_REVIEW, NULL) == POLICY_ALLOW);
	CHECK(policy_decide(&visitor, ACT_VERIFY_REVIEW, NULL) == POLICY_DENY);
	for (int a = 0; a < ACT__MAX; a++) /* every action is named */
		CHECK(policy_action_name((enum policy_action)a) && strcmp(policy_action_name((enum policy_action)a), "?") != 0);
	CHECK(role_from_name(S("editor")) == ROLE_EDITOR && role_from_name(S("wizard")) == 0);
}

/* The one UTF-8 decoder: every boundary of well-formedness. */
TEST(utf8_at)
{
	uint32_t cp = 0;
	CHECK(str_utf8_at(S("a"), 0, &cp) == 1 && cp == 'a');
	CHECK(str_utf8_at(S("\xc3\xa9"), 0, &cp) == 2 && cp == 0xe9);
	CHECK(str_utf8_at(S("\xe2\x80\xa8"), 0, &cp) == 3 && cp == 0x2028);
	CHECK(str_utf8_at(S("\xf0\x9f\x98\x80"), 0, &cp) == 4 && cp == 0x1f600);
	CHECK(str_utf8_at(S("\xf4\x8f\xbf\xbf"), 0, &cp) == 4 && cp == 0x10ffff);
	CHECK(str_utf8_at(S("x\xc3\xa9"), 1, NULL) == 2);
	CHECK(str_utf8_at(S("\xc0\x80"), 0, &cp) == 0);         /* overlong */
	CHECK(str_utf8_at(S("\xe0\x9f\xbf"), 0, &cp) == 0);     /* overlong */
	CHECK(str_utf8_at(S("\xed\xa0\x80"), 0, &cp) == 0);     /* a surrogate */
	CHECK(str_utf8_at(S("\xf4\x90\x80\x80"), 0, &cp) == 0); /* past U+10FFFF */
	CHECK(str_utf8_at(S("\xc3"), 0, &cp) == 0);               /* cut short */
	CHECK(str_utf8_at(S("\xe2\x82"), 0, &cp) == 0);
	CHECK(str_utf8_at(S("\x80"), 0, &cp) == 0);               /* a stray continuation */
	CHECK(str_utf8_at(S("\xe2\x28\xa1"), 0, &cp) == 0);     /* a bad continuation */
	CHECK(str_utf8_at(S("\xff"), 0, &cp) == 0);
}

/* Counts as the site writes them. */
TEST(thousands)
{
	char b[32];
	CHECK(!strcmp(str_thousands(b, 0), "0"));
	CHECK(!strcmp(str_thousands(b, 999), "999"));
	CHECK(!strcmp(str_thousands(b, 1000), "1,000"));
	CHECK(!strcmp(str_thousands(b, -1234567), "-1,234,567"));
	CHECK(!strcmp(str_thousands(b, INT64_MIN), "-9,223,372,036,854,775,808"));
	CHECK(!strcmp(str_thousands_u(b, UINT64_MAX, false), "18,446,744,073,709,551,615"));
}

/* The tally (src/core/tally.c): sums by key, taken out whole, put back,
 * growing up to its cap and refusing new keys past it. */
TEST(tally_sums_takes_and_returns)
{
	static tally t = TALLY_INIT(1u << 10);
	for (int64_t i = 0; i < 300; i++)
		for (int64_t k = 0; k <= i % 3; k++)
			CHECK(tally_add(&t, (struct tally_key){i, -i, i * 7}, 2) == 0);
	CHECK(tally_add(&t, (struct tally_key){1, 2, 3}, 0) == 0); /* nothing */
	struct tally_entry *e;
	size_t n;
	tally_take(&t, &e, &n);
	CHECK(n == 300);
	int64_t sum = 0;
	bool right = true;
	for (size_t i = 0; i < n; i++) {
		sum += e[i].n;
		right &= e[i].k.b == -e[i].k.a && e[i].k.c == e[i].k.a * 7 && e[i].n == 2 * (e[i].k.a % 3 + 1);
	}
	CHECK(right);
	CHECK(sum == 2 * (100 * 1 + 100 * 2 + 100 * 3));
	struct tally_entry *again;
	size_t m;
	tally_take(&t, &again, &m);
	CHECK(m == 0 && again == NULL); /* taken: empty */
	CHECK(tally_add(&t, (struct tally_key){0, 0, 0}, 5) == 0);
	CHECK(tally_return(&t, e, n) == 0); /* added to what came meanwhile */
	free(e);
	tally_take(&t, &e, &n);
	CHECK(n == 300);
	for (size_t i = 0; i < n; i++)
		if (e[i].k.a == 0)
			CHECK(e[i].n == 2 + 5);
	free(e);
	/* The cap: 1024 slots hold 512 keys; the 513th new key is refused,
	 * an existing one still counts. */
	int refused = 0;
	for (int64_t i = 0; i < 600; i++)
		refused += tally_add(&t, (struct tally_key){i, 0, 0}, 1) != 0;
	CHECK(refused == 600 - 512);
	CHECK(tally_add(&t, (struct tally_key){5, 0, 0}, 1) == 0);
	tally_take(&t, &e, &n);
	CHECK(n == 512);
	CHECK(tally_return(&t, e, n) == 0);
	free(e);
	tally_clear(&t);
}

static int flush_fails(const struct tally_entry *e, size_t n, void *ctx)
{
	(void)e;
	*(size_t *)ctx = n;
	return -7;
}

static int flush_sums(const struct tally_entry *e, size_t n, void *ctx)
{
	for (size_t i = 0; i < n; i++)
		*(int64_t *)ctx += e[i].n;
	return 0;
}

/* A flush: a failed write gives its error and keeps every count; a good
 * one empties the tally; an empty one writes nothing. */
TEST(tally_flush_keeps_what_failed)
{
	static tally t = TALLY_INIT(1u << 8);
	for (int64_t i = 0; i < 10; i++)
		CHECK(tally_add(&t, (struct tally_key){i, 0, 0}, i + 1) == 0);
	size_t seen = 0;
	CHECK(tally_flush(&t, "test", flush_fails, &seen) == -7 && seen == 10);
	int64_t sum = 0;
	CHECK(tally_flush(&t, "test", flush_sums, &sum) == 0 && sum == 55);
	sum = 0;
	CHECK(tally_flush(&t, "test", flush_fails, &sum) == 0 && sum == 0); /* nothing left: not called */
	tally_clear(&t);
}

static tally shared = TALLY_INIT(1u << 12);

static void *tally_adder(void *arg)
{
	int64_t base = (int64_t)(intptr_t)arg;
	for (int i = 0; i < 20000; i++)
		tally_add(&shared, (struct tally_key){i % 50, base % 2, 0}, 1);
	return NULL;
}

/* Eight threads adding at once, with takes in between: nothing lost. */
TEST(tally_concurrent_adds_lose_nothing)
{
	pthread_t th[8];
	for (intptr_t i = 0; i < 8; i++)
		CHECK(pthread_create(&th[i], NULL, tally_adder, (void *)i) == 0);
	int64_t sum = 0;
	for (int k = 0; k < 50; k++) {
		struct tally_entry *e;
		size_t n;
		tally_take(&shared, &e, &n);
		for (size_t i = 0; i < n; i++)
			sum += e[i].n;
		free(e);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(th[i], NULL);
	struct tally_entry *e;
	size_t n;
	tally_take(&shared, &e, &n);
	for (size_t i = 0; i < n; i++)
		sum += e[i].n;
	free(e);
	CHECK(sum == 8 * 20000);
}

/* utc.c against the C library: every field and every format, over a day's
 * edges, leap days and centuries, before 1970 and far ahead. */
TEST(utc_matches_gmtime)
{
	int64_t fixed[] = {0, -1, 59, 60, 86399, 86400, -86400, -86401, 951782400 /* 2000-02-29 */,
			   951868800, 4107456000 /* 2100-02-28 */, 4107542400, -2208988800 /* 1900 */,
			   253402300799 /* 9999-12-31T23:59:59 */, 1796282120, 68256000, 1709164800 /* 2024-02-29 */};
	uint64_t x = 88172645463325252u;
	int bad = 0;
	for (int i = 0; i < 200000; i++) {
		int64_t t;
		if (i < (int)(sizeof fixed / sizeof fixed[0])) {
			t = fixed[i];
		} else { /* xorshift over years 1600-2600 */
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			t = (int64_t)(x % 31556952000u) - 11676096000;
		}
		time_t tt = (time_t)t;
		struct tm tm;
		if (!gmtime_r(&tt, &tm)) {
			bad++;
			continue;
		}
		struct utc u = utc_of(t);
		if (u.year != tm.tm_year + 1900 || u.month != tm.tm_mon + 1 || u.day != tm.tm_mday ||
		    u.hour != tm.tm_hour || u.min != tm.tm_min || u.sec != tm.tm_sec || u.wday != tm.tm_wday) {
			if (bad++ < 5)
				fprintf(stderr, "utc_of(%lld) differs from gmtime_r\n", (long long)t);
			continue;
		}
		/* The way back: the day number of the date, and its month's length. */
		int64_t day = t / 86400 - (t % 86400 < 0);
		if (utc_days(u.year, u.month, u.day) != day || u.day > utc_month_days(u.year, u.month))
			bad++;
		char want[64], got[64];
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (utc_iso(got, t) != strlen(want) || strcmp(got, want) != 0)
			bad++;
		strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S GMT", &tm);
		if (utc_http(got, t) != strlen(want) || strcmp(got, want) != 0)
			bad++;
		strftime(want, sizeof want, "%e %b %Y, %H:%M UTC", &tm);
		const char *w = want[0] == ' ' ? want + 1 : want;
		if (utc_when(got, t) != strlen(w) || strcmp(got, w) != 0)
			bad++;
	}
	CHECK(bad == 0);
	CHECK(utc_month_days(2024, 2) == 29 && utc_month_days(2100, 2) == 28 && utc_month_days(2000, 2) == 29);
	CHECK(utc_month_days(2026, 12) == 31 && utc_month_days(2026, 4) == 30 && utc_days(1970, 1, 1) == 0);
	char out[UTC_WHEN];
	CHECK(utc_when(out, 1796282120) == 21 && strcmp(out, "3 Dec 2026, 07:15 UTC") == 0);
	CHECK(utc_iso(out, -1) == 20 && strcmp(out, "1969-12-31T23:59:59Z") == 0);
	CHECK(utc_http(out, 0) == 29 && strcmp(out, "Thu, 01 Jan 1970 00:00:00 GMT") == 0);
	/* Years past four digits keep every digit. */
	CHECK(utc_iso(out, 253402300800) == 21 && strcmp(out, "10000-01-01T00:00:00Z") == 0);
	CHECK(strcmp((utc_when(out, 253402300800), out), "1 Jan 10000, 00:00 UTC") == 0);
}

int main(void)
{
	if (secret_init() < 0)
		return 1;
	RUN(arena_caps_and_aligns);
	RUN(buffers_grow_and_fail_at_cap);
	RUN(utc_matches_gmtime);
	RUN(router_matches_params_and_methods);
	RUN(form_limits_and_validators);
	RUN(form_lists);
	RUN(text_checks);
	RUN(tokens_and_passwords);
	RUN(policy_table);
	RUN(utf8_at);
	RUN(thousands);
	RUN(tally_sums_takes_and_returns);
	RUN(tally_concurrent_adds_lose_nothing);
	RUN(tally_flush_keeps_what_failed);
	return unit_summary();
}
