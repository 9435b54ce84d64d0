/* test_views.c: the views runtime (view.c), every escaping function
 * (escape.c) against XSS payloads, and the fixture templates of
 * tests/unit/templates/ as compiled by tools/tmplc.c (into
 * test_views_gen.c by the Makefile): every output context, if/elif/else
 * with and/or/not/==/!=, for with else and loop.*, include inside a loop,
 * layouts (nested too), and a realistic page with a form.
 *
 * Each check compares whole outputs, so any change in escaping or in the
 * compiler's choice of context fails here. */
#include "unit.h"

#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "test_views_gen.h"
#include "views/view.h"

static arena *A;

/* Reports a mismatch in full (CHECK only prints the expression). */
static bool same(const char *got, const char *want)
{
	if (got && strcmp(got, want) == 0)
		return true;
	fprintf(stderr, "  got:  [%s]\n  want: [%s]\n", got ? got : "(null)", want);
	return false;
}

/* Whether `got` begins with `want` (reporting a mismatch). */
static bool got_prefix(const char *got, const char *want)
{
	if (got && strncmp(got, want, strlen(want)) == 0)
		return true;
	fprintf(stderr, "  got:  [%s]\n  want: [%s...]\n", got ? got : "(null)", want);
	return false;
}

/* The output of escaper `f` over `n` bytes at `in`, NUL-terminated. */
static const char *escn(int (*f)(buf *, str), const char *in, size_t n)
{
	buf b;
	buf_init(&b, A);
	if (f(&b, (str){in, n}) < 0)
		return NULL;
	return buf_cstr(&b);
}

static const char *esc(int (*f)(buf *, str), const char *in)
{
	return escn(f, in, strlen(in));
}

/* The output of template `view` with `ctx`, or NULL when it failed. */
static const char *render(int (*view)(buf *, const view_obj *), const view_obj *ctx)
{
	buf b;
	buf_init(&b, A);
	if (view(&b, ctx) < 0)
		return NULL;
	return buf_cstr(&b);
}

/* ---- runtime ---- */

TEST(test_set_get)
{
	view_obj *o = view_obj_new(A), *m = view_obj_new(A), *deep = view_obj_new(A);
	CHECK(o && m && deep);
	CHECK(view_set_cstr(o, "title", "Ward round") == 0);
	CHECK(view_set_int(o, "count", 42) == 0);
	CHECK(view_set_bool(o, "open", true) == 0);
	CHECK(view_set_str(m, "name", S("Dr Ada")) == 0);
	CHECK(view_set_obj(o, "member", m) == 0);
	CHECK(view_set_cstr(deep, "leaf", "L") == 0);
	CHECK(view_set_obj(m, "deep", deep) == 0);
	const view_val *v = view_get(o, "title");
	CHECK(v->kind == VIEW_STR && str_eqc(v->u.s, "Ward round"));
	CHECK(view_get(o, "count")->kind == VIEW_INT && view_get(o, "count")->u.i == 42);
	CHECK(view_get(o, "open")->kind == VIEW_BOOL && view_get(o, "open")->u.b);
	CHECK(str_eqc(view_get(o, "member.name")->u.s, "Dr Ada"));
	CHECK(str_eqc(view_get(o, "member.deep.leaf")->u.s, "L"));
	/* Missing keys, steps through non-objects, prefixes of keys. */
	CHECK(view_get(o, "nope") != NULL && view_get(o, "nope")->kind == VIEW_NULL);
	CHECK(view_get(o, "title.x")->kind == VIEW_NULL);
	CHECK(view_get(o, "member.nope.leaf")->kind == VIEW_NULL);
	CHECK(view_get(o, "titl")->kind == VIEW_NULL);
	CHECK(view_get(o, "titlex")->kind == VIEW_NULL);
	CHECK(view_get(o, "")->kind == VIEW_NULL);
	CHECK(view_get(NULL, "title")->kind == VIEW_NULL);
	CHECK(view_set_obj(o, "x", NULL) == -1);
	CHECK(view_set_list(o, "x", NULL) == -1);
}

TEST(test_replace_and_grow)
{
	view_obj *o = view_obj_new(A);
	CHECK(view_set_cstr(o, "k", "one") == 0);
	CHECK(view_set_int(o, "k", 2) == 0);
	CHECK(o->n == 1);
	CHECK(view_get(o, "k")->kind == VIEW_INT && view_get(o, "k")->u.i == 2);
	static char keys[100][16];
	for (int i = 0; i < 100; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		CHECK(view_set_int(o, keys[i], i) == 0);
	}
	CHECK(o->n == 101);
	CHECK(view_get(o, "k0")->u.i == 0 && view_get(o, "k99")->u.i == 99);
	CHECK(view_get(o, "k")->u.i == 2);
	/* Sized: room at once, and growing past it as any object does. */
	view_obj *sz = view_obj_sized(A, 4);
	CHECK(sz && sz->cap == 4 && sz->n == 0);
	for (int i = 0; i < 10; i++)
		CHECK(view_set_int(sz, keys[i], i) == 0);
	CHECK(sz->n == 10 && sz->cap >= 10 && view_get(sz, "k0")->u.i == 0 && view_get(sz, "k9")->u.i == 9);
	/* Every key is found as it was set, setting a key again replaces it in
	 * place, and keys of the same length, prefixes and missing ones are
	 * told apart. */
	int found = 0;
	for (int i = 0; i < 100; i++)
		found += view_get(o, keys[i])->kind == VIEW_INT && view_get(o, keys[i])->u.i == i;
	CHECK(found == 100);
	for (int i = 0; i < 100; i += 7)
		CHECK(view_set_int(o, keys[i], -i) == 0);
	CHECK(o->n == 101);
	found = 0;
	for (int i = 0; i < 100; i++)
		found += view_get(o, keys[i])->u.i == (i % 7 ? i : -i);
	CHECK(found == 100);
	CHECK(view_get(o, "k100")->kind == VIEW_NULL && view_get(o, "k1x")->kind == VIEW_NULL);
	CHECK(view_get(o, "k9")->u.i == 9 && view_get(o, "k90")->u.i == 90);
	CHECK(view_get(o, "")->kind == VIEW_NULL && view_get(o, "kk")->kind == VIEW_NULL);
	view_list *l = view_list_new(A);
	for (int i = 0; i < 100; i++)
		CHECK(view_list_push_str(l, S("x")) == 0);
	CHECK(l->n == 100 && str_eqc(l->items[99].u.s, "x"));
	CHECK(view_list_push_obj(l, NULL) == -1);
}

