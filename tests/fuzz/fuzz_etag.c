/* fuzz_etag.c: libFuzzer target for the validators of a stored file's
 * answer (src/http/send.c): If-None-Match lists, If-Range, HTTP dates and
 * the Content-Disposition file name.  Those parsers are static in send.c,
 * so its source is included here with its two external functions renamed
 * (the library's own copy stays linked for everything else); the Range
 * parser has its own target, fuzz_range.
 *
 * The input is three lines: our entity tag's opaque text (a first byte
 * 'W' makes it weak), a header value, and a file name.  Held to:
 * - If-None-Match (weak comparison, RFC 9110 13.1.2): a list made of our
 *   tag, strong or weak, among others matches; a match needs a "*" or our
 *   opaque tag in the list; with no tag of ours only "*" can match.
 * - If-Range (strong comparison): honoured for an entity tag exactly when
 *   the trimmed value is our strong tag, and for a date exactly when it
 *   parses to our Last-Modified.
 * - dates: a date read is written back (IMF-fixdate, 29 bytes) and reads
 *   back to the same time; a time formatted reads back to itself.
 * - Content-Disposition: printable ASCII, the quoted fallback holds no '"'
 *   or '\', and filename*= decodes back to the exact name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define http_range_parse fuzz_copy_http_range_parse
#define http_send_stored fuzz_copy_http_send_stored
#include "../../src/http/send.c"
#undef http_range_parse
#undef http_send_stored

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

static str next_line(str *in)
{
	const char *nl = memchr(in->p, '\n', in->n);
	size_t n = nl ? (size_t)(nl - in->p) : in->n;
	str line = {in->p, n};
	in->p += nl ? n + 1 : n;
	in->n -= nl ? n + 1 : n;
	return line;
}

static bool contains(str hay, str needle)
{
	return needle.n <= hay.n && memmem(hay.p, hay.n, needle.p, needle.n) != NULL;
}

static void check_none_match(arena *a, str list, const char *etag)
{
	bool weak;
	str ours = etag_opaque(etag, &weak);
	bool got = etag_list_matches(list, etag);
	if (got)
		check(memchr(list.p, '*', list.n) || contains(list, ours));
	check(!etag_list_matches(list, NULL) || (list.n && memchr(list.p, '*', list.n)));
	/* Our tag in a list, after another tag, strong or weak: a match. */
	buf b;
	buf_init(&b, a);
	buf_puts(&b, " \"other\",W/");
	buf_put(&b, ours.p, ours.n);
	check(b.err || etag_list_matches(buf_slice(&b), etag));
	buf_init(&b, a);
	buf_put(&b, ours.p, ours.n);
	buf_puts(&b, " , \"z\"");
	check(b.err || etag_list_matches(buf_slice(&b), etag));
}

static void check_if_range(str v, const struct http_stored *f)
{
	bool got = if_range_holds(v, f);
	str t = str_trim(v);
	if (t.n && (t.p[0] == '"' || (t.n >= 2 && t.p[0] == 'W' && t.p[1] == '/'))) {
		bool weak;
		str ours = f->etag ? etag_opaque(f->etag, &weak) : STR_NULL;
		check(got == (f->etag && !weak && str_eq(t, ours)));
	} else {
		int64_t when;
		check(got == (f->mtime > 0 && http_date_parse(t, &when) == 0 && when == f->mtime));
	}
}

static void check_date(str v, int64_t t_in)
{
	int64_t t, t2;
	char out[64];
	if (http_date_parse(v, &t) == 0) {
		utc_http(out, t);
		check(strlen(out) == 29 && http_date_parse(str_c(out), &t2) == 0 && t2 == t);
	}
	/* Any time from 1970 to the end of 9999 goes there and back. */
	int64_t u = (int64_t)((uint64_t)t_in % 253402300800u);
	utc_http(out, u);
	check(http_date_parse(str_c(out), &t2) == 0 && t2 == u);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void check_disposition(http_req *r, struct http_stored *f)
{
	const char *cd = disposition(r, f);
	check(cd != NULL);
	str s = str_c(cd);
	for (size_t i = 0; i < s.n; i++)
		check(s.p[i] >= 0x20 && s.p[i] < 0x7f);
	const char *open = strchr(cd, '"'), *close = open ? strchr(open + 1, '"') : NULL;
	check(open && close && !memchr(open + 1, '\\', (size_t)(close - open - 1)));
	static const char star[] = "\"; filename*=UTF-8''";
	check(strncmp(close, star, sizeof star - 1) == 0);
	const char *enc = close + sizeof star - 1;
	str name = str_c(f->filename);
	if (!name.n)
		name = S("download");
	size_t k = 0;
	for (const char *e = enc; *e; k++) {
		int c = (unsigned char)*e;
		if (c == '%') {
			int hi = hexval(e[1]), lo = hi < 0 ? -1 : hexval(e[2]);
			check(hi >= 0 && lo >= 0);
			c = hi * 16 + lo;
			e += 3;
		} else {
			e++;
		}
		check(k < name.n && (unsigned char)name.p[k] == c);
	}
	check(k == name.n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	str in = {(const char *)data, size};
	str opaque = next_line(&in), value = next_line(&in);
	arena *a = arena_new(1 << 20);
	http_req r = {.a = a};
	/* Our own tag, well-formed as the store makes them: "..." without
	 * a quote inside, weak when the line starts with W. */
	bool weak = opaque.n && opaque.p[0] == 'W';
	buf b;
	buf_init(&b, a);
	buf_puts(&b, weak ? "W/\"" : "\"");
	for (size_t i = weak; i < opaque.n; i++)
		if (opaque.p[i] != '"' && opaque.p[i] != '\0')
			buf_putc(&b, opaque.p[i]);
	buf_putc(&b, '"');
	const char *etag = buf_cstr(&b);
	int64_t t_in = 0;
	memcpy(&t_in, data, size < sizeof t_in ? size : sizeof t_in);
	char *name = arena_strndup(a, in.p, in.n); /* up to a NUL, as a C string */
	struct http_stored f = {.etag = etag, .mtime = 784111777, .filename = name};
	if (etag && name) {
		check_none_match(a, value, etag);
		check_if_range(value, &f);
		f.mtime = 0;
		check_if_range(value, &f);
		f.etag = NULL;
		f.mtime = (int64_t)((uint64_t)t_in % 253402300800u);
		check_if_range(value, &f);
		if (http_date_parse(str_trim(value), &f.mtime) == 0 && f.mtime > 0)
			check_if_range(value, &f); /* the date of our file: honoured */
		check_date(value, t_in);
		check_date(str_trim(value), t_in);
		check_disposition(&r, &f);
	}
	arena_free(a);
	return 0;
}
