/* response.c: reading request headers and building answers.  Bodies live
 * in the request arena (or, for a stored file, stay in the file: see
 * send.c); server.c hands them to libmicrohttpd without a
 * copy.  Every header value passes through http_add_header, which refuses
 * CR and LF. */
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/log.h"
#include "../mail/mail.h"
#include "pageviews.h"
#include "dispatch.h"
#include "server.h"
#include "views_gen.h"

str http_query(http_req *r, const char *name)
{
	return str_c(MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name));
}

/* Search (search.c): http_query_form. */
struct query_offer {
	struct form_values *fv;
	arena *a;
	int err;
};

static enum MHD_Result offer_one(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				 const char *value, size_t value_size)
{
	struct query_offer *qo = cls;
	(void)kind, (void)key_size;
	if (key && form_offer(qo->fv, qo->a, key, value ? value : "", value ? value_size : 0, false) < 0)
		qo->err = -1;
	return MHD_YES;
}

int http_query_form(http_req *r, const struct form_spec *spec, struct form_values *fv)
{
	struct query_offer qo = {fv, r->a, 0};
	form_init(fv, spec);
	MHD_get_connection_values_n(r->conn, MHD_GET_ARGUMENT_KIND, offer_one, &qo);
	return qo.err ? -1 : form_validate(fv, r->a);
}
/* End of search's part. */

str http_header(http_req *r, const char *name)
{
	return str_c(MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name));
}

str http_cookie(http_req *r, const char *name)
{
	return str_c(MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name));
}

int http_add_header(http_req *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS || strpbrk(value, "\r\n") || strpbrk(name, "\r\n: "))
		return -1;
	/* The response is built after the handler returns: a value in the
	 * handler's own buffer (a Location made with snprintf) would be gone
	 * by then, so the request's arena keeps a copy. */
	const char *kept = arena_strndup(r->a, value, strlen(value));
	if (!kept)
		return -1;
	r->headers[r->nheaders++] = (struct http_header){name, kept};
	return 0;
}

/* Lets go of a file or reader an earlier answer would have sent. */
static void drop_out(http_req *r)
{
	if (r->out_fd >= 0)
		close(r->out_fd);
	r->out_fd = -1;
	r->out_fd_off = r->out_fd_size = 0;
	struct http_reader *rd = r->out_reader;
	r->out_reader = NULL;
	if (rd && rd->done)
		rd->done(rd->cls);
}

/* Every answer goes through here, and replaces any earlier one whole. */
static int answer(http_req *r, int status, const char *ctype, buf *b)
{
	drop_out(r);
	if (b->err) {
		r->answered = false;
		return -1;
	}
	r->status = status;
	r->ctype = ctype;
	r->out = buf_slice(b);
	r->answered = true;
	return 0;
}

view_obj *http_page_ctx(http_req *r, const char *title)
{
	view_obj *ctx = view_obj_new(r->a);
	if (!ctx)
		return NULL;
	http_csrf_prepare(r);
	view_set_cstr(ctx, "title", title);
	view_set_cstr(ctx, "csrf", r->csrf);
	view_set_str(ctx, "path", r->path);
	if (r->reader.signed_in) {
		view_obj *me = view_obj_new(r->a);
		if (!me)
			return NULL;
		view_set_str(me, "name", r->me.name);
		view_set_str(me, "handle", r->me.handle);
		view_set_bool(me, "verified", r->me.verified);
		view_set_bool(me, "editor", r->me.roles & (ROLE_EDITOR | ROLE_ADMIN));
		view_set_bool(me, "staff", policy_allows(&r->reader, ACT_FLAG_QUEUE, NULL));
		view_set_int(me, "unread", r->me.unread_messages);
		view_set_bool(me, "has_unread", r->me.unread_messages > 0);
		if (r->me.unread_notifications >= STORE_UNREAD_CAP)
			view_set_str(me, "notes", S("99+")); /* counted no further */
		else
			view_set_int(me, "notes", r->me.unread_notifications);
		view_set_bool(me, "has_notes", r->me.unread_notifications > 0);
		view_set_obj(ctx, "me", me);
	}
	return ctx;
}

/* The output buffer a page starts with (a topic page is about 36 KB). */
#define PAGE_RESERVE (48u << 10)

