/* test_store.c: the store against a real SQLite file in a fresh temporary
 * folder, or, when ROUNDS_TEST_PG names a PostgreSQL server
 * (postgresql://USER@HOST:PORT), against a fresh database there: every
 * store.h function, its errors, the schema's rules, and threads sharing one
 * store.  A second, raw connection looks at what the store has no reader
 * for (the audit log, the journal mode) and holds a lock to see the store
 * answer STORE_EBUSY.  On PostgreSQL it also checks what only a cluster
 * needs: notices between two stores, lost connections, and that both
 * backends' migrations give the same tables and columns. */
#include <dirent.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/backend.h" /* store_cache_parse: behind the interface */
#include "store/sqlite/sqlite_int.h" /* test_db_cache: a new connection's cache_size */
#include "unit.h"

static char dir[64];
static char path[128];
static char url[300];
static const char *pg_base; /* ROUNDS_TEST_PG: then the store is PostgreSQL */
static char pg_db[64];       /* the fresh database made for this run */
static store *st;
static arena *ar;

static const int64_t NOW = 1700000000;

static void hash_of(unsigned char h[STORE_HASH_LEN], unsigned seed)
{
	for (int i = 0; i < STORE_HASH_LEN; i++)
		h[i] = (unsigned char)(seed * 31u + (unsigned)i * 7u);
}

static struct store_member_new member_new(const char *email, const char *handle)
{
	return (struct store_member_new){
		.email = str_c(email),
		.name = S("Ada Lovelace"),
		.handle = str_c(handle),
		.type = S("doctor"),
		.country = S("GB"),
		.pw_hash = S("$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"),
	};
}

static int64_t add_member(const char *email, const char *handle)
{
	struct store_member_new m = member_new(email, handle);
	int64_t id = 0;
	enum store_member_key key;
	int rc = store_member_create(st, &m, &id, &key);
	CHECK(rc == 0);
	return rc == 0 ? id : -1;
}

