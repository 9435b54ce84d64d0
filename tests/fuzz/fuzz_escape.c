/* fuzz_escape.c: libFuzzer target for the escaping functions: no output
 * may carry a raw <, >, " or ' into HTML, and URL output never keeps a
 * scheme other than http, https or mailto. */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "views/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_raw(str out, const char *bad)
{
	if (!out.n)
		return;
	for (const char *b = bad; *b; b++)
		if (memchr(out.p, *b, out.n))
			__builtin_trap();
}

/* What a browser takes from the attribute: the five entities decoded, tabs
 * and newlines removed, leading spaces and controls trimmed. */
static str as_browser_sees(arena *a, str o)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
	char *out = arena_alloc(a, o.n + 1);
	size_t n = 0;
	for (size_t i = 0; out && i < o.n; i++) {
		char c = o.p[i];
		for (size_t k = 0; c == '&' && k < sizeof ents / sizeof ents[0]; k++) {
			size_t el = strlen(ents[k].ent);
			if (o.n - i >= el && !memcmp(o.p + i, ents[k].ent, el)) {
				c = ents[k].c;
				i += el - 1;
				break;
			}
		}
		if (c == '\t' || c == '\n' || c == '\r' || (n == 0 && (unsigned char)c <= ' '))
			continue;
		out[n++] = c;
	}
	return (str){out, n};
}

/* The URL's scheme per the URL standard: [A-Za-z][A-Za-z0-9+.-]* then ':'. */
static bool has_scheme(arena *a, str o)
{
	str u = as_browser_sees(a, o);
	if (!u.n || !isalpha((unsigned char)u.p[0]))
		return false;
	for (size_t i = 1; i < u.n; i++) {
		char c = u.p[i];
		if (c == ':')
			return true;
		if (!isalnum((unsigned char)c) && c != '+' && c != '-' && c != '.')
			return false;
	}
	return false;
}

static bool scheme_is(arena *a, str o, const char *scheme)
{
	str u = as_browser_sees(a, o);
	size_t n = strlen(scheme);
	return u.n > n && u.p[n] == ':' && !strncasecmp(u.p, scheme, n);
}

/* A snippet (view_esc_marked): no raw < > " ' but in whole <mark> and
 * </mark> tags, opened and closed in turn, none left open, none empty. */
static void marked_ok(str o)
{
	bool open = false;
	for (size_t i = 0; i < o.n; i++) {
		char c = o.p[i];
		if (c == '"' || c == '\'' || c == '>' || c == '\x01' || c == '\x02')
			__builtin_trap();
		if (c != '<')
			continue;
		const char *tag = open ? "</mark>" : "<mark>";
		size_t tn = strlen(tag);
		if (o.n - i < tn || memcmp(o.p + i, tag, tn) || (open && !memcmp(o.p + i - 6, "<mark>", 6)))
			__builtin_trap();
		open = !open;
		i += tn - 1;
	}
	if (open)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena *a = arena_new(16u << 20);
	str in = {(const char *)data, size};
	buf b;
	buf_init(&b, a);
	if (view_esc_html(&b, in) == 0)
		no_raw(buf_slice(&b), "<>\"'");
	buf_init(&b, a);
	if (view_esc_attr(&b, in) == 0)
		no_raw(buf_slice(&b), "<>\"'");
	buf_init(&b, a);
	if (view_esc_url(&b, in) == 0) {
		str o = buf_slice(&b);
		no_raw(o, "<>\"'");
		if (has_scheme(a, o) && !scheme_is(a, o, "http") && !scheme_is(a, o, "https") &&
		    !scheme_is(a, o, "mailto"))
			__builtin_trap();
	}
	buf_init(&b, a);
	if (view_esc_urlc(&b, in) == 0)
		no_raw(buf_slice(&b), "<>\"' /?#&=");
	buf_init(&b, a);
	if (view_esc_marked(&b, in) == 0)
		marked_ok(buf_slice(&b));
	buf_init(&b, a);
	if (view_esc_json(&b, in) == 0)
		no_raw(buf_slice(&b), "<>&'");
	arena_free(a);
	return 0;
}
