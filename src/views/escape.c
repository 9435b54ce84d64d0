/* escape.c: THE one escaping choke point.  One function per output context;
 * tools/tmplc.c decides which one each template output goes through.
 *
 * Invariants: every function appends to `out` only, copies runs of safe
 * bytes with one buf_put each, never fails except when the buffer does
 * (returns -1, out->err set), and leaves non-ASCII UTF-8 intact (only the
 * JSON escaper touches U+2028/U+2029).  NUL never reaches the page raw. */
#include "view.h"

#include <stdbool.h>

/* U+FFFD, what a NUL becomes in HTML (as the HTML parser would make it). */
static const char replacement[] = "\xEF\xBF\xBD";

/* The entity for an HTML-special byte, or NULL if the byte is safe. */
static const char *html_entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	case '\0':
		return replacement;
	default:
		return NULL;
	}
}

/* Which bytes html_entity() replaces: a table, so the scan over safe
 * bytes (nearly all of a page) is one load and test per byte. */
static const bool html_special[256] = {['&'] = true, ['<'] = true, ['>'] = true,
				       ['"'] = true, ['\''] = true, ['\0'] = true};

/* Text and quoted attribute values need the same five entities: escaping
 * both quotes makes the attribute form safe whichever quote the template
 * used, and the text form safe anywhere text may stand. */
static int esc_entities(buf *out, str s)
{
	const unsigned char *p = (const unsigned char *)s.p;
	size_t run = 0;
	for (size_t i = 0; i < s.n; i++) {
		if (!html_special[p[i]])
			continue;
		if (buf_put(out, s.p + run, i - run) < 0 || buf_puts(out, html_entity(p[i])) < 0)
			return -1;
		run = i + 1;
	}
	return buf_put(out, s.p + run, s.n - run);
}

int view_esc_html(buf *out, str s)
{
	return esc_entities(out, s);
}

int view_esc_attr(buf *out, str s)
{
	return esc_entities(out, s);
}

/* Bytes the URL parser drops anywhere in a URL (so "java\tscript:" is
 * "javascript:" to a browser). */
static bool url_ignored(unsigned char c)
{
	return c == '\t' || c == '\n' || c == '\r';
}

/* Whether the scheme `p[0..n)` (tab/CR/LF inside skipped) is `want`,
 * case-insensitively. */
static bool scheme_is(const char *p, size_t n, const char *want)
{
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (url_ignored(c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 32;
		if (want[j] == '\0' || c != (unsigned char)want[j])
			return false;
		j++;
	}
	return want[j] == '\0';
}

/* Whether the URL (leading space and controls already stripped) is one we
 * let a link point at: relative (not scheme-relative "//host", which
 * browsers also spell with backslashes) or http/https/mailto.  A colon
 * before any / ? # means a scheme; an unknown one is refused even where a
 * browser might read a relative path, since refusing is the safe mistake. */
static bool url_allowed(str s)
{
	size_t seen = 0; /* bytes that count, i.e. not url_ignored() */
	bool lead_slash = false;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (url_ignored(c))
			continue;
		bool slash = c == '/' || c == '\\';
		if (seen == 1 && lead_slash)
			return !slash; /* "/path" yes, "//host" no */
		if (seen++ == 0 && slash) {
			lead_slash = true;
			continue;
		}
		if (slash || c == '?' || c == '#')
			return true;
		if (c == ':')
			return scheme_is(s.p, i, "http") || scheme_is(s.p, i, "https") ||
			       scheme_is(s.p, i, "mailto");
	}
	return true;
}

int view_esc_url(buf *out, str s)
{
	/* Browsers strip leading C0 controls and spaces before parsing. */
	while (s.n && (unsigned char)s.p[0] <= 0x20) {
		s.p++;
		s.n--;
	}
	if (!url_allowed(s))
		return buf_putc(out, '#');
	return esc_entities(out, s);
}

int view_esc_urlc(buf *out, str s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~')
			continue;
		char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
		if (buf_put(out, s.p + run, i - run) < 0 || buf_put(out, pct, 3) < 0)
			return -1;
		run = i + 1;
	}
	return buf_put(out, s.p + run, s.n - run);
}

/* The JSON escape for byte `c` into `tmp` (at least 7 bytes); its length,
 * or 0 when the byte may stand as it is. */
static size_t json_escape_byte(unsigned char c, char *tmp)
{
	static const char hex[] = "0123456789abcdef";
	const char *two = NULL;
	switch (c) {
	case '"': two = "\\\""; break;
	case '\\': two = "\\\\"; break;
	case '\n': two = "\\n"; break;
	case '\r': two = "\\r"; break;
	case '\t': two = "\\t"; break;
	case '\b': two = "\\b"; break;
	case '\f': two = "\\f"; break;
	default: break;
	}
	if (two) {
		memcpy(tmp, two, 2);
		return 2;
	}
	/* < > & ' would let the text end the <script> or confuse a reader. */
	if (c >= 0x20 && c != '<' && c != '>' && c != '&' && c != '\'')
		return 0;
	memcpy(tmp, "\\u00", 4);
	tmp[4] = hex[c >> 4];
	tmp[5] = hex[c & 15];
	return 6;
}

int view_esc_json(buf *out, str s)
{
	size_t run = 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		char tmp[8];
		size_t n, skip = 1;
		/* U+2028/U+2029 end a line in older JavaScript string literals. */
		if (c == 0xE2 && i + 2 < s.n && (unsigned char)s.p[i + 1] == 0x80 &&
		    ((unsigned char)s.p[i + 2] == 0xA8 || (unsigned char)s.p[i + 2] == 0xA9)) {
			memcpy(tmp, (unsigned char)s.p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
			n = 6;
			skip = 3;
		} else if ((n = json_escape_byte(c, tmp)) == 0) {
			continue;
		}
		if (buf_put(out, s.p + run, i - run) < 0 || buf_put(out, tmp, n) < 0)
			return -1;
		i += skip - 1;
		run = i + 1;
	}
	return buf_put(out, s.p + run, s.n - run);
}

/* Search snippets (view_esc_marked).  The store marks each matched word
 * with \x01 before and \x02 after it (STORE_MARK_ON, STORE_MARK_OFF). */
#define MARK_ON '\x01'
#define MARK_OFF '\x02'

/* Whether the mark opening at s.p[i] is closed: a MARK_OFF comes before
 * the next MARK_ON or the end, with something between them. */
static bool mark_closes(str s, size_t i)
{
	for (size_t j = i + 1; j < s.n; j++) {
		if (s.p[j] == MARK_OFF)
			return j > i + 1;
		if (s.p[j] == MARK_ON)
			return false;
	}
	return false;
}

int view_esc_marked(buf *out, str s)
{
	bool open = false;
	size_t run = 0;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (c != MARK_ON && c != MARK_OFF)
			continue;
		if (esc_entities(out, (str){s.p + run, i - run}) < 0)
			return -1;
		run = i + 1;
		if (c == MARK_ON && !open && mark_closes(s, i)) {
			open = true;
			if (buf_puts(out, "<mark>") < 0)
				return -1;
		} else if (c == MARK_OFF && open) {
			open = false;
			if (buf_puts(out, "</mark>") < 0)
				return -1;
		}
	}
	return esc_entities(out, (str){s.p + run, s.n - run});
}
