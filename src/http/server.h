/* server.h: the libmicrohttpd daemon: start, run until SIGTERM/SIGINT,
 * stop after in-flight requests finish. */
#ifndef ROUNDS_SERVER_H
#define ROUNDS_SERVER_H

#include "../core/config.h"
#include "../store/store.h"
#include "http.h"

struct http_server {
	const struct rounds_config *cfg;
	store *st;
	const struct route *routes;
	size_t nroutes;
	unsigned char secret[32]; /* derives CSRF tokens */
	struct MHD_Daemon *daemon;
	struct blobcache *heads; /* posts' heads (forum_posts_view); NULL: made each time */
};

/* Serves `routes` on cfg->listen until SIGTERM or SIGINT; then stops
 * accepting, lets requests in flight finish (up to 20 s) and returns 0.
 * Returns -1 (logged) when the daemon cannot start. */
int http_serve(struct http_server *srv);

/* Finds the route for (method, path), filling r->params.  NULL when none;
 * then *allow lists the methods the path does accept ("" when the path is
 * unknown). */
const struct route *http_route_match(const struct route *routes, size_t n, enum http_method m, str path,
				     str params[HTTP_MAX_PARAMS], char *allow, size_t allow_cap);

/* The method named `s` (HTTP_OTHER when unknown). */
enum http_method http_method_parse(const char *s);

#endif
