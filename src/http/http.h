/* http.h: what a page handler sees of HTTP.
 *
 * libmicrohttpd hands us a request; server.c gives it an arena, collects
 * its body within limits, parses cookies, finds the reader's session,
 * matches the route, asks the policy module about the route's action,
 * checks the CSRF token on writes, and validates the body against the
 * route's field table.  Only then does the handler run, with typed values
 * that passed.  Handlers answer through the http_* response functions
 * below and never build HTML themselves (views do). */
#ifndef ROUNDS_HTTP_H
#define ROUNDS_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../core/arena.h"
#include "../core/config.h"
#include "../core/str.h"
#include "../policy/policy.h"
#include "../store/store.h"
#include "../views/view.h"
#include "form.h"

struct MHD_Connection;
struct http_server;

enum http_method { HTTP_GET, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE, HTTP_OTHER };

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 12
#define HTTP_TOKEN_LEN 43 /* 32 random bytes in unpadded base64url */

typedef struct http_req http_req;
typedef int (*http_handler)(http_req *r);

enum route_flags {
	ROUTE_JSON = 1u << 0,    /* an API route: errors in JSON, auth by bearer or cookie */
	ROUTE_NO_CSRF = 1u << 1, /* a write that needs no CSRF token (sign-in/registration API: JSON only) */
	ROUTE_ANON = 1u << 2,    /* the same for everyone (static files, health): no session lookup */
	ROUTE_UPLOAD = 1u << 3,  /* takes a file in a multipart form (also on an API route): the
				    body may reach upload_limit, the file goes to r->upload */
	ROUTE_LIBRARY = 1u << 4, /* with ROUTE_UPLOAD: the file is a library file, so the body may
				    reach library_limit instead */
	/* Mail (mail_settings.c): a write whose proof is a MAC in its address,
	 * checked by the handler before anything else (one-click unsubscribe,
	 * RFC 8058): no CSRF token, and a form body is fine. */
	ROUTE_MAC_PROOF = 1u << 5,
};

struct route {
	enum http_method method;
	const char *pattern; /* "/u/:handle": ":name" matches one non-empty segment */
	http_handler handler;
	enum policy_action action;
	const struct form_spec *form; /* fields of the body, or NULL */
	unsigned flags;
};

/* A file sent in a multipart form to a ROUTE_UPLOAD route: written to a
 * temporary file as it arrives and hashed on the way (upload.c), typed by
 * libmagic once the body is in, removed when the request ends.  At most
 * one per request. */
struct http_upload {
	bool present;      /* a file with a name and at least one byte came */
	char path[64];     /* the temporary file */
	int fd;            /* open while the body arrives, then -1 */
	int64_t size;
	char sha256[65];   /* lower-case hex, once complete */
	str field, filename; /* the form field and the file name as sent */
	const char *mime;  /* sniffed from the bytes ("application/pdf"), never the sender's word */
	void *hash;        /* the running SHA-256 state, while the body arrives */
};

struct http_header {
	const char *name, *value;
};

struct http_req {
	arena *a;
	struct http_server *srv;
	struct MHD_Connection *conn;
	const struct route *route;
	enum http_method method;
	str path;
	str params[HTTP_MAX_PARAMS]; /* path parameters in pattern order */
	str client;                  /* client address as text */
	int64_t now;
	bool https;                  /* served behind TLS (for Secure cookies) */

	/* Who is asking. */
	struct policy_reader reader;
	struct store_member me;      /* valid when reader.signed_in */
	unsigned char session_hash[STORE_HASH_LEN];
	bool bearer;                 /* authenticated by Authorization: Bearer */
	char csrf[HTTP_TOKEN_LEN + 1];

	/* The body, validated against route->form. */
	str body;
	str content_type;
	json_t *json;                /* the parsed JSON body (API routes) */
	struct form_values in;
	struct http_upload upload;   /* ROUTE_UPLOAD routes */

	/* The answer being built. */
	int status;
	const char *ctype;
	str out;
	int out_fd;                  /* instead of `out`: a file to send (http_send_stored), else -1 */
	int64_t out_fd_size;
	int64_t out_fd_off;          /* from this offset of it */
	struct http_reader *out_reader; /* instead of `out`: bytes read on demand (http_send_stored) */
	struct http_header headers[HTTP_MAX_HEADERS];
	size_t nheaders;
	bool answered;

	/* What the page shown counts as (pageviews.c): 0, or a store_section
	 * + 1 and a store_view_kind + 1 with its item. */
	int view_section, view_kind;
	int64_t view_item;
};

