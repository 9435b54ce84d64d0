/* fuzz_cookie.c: libFuzzer target for the Cookie header.  libmicrohttpd
 * splits the header (http_cookie only looks a name up), so the input is
 * sent as a Cookie header through libmicrohttpd and server.c in process
 * (mhd_harness.h), and the handler holds what Rounds does with cookies to
 * its promises:
 * - every cookie a lookup can answer is NUL-free text without LF (a bare
 *   CR does get through libmicrohttpd 0.9.75, which is harmless here: no
 *   cookie value is ever written into an answer, and http_add_header
 *   refuses CR), and http_cookie answers one of the cookies of that name;
 * - the session cookie reaches the store only as a token of ours
 *   (secret_token_hash: exactly 43 base64url characters, hashed with
 *   SHA-256; anything else refused);
 * - the CSRF token (http_csrf_prepare) is 43 base64url characters, the
 *   MAC of the visitor's rounds_csrf cookie when that is a token of ours,
 *   else of a fresh token set in one Set-Cookie header, which has no CR
 *   or LF. */
#include <sodium.h>
#include <strings.h>

#include "mhd_harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool token_shaped(str s)
{
	if (s.n != SECRET_TOKEN_LEN)
		return false;
	for (size_t i = 0; i < s.n; i++) {
		char c = s.p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '_'))
			return false;
	}
	return true;
}

struct seen {
	const char *name;
	str value;
	bool found;
};

static enum MHD_Result each_cookie(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				   const char *value, size_t value_size)
{
	struct seen *s = cls;
	(void)kind;
	fuzz_check(key != NULL && strlen(key) == key_size && !strchr(key, '\n'));
	if (value)
		fuzz_check(strlen(value) == value_size && !strchr(value, '\n'));
	if (strcasecmp(key, s->name) == 0 && value && value == s->value.p && value_size == s->value.n)
		s->found = true;
	return MHD_YES;
}

static bool called;

static void check_lookup(http_req *r, const char *name)
{
	struct seen s = {name, http_cookie(r, name), false};
	MHD_get_connection_values_n(r->conn, MHD_COOKIE_KIND, each_cookie, &s);
	fuzz_check(!s.value.p || s.found);
}

static int handler(http_req *r)
{
	called = true;
	check_lookup(r, "rounds_session");
	check_lookup(r, "rounds_csrf");

	str tok = http_cookie(r, "rounds_session");
	unsigned char h[SECRET_HASH_LEN], want[SECRET_HASH_LEN];
	int rc = secret_token_hash(tok, h);
	fuzz_check(rc == (token_shaped(tok) ? 0 : -1));
	if (rc == 0) {
		crypto_hash_sha256(want, (const unsigned char *)tok.p, tok.n);
		fuzz_check(memcmp(h, want, sizeof h) == 0);
	}

	str anon = http_cookie(r, "rounds_csrf");
	bool ours = token_shaped(anon);
	size_t before = r->nheaders;
	http_csrf_prepare(r);
	fuzz_check(token_shaped(str_c(r->csrf)));
	char msg[2 + SECRET_TOKEN_LEN], mac[SECRET_TOKEN_LEN + 1];
	memcpy(msg, "a:", 2);
	if (ours) {
		fuzz_check(r->nheaders == before);
		memcpy(msg + 2, anon.p, SECRET_TOKEN_LEN);
	} else {
		static const char pre[] = "rounds_csrf=";
		fuzz_check(r->nheaders == before + 1 && strcmp(r->headers[before].name, "Set-Cookie") == 0);
		const char *v = r->headers[before].value;
		fuzz_check(!strpbrk(v, "\r\n") && strncmp(v, pre, sizeof pre - 1) == 0);
		str fresh = {v + sizeof pre - 1, SECRET_TOKEN_LEN};
		fuzz_check(strlen(v) > sizeof pre - 1 + SECRET_TOKEN_LEN && token_shaped(fresh) &&
			   v[sizeof pre - 1 + SECRET_TOKEN_LEN] == ';');
		memcpy(msg + 2, fresh.p, SECRET_TOKEN_LEN);
	}
	secret_mac(fuzz_srv.secret, (str){msg, sizeof msg}, mac);
	fuzz_check(strcmp(mac, r->csrf) == 0);
	return http_no_content(r);
}

static const struct route routes[] = {
	{HTTP_GET, "/c", handler, ACT_PUBLIC, NULL, ROUTE_ANON | ROUTE_MAC_PROOF},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "GET /c HTTP/1.1\r\nHost: rounds.test\r\nConnection: close\r\nCookie: ";
	static const char tail[] = "\r\n\r\n";
	fuzz_mhd_start(routes, sizeof routes / sizeof routes[0]);
	char *req = malloc(sizeof head + size + sizeof tail);
	if (!req)
		return 0;
	memcpy(req, head, sizeof head - 1);
	memcpy(req + sizeof head - 1, data, size);
	memcpy(req + sizeof head - 1 + size, tail, sizeof tail - 1);
	called = false;
	int status = fuzz_mhd_request(req, sizeof head - 1 + size + sizeof tail - 1);
	/* 0: libmicrohttpd dropped the connection unanswered, as it does when
	 * the request used up the 32 KB connection pool server.c allows (e.g.
	 * hundreds of cookies or parameters): the sender's loss only. */
	fuzz_check(!called || status == 204 || status == 0);
	free(req);
	return 0;
}
