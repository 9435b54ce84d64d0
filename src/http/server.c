/* server.c: libmicrohttpd glue.  The access handler is called several
 * times per request: first with the headers (we set up the request and its
 * arena, and answer nothing yet: queueing a response on the first call
 * makes libmicrohttpd 0.9.75 close the connection, which costs keep-alive),
 * then once per piece of body, then a last time with no data, when the
 * request is dispatched.  The arena is freed when libmicrohttpd reports the
 * request complete, after the response (which points into the arena) has
 * been sent.
 *
 * A stored file answered through a reader (http_send_stored on
 * PostgreSQL) is read after the handler has returned, from libmicrohttpd's
 * threads, and libmicrohttpd may destroy the response after it reports the
 * request complete (when the connection closes early).  So the reader is
 * copied out of the arena into memory the response owns (its cls is
 * never in the arena: http.h), and nothing the response reads is in the
 * arena.  `done` is called exactly once, by the response's free
 * callback, or here when no response took the reader. */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "../core/log.h"
#include "../core/secret.h"
#include "dispatch.h"
#include "upload.h"

#define REQ_ARENA_CAP (8u << 20)
#define POST_BUFFER 8192
#define READER_BLOCK (256u << 10) /* bytes asked of a stored file's reader at a time */
/* The least a ROUTE_LIBRARY route takes as a JSON or plain form body: an
 * item's fields with a page's 100,000-byte Markdown body, which urlencoding
 * can triple. */
#define LIBRARY_BODY_MIN ((size_t)512 << 10)

struct conn_state {
	http_req req;
	struct MHD_PostProcessor *pp;
	bool json_body, form_body, too_large, bad_body, answered;
	bool bad_header;        /* a header line with no name, or a name that is no token */
	bool file_limit;        /* limit is a file limit (upload_limit or library_limit) */
	size_t received, limit; /* the body so far, and its most */
	char csrf_field[SECRET_TOKEN_LEN + 8];
	size_t csrf_len;
	buf raw;
	char allow[64];
	struct timespec start;
};

/* Requests begun (headers in), and requests whose body is in, being
 * handled or answered.  Shutdown waits for the second kind: those are what
 * a client is owed.  One still sending its body gets a short grace only, since a
 * client may abandon it without libmicrohttpd noticing for a while. */
static long in_flight, answering;

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
				 const char *content_type, const char *transfer_encoding, const char *data,
				 uint64_t off, size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding;
	struct conn_state *cs = cls;
	/* A part whose name libmicrohttpd cannot read (not name="...")
	 * comes with no key: no field of ours, like an unknown name. */
	if (!key)
		return MHD_YES;
	if (filename && (cs->req.route->flags & ROUTE_UPLOAD)) {
		if (upload_take(&cs->req, key, filename, data, size) < 0) {
			cs->bad_body = true;
			return MHD_NO;
		}
		return MHD_YES;
	}
	if (strcmp(key, "_csrf") == 0) {
		if (off + size >= sizeof cs->csrf_field) {
			cs->csrf_len = 0;
			return MHD_YES;
		}
		memcpy(cs->csrf_field + off, data, size);
		cs->csrf_len = (size_t)off + size;
		return MHD_YES;
	}
	if (form_offer(&cs->req.in, cs->req.a, key, data, size, off > 0) < 0) {
		cs->too_large = true;
		return MHD_NO;
	}
	return MHD_YES;
}

static str content_type_base(const char *ct)
{
	if (!ct)
		return STR_NULL;
	size_t n = strcspn(ct, ";");
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	return (str){ct, n};
}

static void client_address(http_req *r)
{
	char addr[INET6_ADDRSTRLEN] = "";
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, addr, sizeof addr);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, addr,
				  sizeof addr);
	}
	str client = str_c(addr);
	if (r->srv->cfg->trust_proxy) {
		str xff = http_header(r, "X-Forwarded-For");
		if (xff.n) {
			size_t i = xff.n;
			while (i && xff.p[i - 1] != ',')
				i--;
			str last = {xff.p + i, xff.n - i};
			while (last.n && last.p[0] == ' ')
				last.p++, last.n--;
			while (last.n && last.p[last.n - 1] == ' ')
				last.n--;
			if (last.n && last.n < 64)
				client = last;
		}
		str proto = http_header(r, "X-Forwarded-Proto");
		r->https = str_eqc(proto, "https");
	}
	char *c = str_dup(r->a, client);
	r->client = c ? (str){c, client.n} : S("?");
}

