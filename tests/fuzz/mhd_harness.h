/* mhd_harness.h: runs one HTTP request through libmicrohttpd and the
 * server's own request code, in process, for the fuzz targets whose input
 * libmicrohttpd parses before Rounds sees it (cookies, query strings,
 * urlencoded and multipart bodies).
 *
 * server.c's callbacks are static, so its source is included here with
 * its one external function renamed (the library's copy stays linked).  A
 * daemon with no listening socket and no threads of its own takes each
 * request on one end of a socketpair; fuzz_mhd_request() writes the
 * request (half of it, then the rest), turns the daemon's crank until
 * the answer is in and the connection closed, and returns the status.
 * The daemon has server.c's unescape callback, completion callback and
 * memory limit, and on_request is server.c's own: the body limit, the post processor,
 * post_iter, form_offer, upload_take, the dispatcher, then the target's
 * handler.  The routes a target gives are ROUTE_ANON (no session lookup:
 * the harness has no store) and ROUTE_MAC_PROOF (no CSRF token), with the
 * action ACT_PUBLIC. */
#ifndef ROUNDS_FUZZ_MHD_HARNESS_H
#define ROUNDS_FUZZ_MHD_HARNESS_H

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define http_serve fuzz_copy_http_serve
#include "../../src/http/server.c"
#undef http_serve

static struct rounds_config fuzz_cfg;
static struct http_server fuzz_srv;
static struct MHD_Daemon *fuzz_daemon;

static void fuzz_check(bool ok)
{
	if (!ok)
		__builtin_trap();
}

/* Starts the daemon for `routes` (once per process). */
static void fuzz_mhd_start(const struct route *routes, size_t n)
{
	if (fuzz_daemon)
		return;
	log_set_level(LOG_ERROR);
	fuzz_check(secret_init() == 0);
	fuzz_cfg.body_limit = 65536;
	fuzz_cfg.upload_limit = 1 << 20;
	fuzz_cfg.library_limit = 1 << 20;
	fuzz_srv.cfg = &fuzz_cfg;
	fuzz_srv.routes = routes;
	fuzz_srv.nroutes = n;
	memset(fuzz_srv.secret, 7, sizeof fuzz_srv.secret);
	fuzz_daemon = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, &fuzz_srv,
				       MHD_OPTION_NOTIFY_COMPLETED, on_completed, &fuzz_srv,
				       MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
				       MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	fuzz_check(fuzz_daemon != NULL);
}

/* Sends `req` (len bytes) as one connection and runs the daemon until it
 * has answered and closed it, or until the request can get no further
 * (then the client end is closed).  The status of the answer, or 0 when
 * there was none. */
static int fuzz_mhd_request(const char *req, size_t len)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 0;
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	if (MHD_add_connection(fuzz_daemon, sv[0], (struct sockaddr *)&sa, sizeof sa) != MHD_YES) {
		close(sv[0]);
		close(sv[1]);
		return 0;
	}
	size_t sent = 0;
	int status = 0;
	bool eof = false;
	char in[4096];
	for (int round = 0; round < 64 && !eof; round++) {
		/* Half first, so a body may reach the server in pieces. */
		size_t upto = round == 0 ? len / 2 : len;
		if (sent < upto) {
			ssize_t w = write(sv[1], req + sent, upto - sent);
			if (w > 0)
				sent += (size_t)w;
		}
		MHD_run(fuzz_daemon);
		for (;;) {
			ssize_t r = read(sv[1], in, sizeof in);
			if (r == 0)
				eof = true;
			if (r <= 0)
				break;
			if (!status && r > 12 && memcmp(in, "HTTP/1.", 7) == 0)
				status = atoi(in + 9);
		}
	}
	close(sv[1]);
	for (int round = 0; round < 8; round++)
		MHD_run(fuzz_daemon);
	return status;
}

#endif
