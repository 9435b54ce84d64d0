/* register.c: `rounds register import FILE.csv` loads a register extract
 * from a medical authority (columns: authority, number, name, status; a
 * header row is allowed) and lets the store act on it: pending
 * applications it confirms are approved, doctors it lists as erased or
 * suspended lose their verification (and the champion role, which needs
 * it).  The members concerned are emailed.
 *
 * Malformed rows are reported with their line and skipped; the rows that
 * pass are imported, and what they decide done (the champion role taken
 * too), in one transaction, so an import is whole or absent.  On a
 * terminal it shows its progress. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../mail/mail.h"
#include "../mail/notify_mail.h"
#include "../text/csv.h"
#include "../text/regnum.h"
#include "cli.h"

enum { NAME_MAX_BYTES = 200, REPORT_MAX = 50 };

struct import {
	const char *path;
	FILE *f;
	csv_reader *csv;
	arena *row;        /* the current row's copies; renewed for each row */
	long long size;    /* of the file, for the progress line */
	long skipped;      /* malformed rows of this pass */
	bool first_pass;   /* report malformed rows only once, if the store retries */
	bool failed;       /* the file, not the store, stopped the import (said already) */
	bool tty;
	struct timespec shown;
};

static void skip(struct import *im, long line, const char *why)
{
	im->skipped++;
	if (im->first_pass && im->skipped <= REPORT_MAX)
		fprintf(stderr, "rounds: %s:%ld: skipped: %s\n", im->path, line, why);
	else if (im->first_pass && im->skipped == REPORT_MAX + 1)
		fprintf(stderr, "rounds: %s: more malformed rows skipped (counted at the end)\n", im->path);
}

static void progress(struct import *im, bool last)
{
	if (!im->tty)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - im->shown.tv_sec) * 1000 + (now.tv_nsec - im->shown.tv_nsec) / 1000000;
	if (!last && ms < 200)
		return;
	im->shown = now;
	long long at = csv_offset(im->csv);
	fprintf(stderr, "\rreading %s: %3d%%", im->path, im->size > 0 ? (int)(at * 100 / im->size) : 100);
	if (last)
		fputc('\n', stderr);
}

/* Starts (again) from the first row. */
static int restart(struct import *im)
{
	csv_free(im->csv);
	im->csv = NULL;
	if (fseek(im->f, 0, SEEK_SET) != 0)
		return -1;
	im->csv = csv_new(im->f, 1024, 16);
	im->skipped = 0;
	return im->csv ? 0 : -1;
}

static bool is_header(const str *f, int n)
{
	return n >= 1 && f[0].n == 9 && strncasecmp(f[0].p, "authority", 9) == 0;
}

/* Checks one record and fills *row; NULL when good, else why not. */
static const char *check_row(struct import *im, const str *f, int n, struct store_register_row *row)
{
	if (n != 4)
		return "expected 4 columns: authority, number, name, status";
	const struct regnum_authority *au = regnum_find(f[0]);
	if (!au)
		return "unknown authority";
	const char *bad = regnum_check(au, im->row, f[1], &row->number);
	if (bad)
		return "the number does not fit the authority's rule";
	if (!f[2].n || f[2].n > NAME_MAX_BYTES)
		return "the name is empty or too long";
	if (regnum_name_key(im->row, f[2], &row->name_key) < 0 || !row->name_key.n)
		return "the name has no letters";
	static const char *const statuses[] = {"registered", "erased", "suspended"};
	row->status = STR_NULL;
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (f[3].n == strlen(statuses[i]) && strncasecmp(f[3].p, statuses[i], f[3].n) == 0)
			row->status = str_c(statuses[i]);
	if (!row->status.n)
		return "the status must be registered, erased or suspended";
	row->authority = str_c(au->code);
	row->name = f[2];
	return NULL;
}