/* A header whose name is empty or holds what RFC 9110's token may not
 * (controls, spaces, separators, bytes past ASCII) marks the request
 * malformed; libmicrohttpd passes such lines on. */
static enum MHD_Result check_header(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
				    const char *value, size_t value_size)
{
	(void)kind, (void)value, (void)value_size;
	bool *bad = cls;
	static const char separators[] = "\"(),/:;<=>?@[\\]{}";
	if (!key || key_size == 0)
		*bad = true;
	for (size_t i = 0; !*bad && i < key_size; i++) {
		unsigned char c = (unsigned char)key[i];
		*bad = c <= ' ' || c >= 0x7f || strchr(separators, c);
	}
	return *bad ? MHD_NO : MHD_YES;
}

/* Sets up a new request on the first call.  Returns false when it cannot
 * even do that (out of memory): the connection is then refused. */
static bool begin(struct http_server *srv, struct MHD_Connection *conn, const char *url, const char *method,
		  struct conn_state **out)
{
	arena *a = arena_new(REQ_ARENA_CAP);
	if (!a)
		return false;
	struct conn_state *cs = arena_zalloc(a, sizeof *cs);
	if (!cs) {
		arena_free(a);
		return false;
	}
	clock_gettime(CLOCK_MONOTONIC, &cs->start);
	http_req *r = &cs->req;
	r->a = a;
	r->srv = srv;
	r->conn = conn;
	r->method = http_method_parse(method);
	r->path = str_c(arena_strndup(a, url, strlen(url)));
	r->now = (int64_t)time(NULL);
	r->status = 200;
	buf_init(&cs->raw, a);
	r->route = http_route_match(srv->routes, srv->nroutes, r->method, r->path, r->params, cs->allow,
				    sizeof cs->allow);
	form_init(&r->in, r->route ? r->route->form : NULL);
	client_address(r);
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, check_header, &cs->bad_header);

	bool uploads = r->route && (r->route->flags & ROUTE_UPLOAD);
	r->upload.fd = -1;
	r->out_fd = -1;
	const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	r->content_type = content_type_base(ct);
	bool multipart = str_ieq(r->content_type, S("multipart/form-data"));
	/* Only a multipart body to a route that takes a file may be as large
	 * as a file; anything else to it (JSON, a plain form) keeps the
	 * body limit, or, to a library route, room for a page's body. */
	bool library = r->route && (r->route->flags & ROUTE_LIBRARY);
	cs->file_limit = uploads && multipart;
	if (cs->file_limit)
		cs->limit = library ? srv->cfg->library_limit : srv->cfg->upload_limit;
	else if (library && srv->cfg->body_limit < LIBRARY_BODY_MIN)
		cs->limit = LIBRARY_BODY_MIN;
	else
		cs->limit = srv->cfg->body_limit;
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl) {
		char *end;
		unsigned long long n = strtoull(cl, &end, 10);
		if (*end || n > cs->limit)
			cs->too_large = true;
	}
	/* Every HTML write carries at least its _csrf field; an API route
	 * that takes a file takes it in a multipart form. */
	bool has_form = r->route && (r->route->form || (r->method == HTTP_POST && !(r->route->flags & ROUTE_JSON)));
	if (has_form && (!(r->route->flags & ROUTE_JSON) || (uploads && multipart)) &&
	    (str_ieq(r->content_type, S("application/x-www-form-urlencoded")) || multipart)) {
		cs->form_body = true;
		cs->pp = MHD_create_post_processor(conn, POST_BUFFER, post_iter, cs);
		if (!cs->pp)
			cs->bad_body = true;
	} else {
		cs->json_body = true;
	}
	__atomic_add_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
	*out = cs;
	return true;
}

/* Answers 413, saying how much a route that takes files allows. */
static void too_large(struct conn_state *cs)
{
	http_req *r = &cs->req;
	if (!cs->file_limit) {
		http_error(r, 413, "too_large", "The request is too large.", NULL);
		return;
	}
	char msg[96];
	if (cs->limit >= 10u << 20)
		snprintf(msg, sizeof msg, "The file is too large: at most %zu MB.", cs->limit >> 20);
	else
		snprintf(msg, sizeof msg, "The file is too large: at most %zu KB.", cs->limit / 1024);
	http_error(r, 413, "too_large", arena_strndup(r->a, msg, strlen(msg)), NULL);
}