/* Query-string parameter `name` (decoded), or STR_NULL. */
str http_query(http_req *r, const char *name);
/* Search (search.c): the query string read against a field table, for
 * a GET whose parameters have limits and checks like a form's.  Offers
 * each parameter to fv (form_offer: names not in `spec` ignored, a
 * FIELD_LIST field's repeats joined with ','), then form_validate.
 * Returns the number of fields in error, or -1 when the arena is full. */
int http_query_form(http_req *r, const struct form_spec *spec, struct form_values *fv);
/* Request header `name`, or STR_NULL. */
str http_header(http_req *r, const char *name);
/* Cookie `name`, or STR_NULL. */
str http_cookie(http_req *r, const char *name);

/* Adds a response header (the value is copied into the request's arena;
 * the name must be a constant); refuses (returns -1) values with CR or LF
 * and more than HTTP_MAX_HEADERS headers. */
int http_add_header(http_req *r, const char *name, const char *value);

/* Answers `status` with the page rendered by `view` from `ctx`.  `ctx`
 * gets the layout's common values (see http_page_ctx).  0 or -1. */
int http_page(http_req *r, int status, int (*view)(buf *, const view_obj *), view_obj *ctx);
/* A context with what every page's layout needs: "me" (when signed in),
 * "csrf", "title".  NULL when the arena is exhausted. */
view_obj *http_page_ctx(http_req *r, const char *title);

/* Answers `status` with `j` serialised (and released). */
int http_json(http_req *r, int status, json_t *j);
/* Answers with an error page (HTML) or {"error":{code,message[,field]}}
 * (JSON routes); `field` may be NULL. */
int http_error(http_req *r, int status, const char *code, const char *message, const char *field);
/* 303 See Other to a local path. */
int http_redirect(http_req *r, const char *location);
/* Answers with raw bytes of a given type (status 200 unless set). */
int http_bytes(http_req *r, int status, const char *ctype, str body);
/* A stored file to answer with (http_send_stored): from a file on disk
 * (`path`) or, with no path, through `read`, which fills buf with the n
 * bytes at offset off (0, or -1 when it cannot: the connection is then
 * closed).  `read` is called from libmicrohttpd's threads after the
 * handler has returned, with `cls`, until the answer is sent; `done`
 * (may be NULL) is called once after the last call, or when the answer
 * is never sent, to release cls.  Both may run after the request has
 * ended, so cls must not live in the request's arena (malloc it). */
struct http_reader {
	int (*read)(void *cls, int64_t off, char *buf, size_t n);
	void (*done)(void *cls);
	void *cls;
};
struct http_stored {
	const char *ctype;    /* Content-Type */
	int64_t size;
	const char *etag;     /* a strong validator, quoted: "\"abc\"" */
	int64_t mtime;        /* Last-Modified (unix time; 0: none) */
	const char *filename; /* Content-Disposition's file name (NULL: no such header) */
	bool attachment;      /* "attachment" (save) rather than "inline" (show) */
	const char *cache;    /* Cache-Control */
	const char *path;     /* the file on disk, or NULL to use `reader` */
	struct http_reader reader; /* copied; cls (not in r->a) must live until done is called */
};
/* Answers a GET or HEAD for stored file f as HTTP asks (RFC 9110):
 * If-None-Match (or, without it, If-Modified-Since) gives 304; a single
 * "bytes=" Range (honoured unless an If-Range does not match) gives 206
 * with Content-Range, or 416 with "bytes * /size" when it cannot be met;
 * several ranges or another unit give the whole file, 200.  Always sends
 * ETag, Last-Modified, Accept-Ranges: bytes, Content-Disposition (file
 * name escaped: an ASCII fallback and filename*= UTF-8).  The bytes are
 * never read into memory whole.  0, or -1 when nothing could be answered
 * (then f->reader.done has been called). */
int http_send_stored(http_req *r, const struct http_stored *f);

/* Parses a Range header for a file of `size` bytes.  1: a single
 * satisfiable byte range, *first..*last inclusive; 0: no range to honour
 * (absent, another unit, several ranges, or malformed: send it all);
 * -1: unsatisfiable (416). */
int http_range_parse(str header, int64_t size, int64_t *first, int64_t *last);

/* 204 No Content. */
int http_no_content(http_req *r);

/* Sets or clears (value NULL) a cookie: HttpOnly, SameSite=Lax, Path=/,
 * Secure when served over TLS. */
int http_set_cookie(http_req *r, const char *name, const char *value, int64_t max_age);

/* Maps a store error to its answer (404, 409, 503, 500). */
int http_store_error(http_req *r, int err);

/* The store and settings the server runs with. */
store *http_store(http_req *r);
const struct rounds_config *http_config(http_req *r);
/* What mail_queue needs (mail.h): the settings, the store and the site
 * secret, in the request's arena.  NULL when the arena is full. */
struct mail_env;
const struct mail_env *http_mail_env(http_req *r);

#endif
