/* fuzz_markdown.c: libFuzzer target for the Markdown renderer.  Each input
 * is rendered to HTML and held to what markdown.h promises: it renders (0
 * up to MARKDOWN_MAX, -1 past it); every '<' opens a tag cmark writes for
 * Markdown (so no <script>, <img>, <iframe> or any raw tag) or the
 * "raw HTML omitted" comment, and its attributes are only the ones those
 * tags carry (so no on...= handler), no value but a title (a tooltip's
 * words) starting "javascript:"; every link starts rel="nofollow ugc
 * noopener"; every href, read as a browser reads it (entities decoded,
 * tabs and newlines dropped, leading blanks and controls trimmed), is
 * relative or http, https or mailto; and the HTML is valid UTF-8.  It is
 * rendered again with a few handles to mention, held to all that too and
 * to one thing more: with every mention link (to /u/HANDLE around "@" and
 * the handle in any case) put back to its text in both, the two are the
 * same, so mentions change nothing else.  Its plain text, whole and cut
 * to a few sizes, is valid UTF-8 without a control character, folded (no
 * blank at either end or two in a row), within the size asked, and a cut
 * one is a prefix of the whole followed by "…". */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define ELLIPSIS "\xe2\x80\xa6"

static bool in_list(const char *const *list, const char *p, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, p, n) == 0)
			return true;
	return false;
}

/* The tags and attributes cmark-gfm writes for Markdown with our
 * extensions. */
static const char *const tags[] = {"p", "em", "strong", "code", "pre", "a", "br", "hr", "h1", "h2", "h3", "h4", "h5",
				   "h6", "blockquote", "ul", "ol", "li", "del", "input", "table", "thead",
				   "tbody", "tr", "th", "td", NULL};
static const char *const attrs[] = {"href", "title", "class", "align", "start", "type", "checked", "disabled", "rel", NULL};
static const char omitted[] = "<!-- raw HTML omitted -->";
static const char link_open[] = "<a rel=\"nofollow ugc noopener\" href=\"";
/* The handles mentioned: two that share a start, one with a '_'. */
static const str handles[] = {{"ann", 3}, {"annabel", 7}, {"b_2", 3}};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* The code point of the entity at s[0] == '&' (into *cp; its length is
 * returned), for the forms cmark writes in attributes; 0 if none. */
static size_t entity(const char *s, const char *e, unsigned long *cp)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}};
	for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
		size_t n = strlen(named[k].name);
		if ((size_t)(e - s) >= n && memcmp(s, named[k].name, n) == 0) {
			*cp = (unsigned char)named[k].c;
			return n;
		}
	}
	if (e - s < 3 || s[1] != '#')
		return 0;
	bool hex = s[2] == 'x' || s[2] == 'X';
	const char *q = s + (hex ? 3 : 2);
	unsigned long v = 0;
	for (; q < e && *q != ';' && v < 0x110000; q++) {
		int d = *q >= '0' && *q <= '9' ? *q - '0' : hex && (*q | 32) >= 'a' && (*q | 32) <= 'f' ? (*q | 32) - 'a' + 10 : -1;
		if (d < 0)
			return 0;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (q == e || *q != ';')
		return 0;
	*cp = v;
	return (size_t)(q - s) + 1;
}

/* The href value v[0..n) as a browser takes it, and its scheme checked:
 * none, or http, https or mailto.  Characters past ASCII are kept as '?'
 * (none can be part of a scheme). */
static void check_href(const char *v, size_t n)
{
	char *u = malloc(n + 1);
	size_t m = 0;
	if (!u)
		__builtin_trap();
	for (const char *s = v, *e = v + n; s < e;) {
		unsigned long c = (unsigned char)*s;
		size_t k = *s == '&' ? entity(s, e, &c) : 0;
		s += k ? k : 1;
		if (c == '\t' || c == '\n' || c == '\r' || (m == 0 && c <= ' '))
			continue;
		u[m++] = c < 0x80 ? (char)c : '?';
	}
	size_t i = 0;
	if (m && is_alpha(u[0]))
		while (i < m && (is_alnum(u[i]) || u[i] == '+' || u[i] == '-' || u[i] == '.'))
			i++;
	if (i && i < m && u[i] == ':') {
		bool ok = (i == 4 && !strncasecmp(u, "http", 4)) || (i == 5 && !strncasecmp(u, "https", 5)) ||
			  (i == 6 && !strncasecmp(u, "mailto", 6));
		if (!ok)
			__builtin_trap();
	}
	free(u);
}

/* Checks the tag at p[0] == '<'; returns its length. */
static size_t check_tag(const char *p, const char *e)
{
	size_t on = sizeof omitted - 1;
	if ((size_t)(e - p) >= on && memcmp(p, omitted, on) == 0)
		return on;
	const char *q = p + 1;
	if (q < e && *q == '/')
		q++;
	const char *name = q;
	while (q < e && is_alnum(*q))
		q++;
	if (!in_list(tags, name, (size_t)(q - name)))
		__builtin_trap();
	if (q - p == 2 && p[1] == 'a' && ((size_t)(e - p) < sizeof link_open - 1 || memcmp(p, link_open, sizeof link_open - 1)))
		__builtin_trap();
	for (;;) {
		while (q < e && *q == ' ')
			q++;
		if (q < e && *q == '/')
			q++;
		if (q < e && *q == '>')
			return (size_t)(q - p) + 1;
		const char *attr = q;
		while (q < e && is_alpha(*q))
			q++;
		size_t alen = (size_t)(q - attr);
		if (!alen || !in_list(attrs, attr, alen))
			__builtin_trap();
		if (q < e && *q == '=') {
			if (++q >= e || *q != '"')
				__builtin_trap();
			const char *v = ++q;
			while (q < e && *q != '"')
				q++;
			bool title = alen == 5 && memcmp(attr, "title", 5) == 0; /* words for a tooltip */
			if (q == e || (!title && (size_t)(q - v) >= 11 && strncasecmp(v, "javascript:", 11) == 0))
				__builtin_trap();
			if (alen == 4 && memcmp(attr, "href", 4) == 0)
				check_href(v, (size_t)(q - v));
			q++;
		}
	}
}

