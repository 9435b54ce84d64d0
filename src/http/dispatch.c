/* dispatch.c: the request pipeline.  Every check that applies to all
 * routes lives here, once: authentication, 404/405, the route's policy
 * action, CSRF on writes, body parsing and field validation. */
#include "dispatch.h"

#include <stdio.h>

#include "../core/log.h"
#include "../core/secret.h"
#include "server.h"

#define SESSION_COOKIE "rounds_session"
#define ANON_COOKIE "rounds_csrf"

static bool is_write(enum http_method m)
{
	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH || m == HTTP_DELETE;
}

/* Finds the session from a bearer token or the cookie and loads its member. */
static void authenticate(http_req *r)
{
	str token;
	str auth = http_header(r, "Authorization");
	if (auth.n > 7 && str_ieq((str){auth.p, 7}, S("Bearer "))) {
		token = (str){auth.p + 7, auth.n - 7};
		r->bearer = true;
	} else {
		token = http_cookie(r, SESSION_COOKIE);
	}
	if (!token.n || secret_token_hash(token, r->session_hash) < 0) {
		r->bearer = false;
		return;
	}
	struct store_session sess;
	store *st = r->srv->st;
	if (store_session_member(st, r->a, r->session_hash, r->now, &sess, &r->me) != 0 || sess.bearer != r->bearer ||
	    r->me.suspended) {
		r->bearer = false;
		memset(r->session_hash, 0, sizeof r->session_hash);
		return;
	}
	r->reader = policy_reader_of(&r->me);
}

void http_csrf_prepare(http_req *r)
{
	if (r->csrf[0])
		return;
	char msg[80];
	size_t n;
	if (r->reader.signed_in) {
		memcpy(msg, "s:", 2);
		memcpy(msg + 2, r->session_hash, STORE_HASH_LEN);
		n = 2 + STORE_HASH_LEN;
	} else {
		str anon = http_cookie(r, ANON_COOKIE);
		char fresh[SECRET_TOKEN_LEN + 1];
		unsigned char unused[SECRET_HASH_LEN];
		if (anon.n != SECRET_TOKEN_LEN || secret_token_hash(anon, unused) < 0) {
			secret_token_new(fresh, unused);
			char *keep = arena_strndup(r->a, fresh, SECRET_TOKEN_LEN);
			if (!keep)
				return;
			http_set_cookie(r, ANON_COOKIE, keep, 0);
			anon = (str){keep, SECRET_TOKEN_LEN};
		}
		memcpy(msg, "a:", 2);
		memcpy(msg + 2, anon.p, anon.n);
		n = 2 + anon.n;
	}
	secret_mac(r->srv->secret, (str){msg, n}, r->csrf);
}

static bool csrf_ok(http_req *r, str presented)
{
	if (r->bearer || (r->route->flags & ROUTE_MAC_PROOF))
		return true;
	if (r->route->flags & ROUTE_NO_CSRF) {
		/* Only JSON may skip it: a cross-site form cannot send
		 * application/json without a preflight we never grant. */
		if (str_ieq(r->content_type, S("application/json")))
			return true;
	}
	if (!r->reader.signed_in && !http_cookie(r, ANON_COOKIE).n)
		return false;
	http_csrf_prepare(r);
	return presented.n && secret_equal(presented, str_c(r->csrf));
}

/* Parses a JSON body into r->json and the field table; false when answered. */
static bool json_body(http_req *r, str body)
{
	if (!str_ieq(r->content_type, S("application/json"))) {
		http_error(r, 415, "unsupported_media_type", "Send the body as application/json.", NULL);
		return false;
	}
	json_error_t jerr;
	r->json = json_loadb(body.p ? body.p : "", body.n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!r->json) {
		http_error(r, 400, "bad_json", "The body is not valid JSON.", NULL);
		return false;
	}
	if (!json_is_object(r->json)) {
		http_error(r, 400, "bad_json", "The body must be a JSON object.", NULL);
		return false;
	}
	if (form_from_json(&r->in, r->a, r->json) < 0) {
		http_error(r, 413, "too_large", "The request is too large.", NULL);
		return false;
	}
	return true;
}

static bool validate(http_req *r, str body, bool form_body)
{
	const struct route *rt = r->route;
	if (!rt->form)
		return true;
	if ((rt->flags & ROUTE_JSON) && !(form_body && (rt->flags & ROUTE_UPLOAD))) {
		if (form_body) {
			http_error(r, 415, "unsupported_media_type", "Send the body as application/json.", NULL);
			return false;
		}
		if (!json_body(r, body))
			return false;
	} else if (!form_body) {
		http_error(r, 415, "unsupported_media_type", "Send the form as a form.", NULL);
		return false;
	}
	if (form_validate(&r->in, r->a) && (rt->flags & ROUTE_JSON)) {
		int i = r->in.first_err;
		const char *name = rt->form->fields[i].name;
		char msg[160];
		snprintf(msg, sizeof msg, "%s %s", name, r->in.err[i]);
		http_error(r, 422, "invalid", arena_strndup(r->a, msg, strlen(msg)), name);
		return false;
	}
	return true;
}

static void need_signin(http_req *r)
{
	if (r->route->flags & ROUTE_JSON) {
		http_error(r, 401, "unauthenticated", "Sign in first.", NULL);
		return;
	}
	buf b;
	buf_init(&b, r->a);
	buf_puts(&b, "/signin?next=");
	view_esc_urlc(&b, r->path);
	const char *loc = buf_cstr(&b);
	if (loc)
		http_redirect(r, loc);
}

static void dispatch(http_req *r, str body, bool form_body, str csrf_field, const char *allow)
{
	const struct route *rt = r->route;
	if (!rt || !(rt->flags & ROUTE_ANON))
		authenticate(r);
	if (!rt) {
		if (allow[0]) {
			http_add_header(r, "Allow", allow);
			http_error(r, 405, "method_not_allowed", "That method is not allowed here.", NULL);
		} else {
			http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
		}
		return;
	}
	switch (policy_decide(&r->reader, rt->action, NULL)) {
	case POLICY_ALLOW:
		break;
	case POLICY_SIGNIN:
		need_signin(r);
		return;
	case POLICY_DENY:
		http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
		return;
	}
	/* An API body in another format is refused as such, before anything else. */
	bool upload_form = (rt->flags & ROUTE_UPLOAD) && form_body;
	if ((rt->flags & ROUTE_JSON) && rt->form && !upload_form && !str_ieq(r->content_type, S("application/json"))) {
		http_error(r, 415, "unsupported_media_type", "Send the body as application/json.", NULL);
		return;
	}
	if (is_write(r->method)) {
		str presented = (rt->flags & ROUTE_JSON) || !form_body ? http_header(r, "X-CSRF-Token") : csrf_field;
		if (!csrf_ok(r, presented)) {
			http_error(r, 403, "csrf",
				   "This form has expired or did not come from Rounds. Go back, reload the page and try again.",
				   NULL);
			return;
		}
	}
	if (!validate(r, body, form_body))
		return;
	if (rt->handler(r) < 0 && !r->answered)
		http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
}

/* A request that writes nothing reads one snapshot of the store
 * (store_read_begin): consistent, and cheaper on SQLite. */
void http_dispatch(http_req *r, str body, bool form_body, str csrf_field, const char *allow)
{
	bool reading = !is_write(r->method);
	if (reading)
		store_read_begin(http_store(r));
	dispatch(r, body, form_body, csrf_field, allow);
	if (reading)
		store_read_end(http_store(r));
}
