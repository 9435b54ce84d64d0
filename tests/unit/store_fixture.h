/* store_fixture.h: the setup and raw access the backend-agnostic store tests
 * share (test_forum_store.c, test_poll_store.c).  Each such test program
 * includes it once, calls fixture_setup(NAME) first in main() and
 * fixture_cleanup() last (also when setup fails), and opens its store with
 * `st = store_open(url)`.  The store is a SQLite file in a fresh temporary
 * folder /tmp/rounds-test-NAME-XXXXXX, or, when ROUNDS_TEST_PG names a
 * PostgreSQL server (postgresql://USER@HOST:PORT), a fresh database
 * rounds_NAME_test_PID made there and dropped by fixture_cleanup(), which
 * also closes `st` and frees the arena `ar` that setup made.  Logging is
 * quiet unless ROUNDS_TEST_LOG is set.  A raw connection (raw_q and its
 * shorthands) looks at rows the store has no reader for.  Messages name the
 * program test_NAME_store; members made by add_member() have the address
 * HANDLE@NAME.example.org. */
#ifndef ROUNDS_STORE_FIXTURE_H
#define ROUNDS_STORE_FIXTURE_H

#include <ftw.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/sqlite/sqlite_int.h" /* sq_conn_get, sq_sql: fixture_cleanup's recompile check */
#include "store/sqlite/sqlite_terms.h"
#include "store/store.h"
#include "unit.h"

static const char *fixture_name = "";
static char fixture_dir[64];
static char fixture_path[128];
static char fixture_pg_db[64];
static char url[300];       /* what the test gives store_open() */
static const char *pg_base; /* ROUNDS_TEST_PG: then the store is PostgreSQL */
static store *st;
static arena *ar;