/* Valid UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF), and without a control character unless `controls`. */
static bool clean_utf8(const unsigned char *p, size_t n, bool controls)
{
	for (size_t i = 0; i < n;) {
		unsigned c = p[i], need = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 9;
		if (need == 9 || c > 0xf4 || n - i - 1 < need || (!controls && c < 0x80 && (c < 0x20 || c == 0x7f)))
			return false;
		unsigned cp = need ? c & (0x3fu >> need) : c;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (p[i + k] & 0x3fu);
		}
		unsigned min = need == 0 ? 0 : need == 1 ? 0x80 : need == 2 ? 0x800 : 0x10000;
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			return false;
		i += need + 1;
	}
	return true;
}

static void check_html(str h)
{
	if (memmem(h.p, h.n, "<script", 7) || memmem(h.p, h.n, "<img", 4) || memchr(h.p, 0, h.n) || h.p[h.n] != '\0' ||
	    !clean_utf8((const unsigned char *)h.p, h.n, true))
		__builtin_trap();
	for (const char *p = h.p, *e = h.p + h.n; p < e;) {
		const char *lt = memchr(p, '<', (size_t)(e - p));
		if (!lt)
			break;
		p = lt + check_tag(lt, e);
	}
}

/* The length of the mention link at p (to /u/HANDLE, HANDLE lower-case
 * [a-z0-9_], around "@" and the handle in any case, and nothing else),
 * with its text's start and length in *text and *tn; 0 if none is there. */
static size_t mention_link(const char *p, const char *e, const char **text, size_t *tn)
{
	size_t lo = sizeof link_open - 1;
	if ((size_t)(e - p) < lo + 3 || memcmp(p, link_open, lo) != 0 || memcmp(p + lo, "/u/", 3) != 0)
		return 0;
	const char *h = p + lo + 3, *q = h;
	while (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '_'))
		q++;
	size_t n = (size_t)(q - h);
	if (n == 0 || (size_t)(e - q) < 3 + n + 4 || memcmp(q, "\">@", 3) != 0 || strncasecmp(q + 3, h, n) != 0 ||
	    memcmp(q + 3 + n, "</a>", 4) != 0)
		return 0;
	*text = q + 2;
	*tn = n + 1;
	return (size_t)(q - p) + 3 + n + 4;
}

/* The HTML h with every mention link put back to its text (malloc'd). */
static char *unmention(str h, size_t *len)
{
	char *u = malloc(h.n + 1);
	size_t n = 0;
	if (!u)
		__builtin_trap();
	for (const char *p = h.p, *e = h.p + h.n; p < e;) {
		const char *text;
		size_t tn, k = *p == '<' ? mention_link(p, e, &text, &tn) : 0;
		if (k) {
			memcpy(u + n, text, tn);
			n += tn;
			p += k;
		} else
			u[n++] = *p++;
	}
	*len = n;
	return u;
}

/* The mentions rendered, `with`, are what markdown_html() rendered,
 * `plain`, but for mention links. */
static void check_mentions(str plain, str with)
{
	check_html(with);
	size_t pn, wn;
	char *p = unmention(plain, &pn), *w = unmention(with, &wn);
	if (pn != wn || memcmp(p, w, pn) != 0)
		__builtin_trap();
	free(p);
	free(w);
}

static void check_text(str t, size_t max, str whole)
{
	if (t.n > max || t.p[t.n] != '\0' || !clean_utf8((const unsigned char *)t.p, t.n, false) ||
	    (t.n && (t.p[0] == ' ' || t.p[t.n - 1] == ' ')) || memmem(t.p, t.n, "  ", 2))
		__builtin_trap();
	if (whole.n <= max) {
		if (!str_eq(t, whole))
			__builtin_trap();
		return;
	}
	/* Cut: a prefix of the whole, then "…" when there is room for it. */
	size_t e = max >= 3 ? 3 : 0;
	if (t.n < e || (e && memcmp(t.p + t.n - 3, ELLIPSIS, 3) != 0) || memcmp(t.p, whole.p, t.n - e) != 0)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new(256u << 20);
	if (!a)
		__builtin_trap();
	str src = {(const char *)data, size}, html, with, whole, cut;
	int want = size <= MARKDOWN_MAX ? 0 : -1;
	if (markdown_html(a, src, &html) != want || markdown_text(a, src, SIZE_MAX, &whole) != want ||
	    markdown_html_mentions(a, src, handles, (int)(sizeof handles / sizeof handles[0]), &with) != want)
		__builtin_trap();
	if (want == 0) {
		check_html(html);
		check_mentions(html, with);
		check_text(whole, SIZE_MAX, whole);
		static const size_t maxes[] = {0, 2, 3, 4, 9, 40};
		for (size_t i = 0; i < sizeof maxes / sizeof maxes[0]; i++) {
			if (markdown_text(a, src, maxes[i], &cut) != 0)
				__builtin_trap();
			check_text(cut, maxes[i], whole);
		}
	}
	arena_free(a);
	return 0;
}
