/* serve.c: `rounds serve`: loads the static files and the site secret,
 * then runs the HTTP server until a signal asks it to stop. */
#include <sodium.h>
#include <stdio.h>
#include <unistd.h>

#include "../core/log.h"
#include "../http/server.h"
#include "../http/static.h"
#include "../pages/pages.h"
#include "cli.h"

/* The secret CSRF tokens derive from: the configured one, or one kept in
 * the store (made once), so that every node of a cluster agrees. */
static int load_secret(const struct rounds_config *cfg, store *st, unsigned char key[32])
{
	str value = str_c(cfg->secret);
	arena *a = arena_new(4096);
	if (!a)
		return -1;
	if (!value.n) {
		unsigned char raw[32];
		char hex[65];
		randombytes_buf(raw, sizeof raw);
		sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
		if (store_setting_init(st, a, S("secret"), str_c(hex), &value) != 0) {
			arena_free(a);
			return -1;
		}
	}
	crypto_generichash(key, 32, (const unsigned char *)value.p, value.n, (const unsigned char *)"rounds-csrf", 11);
	arena_free(a);
	return 0;
}

/* Finds static/ beside the binary when the working folder has none. */
static void locate_static(struct rounds_config *cfg)
{
	if (access(cfg->static_dir, R_OK) == 0)
		return;
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			return;
		*slash = '\0';
		char cand[1100];
		snprintf(cand, sizeof cand, "%s/static", exe);
		if (access(cand, R_OK) == 0) {
			config_set(cfg, "static_dir", cand);
			return;
		}
	}
}

int cli_serve(struct rounds_config *cfg, store *st)
{
	struct http_server srv = {.cfg = cfg, .st = st};
	if (load_secret(cfg, st, srv.secret) < 0) {
		fprintf(stderr, "rounds: cannot load the site secret\n");
		return 1;
	}
	locate_static(cfg);
	if (static_load(cfg->static_dir) < 0)
		fprintf(stderr, "rounds: warning: static files not loaded from %s\n", cfg->static_dir);
	srv.routes = pages_routes(&srv.nroutes);
	int rc = http_serve(&srv);
	sodium_memzero(srv.secret, sizeof srv.secret);
	static_unload();
	return rc == 0 ? 0 : 1;
}