/* Makes a confirmed doctor in GB; its id, or -1 (and a failed check). */
static inline int64_t add_member(const char *handle, const char *name, bool verified, unsigned roles)
{
	char email[64];
	snprintf(email, sizeof email, "%s@%s.example.org", handle, fixture_name);
	struct store_member_new m = {
		.email = str_c(email),
		.name = str_c(name),
		.handle = str_c(handle),
		.type = S("doctor"),
		.country = S("GB"),
		.pw_hash = S("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
		.confirmed = true,
		.verified = verified,
		.roles = roles,
	};
	int64_t id = 0;
	enum store_member_key key;
	int rc = store_member_create(st, &m, &id, &key);
	CHECK(rc == 0);
	return rc == 0 ? id : -1;
}

/* A raw PostgreSQL connection to database `db` of the test server. */
static inline PGconn *pg_raw(const char *db)
{
	char u[300];
	snprintf(u, sizeof u, "%s/%s", pg_base, db);
	PGconn *c = PQconnectdb(u);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "test_%s_store: %s", fixture_name, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Runs `sql` on a raw connection; true when it worked. */
static inline bool pg_do(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "test_%s_store: %s: %s", fixture_name, sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* The number the query `sql` gives (first column of the first row), its
 * parameters $1..$n bound as text, on either backend (SQLite reads $1 as
 * a named parameter, numbered in order); -1 when it fails. */
static inline int64_t raw_q(const char *sql, int n, const char *const *params)
{
	int64_t v = -1;
	if (pg_base) {
		PGconn *c = pg_raw(fixture_pg_db);
		PGresult *r = c ? PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0) : NULL;
		if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0)
			v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		PQfinish(c);
		return v;
	}
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	/* rounds_terms, which the search words' triggers call (sqlite_terms.h). */
	if (sqlite3_open(fixture_path, &db) == SQLITE_OK && sq_terms_register(db, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		for (int i = 0; i < n; i++)
			sqlite3_bind_text(q, i + 1, params[i], -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			v = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static inline int64_t raw_int(const char *sql)
{
	return raw_q(sql, 0, NULL);
}

/* raw_q with one number, $1. */
static inline int64_t raw_id(const char *sql, int64_t a)
{
	char n[24];
	snprintf(n, sizeof n, "%lld", (long long)a);
	const char *params[] = {n};
	return raw_q(sql, 1, params);
}

/* The id of the forum `slug`, or -1 (and a failed check). */
static inline int64_t forum_id(const char *slug)
{
	struct store_forum f;
	int rc = store_forum_by_slug(st, ar, str_c(slug), &f);
	CHECK(rc == 0);
	return rc == 0 ? f.id : -1;
}

/* The one row of fixture_withdraw's register extract. */
static inline int fixture_erased_row(void *ctx, bool restart, struct store_register_row *row)
{
	int *left = ctx;
	if (restart)
		*left = 1;
	if (!*left)
		return 0;
	--*left;
	*row = (struct store_register_row){S("gmc"), S("7000001"), S("Erased Doctor"), S("doctor erased"),
					   S("erased")};
	return 1;
}

/* Member `member` (a doctor) is verified by an editor's approval of an
 * application (GMC 7000001, the number of no other test), then a register
 * import at `now` lists it as erased: the verification is withdrawn as
 * `rounds register import` does it.  Each member once. */
static inline void fixture_withdraw(int64_t member, int64_t editor, int64_t now)
{
	struct store_verification v = {.member_id = member, .authority = S("gmc"), .number = S("7000001"),
				       .reg_name = S("Erased Doctor"), .name_key = S("doctor erased")};
	int64_t vid = 0, who = 0;
	bool at_once = true;
	CHECK(store_verification_apply(st, &v, now - 10, &vid, &at_once) == 0);
	if (!at_once)
		CHECK(store_verification_decide(st, vid, editor, true, S(""), now - 5, &who) == 0 && who == member);
	int left = 1;
	struct store_import_result res;
	CHECK(store_register_import(st, ar, fixture_erased_row, &left, now, &res) == 0);
	bool gone = false;
	for (int i = 0; i < res.withdrawn.n; i++)
		gone |= res.withdrawn.items[i].id == member;
	CHECK(gone);
}

static inline int fixture_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

/* On SQLite, that no statement the suite ran on this thread's connection
 * was compiled again: a parameter compared with a partial index's own
 * condition makes SQLite recompile its statement at every binding
 * (statements.c, BLOG_POSTS_WHERE_OF), a cost no result shows.  The
 * migrator's own statements (BEGIN, COMMIT, ROLLBACK, the version) are
 * compiled again as each migration changes the schema: not counted. */
static inline void fixture_no_recompiles(void)
{
	struct sq_conn *c = st && !pg_base ? sq_conn_get(st) : NULL;
	int recompiled = 0;
	for (int i = SQ_USER_VERSION + 1; c && i < SQ_MAX; i++) {
		int n = c->stmt[i] ? sqlite3_stmt_status(c->stmt[i], SQLITE_STMTSTATUS_REPREPARE, 0) : 0;
		if (n > 0) {
			fprintf(stderr, "compiled again %d times: %.160s\n", n, sq_sql[i]);
			recompiled++;
		}
	}
	CHECK(recompiled == 0);
}

/* Checks fixture_no_recompiles, closes the store, frees the arena, drops
 * the PostgreSQL database made for this run (if any) and removes the
 * temporary folder. */
static inline void fixture_cleanup(void)
{
	fixture_no_recompiles();
	store_close(st);
	st = NULL;
	arena_free(ar);
	ar = NULL;
	if (pg_base) {
		PGconn *c = pg_raw("postgres");
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", fixture_pg_db);
		if (c)
			pg_do(c, sql);
		PQfinish(c);
	}
	nftw(fixture_dir, fixture_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes the fresh PostgreSQL database rounds_NAME_test_PID on pg_base and
 * points `url` at it; 0, or -1 (said on stderr). */
static inline int fixture_pg_make(void)
{
	snprintf(fixture_pg_db, sizeof fixture_pg_db, "rounds_%s_test_%ld", fixture_name, (long)getpid());
	PGconn *c = pg_raw("postgres");
	char sql[128];
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", fixture_pg_db);
	if (!c || !pg_do(c, sql)) {
		fprintf(stderr, "test_%s_store: cannot make a database on %s\n", fixture_name, pg_base);
		PQfinish(c);
		return -1;
	}
	PQfinish(c);
	snprintf(url, sizeof url, "%s/%s", pg_base, fixture_pg_db);
	printf("store: postgresql (%s)\n", fixture_pg_db);
	return 0;
}

/* Picks the backend (see the top of the file) and makes its fresh store for
 * the test program test_NAME_store; sets `url` and `ar`.  0, or -1 when the
 * folder or the database cannot be made (said on stderr). */
static inline int fixture_setup(const char *name)
{
	fixture_name = name;
	snprintf(fixture_dir, sizeof fixture_dir, "/tmp/rounds-test-%s-XXXXXX", name);
	if (!mkdtemp(fixture_dir)) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(fixture_path, sizeof fixture_path, "%s/rounds.db", fixture_dir);
	snprintf(url, sizeof url, "sqlite:%s", fixture_path);
	pg_base = getenv("ROUNDS_TEST_PG");
	if (pg_base && !*pg_base)
		pg_base = NULL;
	if (!pg_base) {
		printf("store: sqlite\n");
	} else if (fixture_pg_make() < 0) {
		pg_base = NULL;
		return -1;
	}
	ar = arena_new(32 << 20);
	log_set_level(getenv("ROUNDS_TEST_LOG") ? LOG_INFO : LOG_ERROR + 1);
	return 0;
}

#endif