int http_page(http_req *r, int status, int (*view)(buf *, const view_obj *), view_obj *ctx)
{
	if (!ctx)
		return -1;
	buf b;
	buf_init(&b, r->a);
	/* Room for nearly every page at once: growing by doubling from
	 * nothing copied a topic page's 36 KB about twice over. */
	if (buf_reserve(&b, PAGE_RESERVE) < 0 || view(&b, ctx) < 0)
		return -1;
	http_add_header(r, "Cache-Control", "no-store");
	if (status == 200 && r->method == HTTP_GET)
		pageviews_count(r);
	return answer(r, status, "text/html; charset=utf-8", &b);
}

int http_json(http_req *r, int status, json_t *j)
{
	if (!j)
		return -1;
	buf b;
	buf_init(&b, r->a);
	size_t n = json_dumpb(j, NULL, 0, JSON_COMPACT);
	char *p = n ? arena_alloc(r->a, n) : NULL;
	if (p)
		json_dumpb(j, p, n, JSON_COMPACT);
	json_decref(j);
	if (!p)
		return -1;
	b.p = p;
	b.n = b.cap = n;
	http_add_header(r, "Cache-Control", "no-store");
	return answer(r, status, "application/json", &b);
}

static bool wants_json(http_req *r)
{
	if (r->route)
		return r->route->flags & ROUTE_JSON;
	return r->path.n >= 5 && memcmp(r->path.p, "/api/", 5) == 0;
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Please sign in";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 409: return "Conflict";
	case 413: return "Too large";
	case 415: return "Unsupported type";
	case 422: return "Please check what you entered";
	case 429: return "Too many attempts";
	case 503: return "Busy, try again";
	default: return "Something went wrong";
	}
}

int http_error(http_req *r, int status, const char *code, const char *message, const char *field)
{
	if (wants_json(r)) {
		json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
		if (err && field)
			json_object_set_new(err, "field", json_string(field));
		return http_json(r, status, json_pack("{s:o}", "error", err));
	}
	view_obj *ctx = http_page_ctx(r, status_title(status));
	if (!ctx)
		return -1;
	view_set_int(ctx, "status", status);
	view_set_cstr(ctx, "message", message);
	return http_page(r, status, view_error, ctx);
}

int http_redirect(http_req *r, const char *location)
{
	/* Only local paths: "//host" would leave the site. */
	if (location[0] != '/' || location[1] == '/' || location[1] == '\\')
		location = "/";
	if (http_add_header(r, "Location", location) < 0)
		return -1;
	buf b;
	buf_init(&b, r->a);
	return answer(r, 303, "text/plain; charset=utf-8", &b);
}

int http_bytes(http_req *r, int status, const char *ctype, str body)
{
	buf b;
	buf_init(&b, r->a);
	b.p = (char *)body.p;
	b.n = b.cap = body.n;
	return answer(r, status, ctype, &b);
}

int http_no_content(http_req *r)
{
	buf b;
	buf_init(&b, r->a);
	return answer(r, 204, NULL, &b);
}

int http_set_cookie(http_req *r, const char *name, const char *value, int64_t max_age)
{
	buf b;
	buf_init(&b, r->a);
	buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Lax", name, value ? value : "");
	if (!value)
		buf_puts(&b, "; Max-Age=0");
	else if (max_age > 0)
		buf_printf(&b, "; Max-Age=%lld", (long long)max_age);
	if (r->https)
		buf_puts(&b, "; Secure");
	const char *v = buf_cstr(&b);
	return v ? http_add_header(r, "Set-Cookie", v) : -1;
}

int http_store_error(http_req *r, int err)
{
	switch (err) {
	case STORE_ENOTFOUND:
		return http_error(r, 404, "not_found", "There is nothing at this address.", NULL);
	case STORE_ECONFLICT:
		return http_error(r, 409, "conflict", "That conflicts with something that already exists.", NULL);
	case STORE_EBUSY:
		http_add_header(r, "Retry-After", "2");
		return http_error(r, 503, "busy", "Rounds is busy; try again in a moment.", NULL);
	case STORE_EFULL:
		http_add_header(r, "Retry-After", "60");
		return http_error(r, 503, "read_only",
				  "Rounds cannot save anything just now; reading still works. Try again later.", NULL);
	default:
		return http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
	}
}

store *http_store(http_req *r)
{
	return r->srv->st;
}

const struct rounds_config *http_config(http_req *r)
{
	return r->srv->cfg;
}

const struct mail_env *http_mail_env(http_req *r)
{
	struct mail_env *e = arena_alloc(r->a, sizeof *e);
	if (e)
		*e = (struct mail_env){.cfg = r->srv->cfg, .st = r->srv->st, .secret = r->srv->secret};
	return e;
}