/* A raw connection to the same file, for looking behind the store. */
static sqlite3 *raw_open(void)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* A raw PostgreSQL connection to database `db` of the test server. */
static PGconn *pg_raw(const char *db)
{
	char u[300];
	snprintf(u, sizeof u, "%s/%s", pg_base, db);
	PGconn *c = PQconnectdb(u);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "test_store: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* Runs `sql` on a raw connection; true when it worked. */
static bool pg_do(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "test_store: %s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* Runs `sql` with one text parameter $1 on a raw connection. */
static bool pg_do1(PGconn *c, const char *sql, const char *param)
{
	PGresult *r = PQexecParams(c, sql, 1, NULL, &param, NULL, NULL, 0);
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "test_store: %s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	return ok;
}

/* The first column of the first row, as text, into out. */
static bool pg_text1(PGconn *c, const char *sql, char *out, size_t n)
{
	PGresult *r = PQexec(c, sql);
	bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0;
	if (ok)
		snprintf(out, n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return ok;
}

static int64_t raw_int(const char *sql)
{
	if (pg_base) {
		PGconn *c = pg_raw(pg_db);
		char v[32] = "-1";
		if (c)
			pg_text1(c, sql, v, sizeof v);
		PQfinish(c);
		return strtoll(v, NULL, 10);
	}
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	int64_t v = -1;
	if (db && sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	return v;
}

TEST(test_open_and_migrate)
{
	struct stat sb;
	CHECK(stat(path, &sb) != 0);
	st = store_open(url);
	CHECK(st != NULL);
	int v1 = store_migrate(st);
	CHECK(v1 >= 2);
	int v2 = store_migrate(st);
	CHECK(v2 == v1);
	if (pg_base) {
		CHECK(raw_int("SELECT version FROM rounds_schema") == v1);
		CHECK(raw_int("SELECT count(*) FROM rounds_schema") == 1);
		CHECK(raw_int("SELECT count(*) FROM pg_indexes WHERE indexname = 'sessions_member'") == 1);
		/* Full-text search: a tsvector column with a GIN index. */
		CHECK(raw_int("SELECT count(*) FROM pg_indexes WHERE indexname = 'members_search' "
			      "AND indexdef LIKE '%USING gin%'") == 1);
		return;
	}
	CHECK(stat(path, &sb) == 0); /* created */
	CHECK(raw_int("PRAGMA user_version") == v1);
	CHECK(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'members'") == 1);
	CHECK(raw_int("SELECT count(*) FROM sqlite_schema WHERE name = 'sessions_member'") == 1);
	sqlite3 *db = raw_open();
	sqlite3_stmt *stmt = NULL;
	CHECK(db && sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK);
	CHECK(stmt && sqlite3_step(stmt) == SQLITE_ROW);
	CHECK(stmt && strcmp((const char *)sqlite3_column_text(stmt, 0), "wal") == 0);
	sqlite3_finalize(stmt);
	sqlite3_close(db);
	CHECK(store_ping(st) == 0);
}

TEST(test_open_refusals)
{
	/* Nothing listens on port 1: refused at once, not at the first query. */
	CHECK(store_open("postgresql://rounds@127.0.0.1:1/rounds") == NULL);
	CHECK(store_open("postgres://127.0.0.1:1/rounds") == NULL);
	CHECK(store_open("postgresql://[bad") == NULL);
	CHECK(store_open("mysql://localhost/rounds") == NULL);
	CHECK(store_open("rounds.db") == NULL);
	CHECK(store_open("sqlite:/nonexistent-folder/for/sure/rounds.db") == NULL);
	CHECK(store_open("sqlite::memory:") == NULL); /* one database per thread would be wrong */
	CHECK(store_open("sqlite:") == NULL);
	CHECK(store_open(NULL) == NULL);
	store_close(NULL);
}

TEST(test_member_create_and_lookups)
{
	int64_t n0 = -1, n1 = -1;
	CHECK(store_member_count(st, &n0) == 0 && n0 == 0);
	struct store_member_new m = member_new("Ada.Lovelace@Example.org", "ada");
	m.confirmed = true;
	m.roles = ROLE_EDITOR | ROLE_BLOGGER;
	int64_t id = 0;
	enum store_member_key key = STORE_KEY_HANDLE;
	CHECK(store_member_create(st, &m, &id, &key) == 0);
	CHECK(id > 0 && key == STORE_KEY_NONE);
	CHECK(store_member_count(st, &n1) == 0 && n1 == 1);

	struct store_member got;
	CHECK(store_member_by_id(st, ar, id, &got) == 0);
	CHECK(got.id == id);
	CHECK_STR(got.email.p, got.email.n, "Ada.Lovelace@Example.org"); /* as typed */
	CHECK_STR(got.name.p, got.name.n, "Ada Lovelace");
	CHECK_STR(got.handle.p, got.handle.n, "ada");
	CHECK_STR(got.type.p, got.type.n, "doctor");
	CHECK_STR(got.country.p, got.country.n, "GB");
	CHECK(got.specialty.n == 0 && got.specialty.p != NULL);
	CHECK(got.pw_hash.n == 0); /* only the auth lookup gives it */
	CHECK(got.roles == (ROLE_EDITOR | ROLE_BLOGGER));
	CHECK(got.confirmed && !got.verified && !got.suspended);
	CHECK(got.created_at > 1600000000);

	CHECK(store_member_by_handle(st, ar, S("ADA"), &got) == 0 && got.id == id);
	CHECK(got.pw_hash.n == 0);
	CHECK(store_member_by_email_auth(st, ar, S("ada.lovelace@example.ORG"), &got) == 0 && got.id == id);
	CHECK_STR(got.pw_hash.p, got.pw_hash.n, "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA");
	CHECK(got.email.p[got.email.n] == '\0'); /* copies are NUL-terminated too */

	CHECK(store_member_by_id(st, ar, id + 1000, &got) == STORE_ENOTFOUND);
	CHECK(store_member_by_handle(st, ar, S("nobody"), &got) == STORE_ENOTFOUND);
	CHECK(store_member_by_email_auth(st, ar, S("nobody@example.org"), &got) == STORE_ENOTFOUND);
	CHECK(store_member_by_handle(st, ar, S("ada "), &got) == STORE_ENOTFOUND);
}

TEST(test_member_conflicts)
{
	int64_t before = 0, after = 0, id = 0;
	enum store_member_key key = STORE_KEY_NONE;
	CHECK(store_member_count(st, &before) == 0);
	struct store_member_new m = member_new("ADA.LOVELACE@EXAMPLE.ORG", "ada2");
	CHECK(store_member_create(st, &m, &id, &key) == STORE_ECONFLICT && key == STORE_KEY_EMAIL);
	m = member_new("someone.else@example.org", "AdA");
	key = STORE_KEY_NONE;
	CHECK(store_member_create(st, &m, &id, &key) == STORE_ECONFLICT && key == STORE_KEY_HANDLE);
	m = member_new("ada.lovelace@example.org", "ADA");
	CHECK(store_member_create(st, &m, &id, &key) == STORE_ECONFLICT && key == STORE_KEY_EMAIL);
	m = member_new("typed@example.org", "typed");
	m.type = S("nurse"); /* the schema refuses an unknown type */
	CHECK(store_member_create(st, &m, &id, &key) == STORE_ERR && key == STORE_KEY_NONE);
	CHECK(store_member_count(st, &after) == 0 && after == before);
}

TEST(test_member_updates)
{
	int64_t id = add_member("grace@example.org", "grace");
	struct store_member got;
	struct store_profile p = {S("Grace Hopper"), S("US"), S("Cardiology"), S("Consultant"),
				  S("Bio\nwith lines"), S("America/New_York")};
	CHECK(store_member_update_profile(st, id, &p) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0);
	CHECK_STR(got.name.p, got.name.n, "Grace Hopper");
	CHECK_STR(got.country.p, got.country.n, "US");
	CHECK_STR(got.specialty.p, got.specialty.n, "Cardiology");
	CHECK_STR(got.grade.p, got.grade.n, "Consultant");
	CHECK_STR(got.bio.p, got.bio.n, "Bio\nwith lines");
	CHECK_STR(got.timezone.p, got.timezone.n, "America/New_York");
	CHECK_STR(got.email.p, got.email.n, "grace@example.org"); /* untouched */
	CHECK(store_member_update_profile(st, id + 1000, &p) == STORE_ENOTFOUND);

	CHECK(store_member_set_password(st, id, S("$argon2id$new")) == 0);
	CHECK(store_member_by_email_auth(st, ar, S("GRACE@example.org"), &got) == 0);
	CHECK_STR(got.pw_hash.p, got.pw_hash.n, "$argon2id$new");
	CHECK(store_member_set_password(st, id + 1000, S("x")) == STORE_ENOTFOUND);

	CHECK(store_member_set_roles(st, id, ROLE_ADMIN | ROLE_CHAMPION) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && got.roles == (ROLE_ADMIN | ROLE_CHAMPION));
	CHECK(store_member_set_roles(st, id, 0) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && got.roles == 0);
	CHECK(store_member_set_roles(st, id + 1000, 1) == STORE_ENOTFOUND);

	CHECK(store_member_set_suspended(st, id, true) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && got.suspended);
	CHECK(store_member_set_suspended(st, id, false) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && !got.suspended);
	CHECK(store_member_set_suspended(st, id + 1000, true) == STORE_ENOTFOUND);

	CHECK(store_member_set_verified(st, id, true) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && got.verified);
	CHECK(store_member_set_verified(st, id, false) == 0);
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && !got.verified);
	CHECK(store_member_set_verified(st, id + 1000, true) == STORE_ENOTFOUND);

	CHECK(store_member_by_id(st, ar, id, &got) == 0 && !got.confirmed);
	CHECK(store_member_confirm(st, id) == 0);
	CHECK(store_member_confirm(st, id) == 0); /* twice is fine */
	CHECK(store_member_by_id(st, ar, id, &got) == 0 && got.confirmed);
	CHECK(store_member_confirm(st, id + 1000) == STORE_ENOTFOUND);
}

TEST(test_utf8_names)
{
	static const char *const names[] = {
		"Ἀριστοτέλης Νικολάου", "张伟", "محمد عبد الله", "Дмитрий Иванов", "देवनागरी नाम",
		"김민준", "יעל כהן", "Åsa Öberg-Ñúñez", "e\xcc\x81 combining", "👩‍⚕️ Dr. Emoji",
	};
	char email[64], handle[32];
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++) {
		snprintf(email, sizeof email, "utf8-%d@example.org", i);
		snprintf(handle, sizeof handle, "utf8_%d", i);
		struct store_member_new m = member_new(email, handle);
		m.name = str_c(names[i]);
		int64_t id = 0;
		enum store_member_key key;
		CHECK(store_member_create(st, &m, &id, &key) == 0);
		struct store_member got;
		CHECK(store_member_by_id(st, ar, id, &got) == 0);
		CHECK_STR(got.name.p, got.name.n, names[i]);
		str nm = str_c(names[i]);
		struct store_profile p = {nm, S("ZZ"), nm, S(""), nm, S("UTC")};
		CHECK(store_member_update_profile(st, id, &p) == 0);
		CHECK(store_member_by_handle(st, ar, str_c(handle), &got) == 0);
		CHECK_STR(got.bio.p, got.bio.n, names[i]);
		CHECK_STR(got.specialty.p, got.specialty.n, names[i]);
	}
}

TEST(test_arena_full)
{
	int64_t id = add_member("tiny@example.org", "tiny");
	arena *small = arena_new(8);
	struct store_member got;
	CHECK(small != NULL);
	CHECK(store_member_by_id(st, small, id, &got) == STORE_ERR);
	str v;
	CHECK(store_setting_init(st, small, S("long.setting"), S("a value longer than eight bytes"), &v) == STORE_ERR);
	arena_free(small);
	CHECK(store_member_by_id(st, ar, id, &got) == 0); /* the statement was reset */
	CHECK(store_setting_get(st, ar, S("long.setting"), &v) == 0);
	CHECK_STR(v.p, v.n, "a value longer than eight bytes");
}

TEST(test_tokens)
{
	int64_t id = add_member("token@example.org", "token"), who = 0;
	unsigned char h[STORE_HASH_LEN], h2[STORE_HASH_LEN], h3[STORE_HASH_LEN];
	hash_of(h, 1);
	hash_of(h2, 2);
	hash_of(h3, 3);
	CHECK(store_token_create(st, STORE_TOKEN_CONFIRM, h, id, NOW + 3600) == 0);
	CHECK(store_token_create(st, STORE_TOKEN_RESET, h, id, NOW + 3600) == STORE_ECONFLICT);
	CHECK(store_token_take(st, STORE_TOKEN_RESET, h, NOW, &who) == STORE_ENOTFOUND); /* wrong kind */
	CHECK(store_token_take(st, STORE_TOKEN_CONFIRM, h2, NOW, &who) == STORE_ENOTFOUND); /* unknown */
	CHECK(store_token_take(st, STORE_TOKEN_CONFIRM, h, NOW, &who) == 0 && who == id);
	who = 0;
	CHECK(store_token_take(st, STORE_TOKEN_CONFIRM, h, NOW, &who) == STORE_ENOTFOUND && who == 0);

	CHECK(store_token_create(st, STORE_TOKEN_RESET, h2, id, NOW + 60) == 0);
	CHECK(store_token_take(st, STORE_TOKEN_RESET, h2, NOW + 60, &who) == STORE_ENOTFOUND); /* expired */
	CHECK(store_token_take(st, STORE_TOKEN_RESET, h2, NOW + 59, &who) == 0 && who == id);

	CHECK(store_token_create(st, STORE_TOKEN_RESET, h3, id + 1000, NOW + 60) == STORE_ERR); /* no member */
	CHECK(raw_int("SELECT count(*) FROM tokens WHERE used_at IS NOT NULL") == 2);
}

struct race {
	unsigned char hash[STORE_HASH_LEN];
	pthread_barrier_t *go;
	int rc;
};

static void *race_take(void *p)
{
	struct race *r = p;
	int64_t who;
	pthread_barrier_wait(r->go);
	r->rc = store_token_take(st, STORE_TOKEN_CONFIRM, r->hash, NOW, &who);
	return NULL;
}

TEST(test_token_race)
{
	enum { N = 4 };
	int64_t id = add_member("race@example.org", "race");
	for (unsigned round = 0; round < 10; round++) {
		struct race r[N];
		pthread_t t[N];
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, N);
		hash_of(r[0].hash, 100 + round);
		CHECK(store_token_create(st, STORE_TOKEN_CONFIRM, r[0].hash, id, NOW + 60) == 0);
		for (int i = 0; i < N; i++) {
			memcpy(r[i].hash, r[0].hash, STORE_HASH_LEN);
			r[i].go = &go;
			pthread_create(&t[i], NULL, race_take, &r[i]);
		}
		int won = 0, lost = 0;
		for (int i = 0; i < N; i++) {
			pthread_join(t[i], NULL);
			won += r[i].rc == 0;
			lost += r[i].rc == STORE_ENOTFOUND;
		}
		pthread_barrier_destroy(&go);
		CHECK(won == 1 && lost == N - 1);
	}
}

TEST(test_password_reset)
{
	int64_t a = add_member("reset-a@example.org", "reset_a");
	unsigned char tok[STORE_HASH_LEN], sess[STORE_HASH_LEN], other[STORE_HASH_LEN];
	hash_of(tok, 300);
	hash_of(sess, 301);
	hash_of(other, 302);
	struct store_session s1 = {.member_id = a, .expires_at = NOW + 3600};
	CHECK(store_session_create(st, sess, &s1, NOW) == 0);
	CHECK(store_token_create(st, STORE_TOKEN_RESET, tok, a, NOW + 60) == 0);
	CHECK(store_token_create(st, STORE_TOKEN_CONFIRM, other, a, NOW + 60) == 0);
	int64_t who = 0;
	/* A confirmation token is not a reset token: nothing changes. */
	CHECK(store_password_reset(st, other, NOW, S("$new$"), &who) == STORE_ENOTFOUND);
	arena *sa = arena_new(1 << 16);
	struct store_member m;
	CHECK(store_member_by_email_auth(st, sa, S("reset-a@example.org"), &m) == 0 && !str_eqc(m.pw_hash, "$new$"));
	CHECK(store_password_reset(st, tok, NOW, S("$new$"), &who) == 0 && who == a);
	CHECK(store_member_by_email_auth(st, sa, S("reset-a@example.org"), &m) == 0);
	CHECK(str_eqc(m.pw_hash, "$new$") && m.confirmed);
	struct store_session got;
	CHECK(store_session_get(st, sess, NOW, &got) == STORE_ENOTFOUND); /* sessions ended */
	CHECK(store_password_reset(st, tok, NOW, S("$again$"), &who) == STORE_ENOTFOUND); /* once */
	CHECK(store_member_by_email_auth(st, sa, S("reset-a@example.org"), &m) == 0 && str_eqc(m.pw_hash, "$new$"));
	arena_free(sa);
}

/* Housekeeping forgets only what has run out. */
TEST(test_gc)
{
	int64_t a = add_member("gc-a@example.org", "gc_a");
	unsigned char live[STORE_HASH_LEN], dead[STORE_HASH_LEN], tok_live[STORE_HASH_LEN], tok_dead[STORE_HASH_LEN];
	hash_of(live, 400);
	hash_of(dead, 401);
	hash_of(tok_live, 402);
	hash_of(tok_dead, 403);
	struct store_session sl = {.member_id = a, .expires_at = NOW + 3600}, sd = {.member_id = a, .expires_at = NOW - 1};
	CHECK(store_session_create(st, live, &sl, NOW - 100) == 0);
	CHECK(store_session_create(st, dead, &sd, NOW - 100) == 0);
	CHECK(store_token_create(st, STORE_TOKEN_CONFIRM, tok_live, a, NOW + 60) == 0);
	CHECK(store_token_create(st, STORE_TOKEN_CONFIRM, tok_dead, a, NOW - 60) == 0);
	int64_t count, reset;
	CHECK(store_rate_hit(st, S("gc:old"), NOW - 7200, 60, &count, &reset) == 0);
	CHECK(store_rate_hit(st, S("gc:new"), NOW, 3600, &count, &reset) == 0);
	CHECK(store_gc(st, NOW) == 0);
	CHECK(raw_int("SELECT count(*) FROM sessions WHERE member_id = (SELECT id FROM members WHERE handle = 'gc_a')") == 1);
	CHECK(raw_int("SELECT count(*) FROM tokens WHERE member_id = (SELECT id FROM members WHERE handle = 'gc_a')") == 1);
	CHECK(raw_int("SELECT count(*) FROM rate_limits WHERE key = 'gc:old'") == 0);
	CHECK(raw_int("SELECT count(*) FROM rate_limits WHERE key = 'gc:new'") == 1);
	struct store_session got;
	CHECK(store_session_get(st, live, NOW, &got) == 0);
	int64_t who;
	CHECK(store_token_take(st, STORE_TOKEN_CONFIRM, tok_live, NOW, &who) == 0 && who == a);
}

TEST(test_sessions)
{
	int64_t a = add_member("sess-a@example.org", "sess_a"), b = add_member("sess-b@example.org", "sess_b");
	unsigned char h[4][STORE_HASH_LEN];
	for (int i = 0; i < 4; i++)
		hash_of(h[i], 200 + (unsigned)i);
	struct store_session s1 = {.member_id = a, .expires_at = NOW + 3600, .bearer = false};
	struct store_session s2 = {.member_id = a, .expires_at = NOW + 7200, .bearer = true};
	struct store_session s3 = {.member_id = b, .expires_at = NOW + 3600};
	CHECK(store_session_create(st, h[0], &s1, NOW) == 0);
	CHECK(store_session_create(st, h[1], &s2, NOW) == 0);
	CHECK(store_session_create(st, h[2], &s3, NOW) == 0);
	CHECK(store_session_create(st, h[2], &s1, NOW) == STORE_ECONFLICT);

	struct store_session got = {0};
	CHECK(store_session_get(st, h[0], NOW + 10, &got) == 0);
	CHECK(got.member_id == a && got.expires_at == NOW + 3600 && !got.bearer);
	CHECK(store_session_get(st, h[1], NOW + 10, &got) == 0);
	CHECK(got.member_id == a && got.expires_at == NOW + 7200 && got.bearer);
	CHECK(store_session_get(st, h[0], NOW + 3600, &got) == STORE_ENOTFOUND); /* expired */
	CHECK(store_session_get(st, h[3], NOW, &got) == STORE_ENOTFOUND);

	/* The session and its member in one lookup, without the password hash. */
	struct store_member who;
	arena *sa = arena_new(1 << 16);
	CHECK(store_session_member(st, sa, h[1], NOW + 10, &got, &who) == 0);
	CHECK(got.member_id == a && got.bearer && got.expires_at == NOW + 7200);
	CHECK(who.id == a && str_eqc(who.handle, "sess_a") && who.pw_hash.n == 0);
	CHECK(store_session_member(st, sa, h[2], NOW + 10, &got, &who) == 0 && who.id == b && !got.bearer);
	CHECK(store_session_member(st, sa, h[0], NOW + 3600, &got, &who) == STORE_ENOTFOUND); /* expired */
	CHECK(store_session_member(st, sa, h[3], NOW, &got, &who) == STORE_ENOTFOUND);
	arena_free(sa);

	CHECK(store_session_delete(st, h[0]) == 0);
	CHECK(store_session_get(st, h[0], NOW, &got) == STORE_ENOTFOUND);
	CHECK(store_session_delete(st, h[0]) == STORE_ENOTFOUND);

	CHECK(store_session_create(st, h[0], &s1, NOW) == 0);
	CHECK(store_session_delete_member(st, a) == 0);
	CHECK(store_session_get(st, h[0], NOW, &got) == STORE_ENOTFOUND);
	CHECK(store_session_get(st, h[1], NOW, &got) == STORE_ENOTFOUND);
	CHECK(store_session_get(st, h[2], NOW, &got) == 0 && got.member_id == b);
	CHECK(store_session_delete_member(st, a) == 0); /* none left is fine */

	struct store_session ghost = {.member_id = b + 1000, .expires_at = NOW + 60};
	CHECK(store_session_create(st, h[3], &ghost, NOW) == STORE_ERR); /* no such member */
}

TEST(test_rate_limits)
{
	int64_t count = -1, reset = -1;
	str k = S("signin:203.0.113.7");
	CHECK(store_rate_peek(st, k, NOW, &count, &reset) == 0 && count == 0 && reset == NOW);
	CHECK(store_rate_hit(st, k, NOW, 60, &count, &reset) == 0 && count == 1 && reset == NOW + 60);
	CHECK(store_rate_hit(st, k, NOW + 10, 60, &count, &reset) == 0 && count == 2 && reset == NOW + 60);
	CHECK(store_rate_hit(st, k, NOW + 59, 60, &count, &reset) == 0 && count == 3 && reset == NOW + 60);
	CHECK(store_rate_peek(st, k, NOW + 59, &count, &reset) == 0 && count == 3 && reset == NOW + 60);
	CHECK(store_rate_peek(st, k, NOW + 59, &count, &reset) == 0 && count == 3); /* peeking counts nothing */
	CHECK(store_rate_peek(st, k, NOW + 60, &count, &reset) == 0 && count == 0 && reset == NOW + 60);
	CHECK(store_rate_hit(st, k, NOW + 60, 60, &count, &reset) == 0 && count == 1 && reset == NOW + 120);

	str other = S("register:203.0.113.7");
	CHECK(store_rate_hit(st, other, NOW + 61, 3600, &count, &reset) == 0 && count == 1 && reset == NOW + 3661);
	CHECK(store_rate_peek(st, k, NOW + 61, &count, &reset) == 0 && count == 1);

	CHECK(store_rate_clear(st, k) == 0);
	CHECK(store_rate_peek(st, k, NOW + 61, &count, &reset) == 0 && count == 0);
	CHECK(store_rate_clear(st, k) == 0);
	CHECK(store_rate_peek(st, other, NOW + 61, &count, &reset) == 0 && count == 1);
	CHECK(store_rate_hit(st, k, NOW, 0, &count, &reset) == STORE_ERR);
}

TEST(test_settings)
{
	str v = STR_NULL;
	CHECK(store_setting_get(st, ar, S("csrf.secret"), &v) == STORE_ENOTFOUND);
	CHECK(store_setting_init(st, ar, S("csrf.secret"), S("first"), &v) == 0);
	CHECK_STR(v.p, v.n, "first");
	CHECK(store_setting_init(st, ar, S("csrf.secret"), S("second"), &v) == 0);
	CHECK_STR(v.p, v.n, "first");
	CHECK(store_setting_get(st, ar, S("csrf.secret"), &v) == 0);
	CHECK_STR(v.p, v.n, "first");
	CHECK(store_setting_init(st, ar, S("site.name"), S("Rounds – für Ärzte"), &v) == 0);
	CHECK_STR(v.p, v.n, "Rounds – für Ärzte");
}

TEST(test_audit)
{
	CHECK(store_audit(st, 0, S("role.grant"), S("member:1"), S("+admin")) == 0);
	CHECK(store_audit(st, 7, S("member.suspend"), S("member:2"), STR_NULL) == 0);
	CHECK(raw_int("SELECT count(*) FROM audit_log") == 2);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE actor = 0 AND action = 'role.grant' "
		      "AND target = 'member:1' AND detail = '+admin' AND at > 1600000000") == 1);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE actor = 7 AND detail = ''") == 1);
}

