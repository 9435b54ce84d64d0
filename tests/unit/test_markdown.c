/* test_markdown.c: the Markdown renderer: the dialect (paragraphs and
 * line breaks, emphasis, code, lists, tables, strikethrough, task lists,
 * autolinks), raw HTML dropped, links held to http, https, mailto and
 * relative URLs however the scheme is disguised, attribute escaping,
 * images turned into links or text, the size limit, bad UTF-8, deep
 * nesting, the guard on tables, renders from many threads at once, the
 * arena running out; @mentions made links, where and where not, and their
 * cost; and the plain text, its folding and its cut. */
#include "unit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "text/markdown.h"

/* markdown_html() of src gives exactly `want`. */
static bool html_is(str src, const char *want)
{
	arena *a = arena_new(64u << 20);
	str out = {"unset", 5};
	int rc = a ? markdown_html(a, src, &out) : -9;
	bool ok = rc == 0 && str_eqc(out, want);
	if (!ok)
		fprintf(stderr, "  markdown_html(\"%.*s\")\n    got  [%d] \"%.*s\"\n    want \"%s\"\n", (int)src.n, src.p,
			rc, (int)out.n, out.p ? out.p : "", want);
	arena_free(a);
	return ok;
}

/* markdown_text() of src, cut to max, gives exactly `want`. */
static bool text_is(str src, size_t max, const char *want)
{
	arena *a = arena_new(64u << 20);
	str out = {"unset", 5};
	int rc = a ? markdown_text(a, src, max, &out) : -9;
	bool ok = rc == 0 && str_eqc(out, want) && out.p[out.n] == '\0' && out.n <= max;
	if (!ok)
		fprintf(stderr, "  markdown_text(\"%.*s\", %zu)\n    got  [%d] \"%.*s\"\n    want \"%s\"\n", (int)src.n,
			src.p, max, rc, (int)out.n, out.p ? out.p : "", want);
	arena_free(a);
	return ok;
}

/* markdown_html_mentions() of src with the n `handles` gives exactly
 * `want`. */
static bool mentions_is(str src, const str *handles, int n, const char *want)
{
	arena *a = arena_new(64u << 20);
	str out = {"unset", 5};
	int rc = a ? markdown_html_mentions(a, src, handles, n, &out) : -9;
	bool ok = rc == 0 && str_eqc(out, want) && out.p[out.n] == '\0';
	if (!ok)
		fprintf(stderr, "  markdown_html_mentions(\"%.*s\", %d)\n    got  [%d] \"%.*s\"\n    want \"%s\"\n",
			(int)src.n, src.p, n, rc, (int)out.n, out.p ? out.p : "", want);
	arena_free(a);
	return ok;
}

#define HTML(src, want) CHECK(html_is(S(src), (want)))
#define TEXT(src, max, want) CHECK(text_is(S(src), (max), (want)))