static void take_body(struct conn_state *cs, const char *data, size_t n)
{
	if (cs->too_large || cs->bad_body)
		return;
	cs->received += n;
	if (cs->received > cs->limit) {
		cs->too_large = true;
		return;
	}
	if (cs->pp) {
		if (MHD_post_process(cs->pp, data, n) != MHD_YES && !cs->too_large)
			cs->bad_body = true;
	} else if (buf_put(&cs->raw, data, n) < 0) {
		cs->too_large = true;
	}
}

static void security_headers(struct MHD_Response *resp)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
				"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
				"base-uri 'none'; object-src 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "strict-origin-when-cross-origin");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
}

/* Marks the request as one shutdown must wait for: its body is in and
 * it is being handled or answered. */
static void owed(struct conn_state *cs)
{
	if (!cs->answered) {
		cs->answered = true;
		__atomic_add_fetch(&answering, 1, __ATOMIC_SEQ_CST);
	}
}

/* A stored file's reader, owned by the response that reads through it. */
struct reader_src {
	struct http_reader rd;
	int64_t off, size; /* the bytes of the file the answer holds */
};

static ssize_t reader_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct reader_src *s = cls;
	if (pos >= (uint64_t)s->size)
		return MHD_CONTENT_READER_END_OF_STREAM;
	uint64_t left = (uint64_t)s->size - pos;
	size_t n = left < max ? (size_t)left : max;
	if (s->rd.read(s->rd.cls, s->off + (int64_t)pos, out, n) < 0)
		return MHD_CONTENT_READER_END_WITH_ERROR; /* the client sees a short body */
	return (ssize_t)n;
}

static void reader_free(void *cls)
{
	struct reader_src *s = cls;
	if (s->rd.done)
		s->rd.done(s->rd.cls);
	free(s);
}

/* Calls the reader's done if no response took it. */
static void reader_release(http_req *r)
{
	struct http_reader *rd = r->out_reader;
	r->out_reader = NULL;
	if (rd && rd->done)
		rd->done(rd->cls);
}

/* The response reading r->out_reader for the r->out_fd_size bytes at
 * r->out_fd_off; from here the response owns the reader (a copy outside
 * the arena), or the reader has been released when there is no response. */
static struct MHD_Response *reader_response(struct conn_state *cs)
{
	http_req *r = &cs->req;
	struct reader_src *s = malloc(sizeof *s);
	if (!s) {
		reader_release(r);
		return NULL;
	}
	*s = (struct reader_src){*r->out_reader, r->out_fd_off, r->out_fd_size};
	r->out_reader = NULL;
	/* libmicrohttpd allocates the block with the response: no more than the file. */
	size_t block = s->size < (int64_t)READER_BLOCK ? (size_t)s->size + 1 : READER_BLOCK;
	struct MHD_Response *resp =
		MHD_create_response_from_callback((uint64_t)s->size, block, reader_read, s, reader_free);
	if (!resp) { /* libmicrohttpd calls the free callback only for a response it made */
		if (s->rd.done)
			s->rd.done(s->rd.cls);
		free(s);
		return NULL;
	}
	return resp;
}