/* Another connection holds the write lock past the busy timeout. */
TEST(test_busy)
{
	int64_t count, reset;
	struct store_member got;
	if (pg_base) { /* a writer's lock held past lock_timeout; readers go on */
		PGconn *c = pg_raw(pg_db);
		CHECK(c && pg_do(c, "BEGIN") && pg_do(c, "LOCK TABLE rate_limits IN EXCLUSIVE MODE"));
		CHECK(store_rate_hit(st, S("busy"), NOW, 60, &count, &reset) == STORE_EBUSY);
		CHECK(store_member_by_handle(st, ar, S("ada"), &got) == 0);
		CHECK(c && pg_do(c, "ROLLBACK"));
		PQfinish(c);
		CHECK(store_rate_hit(st, S("busy"), NOW, 60, &count, &reset) == 0 && count == 1);
		return;
	}
	sqlite3 *db = raw_open();
	CHECK(db && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
	CHECK(store_rate_hit(st, S("busy"), NOW, 60, &count, &reset) == STORE_EBUSY);
	CHECK(store_member_by_handle(st, ar, S("ada"), &got) == 0); /* WAL: readers go on */
	CHECK(db && sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_rate_hit(st, S("busy"), NOW, 60, &count, &reset) == 0 && count == 1);
}

struct worker {
	int n;
	int failures;
};

static int worker_one(int n, int i, arena *a)
{
	char email[64], handle[32];
	snprintf(email, sizeof email, "Worker%d.Member%d@Example.org", n, i);
	snprintf(handle, sizeof handle, "w%d_m%d", n, i);
	struct store_member_new m = member_new(email, handle);
	int64_t id = 0;
	enum store_member_key key;
	struct store_member got;
	if (store_member_create(st, &m, &id, &key) != 0)
		return 1;
	if (store_member_by_id(st, a, id, &got) != 0 || !str_eqc(got.email, email) || !str_eqc(got.handle, handle))
		return 1;
	if (store_member_by_handle(st, a, str_c(handle), &got) != 0 || got.id != id)
		return 1;
	snprintf(email, sizeof email, "worker%d.member%d@example.org", n, i);
	if (store_member_by_email_auth(st, a, str_c(email), &got) != 0 || got.id != id)
		return 1;
	return 0;
}

static void *worker_run(void *p)
{
	struct worker *w = p;
	arena *a = arena_new(1 << 20);
	if (!a) {
		w->failures = 50;
		return NULL;
	}
	for (int i = 0; i < 50; i++)
		w->failures += worker_one(w->n, i, a);
	arena_free(a);
	return NULL;
}

TEST(test_threads)
{
	enum { N = 4 };
	int64_t before = 0, after = 0;
	CHECK(store_member_count(st, &before) == 0);
	struct worker w[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		w[i] = (struct worker){.n = i};
		CHECK(pthread_create(&t[i], NULL, worker_run, &w[i]) == 0);
	}
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		CHECK(w[i].failures == 0);
	}
	CHECK(store_member_count(st, &after) == 0 && after == before + N * 50);
}

static void *add_other(void *p)
{
	*(int64_t *)p = add_member("snap.other@example.org", "snapother");
	return NULL;
}

/* store_read_begin: a request that reads sees one moment (on SQLite; on
 * PostgreSQL each statement its own), and a write in it, after another
 * connection's, is neither refused nor lost, and ends the snapshot. */
TEST(test_read_snapshot)
{
	int64_t before = 0, seen = 0, other = 0, count, reset;
	CHECK(store_member_count(st, &before) == 0);
	store_read_begin(st);
	CHECK(store_member_count(st, &seen) == 0 && seen == before);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, add_other, &other) == 0);
	pthread_join(t, NULL);
	CHECK(other > 0);
	CHECK(store_member_count(st, &seen) == 0 && seen == (pg_base ? before + 1 : before));
	CHECK(add_member("snap.mine@example.org", "snapmine") > 0);
	CHECK(store_member_count(st, &seen) == 0 && seen == before + 2);
	CHECK(store_rate_hit(st, S("snapshot"), NOW, 60, &count, &reset) == 0 && count == 1);
	store_read_end(st);
	store_read_end(st); /* twice: nothing more */
	store_read_begin(st);
	CHECK(store_rate_hit(st, S("snapshot"), NOW, 60, &count, &reset) == 0 && count == 2);
	store_read_end(st);
	store_read_begin(st); /* a snapshot that read nothing */
	store_read_end(st);
	CHECK(store_member_count(st, &seen) == 0 && seen == before + 2);
}

/* Everything written is there after closing and opening again. */
/* An online backup is a whole database with the same members. */
TEST(test_backup)
{
	char bpath[128], url2[160];
	if (pg_base) { /* pg_dump's work, refused with a pointer to it */
		snprintf(bpath, sizeof bpath, "%s/backup.db", dir);
		CHECK(store_backup(st, bpath) == STORE_ERR);
		struct stat sb;
		CHECK(stat(bpath, &sb) != 0);
		return;
	}
	snprintf(bpath, sizeof bpath, "%s/backup.db", dir);
	snprintf(url2, sizeof url2, "sqlite:%s", bpath);
	int64_t before = 0, after = 0;
	CHECK(store_member_count(st, &before) == 0 && before > 0);
	CHECK(store_backup(st, bpath) == 0);
	store *copy = store_open(url2);
	CHECK(copy != NULL);
	if (!copy)
		return;
	CHECK(store_migrate(copy) == store_migrate(st)); /* same schema, nothing to apply */
	CHECK(store_member_count(copy, &after) == 0 && after == before);
	struct store_member got;
	CHECK(store_member_by_handle(copy, ar, S("grace"), &got) == 0);
	store_close(copy);
	CHECK(store_backup(st, "/nonexistent-dir/x.db") == STORE_ERR);
}

TEST(test_reopen)
{
	int v = store_migrate(st);
	store_close(st);
	st = store_open(url);
	CHECK(st != NULL);
	if (!st)
		return;
	CHECK(store_migrate(st) == v);
	struct store_member got;
	CHECK(store_member_by_handle(st, ar, S("grace"), &got) == 0);
	CHECK_STR(got.specialty.p, got.specialty.n, "Cardiology");
	str val;
	CHECK(store_setting_get(st, ar, S("csrf.secret"), &val) == 0);
	CHECK_STR(val.p, val.n, "first");
	CHECK(store_ping(st) == 0);
}

/* Two stores at once keep to their own files; a schema newer than this
 * program is refused. */
/* PostgreSQL: a second database; a schema newer than this program is
 * refused. */
static void second_store_pg(void)
{
	char u2[400], sql[200], db2[80];
	snprintf(db2, sizeof db2, "%s_b", pg_db);
	PGconn *c = pg_raw("postgres");
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", db2);
	CHECK(c && pg_do(c, sql));
	snprintf(u2, sizeof u2, "%s/%s", pg_base, db2);
	store *s2 = store_open(u2);
	CHECK(s2 != NULL);
	if (s2) {
		int64_t n1 = -1, n2 = -1, id = 0;
		enum store_member_key key;
		CHECK(store_member_count(s2, &n2) == STORE_ERR); /* not migrated yet */
		CHECK(store_migrate(s2) >= 2);
		struct store_member_new m = member_new("ada.lovelace@example.org", "ada");
		CHECK(store_member_create(s2, &m, &id, &key) == 0);
		CHECK(store_member_count(s2, &n2) == 0 && n2 == 1);
		CHECK(store_member_count(st, &n1) == 0 && n1 > 1);
		PGconn *c2 = pg_raw(db2);
		CHECK(c2 && pg_do(c2, "UPDATE rounds_schema SET version = 99"));
		PQfinish(c2);
		CHECK(store_migrate(s2) == STORE_ERR);
		store_close(s2);
	}
	snprintf(sql, sizeof sql, "DROP DATABASE %s", db2);
	CHECK(c && pg_do(c, sql));
	PQfinish(c);
}

TEST(test_second_store)
{
	char p2[160], u2[200];
	if (pg_base) {
		second_store_pg();
		return;
	}
	snprintf(p2, sizeof p2, "%s/other.db", dir);
	snprintf(u2, sizeof u2, "sqlite:%s", p2);
	store *s2 = store_open(u2);
	CHECK(s2 != NULL);
	if (!s2)
		return;
	int64_t n1 = -1, n2 = -1, id = 0;
	enum store_member_key key;
	CHECK(store_member_count(s2, &n2) == STORE_ERR); /* not migrated yet */
	CHECK(store_migrate(s2) >= 1);
	struct store_member_new m = member_new("ada.lovelace@example.org", "ada");
	CHECK(store_member_create(s2, &m, &id, &key) == 0); /* taken only in the other file */
	CHECK(store_member_count(s2, &n2) == 0 && n2 == 1);
	CHECK(store_member_count(st, &n1) == 0 && n1 > 1);
	sqlite3 *db = NULL;
	CHECK(sqlite3_open(p2, &db) == SQLITE_OK);
	CHECK(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	CHECK(store_migrate(s2) == STORE_ERR);
	store_close(s2);
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		snprintf(u2, sizeof u2, "%s%s", p2, suffix[i]);
		unlink(u2);
	}
}

/* Jobs: one claim per period, and one winner among racing nodes. */
struct claimer {
	store *s;
	int won;
};

static void *claim_run(void *p)
{
	struct claimer *c = p;
	bool got = false;
	if (store_job_claim(c->s, S("race"), NOW, 3600, &got) == 0 && got)
		c->won = 1;
	return NULL;
}

TEST(test_jobs)
{
	bool got = true;
	CHECK(store_job_claim(st, S("digest"), NOW, 60, &got) == 0 && got); /* never ran: due */
	CHECK(store_job_claim(st, S("digest"), NOW, 60, &got) == 0 && !got);
	CHECK(store_job_claim(st, S("digest"), NOW + 59, 60, &got) == 0 && !got);
	CHECK(store_job_claim(st, S("digest"), NOW + 60, 60, &got) == 0 && got);
	CHECK(store_job_claim(st, S("other"), NOW + 60, 60, &got) == 0 && got); /* jobs are apart */
	CHECK(raw_int("SELECT runs FROM jobs WHERE name = 'digest'") == 2);
	CHECK(store_job_claim(st, S("digest"), NOW, 0, &got) == STORE_ERR && !got);
	CHECK(store_job_claim(st, STR_NULL, NOW, 60, &got) == STORE_ERR);
	enum { N = 6 };
	struct claimer c[N];
	pthread_t t[N];
	for (int i = 0; i < N; i++) {
		c[i] = (struct claimer){.s = st};
		CHECK(pthread_create(&t[i], NULL, claim_run, &c[i]) == 0);
	}
	int won = 0;
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		won += c[i].won;
	}
	CHECK(won == 1);
}

static void name_member(const char *email, const char *handle, const char *name, const char *specialty)
{
	int64_t id = add_member(email, handle);
	struct store_profile p = {.name = str_c(name), .country = S("GB"), .specialty = str_c(specialty)};
	CHECK(id > 0 && store_member_update_profile(st, id, &p) == 0);
}