TEST(test_arena_exhaustion)
{
	arena *small = arena_new(2 * sizeof(view_obj));
	view_obj *o = view_obj_new(small);
	view_list *l = view_list_new(small);
	CHECK(o != NULL && l != NULL);
	if (!o || !l) {
		arena_free(small);
		return;
	}
	CHECK(view_set_int(o, "a", 1) == -1);
	CHECK(o->n == 0 && view_get(o, "a")->kind == VIEW_NULL);
	CHECK(view_list_push_str(l, S("x")) == -1);
	CHECK(view_obj_new(small) == NULL);
	arena_free(small);
}

TEST(test_truthy)
{
	view_list *empty = view_list_new(A), *full = view_list_new(A);
	view_list_push_str(full, S("x"));
	CHECK(!view_truthy(&(view_val){.kind = VIEW_NULL}));
	CHECK(!view_truthy(NULL));
	CHECK(!view_truthy(&(view_val){.kind = VIEW_STR, .u.s = S("")}));
	CHECK(view_truthy(&(view_val){.kind = VIEW_STR, .u.s = S("0")}));
	CHECK(!view_truthy(&(view_val){.kind = VIEW_INT, .u.i = 0}));
	CHECK(view_truthy(&(view_val){.kind = VIEW_INT, .u.i = -1}));
	CHECK(!view_truthy(&(view_val){.kind = VIEW_BOOL, .u.b = false}));
	CHECK(view_truthy(&(view_val){.kind = VIEW_BOOL, .u.b = true}));
	CHECK(!view_truthy(&(view_val){.kind = VIEW_LIST, .u.l = empty}));
	CHECK(view_truthy(&(view_val){.kind = VIEW_LIST, .u.l = full}));
	CHECK(view_truthy(&(view_val){.kind = VIEW_OBJ, .u.o = view_obj_new(A)}));
}

TEST(test_eq_str)
{
	CHECK(view_eq_str(&(view_val){.kind = VIEW_STR, .u.s = S("admin")}, S("admin")));
	CHECK(!view_eq_str(&(view_val){.kind = VIEW_STR, .u.s = S("admin")}, S("Admin")));
	CHECK(!view_eq_str(&(view_val){.kind = VIEW_STR, .u.s = S("admin")}, S("admi")));
	CHECK(view_eq_str(&(view_val){.kind = VIEW_INT, .u.i = 7}, S("7")));
	CHECK(view_eq_str(&(view_val){.kind = VIEW_INT, .u.i = -12}, S("-12")));
	CHECK(!view_eq_str(&(view_val){.kind = VIEW_INT, .u.i = 7}, S("07")));
	CHECK(view_eq_str(&(view_val){.kind = VIEW_BOOL, .u.b = true}, S("true")));
	CHECK(view_eq_str(&(view_val){.kind = VIEW_NULL}, S("")));
	CHECK(!view_eq_str(&(view_val){.kind = VIEW_NULL}, S("x")));
	CHECK(!view_eq_str(&(view_val){.kind = VIEW_LIST, .u.l = view_list_new(A)}, S("")));
}

TEST(test_emit)
{
	buf b;
	buf_init(&b, A);
	CHECK(view_emit(&b, &(view_val){.kind = VIEW_INT, .u.i = -42}, view_esc_html) == 0);
	CHECK(view_emit(&b, &(view_val){.kind = VIEW_BOOL, .u.b = false}, view_esc_html) == 0);
	CHECK(view_emit(&b, &(view_val){.kind = VIEW_NULL}, view_esc_html) == 0);
	CHECK(view_emit(&b, &(view_val){.kind = VIEW_STR, .u.s = S("<b>")}, view_esc_html) == 0);
	CHECK(view_emit(&b, &(view_val){.kind = VIEW_OBJ, .u.o = view_obj_new(A)}, view_esc_html) == 0);
	CHECK(same(buf_cstr(&b), "-42false&lt;b&gt;"));

	/* Integers at every edge, written without printf: compared with it. */
	const int64_t ints[] = {0, 1, 9, 10, -1, -9, -10, 99, 100, 1234567890, INT64_MAX, INT64_MIN, INT64_MIN + 1, -1000000};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		buf e;
		buf_init(&e, A);
		char want[32];
		snprintf(want, sizeof want, "%" PRId64, ints[i]);
		CHECK(view_emit(&e, &(view_val){.kind = VIEW_INT, .u.i = ints[i]}, view_esc_html) == 0);
		CHECK(same(buf_cstr(&e), want));
		CHECK(view_eq_str(&(view_val){.kind = VIEW_INT, .u.i = ints[i]}, str_c(want)));
	}

	/* view_emit writes numbers and truth values as they are: every
	 * escaper must leave their text unchanged. */
	int (*const escs[])(buf *, str) = {view_esc_html, view_esc_attr, view_esc_url, view_esc_urlc,
					   view_esc_json, view_esc_marked};
	const char *const texts[] = {"0123456789", "-9223372036854775808", "true", "false"};
	for (size_t k = 0; k < sizeof escs / sizeof escs[0]; k++) {
		for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
			buf e;
			buf_init(&e, A);
			CHECK(escs[k](&e, str_c(texts[i])) == 0 && same(buf_cstr(&e), texts[i]));
		}
	}
}