static enum MHD_Result respond(struct conn_state *cs)
{
	http_req *r = &cs->req;
	owed(cs);
	if (!r->answered)
		http_error(r, 500, "internal", "Something went wrong on our side.", NULL);
	struct MHD_Response *resp;
	if (r->out_fd >= 0) {
		/* libmicrohttpd owns the descriptor from here and closes it. */
		resp = MHD_create_response_from_fd_at_offset64((uint64_t)r->out_fd_size, r->out_fd,
							       (uint64_t)r->out_fd_off);
		if (!resp)
			close(r->out_fd);
		r->out_fd = -1;
	} else if (r->out_reader) {
		resp = reader_response(cs);
	} else {
		resp = MHD_create_response_from_buffer(r->out.n, (void *)(r->out.n ? r->out.p : ""),
						       MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	if (r->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].name, r->headers[i].value);
	security_headers(resp);
	enum MHD_Result ret = MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Decodes %HH escapes in the path and query in place, except %00: a NUL
 * would cut the string short where later code cannot see it (so that
 * /static/a.css%00.txt would serve a.css), so it stays as the three
 * characters and matches nothing. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls, (void)c;
	static const unsigned char hex[256] = {
		['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
		['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
		['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	};
	char *w = s;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hex[(unsigned char)p[1]]) && (lo = hex[(unsigned char)p[2]]) &&
		    (hi > 1 || lo > 1)) {
			*w++ = (char)((hi - 1) * 16 + (lo - 1));
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size,
				  void **con_cls)
{
	struct http_server *srv = cls;
	struct conn_state *cs = *con_cls;
	if (!cs) {
		if (strcmp(version, "HTTP/1.1") != 0 && strcmp(version, "HTTP/1.0") != 0)
			return MHD_NO; /* HTTP/0.9 or a mangled request line: drop it */
		if (!begin(srv, conn, url, method, &cs))
			return MHD_NO;
		*con_cls = cs;
		if (cs->too_large) {
			/* Refuse before reading a body we would throw away;
			 * libmicrohttpd then closes the connection. */
			too_large(cs);
			return respond(cs);
		}
		if (cs->bad_header) {
			http_error(&cs->req, 400, "bad_request", "The request is malformed: a header line has no proper name.",
				   NULL);
			return respond(cs);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		take_body(cs, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	http_req *r = &cs->req;
	owed(cs);
	if (cs->pp) {
		MHD_destroy_post_processor(cs->pp);
		cs->pp = NULL;
	}
	if (!cs->too_large && !cs->bad_body && upload_finish(r) < 0)
		cs->bad_body = true;
	if (cs->too_large)
		too_large(cs);
	else if (cs->bad_body)
		http_error(r, 400, "bad_body", "The request body could not be read.", NULL);
	else
		http_dispatch(r, buf_slice(&cs->raw), cs->form_body, (str){cs->csrf_field, cs->csrf_len}, cs->allow);
	return respond(cs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls, (void)conn;
	struct conn_state *cs = *con_cls;
	if (!cs)
		return;
	http_req *r = &cs->req;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	long us = (long)((end.tv_sec - cs->start.tv_sec) * 1000000L + (end.tv_nsec - cs->start.tv_nsec) / 1000);
	char path[300];
	static const char *const mnames[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OTHER"};
	log_info("access", "method=%s path=%s status=%d bytes=%zu us=%ld member=%lld%s", mnames[r->method],
		 log_q(path, sizeof path, r->path.p, r->path.n < 256 ? r->path.n : 256), r->status, r->out.n + (size_t)r->out_fd_size, us,
		 (long long)r->reader.id, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted=1");
	if (cs->pp)
		MHD_destroy_post_processor(cs->pp);
	if (r->json)
		json_decref(r->json);
	upload_discard(r);
	if (r->out_fd >= 0)
		close(r->out_fd);
	reader_release(r); /* answered with a reader, but no response took it */
	*con_cls = NULL;
	bool was_owed = cs->answered;
	arena_free(r->a); /* cs and r live in it: nothing of them after this */
	if (was_owed)
		__atomic_sub_fetch(&answering, 1, __ATOMIC_SEQ_CST);
	__atomic_sub_fetch(&in_flight, 1, __ATOMIC_SEQ_CST);
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (!*host)
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

static void wait_for_signal(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	int sig = 0;
	sigwait(&set, &sig);
	log_info("shutdown", "signal=%d in_flight=%ld", sig, __atomic_load_n(&in_flight, __ATOMIC_SEQ_CST));
}

int http_serve(struct http_server *srv)
{
	struct sockaddr_in sa;
	if (parse_listen(srv->cfg->listen, &sa) < 0) {
		log_error("listen", "msg=\"bad listen address, want HOST:PORT\"");
		return -1;
	}
	/* Worker threads inherit this mask, so the signals reach only sigwait. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = srv->cfg->threads > 0 ? (unsigned)srv->cfg->threads : (unsigned)(cores > 0 ? cores : 2);
	srv->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
		(size_t)(32 * 1024), MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_CONNECTION_LIMIT, 4096u,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		/* Strict: an HTTP/1.1 request without Host, or a space in the
		 * URL, is malformed and answered 400 (hostile.test.mjs). */
		MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
	if (!srv->daemon) {
		log_error("listen", "addr=%s msg=\"cannot start the HTTP daemon\"", srv->cfg->listen);
		return -1;
	}
	log_info("listening", "addr=%s threads=%u", srv->cfg->listen, threads);
	wait_for_signal();
	MHD_quiesce_daemon(srv->daemon);
	for (int i = 0; i < 200 && __atomic_load_n(&answering, __ATOMIC_SEQ_CST) > 0; i++)
		usleep(100 * 1000);
	for (int i = 0; i < 20 && __atomic_load_n(&in_flight, __ATOMIC_SEQ_CST) > 0; i++)
		usleep(100 * 1000);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	log_info("stopped", "msg=\"clean shutdown\"");
	return 0;
}