static bool search_has(const char *query, const char *handle, int *n)
{
	struct store_member_list l;
	int rc = store_member_search(st, ar, str_c(query), 20, 0, &l);
	*n = rc == 0 ? l.n : -1;
	for (int i = 0; rc == 0 && i < l.n; i++)
		if (str_eqc(l.items[i].handle, handle))
			return true;
	return false;
}

TEST(test_member_search)
{
	name_member("s1@example.org", "srch_one", "Chidinma Okonkwo-Search", "Cardiothoracic surgery");
	name_member("s2@example.org", "srch_two", "Chidi Search", "Dermatology");
	name_member("s3@example.org", "srch_three", "Zoë Ångström", "Neurology");
	int n;
	CHECK(search_has("chidinma", "srch_one", &n) && n == 1);
	CHECK(search_has("Chid", "srch_one", &n) && search_has("Chid", "srch_two", &n) && n == 2); /* prefixes */
	CHECK(search_has("chid derm", "srch_two", &n) && n == 1);                                   /* every word */
	CHECK(search_has("cardio", "srch_one", &n) && search_has("cardio", "grace", &n) && n == 2);
	CHECK(search_has("cardiot", "srch_one", &n) && n == 1);
	CHECK(search_has("srch_three", "srch_three", &n)); /* by handle */
	CHECK(search_has("zoë", "srch_three", &n) && n == 1);
	CHECK(!search_has("nobody-like-this", "srch_one", &n) && n == 0);
	/* Engine syntax is never read as syntax, and never an error. */
	static const char *const hostile[] = {"\"", "'", "chid\"*", "a:*", "!!", "NEAR(chid derm)", "chid OR 1",
					       "(", "-chid", "chid & derm | x", "^", "\\", "'':*"};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		struct store_member_list l;
		CHECK(store_member_search(st, ar, str_c(hostile[i]), 20, 0, &l) == 0);
	}
	CHECK(search_has("chid\"* derm)", "srch_two", &n) && n == 1); /* the words: chid, derm */
	struct store_member_list l;
	CHECK(store_member_search(st, ar, S("   "), 20, 0, &l) == 0 && l.n == 0);
	CHECK(store_member_search(st, ar, S("chid"), 1, 0, &l) == 0 && l.n == 1);
	str first = l.items[0].handle;
	CHECK(store_member_search(st, ar, S("chid"), 1, 1, &l) == 0 && l.n == 1 && !str_eq(l.items[0].handle, first));
	CHECK(store_member_search(st, ar, S("chid"), 0, 0, &l) == STORE_ERR);
	CHECK(store_member_search(st, ar, S("chid"), 101, 0, &l) == STORE_ERR);
	/* The index follows a change of name in the same write. */
	struct store_member m;
	CHECK(store_member_by_handle(st, ar, S("srch_two"), &m) == 0);
	struct store_profile p = {.name = S("Renamed Person"), .country = S("GB")};
	CHECK(store_member_update_profile(st, m.id, &p) == 0);
	CHECK(!search_has("chidi", "srch_two", &n) && search_has("renamed", "srch_two", &n));
}

static int64_t apply_for(int64_t member, const char *number)
{
	struct store_verification v = {.member_id = member, .authority = S("gmc"), .number = str_c(number),
				       .reg_name = S("Ada Lovelace"), .name_key = S("ada lovelace")};
	int64_t id = 0;
	bool at_once = true;
	int rc = store_verification_apply(st, &v, NOW, &id, &at_once);
	CHECK(rc != 0 || !at_once); /* no register row matches these */
	return rc == 0 ? id : rc;
}

/* A document's hash, as store_upload_put would have it (the store does not
 * check that an application's document is stored). */
#define DOC_SHA "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

static bool has_doc(const struct store_verification *v)
{
	return str_eqc(v->document, DOC_SHA) && str_eqc(v->document_type, "application/pdf") &&
	       str_eqc(v->document_name, "Certificate (GMC) – 2024.pdf");
}

TEST(test_verifications)
{
	int64_t a = add_member("verify.a@example.org", "verify_a"), b = add_member("verify.b@example.org", "verify_b");
	int64_t va = apply_for(a, "1234567");
	CHECK(va > 0);
	CHECK(apply_for(a, "7654321") == STORE_ECONFLICT); /* one pending at a time */
	/* b's application carries a document (an upload's hash), a's none. */
	struct store_verification vd = {.member_id = b, .authority = S("gmc"), .number = S("2345678"),
					.reg_name = S("Ada Lovelace"), .name_key = S("ada lovelace"),
					.document = S(DOC_SHA), .document_type = S("application/pdf"),
					.document_name = S("Certificate (GMC) – 2024.pdf")};
	int64_t vb = 0;
	bool at_once = true;
	CHECK(store_verification_apply(st, &vd, NOW, &vb, &at_once) == 0 && !at_once);
	CHECK(vb > va);
	struct store_verification v;
	CHECK(store_verification_latest(st, ar, a, &v) == 0 && v.id == va);
	CHECK_STR(v.status.p, v.status.n, "pending");
	CHECK_STR(v.number.p, v.number.n, "1234567");
	CHECK_STR(v.authority.p, v.authority.n, "gmc");
	CHECK(v.created_at == NOW && v.decided_at == 0);
	CHECK(v.document.n == 0 && v.document_type.n == 0 && v.document_name.n == 0);
	CHECK(store_verification_latest(st, ar, b, &v) == 0 && v.id == vb && has_doc(&v));
	CHECK(store_verification_get(st, ar, vb, &v) == 0 && v.member_id == b && has_doc(&v));
	CHECK_STR(v.member_handle.p, v.member_handle.n, "verify_b");
	CHECK_STR(v.member_email.p, v.member_email.n, "verify.b@example.org");
	CHECK(store_verification_get(st, ar, vb + 1000, &v) == STORE_ENOTFOUND);
	CHECK(store_verification_latest(st, ar, a + 1000, &v) == STORE_ENOTFOUND);
	struct store_verification_list l;
	CHECK(store_verification_queue(st, ar, 10, 0, &l) == 0 && l.n == 2 && l.items[0].id == va && l.items[1].id == vb);
	CHECK(l.n == 2 && l.items[0].document.n == 0 && has_doc(&l.items[1]));
	CHECK(store_verification_history(st, ar, b, 10, &l) == 0 && l.n == 1 && has_doc(&l.items[0]));
	CHECK(store_verification_queue(st, ar, 1, 1, &l) == 0 && l.n == 1 && l.items[0].id == vb);
	CHECK(store_verification_queue(st, ar, 0, 0, &l) == STORE_ERR);
	/* Approve: the member is verified, the decision is logged, once. */
	int64_t who = 0;
	CHECK(store_verification_decide(st, va, 77, true, S("Checked on the GMC register."), NOW + 5, &who) == 0);
	CHECK(who == a);
	struct store_member m;
	CHECK(store_member_by_id(st, ar, a, &m) == 0 && m.verified);
	CHECK(store_verification_latest(st, ar, a, &v) == 0 && v.decided_by == 77 && v.decided_at == NOW + 5);
	CHECK_STR(v.status.p, v.status.n, "approved");
	CHECK_STR(v.reason.p, v.reason.n, "Checked on the GMC register.");
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE actor = 77 AND action = 'verification.approve' "
		      "AND detail = 'Checked on the GMC register.'") == 1);
	CHECK(store_verification_decide(st, va, 78, false, S("again"), NOW + 6, &who) == STORE_ENOTFOUND);
	CHECK(store_member_by_id(st, ar, a, &m) == 0 && m.verified);
	/* Reject: nothing verified; the member may apply again. */
	CHECK(store_verification_decide(st, vb, 77, false, S("Number not on the register."), NOW + 7, &who) == 0);
	CHECK(store_member_by_id(st, ar, b, &m) == 0 && !m.verified);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE action = 'verification.reject'") == 1);
	CHECK(store_verification_queue(st, ar, 10, 0, &l) == 0 && l.n == 0);
	int64_t vb2 = apply_for(b, "2345679");
	CHECK(vb2 > vb);
	CHECK(store_verification_latest(st, ar, b, &v) == 0 && v.id == vb2);
	CHECK(store_verification_decide(st, vb2 + 1000, 77, true, S(""), NOW, &who) == STORE_ENOTFOUND);
	/* An application for a member that does not exist is refused. */
	CHECK(apply_for(b + 100000, "1111111") < 0);
}

/* The cache_size (negative: KiB) of the connection a new thread opens. */
static void *new_conn_cache_size(void *arg)
{
	int64_t *out = arg;
	struct sq_conn *c = sq_conn_get(st);
	sqlite3_stmt *q = NULL;
	*out = 0;
	if (c && sqlite3_prepare_v2(c->db, "PRAGMA cache_size", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
		*out = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return NULL;
}

static int64_t cache_size_after(size_t bytes)
{
	int64_t v = 0;
	pthread_t th;
	store_db_cache_budget(st, bytes);
	if (pthread_create(&th, NULL, new_conn_cache_size, &v) != 0)
		return 0;
	pthread_join(th, NULL);
	return v;
}

/* store_db_cache_budget (ROUNDS_CACHE_MB): SQLite connections opened
 * after it keep that many pages, never under STORE_DB_CACHE_MIN. */
TEST(test_db_cache)
{
	CHECK(cache_size_after(STORE_DB_CACHE_BYTES) == -65536);
	CHECK(cache_size_after((size_t)4 << 20) == -4096);
	CHECK(cache_size_after(0) == -(int64_t)(STORE_DB_CACHE_MIN >> 10));
	CHECK(cache_size_after((size_t)1 << 40) == -(1 << 20)); /* at most 1 GiB */
	store_db_cache_budget(st, STORE_DB_CACHE_BYTES);
}

/* A register extract in memory, for store_register_import. */
struct extract {
	const struct store_register_row *rows;
	int n, at, fail_at; /* fail_at: abort when reaching that row (-1: never) */
	int restarts;
};

static int extract_next(void *ctx, bool restart, struct store_register_row *row)
{
	struct extract *x = ctx;
	if (restart) {
		x->at = 0;
		x->restarts++;
	}
	if (x->at == x->fail_at)
		return -1;
	if (x->at >= x->n)
		return 0;
	*row = x->rows[x->at++];
	return 1;
}

static int64_t apply_as(int64_t member, const char *authority, const char *number, const char *key, bool *at_once)
{
	struct store_verification v = {.member_id = member, .authority = str_c(authority), .number = str_c(number),
				       .reg_name = S("As Registered"), .name_key = str_c(key)};
	int64_t id = 0;
	int rc = store_verification_apply(st, &v, NOW, &id, at_once);
	return rc == 0 ? id : rc;
}

TEST(test_register_import)
{
	int64_t pend = add_member("reg.pending@example.org", "reg_pending");
	int64_t other = add_member("reg.other@example.org", "reg_other");
	int64_t gone = add_member("reg.gone@example.org", "reg_gone");
	bool at_once = true;
	CHECK(apply_as(pend, "gmc", "1111111", "doctor import", &at_once) > 0 && !at_once);
	CHECK(apply_as(other, "gmc", "3333333", "someone else", &at_once) > 0 && !at_once); /* name will not match */
	int64_t g = apply_as(gone, "imc", "4242", "gone doctor", &at_once);
	int64_t who;
	CHECK(g > 0 && store_verification_decide(st, g, 77, true, S("ok"), NOW, &who) == 0);
	CHECK(store_member_set_roles(st, gone, ROLE_CHAMPION | ROLE_BLOGGER) == 0);
	int64_t before = raw_int("SELECT count(*) FROM register_entries");
	const struct store_register_row rows[] = {
		{S("gmc"), S("1111111"), S("Import Doctor"), S("doctor import"), S("registered")},
		{S("gmc"), S("3333333"), S("Quite Different"), S("different quite"), S("registered")},
		{S("imc"), S("4242"), S("Gone Doctor"), S("doctor gone"), S("erased")},
		{S("npi"), S("1234567893"), S("Later Arrival"), S("arrival later"), S("registered")},
	};
	/* An extract that fails halfway leaves nothing behind. */
	struct extract bad = {rows, 4, 0, 2, 0};
	struct store_import_result res;
	CHECK(store_register_import(st, ar, extract_next, &bad, NOW + 10, &res) == STORE_ERR);
	CHECK(raw_int("SELECT count(*) FROM register_entries") == before);
	struct store_member m;
	CHECK(store_member_by_id(st, ar, pend, &m) == 0 && !m.verified);
	CHECK(store_member_by_id(st, ar, gone, &m) == 0 && m.verified && (m.roles & ROLE_CHAMPION));
	/* The whole extract. */
	struct extract ok = {rows, 4, 0, -1, 0};
	CHECK(store_register_import(st, ar, extract_next, &ok, NOW + 20, &res) == 0);
	CHECK(res.rows == 4 && ok.restarts >= 1);
	CHECK(raw_int("SELECT count(*) FROM register_entries") == before + 4);
	CHECK(res.verified.n == 1 && res.verified.items[0].id == pend);
	CHECK_STR(res.verified.items[0].email.p, res.verified.items[0].email.n, "reg.pending@example.org");
	CHECK(store_member_by_id(st, ar, pend, &m) == 0 && m.verified);
	struct store_verification v;
	CHECK(store_verification_latest(st, ar, pend, &v) == 0 && v.decided_by == 0 && v.decided_at == NOW + 20);
	CHECK_STR(v.status.p, v.status.n, "approved");
	CHECK(store_member_by_id(st, ar, other, &m) == 0 && !m.verified); /* number matched, name did not */
	CHECK(store_verification_latest(st, ar, other, &v) == 0);
	CHECK_STR(v.status.p, v.status.n, "pending");
	/* "gone doctor" and "doctor gone" are one key only when made by regnum_name_key;
	 * the store matches keys as given, so the erased row still withdraws by number. */
	CHECK(res.withdrawn.n == 1 && res.withdrawn.items[0].id == gone);
	CHECK(store_member_by_id(st, ar, gone, &m) == 0 && !m.verified);
	CHECK(m.roles == ROLE_BLOGGER); /* the champion role went with the verification, in the import */
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE action = 'member.role' AND detail LIKE '-champion%'") == 1);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE action = 'verification.withdraw'") == 1);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE action = 'verification.approve' AND actor = 0") == 1);
	/* Importing again changes nothing more, and replaces rows in place. */
	ok.at = 0;
	CHECK(store_register_import(st, ar, extract_next, &ok, NOW + 30, &res) == 0);
	CHECK(res.rows == 4 && res.verified.n == 0 && res.withdrawn.n == 0);
	CHECK(raw_int("SELECT count(*) FROM register_entries") == before + 4);
	/* An application that arrives later is checked at once. */
	int64_t late = add_member("reg.late@example.org", "reg_late");
	CHECK(apply_as(late, "npi", "1234567893", "arrival later", &at_once) > 0 && at_once);
	CHECK(store_member_by_id(st, ar, late, &m) == 0 && m.verified);
	int64_t wrong = add_member("reg.wrong@example.org", "reg_wrong");
	CHECK(apply_as(wrong, "npi", "1234567893", "somebody else", &at_once) > 0 && !at_once);
	CHECK(store_member_by_id(st, ar, wrong, &m) == 0 && !m.verified);
	int64_t blank = add_member("reg.blank@example.org", "reg_blank"); /* an empty key never matches */
	const struct store_register_row empty[] = {{S("gmc"), S("5555555"), S("."), S(""), S("registered")}};
	struct extract e = {empty, 1, 0, -1, 0};
	CHECK(store_register_import(st, ar, extract_next, &e, NOW + 40, &res) == 0);
	CHECK(apply_as(blank, "gmc", "5555555", "", &at_once) > 0 && !at_once);
}