TEST(test_lookup_scopes)
{
	view_obj *ctx = view_obj_new(A), *item = view_obj_new(A);
	view_set_cstr(ctx, "m", "from ctx");
	view_set_cstr(ctx, "title", "T");
	view_set_cstr(item, "name", "Ada");
	view_list *outer = view_list_new(A), *inner = view_list_new(A);
	view_list_push_obj(outer, item);
	view_list_push_str(inner, S("a"));
	view_list_push_str(inner, S("b"));
	view_scope s1 = {.up = NULL, .name = "m"}, s2 = {.up = &s1, .name = "t"};
	view_scope_at(&s1, outer, 0);
	view_scope_at(&s2, inner, 1);
	CHECK(str_eqc(view_lookup(ctx, &s2, "m.name", NULL)->u.s, "Ada")); /* outer loop var */
	CHECK(view_lookup(ctx, &s2, "m", NULL)->kind == VIEW_OBJ);           /* shadows ctx */
	CHECK(str_eqc(view_lookup(ctx, &s2, "t", NULL)->u.s, "b"));
	CHECK(view_lookup(ctx, &s2, "t.x", NULL)->kind == VIEW_NULL);
	CHECK(str_eqc(view_lookup(ctx, &s2, "title", NULL)->u.s, "T"));
	CHECK(view_lookup(ctx, &s2, "loop.index", NULL)->u.i == 2); /* innermost */
	CHECK(!view_lookup(ctx, &s2, "loop.first", NULL)->u.b && view_lookup(ctx, &s2, "loop.last", NULL)->u.b);
	CHECK(view_lookup(ctx, &s1, "loop.index", NULL)->u.i == 1);
	CHECK(view_lookup(ctx, &s1, "loop.first", NULL)->u.b && view_lookup(ctx, &s1, "loop.last", NULL)->u.b);
	CHECK(view_lookup(ctx, &s1, "loop.nope", NULL)->kind == VIEW_NULL);
	CHECK(view_lookup(ctx, NULL, "loop.index", NULL)->kind == VIEW_NULL);
	CHECK(str_eqc(view_lookup(ctx, NULL, "m", NULL)->u.s, "from ctx"));
	CHECK(str_eqc(view_lookup(ctx, &s1, "title", NULL)->u.s, "T"));
	CHECK(view_lookup(NULL, NULL, "x", NULL)->kind == VIEW_NULL);
}

/* A lookup's hint (view_hint) is only a guess: objects built in another
 * order, a guess past the end, a key of the same length at the guessed
 * pair, a key set again, and a missing key all read what view_get reads,
 * and a hit leaves the pair's number for the next lookup. */
TEST(test_lookup_hints)
{
	view_obj *a = view_obj_new(A), *b = view_obj_new(A), *ctx = view_obj_new(A);
	view_set_int(a, "id", 1), view_set_cstr(a, "name", "Ada"), view_set_bool(a, "pick", true);
	view_set_bool(b, "pick", false), view_set_cstr(b, "nome", "x"), view_set_cstr(b, "name", "Bo"),
		view_set_int(b, "id", 2);
	view_list *l = view_list_new(A);
	view_list_push_obj(l, a), view_list_push_obj(l, b);
	view_set_list(ctx, "posts", l), view_set_cstr(ctx, "csrf", "tok");
	view_scope s = {.up = NULL, .name = "p"};
	view_hint h = {0}, far = {.first = 999, .last = 999}, hc = {0};
	for (int round = 0; round < 3; round++) {
		view_scope_at(&s, l, 0);
		CHECK(str_eqc(view_lookup(ctx, &s, "p.name", &h)->u.s, "Ada"));
		CHECK(h.last == 1);
		CHECK(view_lookup(ctx, &s, "p.id", &far)->u.i == 1);
		CHECK(str_eqc(view_lookup(ctx, &s, "csrf", &hc)->u.s, "tok"));
		view_scope_at(&s, l, 1);
		CHECK(str_eqc(view_lookup(ctx, &s, "p.name", &h)->u.s, "Bo")); /* "nome" sits at pair 1 */
		CHECK(h.last == 2);
		CHECK(view_lookup(ctx, &s, "p.id", &far)->u.i == 2);
		CHECK(view_lookup(ctx, &s, "p.nope", &far)->kind == VIEW_NULL);
		CHECK(view_lookup(ctx, &s, "p.pick", &far)->kind == VIEW_BOOL && !view_lookup(ctx, &s, "p.pick", &far)->u.b);
		CHECK(str_eqc(view_lookup(ctx, &s, "csrf", &hc)->u.s, "tok"));
	}
	view_set_cstr(b, "name", "Cy"); /* replaced in place: the hint still holds */
	CHECK(b->n == 4 && str_eqc(view_lookup(ctx, &s, "p.name", &h)->u.s, "Cy"));
	/* With the lengths the template compiler writes into each hint. */
	view_hint two = {.n_first = 1, .n_last = 4}, one = {.n_first = 4}, three = {.n_first = 1, .n_last = 4};
	CHECK(str_eqc(view_lookup(ctx, &s, "p.name", &two)->u.s, "Cy") && two.last == 2);
	CHECK(str_eqc(view_lookup(ctx, &s, "csrf", &one)->u.s, "tok"));
	view_obj *deep = view_obj_new(A), *leaf = view_obj_new(A);
	view_set_cstr(leaf, "name", "Di");
	view_set_obj(deep, "kid", leaf);
	view_set_obj(b, "deep", deep);
	CHECK(str_eqc(view_lookup(ctx, &s, "p.deep.kid.name", &three)->u.s, "Di")); /* four names: walked */
	view_hint dots = {.n_first = 4, .n_last = 4};
	view_set_obj(ctx, "deep", deep);
	CHECK(str_eqc(view_lookup(ctx, &s, "deep.kid.name", &dots)->u.s, "Di"));
	CHECK(view_lookup(ctx, &s, "csrf.name", &two)->kind == VIEW_NULL); /* through a string */
	CHECK(str_eqc(view_lookup(ctx, NULL, "posts", &hc)->u.l->items[0].u.o->pairs[1].v.u.s, "Ada"));
}