TEST(paragraphs_and_breaks)
{
	HTML("", "");
	HTML(" \n\t\n", "");
	HTML("Hello, world.", "<p>Hello, world.</p>\n");
	HTML("one\n\ntwo", "<p>one</p>\n<p>two</p>\n");
	/* A line break typed is a line break shown (CMARK_OPT_HARDBREAKS). */
	HTML("take 5 mg\nthen 10 mg", "<p>take 5 mg<br />\nthen 10 mg</p>\n");
	HTML("# Title\n\n## Sub", "<h1>Title</h1>\n<h2>Sub</h2>\n");
	HTML("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
	HTML("a &amp; b &lt; c & d < e", "<p>a &amp; b &lt; c &amp; d &lt; e</p>\n");
	HTML("---", "<hr />\n");
}

TEST(emphasis_and_code)
{
	HTML("*a* **b** _c_ __d__", "<p><em>a</em> <strong>b</strong> <em>c</em> <strong>d</strong></p>\n");
	HTML("`<script>`", "<p><code>&lt;script&gt;</code></p>\n");
	HTML("``a ` b``", "<p><code>a ` b</code></p>\n");
	HTML("```c\n<script>alert(1)</script>\n```",
	     "<pre><code class=\"language-c\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n");
	HTML("    indented <b>\n", "<pre><code>indented &lt;b&gt;\n</code></pre>\n");
	/* The info string lands in an attribute: escaped there. */
	HTML("```\"><script>x\nA\n```", "<pre><code class=\"language-&quot;&gt;&lt;script&gt;x\">A\n</code></pre>\n");
}

TEST(lists)
{
	HTML("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
	HTML("1. x\n2. y", "<ol>\n<li>x</li>\n<li>y</li>\n</ol>\n");
	HTML("3. x\n4. y", "<ol start=\"3\">\n<li>x</li>\n<li>y</li>\n</ol>\n");
	HTML("- a\n  - b", "<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ul>\n");
}

TEST(tables)
{
	HTML("| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 |",
	     "<table>\n<thead>\n<tr>\n<th>a</th>\n<th align=\"center\">b</th>\n</tr>\n</thead>\n<tbody>\n"
	     "<tr>\n<td>1</td>\n<td align=\"center\">2</td>\n</tr>\n"
	     "<tr>\n<td>3</td>\n<td align=\"center\"></td>\n</tr>\n</tbody>\n</table>\n");
	/* Cells hold inlines, and links in them are judged as anywhere. */
	HTML("|x|\n|-|\n|[a *b*](javascript:x) [c](/c)|",
	     "<table>\n<thead>\n<tr>\n<th>x</th>\n</tr>\n</thead>\n<tbody>\n"
	     "<tr>\n<td>a <em>b</em> <a rel=\"nofollow ugc noopener\" href=\"/c\">c</a></td>\n</tr>\n</tbody>\n</table>\n");
	/* A blank line ends a table. */
	HTML("|a|\n|-|\n\nafter", "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n</table>\n<p>after</p>\n");
}

TEST(strikethrough_and_tasklists)
{
	HTML("~~gone~~ ~one~", "<p><del>gone</del> <del>one</del></p>\n");
	HTML("- [ ] to do\n- [x] done",
	     "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> to do</li>\n"
	     "<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>\n");
}

TEST(autolinks)
{
	HTML("see www.example.org now", "<p>see <a rel=\"nofollow ugc noopener\" href=\"http://www.example.org\">www.example.org</a> now</p>\n");
	HTML("https://example.com/a?b=1&c=2",
	     "<p><a rel=\"nofollow ugc noopener\" href=\"https://example.com/a?b=1&amp;c=2\">https://example.com/a?b=1&amp;c=2</a></p>\n");
	HTML("write to ann@example.org", "<p>write to <a rel=\"nofollow ugc noopener\" href=\"mailto:ann@example.org\">ann@example.org</a></p>\n");
	HTML("<https://ok.org>", "<p><a rel=\"nofollow ugc noopener\" href=\"https://ok.org\">https://ok.org</a></p>\n");
	/* An autolink with another scheme is a link to refuse, like any. */
	HTML("<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n");
	HTML("<ftp://host/f>", "<p>ftp://host/f</p>\n");
	HTML("www.a.org/\"x", "<p><a rel=\"nofollow ugc noopener\" href=\"http://www.a.org/%22x\">www.a.org/&quot;x</a></p>\n");
}

TEST(raw_html_dropped)
{
	HTML("<script>alert(1)</script>", "<!-- raw HTML omitted -->\n");
	HTML("x <img src=x onerror=alert(1)> y", "<p>x <!-- raw HTML omitted --> y</p>\n");
	HTML("<a href=\"javascript:alert(1)\">x</a>", "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n");
	HTML("<div onclick=\"x()\">\n\n*a*\n\n</div>", "<!-- raw HTML omitted -->\n<p><em>a</em></p>\n<!-- raw HTML omitted -->\n");
	HTML("<iframe src=//evil>", "<!-- raw HTML omitted -->\n");
}

TEST(unsafe_links_unlinked)
{
	HTML("[a](javascript:alert(1))", "<p>a</p>\n");
	HTML("[a *b*](JAVASCRIPT:alert(1)) after", "<p>a <em>b</em> after</p>\n");
	HTML("[a](vbscript:msgbox)", "<p>a</p>\n");
	HTML("[a](data:text/html;base64,PHNjcmlwdD4=)", "<p>a</p>\n");
	HTML("[a](file:///etc/passwd)", "<p>a</p>\n");
	HTML("[a](ftp://host/f) [b](xmpp:a@b.c) [c](a:b/c)", "<p>a b c</p>\n");
	/* Disguises: cmark decodes entities first, and a scheme with a
	 * character no scheme has (browsers drop tabs and newlines, and leading
	 * blanks) is refused, not read as a relative path. */
	HTML("[a](javascript&#58;alert(1))", "<p>a</p>\n");
	HTML("[a](javascript&#x3A;alert(1))", "<p>a</p>\n");
	HTML("[a](javascript&colon;alert(1))", "<p>a</p>\n");
	HTML("[a](<java\tscript:alert(1)>)", "<p>a</p>\n");
	HTML("[a](java&#9;script:alert(1))", "<p>a</p>\n");
	HTML("[a](java&#10;script:alert(1))", "<p>a</p>\n");
	HTML("[a](< javascript:alert(1)>)", "<p>a</p>\n");
	HTML("[a](&#1;javascript:alert(1))", "<p>a</p>\n");
	HTML("[a](:x)", "<p>a</p>\n");
	/* By reference, the same. */
	HTML("[a][r] and [b]\n\n[r]: javascript:alert(1)\n[b]: /ok", "<p>a and <a rel=\"nofollow ugc noopener\" href=\"/ok\">b</a></p>\n");
	/* An unsafe link that was its paragraph's last child. */
	HTML("x [](javascript:x)", "<p>x </p>\n");
	/* Percent-encoding is no scheme: the browser reads a relative path. */
	HTML("[a](javascript%3Aalert(1))", "<p><a rel=\"nofollow ugc noopener\" href=\"javascript%3Aalert(1)\">a</a></p>\n");
}

TEST(safe_links_kept)
{
	HTML("[a](http://x.org) [b](https://x.org/p?q=1#f) [c](mailto:a@b.org)",
	     "<p><a rel=\"nofollow ugc noopener\" href=\"http://x.org\">a</a> <a rel=\"nofollow ugc noopener\" href=\"https://x.org/p?q=1#f\">b</a> "
	     "<a rel=\"nofollow ugc noopener\" href=\"mailto:a@b.org\">c</a></p>\n");
	HTML("[a](HTTPS://X.ORG) [b](MailTo:a@b)", "<p><a rel=\"nofollow ugc noopener\" href=\"HTTPS://X.ORG\">a</a> <a rel=\"nofollow ugc noopener\" href=\"MailTo:a@b\">b</a></p>\n");
	HTML("[a](/relative) [b](#anchor) [c](?q=a:b) [d](a/b:c) [e](page.html) [f](//host/p)",
	     "<p><a rel=\"nofollow ugc noopener\" href=\"/relative\">a</a> <a rel=\"nofollow ugc noopener\" href=\"#anchor\">b</a> <a rel=\"nofollow ugc noopener\" href=\"?q=a:b\">c</a> "
	     "<a rel=\"nofollow ugc noopener\" href=\"a/b:c\">d</a> <a rel=\"nofollow ugc noopener\" href=\"page.html\">e</a> <a rel=\"nofollow ugc noopener\" href=\"//host/p\">f</a></p>\n");
	HTML("[a](https://x.org \"the title\")", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org\" title=\"the title\">a</a></p>\n");
	HTML("[a]()", "<p><a rel=\"nofollow ugc noopener\" href=\"\">a</a></p>\n");
}

TEST(attribute_escaping)
{
	HTML("[q](http://x.org/\"onmouseover=\"x)", "<p><a rel=\"nofollow ugc noopener\" href=\"http://x.org/%22onmouseover=%22x\">q</a></p>\n");
	HTML("[q](<http://x.org/\"a b'>)", "<p><a rel=\"nofollow ugc noopener\" href=\"http://x.org/%22a%20b&#x27;\">q</a></p>\n");
	HTML("[q](http://x.org \"a\\\"b<c>\")", "<p><a rel=\"nofollow ugc noopener\" href=\"http://x.org\" title=\"a&quot;b&lt;c&gt;\">q</a></p>\n");
	HTML("[q](http://a.org?x=<>&y=1)", "<p><a rel=\"nofollow ugc noopener\" href=\"http://a.org?x=%3C%3E&amp;y=1\">q</a></p>\n");
}

TEST(images)
{
	HTML("![an x-ray](https://x.org/i.png)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org/i.png\">an x-ray</a></p>\n");
	HTML("![alt *t*](/i.png \"title\")", "<p><a rel=\"nofollow ugc noopener\" href=\"/i.png\" title=\"title\">alt <em>t</em></a></p>\n");
	HTML("![alt](javascript:alert(1))", "<p>alt</p>\n");
	HTML("![alt](data:image/png;base64,iVBOR)", "<p>alt</p>\n");
	/* No alt text: the URL is the text, when it is safe. */
	HTML("![](https://x.org/i.png)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org/i.png\">https://x.org/i.png</a></p>\n");
	HTML("a ![](javascript:alert(1)) b", "<p>a  b</p>\n");
	HTML("![alt]()", "<p>alt</p>\n");
	/* Inside a link: its text, as links do not nest. */
	HTML("[![badge](https://img/b.png)](https://site)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://site\">badge</a></p>\n");
	HTML("[![](https://img/b.png)](https://site)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://site\">https://img/b.png</a></p>\n");
	/* A link refused around an image: the image is judged on its own. */
	HTML("[![b](https://img/b.png)](javascript:x)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://img/b.png\">b</a></p>\n");
	/* An image inside an image's alt text. */
	HTML("![a ![b](/in.png) c](/out.png)", "<p><a rel=\"nofollow ugc noopener\" href=\"/out.png\">a b c</a></p>\n");
	HTML("![x][r]\n\n[r]: https://x.org/r.png", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org/r.png\">x</a></p>\n");
}

TEST(size_limit)
{
	char *big = malloc(MARKDOWN_MAX + 1);
	CHECK(big != NULL);
	if (!big)
		return;
	memset(big, 'a', MARKDOWN_MAX + 1);
	arena *a = arena_new(8u << 20);
	str out = {"unset", 5};
	CHECK(markdown_html(a, (str){big, MARKDOWN_MAX + 1}, &out) == -1 && out.p == NULL && out.n == 0);
	out = (str){"unset", 5};
	CHECK(markdown_text(a, (str){big, MARKDOWN_MAX + 1}, 100, &out) == -1 && out.p == NULL && out.n == 0);
	CHECK(markdown_html(a, (str){big, MARKDOWN_MAX}, &out) == 0 && out.n == MARKDOWN_MAX + 8);
	CHECK(markdown_text(a, (str){big, MARKDOWN_MAX}, 10, &out) == 0 && str_eqc(out, "aaaaaaa\xe2\x80\xa6"));
	arena_free(a);
	free(big);
}

TEST(bad_utf8_and_nul)
{
	/* Each bad sequence is one U+FFFD (a surrogate's three bytes, an
	 * overlong form's two); so is a NUL. */
	HTML("a\xff" "b\xc3 c", "<p>a\xef\xbf\xbd" "b\xef\xbf\xbd c</p>\n");
	HTML("a\0b", "<p>a\xef\xbf\xbd" "b</p>\n");
	HTML("\xed\xa0\x80 \xc0\xaf", "<p>\xef\xbf\xbd \xef\xbf\xbd</p>\n");
	HTML("[a](http://x/\xff)", "<p><a rel=\"nofollow ugc noopener\" href=\"http://x/%EF%BF%BD\">a</a></p>\n");
	TEXT("a\xff" "b", 100, "a\xef\xbf\xbd" "b");
}

/* n copies of `unit`, then `tail`, rendered both ways: 0 both times.
 * With `want_prefix`, the HTML starts with it. */
static void deep(const char *unit, size_t n, const char *tail, const char *want_prefix)
{
	size_t u = strlen(unit), t = strlen(tail);
	char *src = malloc(u * n + t);
	arena *a = arena_new(64u << 20);
	CHECK(src != NULL && a != NULL);
	if (!src || !a) {
		free(src);
		arena_free(a);
		return;
	}
	for (size_t i = 0; i < n; i++)
		memcpy(src + i * u, unit, u);
	memcpy(src + u * n, tail, t);
	str in = {src, u * n + t}, out;
	int rc = markdown_html(a, in, &out);
	CHECK(rc == 0);
	if (rc == 0 && want_prefix)
		CHECK(out.n >= strlen(want_prefix) && memcmp(out.p, want_prefix, strlen(want_prefix)) == 0);
	CHECK(markdown_text(a, in, 64, &out) == 0);
	free(src);
	arena_free(a);
}

TEST(deep_nesting)
{
	deep(">", 50000, "", "<blockquote>\n<blockquote>\n");
	deep("> ", 50000, "a", "<blockquote>\n<blockquote>\n");
	deep("[", 50000, "", "<p>[[[[");
	deep("[", 50000, "a](/x)", "<p>[[[[");
	deep("- ", 50000, "a", "<ul>\n<li>\n<ul>\n");
	deep("1. ", 50000, "a", "<ol>\n<li>\n<ol>\n");
	deep("*a **a ", 18000, "b", "<p>");
	deep("_a __a ", 18000, "b", "<p>");
	deep("~~a ~~b ", 16000, "c", "<p>");
	deep("![", 50000, "a", "<p>![![");
	deep("[![", 20000, "a", "<p>");

	/* The plain text of deep inline nesting is all of its text. */
	char *src = malloc(4 * 20000 + 1);
	CHECK(src != NULL);
	if (!src)
		return;
	size_t n = 0;
	for (int i = 0; i < 20000; i++)
		src[n++] = '*';
	src[n++] = 'x';
	for (int i = 0; i < 20000; i++)
		src[n++] = '*';
	CHECK(text_is((str){src, n}, 10, "x"));
	free(src);
}

/* A table of `cols` columns with `rows` rows of one cell each. */
static char *table(int cols, int rows, size_t *len)
{
	size_t cap = (size_t)cols * 4 + (size_t)rows * 2 + 4, n = 0;
	char *p = malloc(cap);
	if (!p)
		return NULL;
	for (int i = 0; i < cols; i++)
		p[n++] = 'h', p[n++] = '|';
	p[n++] = '\n';
	for (int i = 0; i < cols; i++)
		p[n++] = '-', p[n++] = '|';
	p[n++] = '\n';
	for (int i = 0; i < rows; i++)
		p[n++] = 'x', p[n++] = '\n';
	*len = n;
	return p;
}

TEST(table_guard)
{
	/* cmark-gfm pads each short row to the table's width: 3,000 columns
	 * by 3,000 rows would be 9 million cells from 18 KB.  Such a source
	 * is rendered without tables, at once. */
	arena *a = arena_new(64u << 20);
	size_t n;
	char *src = table(3000, 3000, &n);
	str out;
	CHECK(src != NULL && a != NULL);
	CHECK(src && a && markdown_html(a, (str){src, n}, &out) == 0 && !strstr(out.p, "<table>"));
	CHECK(src && a && markdown_text(a, (str){src, n}, 20, &out) == 0 && str_eqc(out, "h|h|h|h|h|h|h|h|h\xe2\x80\xa6"));
	free(src);
	/* Very wide with few rows: the writer's cost is rows * columns². */
	src = table(20000, 3, &n);
	CHECK(src && a && markdown_html(a, (str){src, n}, &out) == 0 && !strstr(out.p, "<table>"));
	free(src);
	/* A big table as people write them is still a table. */
	src = table(40, 1000, &n);
	CHECK(src && a && markdown_html(a, (str){src, n}, &out) == 0 && strstr(out.p, "<table>"));
	free(src);
	arena_free(a);
}

/* The same document rendered from several threads at once must come out
 * as it does alone: every parse writes cmark-gfm's global table of
 * special characters (for "~" and autolinks), so this fails without the
 * lock around the parse. */
#define THREADS 8
#define ROUNDS 300
static const char threaded_src[] = "~~a~~ www.example.org ~b~ https://x.org/p\n\n|h|\n|-|\n|~~c~~ www.y.org|\n";
static str threaded_want;

static void *render_many(void *arg)
{
	int *bad = arg;
	arena *a = arena_new(1u << 20);
	for (int i = 0; a && i < ROUNDS; i++) {
		str out;
		if (markdown_html(a, S(threaded_src), &out) != 0 || !str_eq(out, threaded_want))
			(*bad)++;
		if (arena_used(a) > (512u << 10)) {
			arena_free(a);
			a = arena_new(1u << 20);
		}
	}
	if (!a)
		(*bad)++;
	arena_free(a);
	return NULL;
}

TEST(threads)
{
	arena *a = arena_new(1u << 20);
	CHECK(a && markdown_html(a, S(threaded_src), &threaded_want) == 0);
	CHECK(str_eqc(threaded_want, "<p><del>a</del> <a rel=\"nofollow ugc noopener\" href=\"http://www.example.org\">www.example.org</a> <del>b</del> "
				     "<a rel=\"nofollow ugc noopener\" href=\"https://x.org/p\">https://x.org/p</a></p>\n<table>\n<thead>\n<tr>\n"
				     "<th>h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><del>c</del> "
				     "<a rel=\"nofollow ugc noopener\" href=\"http://www.y.org\">www.y.org</a></td>\n</tr>\n</tbody>\n</table>\n"));
	pthread_t t[THREADS];
	int bad[THREADS] = {0};
	int started = 0;
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, render_many, &bad[i]) == 0)
			started++;
		else
			break;
	CHECK(started == THREADS);
	int total = 0;
	for (int i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
		total += bad[i];
	}
	if (total)
		fprintf(stderr, "  %d of %d renders differed\n", total, started * ROUNDS);
	CHECK(total == 0);
	arena_free(a);
}