static int64_t dir_member(const char *handle, const char *name, const char *country, const char *type,
			  const char *specialty, bool confirmed)
{
	char email[64];
	snprintf(email, sizeof email, "%s@dir.example.org", handle);
	struct store_member_new m = member_new(email, handle);
	m.name = str_c(name);
	m.country = str_c(country);
	m.type = str_c(type);
	m.confirmed = confirmed;
	int64_t id = 0;
	enum store_member_key key;
	CHECK(store_member_create(st, &m, &id, &key) == 0);
	struct store_profile p = {.name = str_c(name), .country = str_c(country), .specialty = str_c(specialty),
				  .grade = S("consultant")};
	CHECK(store_member_update_profile(st, id, &p) == 0);
	return id;
}

static int directory(const char *q, const char *country, const char *type, const char *specialty, int limit, int offset,
	       struct store_member_list *l, int64_t *total)
{
	struct store_directory_query dq = {.q = str_c(q), .country = str_c(country), .type = str_c(type),
					   .specialty = str_c(specialty), .limit = limit, .offset = offset};
	return store_member_directory(st, ar, &dq, l, total);
}

TEST(test_directory)
{
	dir_member("dir_a", "Zainab Dirtest", "NG", "doctor", "cardiology", true);
	dir_member("dir_b", "Ahmed Dirtest", "EG", "doctor", "psychiatry", true);
	dir_member("dir_c", "Bella Dirtest", "NG", "student", "", true);
	dir_member("dir_d", "Carl Dirtest", "NG", "doctor", "cardiology", false); /* unconfirmed: hidden */
	int64_t e = dir_member("dir_e", "Dora Dirtest", "NG", "doctor", "cardiology", true);
	CHECK(store_member_set_suspended(st, e, true) == 0); /* suspended: hidden */
	struct store_member_list l;
	int64_t total = -1;
	CHECK(directory("dirtest", "", "", "", 10, 0, &l, &total) == 0 && total == 3 && l.n == 3);
	CHECK(directory("dirtest", "NG", "", "", 10, 0, &l, &total) == 0 && total == 2 && l.n == 2);
	CHECK(directory("dirtest", "NG", "doctor", "", 10, 0, &l, &total) == 0 && total == 1 && l.n == 1);
	CHECK_STR(l.items[0].handle.p, l.items[0].handle.n, "dir_a");
	CHECK(l.items[0].pw_hash.n == 0);
	CHECK(directory("dirtest", "", "", "psychiatry", 10, 0, &l, &total) == 0 && total == 1);
	CHECK_STR(l.items[0].handle.p, l.items[0].handle.n, "dir_b");
	CHECK(directory("zain", "", "", "", 10, 0, &l, &total) == 0 && total == 1); /* a prefix */
	CHECK(directory("dirtest", "", "", "", 2, 0, &l, &total) == 0 && total == 3 && l.n == 2);
	str first = l.items[0].handle, second = l.items[1].handle;
	CHECK(directory("dirtest", "", "", "", 2, 2, &l, &total) == 0 && total == 3 && l.n == 1);
	CHECK(!str_eq(l.items[0].handle, first) && !str_eq(l.items[0].handle, second));
	CHECK(directory("\"()*:^", "", "", "", 10, 0, &l, &total) == 0 && total == 0 && l.n == 0); /* no words: nobody */
	CHECK(directory("nobody-matches-this", "", "", "", 10, 0, &l, &total) == 0 && total == 0);
	/* No words: everyone, by name. */
	CHECK(directory("", "NG", "", "", 100, 0, &l, &total) == 0 && total >= 2);
	for (int i = 1; i < l.n; i++)
		CHECK(strcasecmp(l.items[i - 1].name.p, l.items[i].name.p) <= 0);
	CHECK(directory("", "", "", "", 0, 0, &l, &total) == STORE_ERR);
	CHECK(directory("", "", "", "", 10, -1, &l, &total) == STORE_ERR);
	/* The count stops at count_max (0: counts all); the page does not. */
	struct store_directory_query dq = {.q = S("dirtest"), .limit = 10, .count_max = 2};
	CHECK(store_member_directory(st, ar, &dq, &l, &total) == 0 && total == 2 && l.n == 3);
	dq.count_max = 4;
	CHECK(store_member_directory(st, ar, &dq, &l, &total) == 0 && total == 3 && l.n == 3);
	int64_t all = 0;
	dq = (struct store_directory_query){.limit = 10};
	CHECK(store_member_directory(st, ar, &dq, &l, &all) == 0 && all >= 3);
	dq.count_max = 1;
	CHECK(store_member_directory(st, ar, &dq, &l, &total) == 0 && total == 1 && l.n == (all < 10 ? all : 10));
	/* Case does not order names: "bella" still comes before Zainab. */
	dir_member("dir_f", "bella Dirtesta", "NG", "doctor", "", true);
	CHECK(directory("", "NG", "", "", 100, 0, &l, &total) == 0);
	int at_f = -1, at_a = -1;
	for (int i = 0; i < l.n; i++) {
		if (str_eqc(l.items[i].handle, "dir_f"))
			at_f = i;
		if (str_eqc(l.items[i].handle, "dir_a"))
			at_a = i;
	}
	CHECK(at_f >= 0 && at_a > at_f);
}

static enum store_conn_state conn_state(int64_t me, int64_t other)
{
	enum store_conn_state st_ = STORE_CONN_NONE;
	CHECK(store_connection_state(st, me, other, &st_) == 0);
	return st_;
}

TEST(test_connections)
{
	int64_t a = dir_member("conn_a", "Ann Conn", "GB", "doctor", "", true);
	int64_t b = dir_member("conn_b", "Bob Conn", "GB", "doctor", "", true);
	int64_t c = dir_member("conn_c", "Cat Conn", "GB", "student", "", true);
	CHECK(conn_state(a, b) == STORE_CONN_NONE);
	CHECK(store_connection_request(st, a, b, NOW) == 0);
	CHECK(conn_state(a, b) == STORE_CONN_OUTGOING && conn_state(b, a) == STORE_CONN_INCOMING);
	CHECK(store_connection_request(st, a, b, NOW) == STORE_ECONFLICT); /* twice */
	CHECK(store_connection_request(st, b, a, NOW) == STORE_ECONFLICT); /* the other way */
	CHECK(store_connection_request(st, a, a, NOW) == STORE_ERR);       /* oneself */
	CHECK(store_connection_request(st, a, 999999, NOW) == STORE_ERR);  /* no such member */
	CHECK(store_connection_answer(st, a, b, true, NOW) == STORE_ENOTFOUND); /* only the asked may answer */
	struct store_member_list l;
	CHECK(store_connection_list(st, ar, b, STORE_CONN_LIST_INCOMING, 10, 0, &l) == 0 && l.n == 1 && l.items[0].id == a);
	CHECK(store_connection_list(st, ar, a, STORE_CONN_LIST_OUTGOING, 10, 0, &l) == 0 && l.n == 1 && l.items[0].id == b);
	CHECK(store_connection_list(st, ar, a, STORE_CONN_LIST_CONNECTED, 10, 0, &l) == 0 && l.n == 0);
	CHECK(store_connection_answer(st, b, a, true, NOW + 1) == 0);
	CHECK(conn_state(a, b) == STORE_CONN_CONNECTED && conn_state(b, a) == STORE_CONN_CONNECTED);
	CHECK(store_connection_answer(st, b, a, true, NOW + 1) == STORE_ENOTFOUND); /* answered already */
	CHECK(store_connection_list(st, ar, a, STORE_CONN_LIST_CONNECTED, 10, 0, &l) == 0 && l.n == 1 && l.items[0].id == b);
	CHECK(store_connection_list(st, ar, b, STORE_CONN_LIST_CONNECTED, 10, 0, &l) == 0 && l.n == 1 && l.items[0].id == a);
	CHECK(store_connection_list(st, ar, b, STORE_CONN_LIST_INCOMING, 10, 0, &l) == 0 && l.n == 0);
	/* Decline: gone, and may be asked again. */
	CHECK(store_connection_request(st, c, a, NOW) == 0);
	CHECK(store_connection_answer(st, a, c, false, NOW) == 0);
	CHECK(conn_state(a, c) == STORE_CONN_NONE);
	CHECK(store_connection_request(st, c, a, NOW) == 0);
	CHECK(store_connection_remove(st, c, a) == 0); /* withdrawn by the asker */
	CHECK(conn_state(a, c) == STORE_CONN_NONE);
	CHECK(store_connection_remove(st, c, a) == STORE_ENOTFOUND);
	/* Remove a connection, from either side. */
	CHECK(store_connection_remove(st, b, a) == 0);
	CHECK(conn_state(a, b) == STORE_CONN_NONE);
	/* Suspended members drop out of lists. */
	CHECK(store_connection_request(st, a, b, NOW) == 0 && store_connection_answer(st, b, a, true, NOW) == 0);
	CHECK(store_member_set_suspended(st, b, true) == 0);
	CHECK(store_connection_list(st, ar, a, STORE_CONN_LIST_CONNECTED, 10, 0, &l) == 0 && l.n == 0);
	CHECK(store_member_set_suspended(st, b, false) == 0);
	CHECK(store_connection_list(st, ar, a, STORE_CONN_LIST_CONNECTED, 0, 0, &l) == STORE_ERR);
}

static struct store_message_new msg_new(int64_t author, const char *body)
{
	return (struct store_message_new){.author = author, .body = str_c(body), .body_html = str_c(body)};
}

static int64_t unread_of(int64_t member)
{
	int64_t n = -1;
	CHECK(store_message_unread(st, member, &n) == 0);
	return n;
}

