/* config.c: defaults, file, environment, in that order; flags are applied
 * afterwards by the command line through config_set(). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct key {
	const char *name;
	enum { K_STR, K_BOOL, K_INT, K_SIZE } kind;
	size_t off, cap;
};

#define KS(n, f) {n, K_STR, offsetof(struct rounds_config, f), sizeof(((struct rounds_config *)0)->f)}
#define KB(n, f) {n, K_BOOL, offsetof(struct rounds_config, f), 0}
#define KI(n, f) {n, K_INT, offsetof(struct rounds_config, f), 0}
#define KZ(n, f) {n, K_SIZE, offsetof(struct rounds_config, f), 0}

static const struct key keys[] = {
	KS("listen", listen),	    KS("db", db),
	KS("mail_spool", mail_spool), KS("smtp_url", smtp_url),
	KS("smtp_user", smtp_user), KS("smtp_password", smtp_password),
	KS("mail_from", mail_from), KS("base_url", base_url),
	KS("secret", secret),	    KS("static_dir", static_dir),
	KB("trust_proxy", trust_proxy), KI("threads", threads),
	KZ("body_limit", body_limit), KI("session_days", session_days),
	KZ("upload_limit", upload_limit), KZ("library_limit", library_limit),
	KI("mail_hourly_cap", mail_hourly_cap), KS("mail_retry_scale", mail_retry_scale),
	KI("cache_mb", cache_mb),
};

static void defaults(struct rounds_config *c)
{
	memset(c, 0, sizeof *c);
	snprintf(c->listen, sizeof c->listen, "127.0.0.1:8080");
	snprintf(c->db, sizeof c->db, "sqlite:rounds.db");
	snprintf(c->mail_spool, sizeof c->mail_spool, "mail");
	snprintf(c->mail_from, sizeof c->mail_from, "Rounds <no-reply@rounds.example>");
	snprintf(c->static_dir, sizeof c->static_dir, "static");
	c->body_limit = 64 * 1024;
	c->upload_limit = 5 * 1024 * 1024;
	c->library_limit = 100 * 1024 * 1024;
	c->session_days = 30;
	c->mail_hourly_cap = 10;
	c->cache_mb = 64;
}

static int parse_long(const char *v, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long x = strtol(v, &end, 10);
	if (errno || end == v || *end || x < min || x > max)
		return -1;
	*out = x;
	return 0;
}

int config_set(struct rounds_config *c, const char *key, const char *value)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const struct key *k = &keys[i];
		if (strcmp(k->name, key) != 0)
			continue;
		char *field = (char *)c + k->off;
		long x;
		switch (k->kind) {
		case K_STR:
			if (strlen(value) >= k->cap)
				return -1;
			memcpy(field, value, strlen(value) + 1);
			return 0;
		case K_BOOL:
			if (!strcmp(value, "1") || !strcmp(value, "true") || !strcmp(value, "yes"))
				*(bool *)field = true;
			else if (!strcmp(value, "0") || !strcmp(value, "false") || !strcmp(value, "no") || !*value)
				*(bool *)field = false;
			else
				return -1;
			return 0;
		case K_INT:
			if (parse_long(value, 0, 100000, &x) < 0)
				return -1;
			*(int *)field = (int)x;
			return 0;
		case K_SIZE:
			if (parse_long(value, 1024, 1L << 40, &x) < 0)
				return -1;
			*(size_t *)field = (size_t)x;
			return 0;
		}
	}
	return -1;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int load_file(struct rounds_config *c, const char *path, bool must)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (!must)
			return 0;
		fprintf(stderr, "rounds: cannot read config file %s: %s\n", path, strerror(errno));
		return -1;
	}
	char line[2048];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq)
			*eq = '\0';
		if (!eq || config_set(c, trim(s), trim(eq + 1)) < 0) {
			fprintf(stderr, "rounds: %s:%d: bad setting\n", path, lineno);
			rc = -1;
		}
	}
	fclose(f);
	return rc;
}

int config_load(struct rounds_config *c, const char *file)
{
	defaults(c);
	if (!file)
		file = getenv("ROUNDS_CONFIG");
	if (load_file(c, file ? file : "rounds.conf", file != NULL) < 0)
		return -1;
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char env[64] = "ROUNDS_";
		size_t n = strlen(env);
		for (const char *p = keys[i].name; *p && n < sizeof env - 1; p++)
			env[n++] = (char)toupper((unsigned char)*p);
		env[n] = '\0';
		const char *v = getenv(env);
		if (v && config_set(c, keys[i].name, v) < 0) {
			fprintf(stderr, "rounds: bad value in %s\n", env);
			return -1;
		}
	}
	return 0;
}
