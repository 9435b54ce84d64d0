/* fuzz_multipart.c: libFuzzer target for form bodies, multipart and
 * urlencoded.  libmicrohttpd's post processor splits them; what Rounds
 * does with the pieces is its own (server.c's body limit and post_iter,
 * form_offer growing values that arrive in pieces, upload_take streaming
 * a file part to a temporary file and hashing it, upload_finish), so the
 * body is sent through libmicrohttpd and server.c in process
 * (mhd_harness.h), in two writes so it may arrive in pieces.
 *
 * The input: its first byte picks the route (a route that takes a file
 * or not, each with a real field table of the site), the rest up to the
 * first newline is the Content-Type, and the remainder is the body.  Held
 * to: the handler runs (answering 204) or the request is refused with
 * 400, 413 or 415; values shown again are valid text and a text value
 * without an error passed the text checks (as in fuzz_form); a file is
 * only ever taken on a route that takes one, and then the temporary file
 * holds exactly r->upload.size bytes whose SHA-256 is r->upload.sha256,
 * with a type sniffed and a file name of 1 to 255 bytes. */
#include <sodium.h>
#include <stdio.h>
#include <sys/stat.h>

#include "mhd_harness.h"
#include "pages/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool called;

static void check_file(const struct http_upload *u)
{
	/* The field's name may be empty (name=""): no handler reads it. */
	fuzz_check(strlen(u->field.p) == u->field.n && u->filename.n > 0 && u->filename.n <= 255 &&
		   strlen(u->filename.p) == u->filename.n && u->mime && u->fd < 0);
	int fd = open(u->path, O_RDONLY);
	fuzz_check(fd >= 0);
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	char chunk[4096];
	int64_t total = 0;
	for (ssize_t k; (k = read(fd, chunk, sizeof chunk)) > 0; total += k)
		crypto_hash_sha256_update(&st, (const unsigned char *)chunk, (size_t)k);
	close(fd);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[65];
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	fuzz_check(total == u->size && total > 0 && strcmp(hex, u->sha256) == 0);
}

static int handler(http_req *r)
{
	called = true;
	const struct form_spec *spec = r->route->form;
	const struct form_values *fv = &r->in;
	for (size_t i = 0; i < spec->n; i++) {
		if (fv->typed[i].n)
			fuzz_check(form_check_text(fv->typed[i], true, NULL) == 0);
		if (fv->present[i] && !fv->err[i] && !(spec->fields[i].flags & (FIELD_BOOL | FIELD_RAW)))
			fuzz_check(form_check_text(fv->v[i], spec->fields[i].flags & FIELD_MULTILINE, NULL) == 0);
	}
	if (r->upload.present) {
		fuzz_check(r->route->flags & ROUTE_UPLOAD);
		check_file(&r->upload);
	}
	return http_no_content(r);
}

#define ROUTE_FUZZ (ROUTE_ANON | ROUTE_MAC_PROOF)
static const struct route routes[] = {
	{HTTP_POST, "/topic", handler, ACT_PUBLIC, &form_topic_new, ROUTE_FUZZ | ROUTE_UPLOAD},
	{HTTP_POST, "/reply", handler, ACT_PUBLIC, &form_post_reply, ROUTE_FUZZ | ROUTE_UPLOAD},
	{HTTP_POST, "/register", handler, ACT_PUBLIC, &form_register, ROUTE_FUZZ},
	{HTTP_POST, "/profile", handler, ACT_PUBLIC, &form_profile, ROUTE_FUZZ},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	fuzz_mhd_start(routes, sizeof routes / sizeof routes[0]);
	const struct route *rt = &routes[data[0] % (sizeof routes / sizeof routes[0])];
	str in = {(const char *)data + 1, size - 1};
	const char *nl = memchr(in.p, '\n', in.n);
	str ctype = {in.p, nl ? (size_t)(nl - in.p) : in.n};
	str body = nl ? (str){nl + 1, in.n - ctype.n - 1} : (str){"", 0};
	/* The Content-Type line may not end the header early. */
	for (size_t i = 0; i < ctype.n; i++)
		if (ctype.p[i] == '\r' || ctype.p[i] == '\0')
			return 0;
	arena *a = arena_new(1 << 20);
	buf b;
	buf_init(&b, a);
	buf_printf(&b, "POST %s HTTP/1.1\r\nHost: rounds.test\r\nConnection: close\r\nContent-Type: ", rt->pattern);
	buf_put(&b, ctype.p, ctype.n);
	buf_printf(&b, "\r\nContent-Length: %zu\r\n\r\n", body.n);
	buf_put(&b, body.p, body.n);
	if (!b.err) {
		called = false;
		int status = fuzz_mhd_request(b.p, b.n);
		fuzz_check(called ? status == 204 : status == 400 || status == 413 || status == 415 || status == 0);
	}
	arena_free(a);
	return 0;
}