/* The store's row source: the next good row of the file. */
static int next_row(void *ctx, bool again, struct store_register_row *row)
{
	struct import *im = ctx;
	if (again) {
		if (im->csv && csv_offset(im->csv) > 0)
			im->first_pass = false;
		if (restart(im) < 0) {
			im->failed = true;
			return -1;
		}
	}
	for (;;) {
		str f[16];
		int n = 0;
		const char *why = NULL;
		int rc = csv_next(im->csv, f, &n, &why);
		progress(im, false);
		if (rc == 0)
			return 0;
		if (rc == -2) {
			fprintf(stderr, "rounds: %s: read error\n", im->path);
			im->failed = true;
			return -1;
		}
		long line = csv_line(im->csv);
		if (rc < 0) {
			skip(im, line, why);
			continue;
		}
		if (line == 1 && is_header(f, n))
			continue;
		arena_free(im->row);
		if (!(im->row = arena_new(8192))) {
			im->failed = true;
			return -1;
		}
		if ((why = check_row(im, f, n, row))) {
			skip(im, line, why);
			continue;
		}
		return 1;
	}
}

/* Tells the members what the import did to them. */
static void notify(struct rounds_config *cfg, store *st, arena *a, const struct store_import_result *res)
{
	unsigned char secret[32];
	if (cli_site_secret(cfg, st, secret) < 0) {
		fprintf(stderr, "rounds: cannot load the site secret; no mail sent\n");
		return;
	}
	const struct mail_env env = {.cfg = cfg, .st = st, .secret = secret};
	char base[600];
	size_t bn = strlen(cfg->base_url);
	while (bn && cfg->base_url[bn - 1] == '/')
		bn--;
	if (bn)
		snprintf(base, sizeof base, "%.*s/verify", (int)bn, cfg->base_url);
	else
		snprintf(base, sizeof base, "http://%s/verify", cfg->listen);
	for (int i = 0; i < res->verified.n; i++) {
		const struct store_member *m = &res->verified.items[i];
		if (mail_decision_wanted(&env, m->id) &&
		    mail_verification(&env, a, m->id, m->email, m->name, true, STR_NULL, str_c(base)) < 0)
			fprintf(stderr, "rounds: could not mail %.*s\n", (int)m->email.n, m->email.p);
	}
	for (int i = 0; i < res->withdrawn.n; i++) {
		const struct store_member *m = &res->withdrawn.items[i];
		if (mail_decision_wanted(&env, m->id) &&
		    mail_verification_withdrawn(&env, a, m->id, m->email, m->name, str_c(base)) < 0)
			fprintf(stderr, "rounds: could not mail %.*s\n", (int)m->email.n, m->email.p);
	}
	/* Deliver now: no server may be running to do it (sender.c). */
	if (mail_deliver(&env, (int64_t)time(NULL), NULL) != 0)
		fprintf(stderr, "rounds: mail stays queued; the server will send it\n");
	sodium_memzero(secret, sizeof secret);
}

static int import_file(struct rounds_config *cfg, store *st, const char *path)
{
	struct import im = {.path = path, .first_pass = true, .tty = isatty(2) == 1};
	if (!(im.f = fopen(path, "rb"))) {
		fprintf(stderr, "rounds: cannot open %s\n", path);
		return 1;
	}
	struct stat sb;
	im.size = fstat(fileno(im.f), &sb) == 0 ? (long long)sb.st_size : 0;
	arena *a = arena_new(64u << 20);
	int rc = 1;
	struct store_import_result res;
	if (a && restart(&im) == 0) {
		int err = store_register_import(st, a, next_row, &im, (int64_t)time(NULL), &res);
		progress(&im, true);
		if (err == 0) {
			printf("imported %lld rows from %s; skipped %ld malformed\n", (long long)res.rows, path, im.skipped);
			printf("verified %d pending application%s; withdrew %d verification%s\n", res.verified.n,
			       res.verified.n == 1 ? "" : "s", res.withdrawn.n, res.withdrawn.n == 1 ? "" : "s");
			rc = 0;
			notify(cfg, st, a, &res);
		} else if (im.failed) {
			fprintf(stderr, "rounds: the import failed; nothing was imported\n");
		} else {
			cli_store_failed(err, "import the register (nothing was imported)");
		}
	}
	csv_free(im.csv);
	arena_free(im.row);
	arena_free(a);
	fclose(im.f);
	return rc;
}

int cli_register(struct rounds_config *cfg, store *st, int argc, char **argv)
{
	if (argc != 2 || strcmp(argv[0], "import") != 0) {
		fprintf(stderr, "usage: rounds register import FILE.csv\n");
		return 2;
	}
	return import_file(cfg, st, argv[1]);
}