TEST(arena_exhausted)
{
	arena *a = arena_new(64);
	str out = {"unset", 5};
	CHECK(a && markdown_html(a, S("a paragraph long enough that its HTML passes the arena's cap of 64 bytes"), &out) == -1);
	CHECK(out.p == NULL && out.n == 0);
	CHECK(a && markdown_text(a, S("a paragraph long enough that its text passes the arena's cap of 64 bytes"), 1000,
				 &out) == -1);
	/* The text takes only what it keeps. */
	CHECK(a && markdown_text(a, S("a paragraph long enough that its text passes the arena's cap of 64 bytes"), 20,
				 &out) == 0 && str_eqc(out, "a paragraph long\xe2\x80\xa6"));
	arena_free(a);
}

/* A handle in a static table (S() is no constant), the handles most
 * mention tests link, and the link a mention becomes. */
#define H(lit) {(lit), sizeof(lit) - 1}
static const str ann_bob[] = {H("ann"), H("bob")};
#define MENTION(src, want) CHECK(mentions_is(S(src), ann_bob, 2, (want)))
#define AT(handle, text) "<a rel=\"nofollow ugc noopener\" href=\"/u/" handle "\">" text "</a>"

TEST(mentions_linked)
{
	static const str ann[] = {H("ann")};
	CHECK(mentions_is(S("hi @ann and @bob!"), ann, 1, "<p>hi " AT("ann", "@ann") " and @bob!</p>\n"));
	MENTION("@ann hello", "<p>" AT("ann", "@ann") " hello</p>\n");
	MENTION("hello @ann", "<p>hello " AT("ann", "@ann") "</p>\n");
	MENTION("@ann", "<p>" AT("ann", "@ann") "</p>\n");
	MENTION("@ann @bob", "<p>" AT("ann", "@ann") " " AT("bob", "@bob") "</p>\n");
	/* Followed by punctuation, or by any character that is no letter. */
	MENTION("@ann, @ann. @ann! @ann? @ann: @ann's @ann-x @ann/b",
		"<p>" AT("ann", "@ann") ", " AT("ann", "@ann") ". " AT("ann", "@ann") "! " AT("ann", "@ann") "? " AT("ann", "@ann")
		": " AT("ann", "@ann") "'s " AT("ann", "@ann") "-x " AT("ann", "@ann") "/b</p>\n");
	MENTION("@ann\xe2\x80\x99s @ann\xe2\x80\xa6 @ann\xf0\x9f\x91\x8d",
		"<p>" AT("ann", "@ann") "\xe2\x80\x99s " AT("ann", "@ann") "\xe2\x80\xa6 " AT("ann", "@ann") "\xf0\x9f\x91\x8d</p>\n");
	MENTION("(@ann) [@bob] \"@ann\" @bob@ann", "<p>(" AT("ann", "@ann") ") [" AT("bob", "@bob") "] &quot;" AT("ann", "@ann")
						   "&quot; " AT("bob", "@bob") "@ann</p>\n");
	/* Any case, linked to the handle, shown as written. */
	MENTION("@Ann and @BOB", "<p>" AT("ann", "@Ann") " and " AT("bob", "@BOB") "</p>\n");
	/* Not preceded by a letter, digit, '_' or '.'; any other sign is fine. */
	MENTION("x@ann 1@ann _@ann .@ann \xc3\xa9@ann", "<p>x@ann 1@ann _@ann .@ann \xc3\xa9@ann</p>\n");
	MENTION("-@ann @@ann \xe2\x80\x94@ann", "<p>-" AT("ann", "@ann") " @" AT("ann", "@ann") " \xe2\x80\x94" AT("ann", "@ann") "</p>\n");
	/* Text is judged a run at a time: an inline before counts as no letter. */
	MENTION("**Dr**@ann `x`@bob", "<p><strong>Dr</strong>" AT("ann", "@ann") " <code>x</code>" AT("bob", "@bob") "</p>\n");
	/* In emphasis, headings, lists, quotes, struck text and tables. */
	MENTION("*@ann* **@bob** ~~@ann~~", "<p><em>" AT("ann", "@ann") "</em> <strong>" AT("bob", "@bob") "</strong> <del>" AT("ann", "@ann")
					 "</del></p>\n");
	MENTION("# To @ann", "<h1>To " AT("ann", "@ann") "</h1>\n");
	MENTION("- @ann\n> @bob", "<ul>\n<li>" AT("ann", "@ann") "</li>\n</ul>\n<blockquote>\n<p>" AT("bob", "@bob") "</p>\n</blockquote>\n");
	MENTION("|@ann|\n|-|\n|@bob|", "<table>\n<thead>\n<tr>\n<th>" AT("ann", "@ann") "</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>"
				    AT("bob", "@bob") "</td>\n</tr>\n</tbody>\n</table>\n");
	MENTION("@ann\n@bob", "<p>" AT("ann", "@ann") "<br />\n" AT("bob", "@bob") "</p>\n");
	/* Text around an e-mail autolink is split into several TEXT nodes. */
	MENTION("mail ann@example.org or @ann", "<p>mail <a rel=\"nofollow ugc noopener\" href=\"mailto:ann@example.org\">ann@example.org</a> or "
			AT("ann", "@ann") "</p>\n");
	/* A refused link is its text, and so is an image's alt text outside a link. */
	MENTION("[@ann](javascript:x) ![@bob](javascript:x)", "<p>" AT("ann", "@ann") " " AT("bob", "@bob") "</p>\n");
	/* Handles of 2 and 30 bytes. */
	static const str edge[] = {H("a1"), H("abcdefghijklmnopqrstuvwxyz_123")};
	CHECK(mentions_is(S("@A1 @abcdefghijklmnopqrstuvwxyz_123"), edge, 2,
			  "<p>" AT("a1", "@A1") " " AT("abcdefghijklmnopqrstuvwxyz_123", "@abcdefghijklmnopqrstuvwxyz_123") "</p>\n"));
	/* Unsorted, and repeated, handles are fine. */
	static const str messy[] = {H("bob"), H("ann"), H("bob")};
	CHECK(mentions_is(S("@ann @bob"), messy, 3, "<p>" AT("ann", "@ann") " " AT("bob", "@bob") "</p>\n"));
}