/* Blocks: both ways seen, the connection goes, no double block. */
TEST(test_blocks)
{
	int64_t a = dir_member("blk_a", "Ann Block", "GB", "doctor", "", true);
	int64_t b = dir_member("blk_b", "Bob Block", "GB", "doctor", "", true);
	bool ab, ba;
	CHECK(store_block_state(st, a, b, &ab, &ba) == 0 && !ab && !ba);
	CHECK(store_connection_request(st, a, b, NOW) == 0 && store_connection_answer(st, b, a, true, NOW) == 0);
	CHECK(store_block(st, b, a, NOW) == 0);
	CHECK(store_block_state(st, a, b, &ab, &ba) == 0 && !ab && ba);
	CHECK(store_block_state(st, b, a, &ab, &ba) == 0 && ab && !ba);
	CHECK(conn_state(a, b) == STORE_CONN_NONE); /* the connection went with it */
	CHECK(store_block(st, b, a, NOW) == STORE_ECONFLICT);
	CHECK(store_block(st, b, b, NOW) == STORE_ERR);
	struct store_member_list l;
	CHECK(store_block_list(st, ar, b, 10, 0, &l) == 0 && l.n == 1 && l.items[0].id == a);
	CHECK(store_block_list(st, ar, a, 10, 0, &l) == 0 && l.n == 0);
	CHECK(store_unblock(st, b, a) == 0);
	CHECK(store_unblock(st, b, a) == STORE_ENOTFOUND);
	CHECK(store_block_state(st, a, b, &ab, &ba) == 0 && !ab && !ba);
}

/* Conversations: who may read and write, unread counts, mute, leave,
 * blocks, reports and their decisions. */
TEST(test_messages)
{
	int64_t a = dir_member("msg_a", "Ann Msg", "GB", "doctor", "", true);
	int64_t b = dir_member("msg_b", "Bob Msg", "GB", "doctor", "", true);
	int64_t c = dir_member("msg_c", "Cat Msg", "GB", "student", "", true);
	int64_t d = dir_member("msg_d", "Dan Msg", "GB", "hcp", "", true);
	int64_t conv = 0, m1 = 0, m2 = 0, by = 0;
	struct store_message_new first = msg_new(a, "Hello both");
	int64_t to[] = {b, c};
	CHECK(store_conversation_start(st, &first, to, 2, S("Rota swap"), NOW, &conv, &m1, &by) == 0 && conv && m1);
	CHECK(unread_of(a) == 0 && unread_of(b) == 1 && unread_of(c) == 1 && unread_of(d) == 0);
	/* Bad recipient lists are refused before anything is written. */
	int64_t self[] = {a}, twice[] = {b, b};
	CHECK(store_conversation_start(st, &first, self, 1, S(""), NOW, &conv, &m1, &by) == STORE_ERR);
	CHECK(store_conversation_start(st, &first, twice, 2, S(""), NOW, &conv, &m1, &by) == STORE_ERR);
	CHECK(store_conversation_start(st, &first, to, 0, S(""), NOW, &conv, &m1, &by) == STORE_ERR);
	int64_t many[STORE_CONVERSATION_MAX];
	for (int i = 0; i < STORE_CONVERSATION_MAX; i++)
		many[i] = 1000 + i;
	CHECK(store_conversation_start(st, &first, many, STORE_CONVERSATION_MAX, S(""), NOW, &conv, &m1, &by) ==
	      STORE_ERR);
	/* Start again for real. */
	CHECK(store_conversation_start(st, &first, to, 2, S("Rota swap"), NOW, &conv, &m1, &by) == 0);
	CHECK(unread_of(b) == 2);
	struct store_conversation cv;
	CHECK(store_conversation_get(st, ar, conv, b, &cv) == 0 && cv.id == conv && str_eqc(cv.subject, "Rota swap"));
	CHECK(cv.unread == 1 && !cv.muted && cv.members.n == 3 && cv.members.items[0].id == a);
	CHECK(store_conversation_get(st, ar, conv, d, &cv) == STORE_ENOTFOUND); /* not in it */
	CHECK(store_conversation_get(st, ar, 999999, a, &cv) == STORE_ENOTFOUND);
	struct store_message_new reply = msg_new(b, "**Yes**");
	CHECK(store_message_post(st, conv, &reply, NOW + 5, &m2, &by) == 0 && m2 > m1);
	struct store_message_new outsider = msg_new(d, "let me in");
	int64_t m3 = 0;
	CHECK(store_message_post(st, conv, &outsider, NOW + 6, &m3, &by) == STORE_ENOTFOUND && m3 == 0);
	CHECK(unread_of(b) == 1 && unread_of(a) == 1 && unread_of(c) == 3); /* writing read b's own */
	struct store_message_list ml;
	CHECK(store_conversation_messages(st, ar, conv, 0, 50, &ml) == 0 && ml.n == 2);
	CHECK(ml.items[0].id == m1 && ml.items[1].id == m2 && str_eqc(ml.items[1].body, "**Yes**"));
	CHECK(str_eqc(ml.items[1].author_handle, "msg_b") && str_eqc(ml.items[1].author_name, "Bob Msg"));
	CHECK(store_conversation_messages(st, ar, conv, m2, 50, &ml) == 0 && ml.n == 1 && ml.items[0].id == m1);
	CHECK(store_conversation_messages(st, ar, conv, 0, 1, &ml) == 0 && ml.n == 1 && ml.items[0].id == m2);
	CHECK(store_conversation_messages(st, ar, conv, 0, 101, &ml) == STORE_ERR);
	/* The list, newest first, naming the others. */
	struct store_conversation_list cl;
	int64_t total = 0;
	CHECK(store_conversation_list(st, ar, c, 10, 0, &cl, &total) == 0 && total == 2 && cl.n == 2);
	CHECK(cl.items[0].id == conv && cl.items[0].unread == 2 && str_eqc(cl.items[0].others, "Ann Msg, Bob Msg"));
	CHECK(store_conversation_list(st, ar, c, 1, 1, &cl, &total) == 0 && total == 2 && cl.n == 1 && cl.items[0].id != conv);
	CHECK(store_conversation_list(st, ar, d, 10, 0, &cl, &total) == 0 && total == 0 && cl.n == 0);
	/* Read, mute, leave. */
	CHECK(store_conversation_act(st, conv, c, STORE_CONV_READ, NOW) == 0 && unread_of(c) == 1);
	CHECK(store_conversation_act(st, conv, d, STORE_CONV_READ, NOW) == STORE_ENOTFOUND);
	CHECK(store_conversation_act(st, conv, a, STORE_CONV_MUTE, NOW) == 0);
	CHECK(store_message_post(st, conv, &reply, NOW + 7, &m3, &by) == 0);
	CHECK(unread_of(a) == 0); /* muted: counts in no total */
	CHECK(store_conversation_get(st, ar, conv, a, &cv) == 0 && cv.muted && cv.unread == 2);
	CHECK(store_conversation_act(st, conv, a, STORE_CONV_UNMUTE, NOW) == 0 && unread_of(a) == 2);
	CHECK(store_conversation_act(st, conv, c, STORE_CONV_LEAVE, NOW) == 0);
	CHECK(store_conversation_get(st, ar, conv, c, &cv) == STORE_ENOTFOUND);
	CHECK(store_conversation_act(st, conv, c, STORE_CONV_LEAVE, NOW) == STORE_ENOTFOUND);
	struct store_message_new back = msg_new(c, "I'm back");
	CHECK(store_message_post(st, conv, &back, NOW + 8, &m3, &by) == STORE_ENOTFOUND);
	CHECK(store_conversation_get(st, ar, conv, a, &cv) == 0 && cv.members.n == 2);
	/* The session lookup carries the unread total. */
	unsigned char h[STORE_HASH_LEN];
	hash_of(h, 901);
	struct store_session sess = {.member_id = a, .expires_at = NOW + 3600};
	CHECK(store_session_create(st, h, &sess, NOW) == 0);
	struct store_member who;
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == 0 && who.id == a && who.unread_messages == 2);
	/* Blocks: no new conversation, no message into a shared one. */
	CHECK(store_block(st, b, a, NOW) == 0);
	int64_t only_b[] = {b}, nc = 0, nm = 0;
	CHECK(store_conversation_start(st, &first, only_b, 1, S(""), NOW, &nc, &nm, &by) == STORE_ECONFLICT);
	CHECK(by == b && nc == 0 && nm == 0);
	CHECK(store_message_post(st, conv, &first, NOW + 9, &m3, &by) == STORE_ECONFLICT && by == b);
	CHECK(store_message_post(st, conv, &reply, NOW + 9, &m3, &by) == STORE_ECONFLICT && by == a); /* either way */
	CHECK(store_conversation_list(st, ar, b, 10, 0, &cl, &total) == 0 && total == 2); /* nothing half-written */
	CHECK(store_unblock(st, b, a) == 0);
	/* Reports: members of the conversation only, not one's own, once. */
	int64_t r1 = 0, r2 = 0;
	CHECK(store_message_report(st, m2, a, S("Abusive"), NOW, &r1) == 0 && r1 > 0);
	CHECK(store_message_report(st, m2, a, S("Again"), NOW, &r2) == STORE_ECONFLICT);
	CHECK(store_message_report(st, m2, b, S("My own"), NOW, &r2) == STORE_ENOTFOUND);
	CHECK(store_message_report(st, m2, d, S("Outsider"), NOW, &r2) == STORE_ENOTFOUND);
	CHECK(store_message_report(st, m2, c, S("Left"), NOW, &r2) == STORE_ENOTFOUND);
	struct store_report_list rl;
	CHECK(store_report_queue(st, ar, 10, 0, &rl) == 0 && rl.n == 1 && rl.items[0].id == r1);
	CHECK(rl.items[0].message.id == m2 && str_eqc(rl.items[0].message.body, "**Yes**"));
	CHECK(str_eqc(rl.items[0].reporter_handle, "msg_a") && str_eqc(rl.items[0].reason, "Abusive"));
	CHECK(str_eqc(rl.items[0].message.author_handle, "msg_b") && str_eqc(rl.items[0].status, "open"));
	CHECK(store_report_decide(st, r1, 77, false, S("Not abuse"), NOW) == 0);
	CHECK(store_report_decide(st, r1, 77, true, S("twice"), NOW) == STORE_ENOTFOUND);
	CHECK(store_report_queue(st, ar, 10, 0, &rl) == 0 && rl.n == 0);
	/* A removal erases the text and closes every open report of it. */
	struct store_message_new third = msg_new(a, "third");
	CHECK(store_conversation_start(st, &third, to, 2, S(""), NOW + 20, &nc, &nm, &by) == 0);
	CHECK(store_message_report(st, nm, b, S("Spam"), NOW, &r1) == 0);
	CHECK(store_message_report(st, nm, c, S("Spam too"), NOW, &r2) == 0);
	CHECK(store_report_decide(st, r2, 77, true, S("Spam"), NOW + 30) == 0);
	CHECK(store_report_queue(st, ar, 10, 0, &rl) == 0 && rl.n == 0);
	CHECK(store_conversation_messages(st, ar, nc, 0, 10, &ml) == 0 && ml.n == 1 && ml.items[0].removed);
	CHECK(ml.items[0].body.n == 0 && ml.items[0].body_html.n == 0);
	CHECK(store_report_decide(st, r1, 77, false, S(""), NOW) == STORE_ENOTFOUND);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE actor = 77 AND action = 'message.remove'") == 1);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE actor = 77 AND action = 'message.report_dismiss'") == 1);
	CHECK(store_message_report(st, nm, b, S("Removed already"), NOW, &r1) == STORE_ENOTFOUND);
	/* What a member wrote, for their export, in pages. */
	CHECK(store_messages_by_author(st, ar, a, 0, 100, &ml) == 0 && ml.n == 3);
	CHECK(str_eqc(ml.items[0].body, "Hello both") && ml.items[2].id == nm && ml.items[2].removed);
	CHECK(store_messages_by_author(st, ar, a, ml.items[0].id, 1, &ml) == 0 && ml.n == 1 && ml.items[0].id < nm);
	CHECK(store_messages_by_author(st, ar, d, 0, 100, &ml) == 0 && ml.n == 0);
	CHECK(store_messages_by_author(st, ar, a, 0, 0, &ml) == STORE_ERR);
}

/* Deleting an account: personal data and links gone, what they wrote stays
 * under "Former member", the email free again. */
