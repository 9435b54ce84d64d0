/* test_store.c: the store against a real SQLite file in a fresh temporary
 * folder: every store.h function, its errors, the schema's rules, and
 * threads sharing one store.  A second, raw SQLite connection looks at what
 * the store has no reader for (the audit log, the journal mode) and holds
 * a lock to see the store answer STORE_EBUSY. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/log.h"
#include "store/store.h"
#include "unit.h"

static char dir[64];
static char path[128];
static char url[160];
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

static int64_t raw_int(const char *sql)
{
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
	CHECK(stat(path, &sb) == 0); /* created */
	int v1 = store_migrate(st);
	CHECK(v1 >= 1);
	int v2 = store_migrate(st);
	CHECK(v2 == v1);
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
	CHECK(store_open("postgresql://rounds@localhost/rounds") == NULL);
	CHECK(store_open("postgres://localhost/rounds") == NULL);
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
	sqlite3 *db = raw_open();
	CHECK(db && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK);
	int64_t count, reset;
	CHECK(store_rate_hit(st, S("busy"), NOW, 60, &count, &reset) == STORE_EBUSY);
	struct store_member got;
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

/* Everything written is there after closing and opening again. */
/* An online backup is a whole database with the same members. */
TEST(test_backup)
{
	char bpath[128], url2[160];
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
TEST(test_second_store)
{
	char p2[160], u2[200];
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

static void cleanup(void)
{
	static const char *const suffix[] = {"", "-wal", "-shm"};
	char p[160];
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffix[i]);
		unlink(p);
	}
	rmdir(dir);
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
	ar = arena_new(16 << 20);
	log_set_level(LOG_ERROR + 1); /* the refusals below log on purpose */
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
		RUN(test_threads);
		RUN(test_backup);
		RUN(test_reopen);
		RUN(test_second_store);
	}
	store_close(st);
	arena_free(ar);
	cleanup();
	return unit_summary();
}