TEST(mentions_not_linked)
{
	static const str ann[] = {H("ann")}, both[] = {H("ann"), H("annabel")};
	MENTION("@carol and @an", "<p>@carol and @an</p>\n");
	/* Only the whole word: the longest handle, or none. */
	CHECK(mentions_is(S("@annabel @ann"), both, 2, "<p>" AT("annabel", "@annabel") " " AT("ann", "@ann") "</p>\n"));
	CHECK(mentions_is(S("@annabel"), ann, 1, "<p>@annabel</p>\n"));
	MENTION("@ann_b @ann2 @ann\xc3\xa9lise", "<p>@ann_b @ann2 @ann\xc3\xa9lise</p>\n");
	/* Not in code. */
	MENTION("`@ann`", "<p><code>@ann</code></p>\n");
	MENTION("```\n@ann\n```", "<pre><code>@ann\n</code></pre>\n");
	MENTION("    @ann", "<pre><code>@ann\n</code></pre>\n");
	/* Not inside a link, nor in an image inside one, nor in an image made a link. */
	MENTION("[see @ann](https://x.org)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org\">see @ann</a></p>\n");
	MENTION("[*@ann*](/x)", "<p><a rel=\"nofollow ugc noopener\" href=\"/x\"><em>@ann</em></a></p>\n");
	MENTION("![@ann](https://x.org/i.png)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org/i.png\">@ann</a></p>\n");
	MENTION("[![@ann](https://i/b.png)](https://s)", "<p><a rel=\"nofollow ugc noopener\" href=\"https://s\">@ann</a></p>\n");
	/* E-mail addresses and URLs are links already. */
	MENTION("bob@ann.org", "<p><a rel=\"nofollow ugc noopener\" href=\"mailto:bob@ann.org\">bob@ann.org</a></p>\n");
	MENTION("https://x.org/@ann", "<p><a rel=\"nofollow ugc noopener\" href=\"https://x.org/@ann\">https://x.org/@ann</a></p>\n");
	/* Raw HTML is still dropped around a mention. */
	MENTION("<b>@ann</b>", "<p><!-- raw HTML omitted -->" AT("ann", "@ann") "<!-- raw HTML omitted --></p>\n");
	/* Handles not lower-case [a-z0-9_] never match. */
	static const str odd[] = {H("Ann"), H("a.b"), H("")};
	CHECK(mentions_is(S("@Ann @ann @a.b @"), odd, 3, "<p>@Ann @ann @a.b @</p>\n"));
}