TEST(test_member_delete)
{
	int64_t a = dir_member("del_a", "Dora Deleted", "GB", "doctor", "cardiology", true);
	int64_t b = dir_member("del_b", "Bert Stays", "GB", "doctor", "", true);
	unsigned char h[STORE_HASH_LEN];
	hash_of(h, 777);
	struct store_session sess = {.member_id = a, .expires_at = NOW + 3600};
	CHECK(store_session_create(st, h, &sess, NOW) == 0);
	CHECK(store_connection_request(st, a, b, NOW) == 0);
	CHECK(store_block(st, b, a, NOW) == 0 && store_unblock(st, b, a) == 0 && store_block(st, a, b, NOW) == 0);
	CHECK(store_unblock(st, a, b) == 0);
	CHECK(store_connection_request(st, a, b, NOW) == 0);
	struct store_verification v = {.member_id = a, .authority = S("gmc"), .number = S("7654321"),
				       .reg_name = S("Dora Deleted"), .name_key = S("deleted dora")};
	int64_t vid = 0, conv = 0, msg = 0, by = 0;
	bool verified = false;
	CHECK(store_verification_apply(st, &v, NOW, &vid, &verified) == 0);
	struct store_message_new m = msg_new(a, "Written before leaving");
	int64_t to[] = {b};
	CHECK(store_conversation_start(st, &m, to, 1, S("Goodbye"), NOW, &conv, &msg, &by) == 0);
	CHECK(store_member_delete(st, a, NOW + 10) == 0);
	CHECK(store_member_delete(st, a, NOW + 10) == STORE_ENOTFOUND);
	CHECK(store_member_delete(st, 999999, NOW) == STORE_ENOTFOUND);
	struct store_member got;
	CHECK(store_member_by_handle(st, ar, S("del_a"), &got) == STORE_ENOTFOUND);
	CHECK(store_member_by_email_auth(st, ar, S("del_a@dir.example.org"), &got) == STORE_ENOTFOUND);
	CHECK(store_member_by_id(st, ar, a, &got) == 0 && str_eqc(got.name, "Former member"));
	CHECK(!got.confirmed && !got.verified && got.roles == 0 && got.bio.n == 0 && got.specialty.n == 0);
	char former[32];
	snprintf(former, sizeof former, "former_%lld", (long long)a);
	CHECK(str_eqc(got.handle, former));
	CHECK(store_member_by_handle(st, ar, str_c(former), &got) == STORE_ENOTFOUND);
	struct store_member who;
	CHECK(store_session_member(st, ar, h, NOW, &sess, &who) == STORE_ENOTFOUND);
	CHECK(conn_state(b, a) == STORE_CONN_NONE);
	struct store_verification_list vl;
	CHECK(store_verification_history(st, ar, a, 10, &vl) == 0 && vl.n == 0);
	/* The message stays, by the former member, with no handle to link. */
	struct store_conversation cv;
	CHECK(store_conversation_get(st, ar, conv, b, &cv) == 0 && cv.members.n == 1 && cv.members.items[0].id == b);
	struct store_message_list ml;
	CHECK(store_conversation_messages(st, ar, conv, 0, 10, &ml) == 0 && ml.n == 1);
	CHECK(str_eqc(ml.items[0].author_name, "Former member") && ml.items[0].author_handle.n == 0);
	CHECK(str_eqc(ml.items[0].body, "Written before leaving"));
	struct store_member_list found;
	CHECK(store_member_search(st, ar, S("Deleted"), 10, 0, &found) == 0 && found.n == 0);
	CHECK(raw_int("SELECT count(*) FROM audit_log WHERE action = 'member.delete'") == 1);
	/* The email may register again. */
	struct store_member_new again = member_new("del_a@dir.example.org", "del_a2");
	int64_t id2 = 0;
	enum store_member_key key;
	CHECK(store_member_create(st, &again, &id2, &key) == 0 && id2 != a);
}

/* Writes `n` bytes made from `seed` to DIR/name (its path into fpath) and
 * their SHA-256, in lower-case hex, into hex.  Gives the bytes (malloc'd). */
static unsigned char *make_file(const char *name, size_t n, unsigned seed, char *fpath, size_t cap,
				char hex[STORE_SHA256_HEX + 1])
{
	unsigned char *b = malloc(n ? n : 1);
	uint32_t x = seed * 2654435761u + 1;
	for (size_t i = 0; b && i < n; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		b[i] = (unsigned char)x;
	}
	snprintf(fpath, cap, "%s/%s", dir, name);
	FILE *f = fopen(fpath, "wb");
	bool ok = b && f && fwrite(b, 1, n, f) == n;
	if (f)
		ok = fclose(f) == 0 && ok;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, b, n);
	sodium_bin2hex(hex, STORE_SHA256_HEX + 1, h, sizeof h);
	CHECK(ok);
	return b;
}

/* Whether the file `p` holds exactly the n bytes b. */
static bool file_is(const char *p, const unsigned char *b, size_t n)
{
	FILE *f = fopen(p, "rb");
	unsigned char *got = malloc(n + 1);
	size_t r = f && got ? fread(got, 1, n + 1, f) : 0;
	bool ok = f && got && r == n && memcmp(got, b, n) == 0;
	if (f)
		fclose(f);
	free(got);
	return ok;
}

/* Whether upload `hex` reads back as the n bytes b of type mime, stored at
 * `at`: on SQLite as the file under PATH.files/, on PostgreSQL as bytes. */
static bool upload_is(arena *a, const char *hex, const unsigned char *b, size_t n, const char *mime, int64_t at)
{
	struct store_upload u;
	if (store_upload_get(st, a, hex, &u) != 0 || strcmp(u.sha256, hex) != 0 || !str_eqc(u.mime, mime) ||
	    u.size != (int64_t)n || u.created_at != at)
		return false;
	if (pg_base)
		return !u.path && u.bytes.n == n && (n == 0 || memcmp(u.bytes.p, b, n) == 0);
	char want[300];
	snprintf(want, sizeof want, "%s.files/%.2s/%s", path, hex, hex);
	struct stat sb;
	return u.path && strcmp(u.path, want) == 0 && u.bytes.n == 0 && file_is(u.path, b, n) &&
	       stat(u.path, &sb) == 0 && (sb.st_mode & 0777) == 0600;
}

/* Files in folder `d` whose names start with '.' (temporary ones), other
 * than . and ..; -1 when it cannot be read. */
static int dot_files(const char *d)
{
	DIR *dd = opendir(d);
	if (!dd)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(dd)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dd);
	return n;
}

struct put_arg {
	const char *file, *hex;
	int64_t size;
	int rc;
};

static void *put_thread(void *p)
{
	struct put_arg *x = p;
	x->rc = store_upload_put(st, x->file, x->hex, x->size, S("application/octet-stream"), NOW);
	return NULL;
}

/* On SQLite, store_backup copies PATH.files/ beside the copy, only what
 * the copy lacks, and the copy reads its uploads from there. */
static void uploads_backup(const char *hex, const unsigned char *b, size_t n, const char *big_hex)
{
	char bk[160], bk_url[200], copied[400], big[400];
	snprintf(bk, sizeof bk, "%s/upbackup.db", dir);
	snprintf(bk_url, sizeof bk_url, "sqlite:%s", bk);
	snprintf(copied, sizeof copied, "%s.files/%.2s/%s", bk, hex, hex);
	snprintf(big, sizeof big, "%s.files/%.2s/%s", bk, big_hex, big_hex);
	CHECK(store_backup(st, bk) == 0);
	CHECK(file_is(copied, b, n));
	struct stat before, after;
	CHECK(stat(big, &before) == 0 && before.st_size == 3 << 20);
	CHECK(unlink(copied) == 0);
	CHECK(store_backup(st, bk) == 0); /* again: the missing file comes back, the rest stays */
	CHECK(file_is(copied, b, n));
	CHECK(stat(big, &after) == 0 && after.st_ino == before.st_ino);
	char sub[400];
	snprintf(sub, sizeof sub, "%s.files/%.2s", bk, hex);
	CHECK(dot_files(sub) == 0);
	store *copy = store_open(bk_url);
	CHECK(copy != NULL);
	if (!copy)
		return;
	struct store_upload u;
	CHECK(store_upload_get(copy, ar, hex, &u) == 0 && u.path && strcmp(u.path, copied) == 0);
	store_close(copy);
}

/* Deleting an account erases its verification documents too: the row
 * (and so the bytes, on PostgreSQL) and, on SQLite, the file. */
TEST(test_member_delete_documents)
{
	static const char doc[] = "%PDF-1.4\n% Dora's registration, to be erased\n";
	char tmp[160], hex[STORE_SHA256_HEX + 1];
	unsigned char h[crypto_hash_sha256_BYTES];
	snprintf(tmp, sizeof tmp, "%s/erase-doc.tmp", dir);
	FILE *f = fopen(tmp, "wb");
	CHECK(f && fwrite(doc, 1, sizeof doc - 1, f) == sizeof doc - 1);
	if (f)
		fclose(f);
	crypto_hash_sha256(h, (const unsigned char *)doc, sizeof doc - 1);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	CHECK(store_upload_put(st, tmp, hex, sizeof doc - 1, S("application/pdf"), NOW) == 0);
	int64_t m = dir_member("del_doc", "Doc Eraser", "GB", "doctor", "", true), vid = 0;
	bool verified = false;
	struct store_verification v = {.member_id = m, .authority = S("gmc"), .number = S("7111111"),
				       .reg_name = S("Doc Eraser"), .name_key = S("doc eraser"), .document = str_c(hex),
				       .document_type = S("application/pdf"), .document_name = S("reg.pdf")};
	CHECK(store_verification_apply(st, &v, NOW, &vid, &verified) == 0);
	struct store_upload u;
	CHECK(store_upload_get(st, ar, hex, &u) == 0);
	char file[400] = "";
	if (!pg_base && u.path)
		snprintf(file, sizeof file, "%s", u.path);
	CHECK(store_member_delete(st, m, NOW + 1) == 0);
	CHECK(store_upload_get(st, ar, hex, &u) == STORE_ENOTFOUND);
	struct stat sb;
	if (!pg_base)
		CHECK(file[0] && stat(file, &sb) != 0);
	unlink(tmp);
}

/* Uploads: stored once by their hash, read back whole; refusals. */
TEST(test_uploads)
{
	static const char pdf[] = "%PDF-1.4\n% a certificate\n";
	char f1[160], f2[160], hex[STORE_SHA256_HEX + 1], hex2[STORE_SHA256_HEX + 1];
	unsigned char h[crypto_hash_sha256_BYTES];
	snprintf(f1, sizeof f1, "%s/upload-1.tmp", dir);
	FILE *f = fopen(f1, "wb");
	CHECK(f && fwrite(pdf, 1, sizeof pdf - 1, f) == sizeof pdf - 1);
	if (f)
		fclose(f);
	crypto_hash_sha256(h, (const unsigned char *)pdf, sizeof pdf - 1);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	const unsigned char *b = (const unsigned char *)pdf;
	size_t n = sizeof pdf - 1;
	CHECK(store_upload_put(st, f1, hex, (int64_t)n, S("application/pdf"), NOW) == 0);
	CHECK(upload_is(ar, hex, b, n, "application/pdf", NOW));
	/* The same bytes again: fine, and the first row stays. */
	CHECK(store_upload_put(st, f1, hex, (int64_t)n, S("text/plain"), NOW + 9) == 0);
	CHECK(upload_is(ar, hex, b, n, "application/pdf", NOW));
	CHECK(raw_int("SELECT count(*) FROM uploads") == 1);
	if (!pg_base) {
		char sub[300];
		snprintf(sub, sizeof sub, "%s.files/%.2s", path, hex);
		CHECK(dot_files(sub) == 0); /* no temporary file left behind */
	}
	/* Refusals: the size, the hash, the type, the file. */
	unsigned char *other = make_file("upload-2.tmp", 1000, 2, f2, sizeof f2, hex2);
	CHECK(store_upload_put(st, f2, hex2, 999, S("image/png"), NOW) == STORE_ERR);
	CHECK(store_upload_put(st, f2, hex2, 1001, S("image/png"), NOW) == STORE_ERR);
	CHECK(store_upload_put(st, f2, hex2, -1, S("image/png"), NOW) == STORE_ERR);
	CHECK(store_upload_put(st, f2, hex2, 1000, S(""), NOW) == STORE_ERR);
	CHECK(store_upload_put(st, "/nonexistent-dir/upload.tmp", hex2, 1000, S("image/png"), NOW) == STORE_ERR);
	CHECK(store_upload_put(st, dir, hex2, 1000, S("image/png"), NOW) == STORE_ERR); /* a folder */
	struct store_upload u;
	CHECK(store_upload_get(st, ar, hex2, &u) == STORE_ENOTFOUND);
	char upper[STORE_SHA256_HEX + 1], bad[STORE_SHA256_HEX + 2];
	snprintf(upper, sizeof upper, "%s", hex2);
	for (char *c = upper; *c; c++)
		if (*c >= 'a' && *c <= 'f')
			*c = (char)(*c - 32);
	snprintf(bad, sizeof bad, "%s0", hex2); /* 65 digits */
	const char *bad_hashes[] = {upper, bad, "abc", "",
				    "../../../../../../../../../../../../../../../../../etc/passwd00000", NULL};
	for (size_t i = 0; i < sizeof bad_hashes / sizeof bad_hashes[0]; i++) {
		CHECK(store_upload_put(st, f2, bad_hashes[i], 1000, S("image/png"), NOW) == STORE_ERR);
		CHECK(store_upload_get(st, ar, bad_hashes[i], &u) == STORE_ENOTFOUND);
	}
	CHECK(store_upload_get(st, ar, "0000000000000000000000000000000000000000000000000000000000000000", &u) ==
	      STORE_ENOTFOUND);
	CHECK(raw_int("SELECT count(*) FROM uploads") == 1);
	/* The same new file from four threads at once: all succeed, one row. */
	pthread_t t[4];
	struct put_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = (struct put_arg){f2, hex2, 1000, -99};
		CHECK(pthread_create(&t[i], NULL, put_thread, &args[i]) == 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		CHECK(args[i].rc == 0);
	}
	CHECK(upload_is(ar, hex2, other, 1000, "application/octet-stream", NOW));
	CHECK(raw_int("SELECT count(*) FROM uploads") == 2);
	/* An empty file, and 3 MiB (read into an arena of its own). */
	char f3[160], hex3[STORE_SHA256_HEX + 1], f4[160], hex4[STORE_SHA256_HEX + 1];
	unsigned char *empty = make_file("upload-3.tmp", 0, 3, f3, sizeof f3, hex3);
	CHECK(store_upload_put(st, f3, hex3, 0, S("application/x-empty"), NOW) == 0);
	CHECK(upload_is(ar, hex3, empty, 0, "application/x-empty", NOW));
	unsigned char *big = make_file("upload-4.tmp", 3 << 20, 4, f4, sizeof f4, hex4);
	CHECK(store_upload_put(st, f4, hex4, 3 << 20, S("image/jpeg"), NOW + 1) == 0);
	arena *a = arena_new(8 << 20);
	CHECK(a && upload_is(a, hex4, big, 3 << 20, "image/jpeg", NOW + 1));
	arena_free(a);
	if (!pg_base)
		uploads_backup(hex, b, n, hex4);
	/* The caller's files are the caller's. */
	struct stat sb;
	CHECK(stat(f1, &sb) == 0 && stat(f2, &sb) == 0 && stat(f4, &sb) == 0);
	unlink(f1), unlink(f2), unlink(f3), unlink(f4);
	free(other), free(empty), free(big);
}

