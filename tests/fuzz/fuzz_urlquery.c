/* fuzz_urlquery.c: libFuzzer target for the request target: the path and
 * the query string, split by libmicrohttpd and decoded by server.c's
 * unescape callback, then read by http_query and http_query_form.  The
 * input is the request target after its "/" (bytes that would end the
 * request line become '+'), sent through libmicrohttpd and server.c in
 * process (mhd_harness.h).  Held to:
 * - unescape (called directly too): %HH decoded, except %00, which stays
 *   as three characters, so no decoded path, name or value holds a NUL;
 *   compared with a slow reference decoder;
 * - the path and every query parameter are what the reference makes of
 *   the raw target: the path is decoded up to the first '?'; the query
 *   splits at '&' (a trailing empty piece dropped), each piece at its
 *   first '=' (none: a name without a value), '+' is a space, then
 *   unescape, in order;
 * - http_query answers the value of the first parameter of that name
 *   (libmicrohttpd compares names ignoring ASCII case);
 * - http_query_form with the site's tables: a value shown again is valid
 *   text, and a text value without an error passed the text checks. */
#include <strings.h>

#include "mhd_harness.h"
#include "pages/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARAMS 64

struct param {
	str name, value; /* value.p NULL: no '=' */
};

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* The reference decoder, into `a`: '+' is a space when `plus`. */
static str ref_decode(arena *a, str s, bool plus)
{
	char *o = arena_alloc(a, s.n + 1);
	size_t k = 0;
	for (size_t i = 0; i < s.n; i++) {
		int hi, lo;
		if (s.p[i] == '%' && i + 2 < s.n && (hi = hexdig(s.p[i + 1])) >= 0 &&
		    (lo = hexdig(s.p[i + 2])) >= 0 && hi * 16 + lo != 0) {
			o[k++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			o[k++] = plus && s.p[i] == '+' ? ' ' : s.p[i];
		}
	}
	o[k] = '\0';
	return (str){o, k};
}

static size_t ref_params(arena *a, str q, struct param *out)
{
	size_t n = 0;
	while (q.n && n < MAX_PARAMS) {
		const char *amp = memchr(q.p, '&', q.n);
		str piece = {q.p, amp ? (size_t)(amp - q.p) : q.n};
		const char *eq = memchr(piece.p, '=', piece.n);
		if (eq) {
			out[n].name = ref_decode(a, (str){piece.p, (size_t)(eq - piece.p)}, true);
			out[n].value = ref_decode(a, (str){eq + 1, piece.n - (size_t)(eq - piece.p) - 1}, true);
		} else {
			out[n].name = ref_decode(a, piece, true);
			out[n].value = STR_NULL;
		}
		n++;
		q = amp ? (str){amp + 1, q.n - piece.n - 1} : (str){q.p + q.n, 0};
	}
	return n;
}

struct walk {
	const struct param *want;
	size_t n, i;
};

static enum MHD_Result each_param(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				  const char *value, size_t value_size)
{
	struct walk *w = cls;
	(void)kind;
	fuzz_check(w->i < w->n);
	const struct param *p = &w->want[w->i++];
	fuzz_check(key && strlen(key) == key_size && str_eq((str){key, key_size}, p->name));
	if (value)
		fuzz_check(strlen(value) == value_size && p->value.p && str_eq((str){value, value_size}, p->value));
	else
		fuzz_check(!p->value.p);
	return MHD_YES;
}

static str raw_target;
static bool called;

/* No site form has a boolean field in a query; this one stands in. */
static const struct form_field flag_fields[] = {
	{"q", 200, 0, NULL},
	{"kind", 200, FIELD_LIST, NULL},
	{"ok", 8, FIELD_BOOL, NULL},
};
static const struct form_spec flag_spec = FORM_SPEC(flag_fields);
static const struct form_spec *const specs[] = {&form_register, &form_signin, &form_profile, &flag_spec};

static int handler(http_req *r)
{
	called = true;
	arena *a = r->a;
	const char *qm = memchr(raw_target.p, '?', raw_target.n);
	str rpath = {raw_target.p, qm ? (size_t)(qm - raw_target.p) : raw_target.n};
	str rq = qm ? (str){qm + 1, raw_target.n - rpath.n - 1} : (str){"", 0};
	fuzz_check(strlen(r->path.p) == r->path.n && str_eq(r->path, ref_decode(a, rpath, false)));

	struct param want[MAX_PARAMS];
	size_t n = ref_params(a, rq, want);
	if (n < MAX_PARAMS) {
		struct walk w = {want, n, 0};
		MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, each_param, &w);
		fuzz_check(w.i == n);
		static const char *const names[] = {"q", "next", "Q", "kind", ""};
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			str got = http_query(r, names[k]);
			size_t i = 0;
			while (i < n && !(want[i].name.n == strlen(names[k]) && strcasecmp(want[i].name.p, names[k]) == 0))
				i++;
			fuzz_check(i < n ? str_eq(got, want[i].value) && (got.p == NULL) == (want[i].value.p == NULL)
					 : got.p == NULL);
		}
	}
	for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
		struct form_values fv;
		const struct form_spec *spec = specs[s];
		fuzz_check(http_query_form(r, spec, &fv) >= 0);
		for (size_t i = 0; i < spec->n; i++) {
			if (fv.typed[i].n)
				fuzz_check(form_check_text(fv.typed[i], true, NULL) == 0);
			if (fv.present[i] && !fv.err[i] && !(spec->fields[i].flags & (FIELD_BOOL | FIELD_RAW)))
				fuzz_check(form_check_text(fv.v[i], spec->fields[i].flags & FIELD_MULTILINE, NULL) == 0);
		}
	}
	return http_no_content(r);
}

/* Paths matching routes[0] and routes[1] reach the handler; any other
 * path is answered 404 (or 405) by the dispatcher. */
static const struct route routes[] = {
	{HTTP_GET, "/q", handler, ACT_PUBLIC, NULL, ROUTE_ANON | ROUTE_MAC_PROOF},
	{HTTP_GET, "/q/:a/:b", handler, ACT_PUBLIC, NULL, ROUTE_ANON | ROUTE_MAC_PROOF},
};

/* unescape alone, on a copy up to the first NUL. */
static void check_unescape(const uint8_t *data, size_t size)
{
	arena *a = arena_new(1 << 20);
	char *s = arena_strndup(a, (const char *)data, size);
	str before = str_c(s);
	str want = ref_decode(a, before, false);
	size_t n = unescape(NULL, NULL, s);
	fuzz_check(n == strlen(s) && n <= before.n && str_eq((str){s, n}, want));
	arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tail[] = " HTTP/1.1\r\nHost: rounds.test\r\nConnection: close\r\n\r\n";
	check_unescape(data, size);
	fuzz_mhd_start(routes, sizeof routes / sizeof routes[0]);
	char *req = malloc(5 + size + sizeof tail);
	if (!req)
		return 0;
	memcpy(req, "GET /", 5);
	for (size_t i = 0; i < size; i++) {
		char c = (char)data[i];
		req[5 + i] = c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\0' ? '+' : c;
	}
	memcpy(req + 5 + size, tail, sizeof tail - 1);
	raw_target = (str){req + 4, size + 1}; /* "/" and the input */
	called = false;
	int status = fuzz_mhd_request(req, 5 + size + sizeof tail - 1);
	/* 0: libmicrohttpd dropped the connection unanswered, as it does when
	 * the request used up the 32 KB connection pool server.c allows (e.g.
	 * hundreds of cookies or parameters): the sender's loss only. */
	fuzz_check(!called || status == 204 || status == 0);
	free(req);
	return 0;
}
