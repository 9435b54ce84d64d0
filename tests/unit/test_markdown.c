/* test_markdown.c: the Markdown renderer: the dialect (paragraphs and
 * line breaks, emphasis, code, lists, tables, strikethrough, task lists,
 * autolinks), raw HTML dropped, links held to http, https, mailto and
 * relative URLs however the scheme is disguised, attribute escaping,
 * images turned into links or text, the size limit, bad UTF-8, deep
 * nesting, the guard on tables, renders from many threads at once, the
 * arena running out; and the plain text, its folding and its cut. */
#include "unit.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

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
	RUN(plain_text);
	RUN(plain_text_cut);
	return unit_summary();
}