/* This node's generation moves at once on a change. */
TEST(test_generations)
{
	uint64_t g = store_generation(st, STORE_CACHE_SETTINGS);
	CHECK(store_changed(st, STORE_CACHE_SETTINGS) == 0);
	CHECK(store_generation(st, STORE_CACHE_SETTINGS) > g);
	CHECK(store_cache_parse("settings") == STORE_CACHE_SETTINGS);
	CHECK(store_cache_parse("nothing") == -1);
	CHECK(store_generation(st, STORE_CACHE_MAX) == 0);
}

/* Waits up to 10 s for s's generation of the topic to pass `than`. */
static bool gen_moves(store *s, uint64_t than)
{
	for (int i = 0; i < 200; i++) {
		if (store_generation(s, STORE_CACHE_SETTINGS) > than)
			return true;
		usleep(50 * 1000);
	}
	return false;
}

/* Two stores on one database are two nodes: a change on one reaches the
 * other through LISTEN/NOTIFY, also after its listening connection was
 * cut. */
TEST(test_pg_notify)
{
	store *other = store_open(url);
	CHECK(other != NULL);
	if (!other)
		return;
	CHECK(store_listen(other) == 0);
	CHECK(gen_moves(other, 0)); /* connected: everything moved on */
	usleep(200 * 1000);
	uint64_t g = store_generation(other, STORE_CACHE_SETTINGS);
	CHECK(store_changed(st, STORE_CACHE_SETTINGS) == 0);
	CHECK(gen_moves(other, g));
	PGconn *c = pg_raw(pg_db);
	g = store_generation(other, STORE_CACHE_SETTINGS);
	/* This database's listener alone: other suites may run on the server. */
	CHECK(c && raw_int("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
			   "WHERE application_name = 'rounds-listen' AND datname = current_database()") == 1);
	CHECK(gen_moves(other, g)); /* reconnected, and it may have missed something */
	usleep(300 * 1000);
	g = store_generation(other, STORE_CACHE_SETTINGS);
	CHECK(store_changed(st, STORE_CACHE_SETTINGS) == 0);
	CHECK(gen_moves(other, g));
	PQfinish(c);
	store_close(other);
}

/* The server drops every connection of the store (as a restart would):
 * the next calls, reads and writes, find new connections. */
TEST(test_pg_reconnect)
{
	struct store_member got;
	CHECK(store_member_by_handle(st, ar, S("ada"), &got) == 0);
	CHECK(raw_int("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
		      "WHERE application_name = 'rounds' AND datname = current_database()") >= 1);
	usleep(100 * 1000);
	CHECK(store_member_by_handle(st, ar, S("ada"), &got) == 0);
	int64_t count, reset;
	CHECK(raw_int("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
		      "WHERE application_name = 'rounds' AND datname = current_database()") >= 1);
	usleep(100 * 1000);
	CHECK(store_rate_hit(st, S("after-restart"), NOW, 60, &count, &reset) == 0 && count == 1);
	CHECK(store_ping(st) == 0);
}

struct resetter {
	unsigned char hash[STORE_HASH_LEN];
	int rc;
	int64_t member;
};

static void *reset_run(void *p)
{
	struct resetter *r = p;
	r->rc = store_password_reset(st, r->hash, NOW, S("$argon2id$after-deadlock"), &r->member);
	return NULL;
}

/* A deadlock that the store's transaction loses: the password reset holds
 * the token and waits for the member row, which another session holds
 * while it waits for the token.  That session waits longer before looking
 * for deadlocks, so PostgreSQL aborts the store's transaction; the store
 * runs it again and it succeeds. */
TEST(test_pg_deadlock_retry)
{
	int64_t id = add_member("deadlock@example.org", "deadlock");
	struct resetter r = {.rc = -99};
	for (int i = 0; i < STORE_HASH_LEN; i++) /* unlike any hash_of() */
		r.hash[i] = (unsigned char)(0xA5 ^ (i * 13 + 1));
	CHECK(store_token_create(st, STORE_TOKEN_RESET, r.hash, id, NOW + 3600) == 0);
	PGconn *c = pg_raw(pg_db);
	char num[24], hex[2 * STORE_HASH_LEN + 3] = "\\x";
	for (int i = 0; i < STORE_HASH_LEN; i++)
		snprintf(hex + 2 + 2 * i, 3, "%02x", r.hash[i]);
	snprintf(num, sizeof num, "%lld", (long long)id);
	CHECK(c && pg_do(c, "SET deadlock_timeout = '20s'") && pg_do(c, "BEGIN"));
	CHECK(c && pg_do1(c, "UPDATE members SET bio = 'held' WHERE id = $1::bigint", num));
	pthread_t t;
	CHECK(pthread_create(&t, NULL, reset_run, &r) == 0);
	usleep(500 * 1000); /* it has taken the token and waits for the member */
	/* the store's transaction is the one aborted */
	CHECK(c && pg_do1(c, "UPDATE tokens SET kind = kind WHERE hash = $1::bytea", hex));
	CHECK(c && pg_do(c, "COMMIT"));
	pthread_join(t, NULL);
	CHECK(r.rc == 0 && r.member == id); /* so it ran again, and won */
	struct store_member m;
	CHECK(store_member_by_email_auth(st, ar, S("deadlock@example.org"), &m) == 0);
	CHECK_STR(m.pw_hash.p, m.pw_hash.n, "$argon2id$after-deadlock");
	CHECK_STR(m.bio.p, m.bio.n, "held");
	PQfinish(c);
}

/* Both backends' migrations give the same tables and columns (the search
 * indexes are each engine's own: FTS5 tables named *_fts, with their
 * shadow tables *_fts_*, in SQLite; tsvector columns and the phrases'
 * post_pairs in PostgreSQL; and
 * uploads.data holds the bytes on PostgreSQL only, SQLite keeping them in
 * files beside the database). */
TEST(test_pg_same_schema)
{
	char lite_path[160], lite_url[200];
	snprintf(lite_path, sizeof lite_path, "%s/schema.db", dir);
	snprintf(lite_url, sizeof lite_url, "sqlite:%s", lite_path);
	store *lite = store_open(lite_url);
	CHECK(lite != NULL);
	if (!lite)
		return;
	CHECK(store_migrate(lite) == store_migrate(st));
	store_close(lite);
	static char a[1 << 16], b[1 << 16]; /* whole: checked below never to be cut */
	a[0] = b[0] = '\0';
	sqlite3 *db = NULL;
	sqlite3_stmt *q = NULL;
	CHECK(sqlite3_open(lite_path, &db) == SQLITE_OK);
	CHECK(sqlite3_prepare_v2(db,
				 "SELECT group_concat(t || '.' || c, ' ') FROM (SELECT m.name t, p.name c "
				 "FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' "
				 "AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%\\_fts' ESCAPE '\\' "
				 "AND m.name NOT LIKE '%\\_fts\\_%' ESCAPE '\\' ORDER BY 1, 2)",
				 -1, &q, NULL) == SQLITE_OK);
	if (q && sqlite3_step(q) == SQLITE_ROW)
		snprintf(a, sizeof a, "%s", (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	sqlite3_close(db);
	PGconn *c = pg_raw(pg_db);
	CHECK(c && pg_text1(c,
			    "SELECT string_agg(t || '.' || c, ' ' ORDER BY t, c) FROM (SELECT table_name::text t, "
			    "column_name::text c FROM information_schema.columns WHERE table_schema = 'public' "
			    "AND table_name NOT IN ('rounds_schema', 'post_pairs') AND data_type <> 'tsvector' "
			    "AND NOT (table_name = 'uploads' AND column_name = 'data')) x",
			    b, sizeof b));
	PQfinish(c);
	CHECK(strlen(a) < sizeof a - 1 && strlen(b) < sizeof b - 1);
	CHECK(a[0] && strcmp(a, b) == 0);
	if (strcmp(a, b) != 0)
		fprintf(stderr, "sqlite:     %s\npostgresql: %s\n", a, b);
	unlink(lite_path);
}

static int rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(p);
	else
		unlink(p);
	return 0;
}

static void cleanup(void)
{
	if (pg_base) {
		PGconn *c = pg_raw("postgres");
		char sql[128];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", pg_db);
		if (c)
			pg_do(c, sql);
		PQfinish(c);
	}
	/* Everything under the fresh folder: the database, its uploads, the
	 * backups and theirs. */
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	snprintf(dir, sizeof dir, "/tmp/rounds-test-store-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof path, "%s/rounds.db", dir);
	snprintf(url, sizeof url, "sqlite:%s", path);
	pg_base = getenv("ROUNDS_TEST_PG");
	if (pg_base && *pg_base) {
		snprintf(pg_db, sizeof pg_db, "rounds_unit_%ld", (long)getpid());
		PGconn *c = pg_raw("postgres");
		char sql[128];
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", pg_db);
		if (!c || !pg_do(c, sql)) {
			fprintf(stderr, "test_store: cannot make a database on %s\n", pg_base);
			PQfinish(c);
			return 1;
		}
		PQfinish(c);
		snprintf(url, sizeof url, "%s/%s", pg_base, pg_db);
		printf("store: postgresql (%s)\n", pg_db);
	} else {
		pg_base = NULL;
		printf("store: sqlite\n");
	}
	if (sodium_init() < 0) { /* the upload tests hash their files */
		fprintf(stderr, "test_store: sodium_init failed\n");
		return 1;
	}
	ar = arena_new(16 << 20);
	/* The refusals below log on purpose; ROUNDS_TEST_LOG=1 shows it all. */
	log_set_level(getenv("ROUNDS_TEST_LOG") ? LOG_INFO : LOG_ERROR + 1);
	RUN(test_open_and_migrate);
	RUN(test_open_refusals);
	if (st) {
		RUN(test_member_create_and_lookups);
		RUN(test_member_conflicts);
		RUN(test_member_updates);
		RUN(test_utf8_names);
		RUN(test_arena_full);
		RUN(test_tokens);
		RUN(test_token_race);
		RUN(test_sessions);
		RUN(test_gc);
		RUN(test_password_reset);
		RUN(test_rate_limits);
		RUN(test_settings);
		RUN(test_audit);
		RUN(test_busy);
		RUN(test_jobs);
		RUN(test_member_search);
		RUN(test_directory);
		RUN(test_connections);
		RUN(test_blocks);
		RUN(test_messages);
		RUN(test_member_delete);
		RUN(test_uploads);
		RUN(test_member_delete_documents);
		RUN(test_verifications);
		RUN(test_register_import);
		if (!pg_base)
			RUN(test_db_cache);
		RUN(test_generations);
		if (pg_base) {
			RUN(test_pg_notify);
			RUN(test_pg_reconnect);
			RUN(test_pg_deadlock_retry);
			RUN(test_pg_same_schema);
		}
		RUN(test_threads);
	RUN(test_read_snapshot);
		RUN(test_backup);
		RUN(test_reopen);
		RUN(test_second_store);
	}
	store_close(st);
	arena_free(ar);
	cleanup();
	return unit_summary();
}