/* view_set finds a key set before whatever the objects' key bits say:
 * many keys, so every bit is set, then each replaced once. */
TEST(test_set_many_keys)
{
	view_obj *o = view_obj_new(A);
	static char keys[1000][16];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "%c%d", 'a' + i % 26, i);
		CHECK(view_set_int(o, keys[i], i) == 0);
	}
	CHECK(o->keys[0] == UINT64_MAX && o->keys[1] == UINT64_MAX);
	for (int i = 0; i < 1000; i++)
		CHECK(view_set_int(o, keys[i], -i) == 0);
	CHECK(o->n == 1000);
	int found = 0;
	for (int i = 0; i < 1000; i++)
		found += view_get(o, keys[i])->u.i == -i;
	CHECK(found == 1000);
	CHECK(view_get(o, "zz")->kind == VIEW_NULL);
}

/* ---- escaping ---- */

TEST(test_esc_html)
{
	CHECK(same(esc(view_esc_html, "<script>alert(1)</script>"),
		   "&lt;script&gt;alert(1)&lt;/script&gt;"));
	CHECK(same(esc(view_esc_html, "\"><img src=x onerror=alert(1)>"),
		   "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	CHECK(same(esc(view_esc_html, "' onmouseover='x"), "&#39; onmouseover=&#39;x"));
	CHECK(same(esc(view_esc_html, "Tom & Jerry &amp;"), "Tom &amp; Jerry &amp;amp;"));
	CHECK(same(escn(view_esc_html, "a\0b", 3), "a\xEF\xBF\xBD" "b"));
	CHECK(same(esc(view_esc_html, "Zoë — 日本語 ✓ 🩺"), "Zoë — 日本語 ✓ 🩺"));
	CHECK(same(esc(view_esc_html, ""), ""));
	CHECK(same(esc(view_esc_html, "plain text"), "plain text"));
}

TEST(test_esc_attr)
{
	CHECK(same(esc(view_esc_attr, "\"><img src=x onerror=alert(1)>"),
		   "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
	CHECK(same(esc(view_esc_attr, "' onmouseover='x"), "&#39; onmouseover=&#39;x"));
	CHECK(same(esc(view_esc_attr, "a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&#39;f"));
	CHECK(same(escn(view_esc_attr, "\0", 1), "\xEF\xBF\xBD"));
	CHECK(same(esc(view_esc_attr, "Ünïcödé"), "Ünïcödé"));
}

TEST(test_esc_url_refused)
{
	static const char *const bad[] = {
	    "javascript:alert(1)",
	    " JaVaScRiPt:alert(1)",
	    "java\tscript:alert(1)",
	    "java\nscript:alert(1)",
	    "java\rscript:alert(1)",
	    "\x01\x02javascript:alert(1)",
	    "\t\n javascript:alert(1)",
	    "JAVASCRIPT:alert(1)",
	    "data:text/html,<script>alert(1)</script>",
	    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
	    "vbscript:msgbox(1)",
	    "//evil.example",
	    " //evil.example/x",
	    "/\\evil.example",
	    "\\\\evil.example",
	    "\\/evil.example",
	    "/\t/evil.example",
	    "/\n/evil.example",
	    "\\\r\\evil.example",
	    "ftp://example.org/",
	    "file:///etc/passwd",
	    "httpx://example.org",
	    "java script:alert(1)",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		const char *got = esc(view_esc_url, bad[i]);
		if (!same(got, "#"))
			fprintf(stderr, "  for: [%s]\n", bad[i]);
		CHECK(got && strcmp(got, "#") == 0);
	}
}

TEST(test_esc_url_allowed)
{
	CHECK(same(esc(view_esc_url, "https://example.org/a?b=1&c=2#x"),
		   "https://example.org/a?b=1&amp;c=2#x"));
	CHECK(same(esc(view_esc_url, "HTTP://EXAMPLE.ORG"), "HTTP://EXAMPLE.ORG"));
	CHECK(same(esc(view_esc_url, "http://example.org"), "http://example.org"));
	CHECK(same(esc(view_esc_url, "mailto:ada@example.org"), "mailto:ada@example.org"));
	CHECK(same(esc(view_esc_url, "MailTo:ada@example.org"), "MailTo:ada@example.org"));
	CHECK(same(esc(view_esc_url, "/u/alice"), "/u/alice"));
	CHECK(same(esc(view_esc_url, "/"), "/"));
	CHECK(same(esc(view_esc_url, "?q=1&page=2"), "?q=1&amp;page=2"));
	CHECK(same(esc(view_esc_url, "#top"), "#top"));
	CHECK(same(esc(view_esc_url, "page.html"), "page.html"));
	CHECK(same(esc(view_esc_url, "a/b:c"), "a/b:c"));
	CHECK(same(esc(view_esc_url, "/p/x:y"), "/p/x:y"));
	CHECK(same(esc(view_esc_url, "  /lead"), "/lead"));
	CHECK(same(esc(view_esc_url, ""), ""));
	/* Entities stay escaped, so they never spell a scheme. */
	CHECK(same(esc(view_esc_url, "javascript&#58;alert(1)"), "javascript&amp;#58;alert(1)"));
	CHECK(same(esc(view_esc_url, "&#106;avascript:alert(1)"), "&amp;#106;avascript:alert(1)"));
	/* No scheme has a backslash: a relative path. */
	CHECK(same(esc(view_esc_url, "http\\:x"), "http\\:x"));
	/* A relative URL cannot break out of the attribute. */
	CHECK(same(esc(view_esc_url, "/x\"><script>alert(1)</script>"),
		   "/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
	CHECK(same(esc(view_esc_url, "/x' onmouseover='x"), "/x&#39; onmouseover=&#39;x"));
	CHECK(same(esc(view_esc_url, "/wiki/Zoë"), "/wiki/Zoë"));
}

TEST(test_esc_urlc)
{
	CHECK(same(esc(view_esc_urlc, "a b&c=d/é?#"), "a%20b%26c%3Dd%2F%C3%A9%3F%23"));
	CHECK(same(esc(view_esc_urlc, "AZaz09-._~"), "AZaz09-._~"));
	CHECK(same(esc(view_esc_urlc, "javascript:alert(1)"), "javascript%3Aalert%281%29"));
	CHECK(same(esc(view_esc_urlc, "\"><img src=x onerror=alert(1)>"),
		   "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"));
	CHECK(same(esc(view_esc_urlc, "' onmouseover='x"), "%27%20onmouseover%3D%27x"));
	CHECK(same(escn(view_esc_urlc, "\0\xff", 2), "%00%FF"));
	CHECK(same(esc(view_esc_urlc, "//evil.example"), "%2F%2Fevil.example"));
}

TEST(test_esc_json)
{
	CHECK(same(esc(view_esc_json, "</script><script>alert(1)</script>"),
		   "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"));
	CHECK(same(esc(view_esc_json, "\"\\"), "\\\"\\\\"));
	CHECK(same(esc(view_esc_json, "\n\r\t\b\f"), "\\n\\r\\t\\b\\f"));
	CHECK(same(escn(view_esc_json, "\0\x01\x1f", 3), "\\u0000\\u0001\\u001f"));
	CHECK(same(esc(view_esc_json, "a&b'c"), "a\\u0026b\\u0027c"));
	CHECK(same(esc(view_esc_json, "x\xE2\x80\xA8y\xE2\x80\xA9z"), "x\\u2028y\\u2029z"));
	CHECK(same(esc(view_esc_json, "é — 日本 🩺"), "é — 日本 🩺"));
	CHECK(same(esc(view_esc_json, "cut \xE2\x80"), "cut \xE2\x80"));
	CHECK(same(esc(view_esc_json, "<!--"), "\\u003c!--"));
	CHECK(same(esc(view_esc_json, "\"}</script>"), "\\\"}\\u003c/script\\u003e"));
}

TEST(test_esc_buffer_failure)
{
	arena *small = arena_new(16);
	buf b;
	buf_init(&b, small);
	CHECK(view_esc_html(&b, S("this is longer than the sixteen byte cap <&>")) == -1);
	CHECK(b.err != 0);
	CHECK(view_esc_json(&b, S("x")) == -1);
	CHECK(view_esc_url(&b, S("/x")) == -1);
	CHECK(view_esc_urlc(&b, S("x")) == -1);
	arena_free(small);
}

/* Search snippets (view_esc_marked; search-web): marks become <mark>,
 * the text around and inside them is escaped, unbalanced marks vanish. */
TEST(test_esc_marked)
{
	CHECK(same(esc(view_esc_marked, "a \x01heart\x02 b"), "a <mark>heart</mark> b"));
	CHECK(same(esc(view_esc_marked, "<script>\x01x\x02</script>"),
		   "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"));
	CHECK(same(esc(view_esc_marked, "\x01<b>&\x02"), "<mark>&lt;b&gt;&amp;</mark>"));
	CHECK(same(esc(view_esc_marked, "\x01" "a\x02\x01" "b\x02"), "<mark>a</mark><mark>b</mark>"));
	/* Unbalanced: an opening mark with no close, a close with no opening,
	 * an opening mark followed by another, an empty pair. */
	CHECK(same(esc(view_esc_marked, "a \x01heart"), "a heart"));
	CHECK(same(esc(view_esc_marked, "heart\x02 b"), "heart b"));
	CHECK(same(esc(view_esc_marked, "\x01" "a \x01" "b\x02 c\x02"), "a <mark>b</mark> c"));
	CHECK(same(esc(view_esc_marked, "x\x01\x02y"), "xy"));
	CHECK(same(esc(view_esc_marked, "\x02\x02\x01\x01"), ""));
	CHECK(same(escn(view_esc_marked, "a\0\x01" "b\x02", 5), "a\xEF\xBF\xBD<mark>b</mark>"));
	CHECK(same(esc(view_esc_marked, ""), ""));
	arena *small = arena_new(16);
	buf b;
	buf_init(&b, small);
	CHECK(view_esc_marked(&b, S("\x01longer than sixteen bytes\x02")) == -1);
	arena_free(small);
}

/* ---- compiled templates ---- */

static view_obj *contexts_ctx(const char *text, const char *url, const char *q)
{
	view_obj *c = view_obj_new(A), *obj = view_obj_new(A), *inner = view_obj_new(A);
	view_set_cstr(c, "text", text);
	view_set_cstr(c, "url", url);
	view_set_cstr(c, "handle", q);
	view_set_cstr(c, "q", q);
	view_set_int(c, "n", 7);
	view_set_bool(c, "flag", true);
	view_set_cstr(c, "html", "<em>ok</em>");
	view_set_cstr(inner, "leaf", "deep");
	view_set_obj(obj, "inner", inner);
	view_set_obj(c, "obj", obj);
	return c;
}

TEST(test_tmpl_contexts_plain)
{
	const char *got = render(view_t_contexts, contexts_ctx("Hi", "/f/cardiology", "ada"));
	CHECK(same(got,
		   "<p>Hi</p>\n"
		   "<a href=\"/f/cardiology\" title=\"Hi\">x</a>\n"
		   "<a href=\"/u/ada\">u</a>\n"
		   "<a href='/search?q=ada&amp;page=7'>s</a>\n"
		   "<img src=\"/f/cardiology\" alt='Hi'>\n"
		   "<form action=\"/f/cardiology\"><button formaction=\"/x/ada\">b</button></form>\n"
		   "<script type=\"application/json\" id=\"data\">{\"q\": \"ada\", \"n\": \"7\", "
		   "\"e\": \"\\\"ada\"}</script>\n"
		   "<textarea name=\"t\">Hi</textarea>\n"
		   "<p><em>ok</em></p>\n"
		   "<p>[||7|true|deep]</p>\n"
		   "<!-- a comment with {braces} -->\n"
		   "<style>p { color: red }</style>\n"
		   "<script>var ok = 1 < 2;</script>\n"
		   "<p>Hi</p>\n"));
}

TEST(test_tmpl_contexts_xss)
{
	const char *got = render(view_t_contexts,
				 contexts_ctx("\"><img src=x onerror=alert(1)>", " JaVaScRiPt:alert(1)",
					      "</script><script>alert(1)</script>' x"));
	CHECK(same(got,
		   "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>\n"
		   "<a href=\"#\" title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">x</a>\n"
		   "<a href=\"/u/%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%20x\">u</a>\n"
		   "<a href='/search?q=%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%20x"
		   "&amp;page=7'>s</a>\n"
		   "<img src=\"#\" alt='&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'>\n"
		   "<form action=\"#\"><button formaction=\"/x/"
		   "%3C%2Fscript%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%27%20x\">b</button></form>\n"
		   "<script type=\"application/json\" id=\"data\">{\"q\": \"\\u003c/script\\u003e"
		   "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u0027 x\", \"n\": \"7\", "
		   "\"e\": \"\\\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"
		   "\\u0027 x\"}</script>\n"
		   "<textarea name=\"t\">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>\n"
		   "<p><em>ok</em></p>\n"
		   "<p>[||7|true|deep]</p>\n"
		   "<!-- a comment with {braces} -->\n"
		   "<style>p { color: red }</style>\n"
		   "<script>var ok = 1 < 2;</script>\n"
		   "<p>&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>\n"));
	view_obj *c = contexts_ctx("x", "data:text/html,<script>alert(1)</script>", "q");
	got = render(view_t_contexts, c);
	CHECK(got && strstr(got, "<a href=\"#\" title=\"x\">") && !strstr(got, "data:"));
	view_set_cstr(c, "url", "//evil.example");
	got = render(view_t_contexts, c);
	CHECK(got && strstr(got, "<img src=\"#\"") && !strstr(got, "evil"));
}

/* Renders t_if with a, b, c set to the given truths and role/n. */
static const char *if_case(bool a, bool b, bool c, const char *role, int64_t n)
{
	view_obj *o = view_obj_new(A);
	view_set_bool(o, "a", a);
	view_set_int(o, "b", b);
	view_set_cstr(o, "c", c ? "yes" : "");
	if (role)
		view_set_cstr(o, "role", role);
	view_set_int(o, "n", n);
	view_list *items = view_list_new(A);
	view_list_push_str(items, S("i"));
	view_set_list(o, "items", items);
	view_set_obj(o, "obj", view_obj_new(A));
	view_set_list(o, "empty", view_list_new(A));
	return render(view_t_if, o);
}

TEST(test_tmpl_if)
{
	CHECK(same(if_case(true, true, true, "admin", 7),
		   "A\n[1][2][]\n[admin][seven][]\n[items][obj][][]\n"));
	CHECK(same(if_case(false, true, false, "user", 8),
		   "B\n[][][]\n[user][][not7]\n[items][obj][][]\n"));
	CHECK(same(if_case(false, false, true, "editor", 7),
		   "C\n[1][][3]\n[other][seven][]\n[items][obj][][]\n"));
	CHECK(same(if_case(false, false, false, NULL, 0),
		   "N\n[][][3]\n[other][][not7]\n[items][obj][][]\n"));
	/* `and` binds tighter than `or`: a or (b and c), (a and b) or c. */
	CHECK(same(if_case(true, false, false, "user", 0),
		   "A\n[][2][]\n[user][][not7]\n[items][obj][][]\n"));
	CHECK(same(if_case(false, true, true, "user", 0),
		   "B\n[1][2][]\n[user][][not7]\n[items][obj][][]\n"));
}

static view_obj *member(const char *name, const char *handle, const char *tag1, const char *tag2)
{
	view_obj *m = view_obj_new(A);
	view_set_cstr(m, "name", name);
	view_set_cstr(m, "handle", handle);
	view_list *tags = view_list_new(A);
	if (tag1)
		view_list_push_str(tags, str_c(tag1));
	if (tag2)
		view_list_push_str(tags, str_c(tag2));
	view_set_list(m, "tags", tags);
	return m;
}

TEST(test_tmpl_for)
{
	view_obj *c = view_obj_new(A);
	view_list *ms = view_list_new(A), *words = view_list_new(A);
	view_list_push_obj(ms, member("Ada", "ada", "gp", "rural"));
	view_list_push_obj(ms, member("<Bob>", "bob", NULL, NULL));
	view_list_push_obj(ms, member("Cy", "cy", "icu", NULL));
	view_set_list(c, "members", ms);
	view_list_push_str(words, S("one"));
	view_list_push_str(words, S("two"));
	view_list_push_str(words, S("<three>"));
	view_set_list(c, "words", words);
	view_set_cstr(c, "m", "shadowed by the loop variable");
	CHECK(same(render(view_t_for, c),
		   "<ul>\n"
		   "<li class=\"first\">1. Ada (@ada #gp/1 #rural/2; 1)</li>\n"
		   "<li class=\"\">2. &lt;Bob&gt; (@bob; 2)</li>\n"
		   "<li class=\" last\">3. Cy (@cy #icu/1; 3)</li>\n"
		   "</ul>\n"
		   "one, two, &lt;three&gt;\n"
		   "empty\n"));
	view_obj *e = view_obj_new(A);
	view_set_list(e, "members", view_list_new(A));
	view_set_cstr(e, "words", "not a list");
	CHECK(same(render(view_t_for, e), "<ul>\n<li>none</li>\n</ul>\n\nempty\n"));
	CHECK(same(render(view_t_for, view_obj_new(A)), "<ul>\n<li>none</li>\n</ul>\n\nempty\n"));
	/* The partial alone: no loop in scope. */
	CHECK(same(render(view_t__row, view_obj_new(A)), " (@; )"));
}

/* Keys of every length up to 24 are found only by their own bytes: one
 * byte changed anywhere, at any length, is another key. */
TEST(test_key_bytes)
{
	static char keys[24][25], other[25];
	view_obj *o = view_obj_new(A);
	for (int n = 1; n <= 24; n++) {
		for (int i = 0; i < n; i++)
			keys[n - 1][i] = (char)('a' + (n + i) % 26);
		CHECK(view_set_int(o, keys[n - 1], n) == 0);
	}
	int found = 0, wrong = 0;
	for (int n = 1; n <= 24; n++) {
		found += view_get(o, keys[n - 1])->kind == VIEW_INT && view_get(o, keys[n - 1])->u.i == n;
		for (int i = 0; i < n; i++) {
			memcpy(other, keys[n - 1], sizeof other);
			other[i] = 'Z';
			wrong += view_get(o, other)->kind != VIEW_NULL;
		}
	}
	CHECK(found == 24 && wrong == 0);
}

/* A loop variable hides an outer one of its name, and ctx's, only inside
 * its body: its own list and its else branch see the outer one. */
TEST(test_tmpl_shadow)
{
	view_obj *c = view_obj_new(A), *a = view_obj_new(A), *b = view_obj_new(A);
	view_list *outer = view_list_new(A), *kids = view_list_new(A);
	view_list_push_str(kids, S("1"));
	view_list_push_str(kids, S("<2>"));
	view_set_cstr(a, "name", "A");
	view_set_list(a, "kids", kids);
	view_set_cstr(b, "name", "B");
	view_list_push_obj(outer, a);
	view_list_push_obj(outer, b);
	view_set_list(c, "outer", outer);
	view_set_cstr(c, "x", "ctx's x");
	CHECK(same(render(view_t_shadow, c), "[A:1&lt;2&gt;|A!][B:|B]\nctx&#39;s x\n"));
}

TEST(test_tmpl_layout)
{
	view_obj *c = view_obj_new(A);
	view_set_cstr(c, "title", "A&B");
	view_set_cstr(c, "text", "<i>");
	CHECK(same(render(view_t_page, c),
		   "<title>A&amp;B</title>\n<main>\n<h1>A&amp;B</h1>\n</main>\n"));
	CHECK(same(render(view_t_inner, c), "<title>A&amp;B</title>\n<main>\n<div class=\"mid\">\n"
					    "<p>&lt;i&gt;</p>\n</div>\n</main>\n"));
	/* A layout rendered alone has no content. */
	CHECK(same(render(view_t_base, c), "<title>A&amp;B</title>\n<main>\n</main>\n"));
}

TEST(test_tmpl_trim_and_attrs)
{
	view_obj *c = view_obj_new(A);
	view_list *words = view_list_new(A);
	view_list_push_str(words, S("a"));
	view_list_push_str(words, S("b"));
	view_set_list(c, "words", words);
	CHECK(same(render(view_t_trim, c), "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n"));
	view_set_cstr(c, "u", "javascript:alert(1)");
	view_set_cstr(c, "q", "?x=1");
	view_set_bool(c, "on", true);
	view_set_bool(c, "p", true);
	CHECK(same(render(view_t_attrs, c),
		   "<a href=\"#\">1</a>\n"
		   "<a href=\"/p/javascript%3Aalert%281%29\">2</a>\n"
		   "<input type=\"checkbox\" name=\"c\" checked>\n"
		   "<a href=\"#%3Fx%3D1\">3</a>\n"
		   "<a class=\"a b \">4</a>\n"));
	view_set_cstr(c, "u", "https://x.example/");
	view_set_bool(c, "on", false);
	view_set_bool(c, "p", false);
	view_set_list(c, "words", view_list_new(A));
	CHECK(same(render(view_t_attrs, c),
		   "<a href=\"https://x.example/\">1</a>\n"
		   "<a href=\"https%3A%2F%2Fx.example%2F\">2</a>\n"
		   "<input type=\"checkbox\" name=\"c\">\n"
		   "<a href=\"https://x.example/%3Fx%3D1\">3</a>\n"
		   "<a class=\"\">4</a>\n"));
	view_set(c, "u", (view_val){.kind = VIEW_NULL});
	CHECK(got_prefix(render(view_t_attrs, c), "<a href=\"/default\">1</a>\n"));
}

/* The fields of the realistic page's form, and their errors. */
static void form_fields(view_obj *c)
{
	view_list *fields = view_list_new(A), *errors = view_list_new(A);
	view_obj *t = view_obj_new(A), *b = view_obj_new(A), *e = view_obj_new(A);
	view_set_cstr(t, "name", "title");
	view_set_cstr(t, "label", "Title");
	view_set_cstr(t, "type", "text");
	view_set_cstr(t, "value", "\"><script>alert(1)</script>");
	view_set_int(t, "max", 200);
	view_set_bool(t, "required", true);
	view_set_cstr(b, "name", "body");
	view_set_cstr(b, "label", "Body");
	view_set_bool(b, "multiline", true);
	view_set_cstr(b, "value", "</textarea><script>alert(1)</script>");
	view_set_cstr(b, "error", "Too short");
	view_list_push_obj(fields, t);
	view_list_push_obj(fields, b);
	view_set_list(c, "fields", fields);
	view_set_int(c, "fields_count", 2);
	view_set_cstr(e, "field", "body");
	view_set_cstr(e, "message", "Body: too short");
	view_list_push_obj(errors, e);
	view_set_list(c, "errors", errors);
	view_set_int(c, "errors_count", 1);
	view_set_bool(c, "errors_one", true);
}

/* The realistic page: the t_site layout, a loop of included fields, a
 * select, a checkbox and a JSON island. */
static view_obj *form_ctx(void)
{
	view_obj *c = view_obj_new(A), *reader = view_obj_new(A), *forum = view_obj_new(A);
	view_set_cstr(c, "title", "New topic");
	view_set_cstr(c, "path", "/f/cardiology/new?x=1");
	view_set_cstr(c, "csrf", "tok\"en");
	view_set_cstr(reader, "name", "Dr <Ada>");
	view_set_obj(c, "reader", reader);
	view_set_cstr(forum, "slug", "cardio logy");
	view_set_obj(c, "forum", forum);
	view_list *nav = view_list_new(A), *sections = view_list_new(A);
	const char *items[][2] = {{"/forums", "Forums"}, {"/members", "Members"}};
	for (int i = 0; i < 2; i++) {
		view_obj *it = view_obj_new(A);
		view_set_cstr(it, "url", items[i][0]);
		view_set_cstr(it, "label", items[i][1]);
		view_set_bool(it, "current", i == 0);
		view_list_push_obj(nav, it);
	}
	view_set_list(c, "nav", nav);
	form_fields(c);
	view_obj *s1 = view_obj_new(A), *s2 = view_obj_new(A);
	view_set_cstr(s1, "value", "open_clinical");
	view_set_cstr(s1, "label", "Open clinical");
	view_set_cstr(s2, "value", "off_duty");
	view_set_cstr(s2, "label", "Off duty");
	view_set_bool(s2, "selected", true);
	view_list_push_obj(sections, s1);
	view_list_push_obj(sections, s2);
	view_set_list(c, "sections", sections);
	view_set_cstr(c, "draft", "line1\n</script>");
	return c;
}

TEST(test_tmpl_realistic_page)
{
	const char *got = render(view_t_form, form_ctx());
	CHECK(got != NULL);
	if (!got)
		return;
	if (getenv("DUMP"))
		fputs(got, stdout);
	static const char *const want[] = {
	    "<!doctype html>\n<html lang=\"en\">\n",
	    "<title>New topic · Rounds</title>\n",
	    "      <li><a href=\"/forums\" aria-current=\"page\">Forums</a></li>\n"
	    "      <li><a href=\"/members\">Members</a></li>\n    </ul>\n",
	    "<input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\"><button>Sign out Dr "
	    "&lt;Ada&gt;</button></form>\n</header>\n<main id=\"main\">\n<h1>New topic</h1>\n",
	    "  <p>Please correct 1 field:</p>\n",
	    "    <li><a href=\"#f-body\">Body: too short</a></li>\n",
	    "<form method=\"post\" action=\"/f/cardio%20logy/new\" novalidate>\n",
	    "<div class=\"field\">\n  <label for=\"f-title\">Title</label>\n"
	    "  <input id=\"f-title\" name=\"title\" type=\"text\" "
	    "value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\" maxlength=\"200\" required>\n"
	    "  \n" /* the {% if f.error %} line is not a lone tag, so it stays */
	    "  <p class=\"hint\">Field 1 of 2</p>\n</div>\n",
	    "<div class=\"field has-error\">\n",
	    "  <textarea id=\"f-body\" name=\"body\" rows=\"8\">&lt;/textarea&gt;&lt;script&gt;"
	    "alert(1)&lt;/script&gt;</textarea>\n",
	    "  <p class=\"error\" id=\"f-body-error\">Too short</p>\n  <p class=\"hint\">Field 2 of "
	    "2</p>\n",
	    "    <option value=\"open_clinical\">Open clinical</option>\n"
	    "    <option value=\"off_duty\" selected>Off duty</option>\n",
	    "<input type=\"checkbox\" name=\"confirm\"> No patient",
	    "{\"forum\": \"cardio logy\", \"draft\": \"line1\\n\\u003c/script\\u003e\"}</script>\n"
	    "</main>\n<footer>",
	};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		bool ok = strstr(got, want[i]) != NULL;
		if (!ok)
			fprintf(stderr, "  missing: [%s]\n", want[i]);
		CHECK(ok);
	}
	CHECK(strstr(got, "<script>alert") == NULL);
	CHECK(strstr(got, "</textarea><script>") == NULL);
	/* Signed out: the other branch, with the path as a URL component. */
	view_obj *c = form_ctx();
	view_set(c, "reader", (view_val){.kind = VIEW_NULL});
	got = render(view_t_form, c);
	CHECK(got && strstr(got, "<a href=\"/signin?next=%2Ff%2Fcardiology%2Fnew%3Fx%3D1\">Sign in</a>"));
}

TEST(test_tmpl_buffer_failure)
{
	arena *small = arena_new(300);
	buf b;
	buf_init(&b, small);
	CHECK(view_t_form(&b, form_ctx()) == -1);
	CHECK(b.err != 0);
	arena_free(small);
	/* A NULL context renders as if everything were missing. */
	CHECK(same(render(view_t_page, NULL), "<title></title>\n<main>\n<h1></h1>\n</main>\n"));
}

int main(void)
{
	A = arena_new(64u << 20);
	if (!A)
		return 1;
	RUN(test_set_get);
	RUN(test_replace_and_grow);
	RUN(test_arena_exhaustion);
	RUN(test_truthy);
	RUN(test_eq_str);
	RUN(test_emit);
	RUN(test_lookup_scopes);
	RUN(test_lookup_hints);
	RUN(test_set_many_keys);
	RUN(test_esc_html);
	RUN(test_esc_attr);
	RUN(test_esc_url_refused);
	RUN(test_esc_url_allowed);
	RUN(test_esc_urlc);
	RUN(test_esc_json);
	RUN(test_esc_buffer_failure);
	RUN(test_esc_marked);
	RUN(test_tmpl_contexts_plain);
	RUN(test_tmpl_contexts_xss);
	RUN(test_tmpl_if);
	RUN(test_tmpl_for);
	RUN(test_tmpl_shadow);
	RUN(test_key_bytes);
	RUN(test_tmpl_layout);
	RUN(test_tmpl_trim_and_attrs);
	RUN(test_tmpl_realistic_page);
	RUN(test_tmpl_buffer_failure);
	arena_free(A);
	return unit_summary();
}
