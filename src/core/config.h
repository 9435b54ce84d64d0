/* config.h: the settings a Rounds process runs with.  Each comes from, in
 * order of precedence: a command-line flag, a ROUNDS_* environment
 * variable, the config file (`--config FILE`, ROUNDS_CONFIG, or
 * ./rounds.conf when present), then the default.  The file holds
 * `key = value` lines (keys as the environment names without ROUNDS_, in
 * lower case) and `#` comments. */
#ifndef ROUNDS_CONFIG_H
#define ROUNDS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct rounds_config {
	char listen[128];     /* host:port */
	char db[1024];        /* sqlite:PATH or postgresql://… */
	char mail_spool[1024];
	char smtp_url[1024];  /* smtp://host:port or smtps://…; empty: spool */
	char smtp_user[256];
	char smtp_password[256];
	char mail_from[256];
	char base_url[512];   /* absolute address of the site, for links in mail */
	char secret[256];     /* optional: overrides the secret kept in the store */
	char static_dir[1024];
	bool trust_proxy;     /* take the client address from X-Forwarded-For */
	int threads;          /* worker threads; 0: one per core */
	size_t body_limit;    /* bytes of a form or JSON body */
	size_t upload_limit;  /* bytes of a request that carries a file (routes that take uploads) */
	size_t library_limit; /* bytes of a request that carries a library file (ebooks, attachments) */
	int session_days;
	int mail_hourly_cap;  /* notification emails a member may be sent in an hour (account mail not counted) */
	char mail_retry_scale[16]; /* tests: the retry backoff multiplied by this ("0.01"); empty: 1 */
	int cache_mb;         /* memory for pages kept between requests (serve); 0: none */
};

/* Sets the defaults, then applies the config file and the environment.
 * `file` may be NULL (then ROUNDS_CONFIG or ./rounds.conf).  Returns 0, or
 * -1 with a message on stderr when the file or a value is bad. */
int config_load(struct rounds_config *c, const char *file);

/* Applies one setting by key (as in the file).  0, or -1 when the key is
 * unknown or the value bad. */
int config_set(struct rounds_config *c, const char *key, const char *value);

#endif