/* How many times `needle` is in h, by memchr and memcmp (a sanitizer's
 * strstr measures the whole haystack on each call). */
static size_t count(str h, const char *needle)
{
	size_t n = strlen(needle), k = 0;
	const char *p = h.p, *e = h.p + h.n;
	for (const char *q; p && (q = memchr(p, needle[0], (size_t)(e - p))); p = q + 1)
		k += (size_t)(e - q) >= n && memcmp(q, needle, n) == 0;
	return k;
}

/* With no handles, markdown_html_mentions() is markdown_html(); and every
 * link, mentions and others, carries the rel. */
TEST(mentions_none_and_rel)
{
	static const char *const srcs[] = {"hi @ann", "[a](/b) @bob ![c](https://d/e.png)", "`@ann` *x*", "|@ann|\n|-|\n|y|", ""};
	arena *a = arena_new(1u << 20);
	for (size_t i = 0; a && i < sizeof srcs / sizeof srcs[0]; i++) {
		str plain, with = {"unset", 5};
		CHECK(markdown_html(a, str_c(srcs[i]), &plain) == 0);
		CHECK(markdown_html_mentions(a, str_c(srcs[i]), NULL, 0, &with) == 0 && str_eq(plain, with));
		CHECK(markdown_html_mentions(a, str_c(srcs[i]), ann_bob, -1, &with) == 0 && str_eq(plain, with));
	}
	str out;
	CHECK(a && markdown_html_mentions(a, S("@ann [x](/y) @bob www.z.org @ann ![i](/i.png)"), ann_bob, 2, &out) == 0);
	CHECK(a && count(out, "<a ") == 6 && count(out, "<a rel=\"nofollow ugc noopener\" href=\"") == 6);
	/* The arena running out is a failure, as for markdown_html(). */
	arena *small = arena_new(64);
	out = (str){"unset", 5};
	CHECK(small && markdown_html_mentions(small, S("@ann, a paragraph long enough to pass the arena's cap of 64 bytes"), ann_bob,
					      2, &out) == -1 && out.p == NULL);
	arena_free(small);
	arena_free(a);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* A source of `depth` copies of `open`, "x", " @ann" as often as fits in
 * MARKDOWN_MAX bytes, and `depth` copies of `close`, rendered with
 * mentions: the time, printed, and the number of mentions linked. */
static size_t mentions_timed(const char *what, const char *open, const char *close, size_t depth)
{
	size_t o = strlen(open), c = strlen(close), n = 0, links = 0;
	char *src = malloc(MARKDOWN_MAX);
	arena *a = arena_new(256u << 20);
	CHECK(src != NULL && a != NULL && depth * (o + c) + 1 < MARKDOWN_MAX);
	if (!src || !a || depth * (o + c) + 1 >= MARKDOWN_MAX) {
		free(src);
		arena_free(a);
		return 0;
	}
	for (size_t i = 0; i < depth; i++, n += o)
		memcpy(src + n, open, o);
	src[n++] = 'x';
	for (; n + 5 + depth * c <= MARKDOWN_MAX; n += 5)
		memcpy(src + n, " @ann", 5);
	for (size_t i = 0; i < depth; i++, n += c)
		memcpy(src + n, close, c);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	str out;
	int rc = markdown_html_mentions(a, (str){src, n}, ann_bob, 2, &out);
	double ms = ms_since(&t0);
	CHECK(rc == 0);
	/* Some 0.2 s under the sanitizers; a quadratic cost would be minutes. */
	CHECK(ms < 5000);
	if (rc == 0)
		links = count(out, "<a rel=\"nofollow ugc noopener\" href=\"/u/ann\">@ann</a>");
	printf("  %s: %zu bytes, %zu mentions linked, %.0f ms\n", what, n, links, ms);
	free(src);
	arena_free(a);
	return links;
}

TEST(mentions_cost)
{
	/* A whole source of mentions: every one linked, at once. */
	CHECK(mentions_timed("@ann repeated", "", "", 0) == (MARKDOWN_MAX - 1) / 5);
	/* Deep inside quotes or emphasis, where each edit would walk up tens
	 * of thousands of levels: text, at once. */
	CHECK(mentions_timed("@ann 40,000 quotes deep", ">", "", 40000) == 0);
	CHECK(mentions_timed("@ann in 40,000 stars (20,000 levels)", "**", "**", 20000) == 0);
	/* Within MENTION_DEPTH, linked. */
	CHECK(mentions_timed("@ann 60 quotes deep", ">", "", 60) == (MARKDOWN_MAX - 61) / 5);
}

TEST(plain_text)
{
	TEXT("", 100, "");
	TEXT("  \n\n ", 100, "");
	TEXT("# Title\n\nHello *world* and `<script>`.", 100, "Title Hello world and <script>.");
	TEXT("a\n\n\n  b\tc  \n", 100, "a b c");
	TEXT("line one\nline two", 100, "line one line two");
	TEXT("- a\n- [x] b\n\n1. c", 100, "a b c");
	TEXT("| a | b |\n|---|---|\n| 1 | 2 |", 100, "a b 1 2");
	TEXT("~~gone~~ &amp; <b>x</b> y", 100, "gone & x y");
	TEXT("[link](http://x.org) ![alt](/i.png) ![](https://i.org/x.png) ![](javascript:x) [js](javascript:x)", 100,
	     "link alt https://i.org/x.png js");
	TEXT("```\ncode  block\n```\n> quote", 100, "code block quote");
	TEXT("<script>alert(1)</script>", 100, "");
}

TEST(plain_text_cut)
{
	/* Short enough: as it is, even at exactly max. */
	TEXT("hello world", 11, "hello world");
	/* Cut back to the last space within 20 bytes, then "…". */
	TEXT("hello world foo", 12, "hello\xe2\x80\xa6");
	TEXT("hello world foo", 14, "hello world\xe2\x80\xa6");
	/* No space near: cut mid-word. */
	TEXT("abcdefghijklmnopqrstuvwxyz0123456789 x", 30, "abcdefghijklmnopqrstuvwxyz0\xe2\x80\xa6");
	/* Never inside a character: é is 2 bytes, € 3. */
	TEXT("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	TEXT("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 9, "\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	TEXT("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 8, "\xe2\x82\xac\xe2\x80\xa6");
	TEXT("\xf0\x9f\xa9\xba\xf0\x9f\xa9\xba", 7, "\xf0\x9f\xa9\xba\xe2\x80\xa6");
	TEXT("\xf0\x9f\xa9\xba\xf0\x9f\xa9\xba", 6, "\xe2\x80\xa6");
	/* The cut happens after folding: the spaces cost one byte each. */
	TEXT("a\n\n\nb\n\n\nc\n\n\nd e f", 8, "a b c\xe2\x80\xa6");
	/* Too small for "…". */
	TEXT("abc def", 0, "");
	TEXT("abc def", 2, "ab");
	TEXT("abc def", 3, "\xe2\x80\xa6");
	TEXT("\xc3\xa9\xc3\xa9", 3, "\xe2\x80\xa6");
	TEXT("a b", SIZE_MAX, "a b");
}

int main(void)
{
	RUN(paragraphs_and_breaks);
	RUN(emphasis_and_code);
	RUN(lists);
	RUN(tables);
	RUN(strikethrough_and_tasklists);
	RUN(autolinks);
	RUN(raw_html_dropped);
	RUN(unsafe_links_unlinked);
	RUN(safe_links_kept);
	RUN(attribute_escaping);
	RUN(images);
	RUN(size_limit);
	RUN(bad_utf8_and_nul);
	RUN(deep_nesting);
	RUN(table_guard);
	RUN(threads);
	RUN(arena_exhausted);
	RUN(mentions_linked);
	RUN(mentions_not_linked);
	RUN(mentions_none_and_rel);
	RUN(mentions_cost);
	RUN(plain_text);
	RUN(plain_text_cut);
	return unit_summary();
}
