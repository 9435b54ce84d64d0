/* pg_auth.c: one-time tokens, sessions, rate limits and housekeeping in
 * the PostgreSQL backend, call for call as sqlite_auth.c.
 *
 * Invariants: tokens and sessions are found only by their 32-byte hash; a
 * token is consumed by one UPDATE ... RETURNING and a rate-limit hit is one
 * INSERT ... ON CONFLICT ... RETURNING, so both stay right with any number
 * of nodes. */
#include "pg_int.h"

#include "../../core/log.h"

/* store_token_create: see store.h. */
int pg_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		    int64_t member_id, int64_t expires_at)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_TOKEN_INSERT, "token_create");
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	pg_int(&q, 2, kind);
	pg_int(&q, 3, member_id);
	pg_int(&q, 4, expires_at);
	return pg_exec(&q, false);
}

/* Runs a token statement (take or check) and gives its member. */
static int token_one(store *s, enum pg_id id, const char *op, enum store_token_kind kind,
		     const unsigned char hash[STORE_HASH_LEN], int64_t now, int64_t *member_id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	pg_int(&q, 2, kind);
	pg_int(&q, 3, now);
	if ((rc = pg_row(&q)))
		return rc;
	*member_id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

/* store_token_take: see store.h.  Marks the token used at `now`. */
int pg_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		  int64_t *member_id)
{
	return token_one(s, PG_TOKEN_TAKE, "token_take", kind, hash, now, member_id);
}

/* store_token_check: see store.h. */
int pg_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		   int64_t *member_id)
{
	return token_one(s, PG_TOKEN_CHECK, "token_check", kind, hash, now, member_id);
}

/* store_session_create: see store.h.  STORE_ECONFLICT if the hash exists. */
int pg_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
		      int64_t now)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SESSION_INSERT, "session_create");
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	pg_int(&q, 2, sess->member_id);
	pg_bool(&q, 3, sess->bearer);
	pg_int(&q, 4, now);
	pg_int(&q, 5, sess->expires_at);
	return pg_exec(&q, false);
}

/* store_session_get: see store.h. */
int pg_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SESSION_GET, "session_get");
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	pg_int(&q, 2, now);
	if ((rc = pg_row(&q)))
		return rc;
	out->member_id = pg_col_int(&q, 0, 0);
	out->expires_at = pg_col_int(&q, 0, 1);
	out->bearer = pg_col_bool(&q, 0, 2);
	pg_end(&q);
	return 0;
}

/* store_session_delete: see store.h.  STORE_ENOTFOUND if there was none. */
int pg_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN])
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_SESSION_DELETE, "session_delete");
	if (rc)
		return rc;
	pg_bytes(&q, 1, hash, STORE_HASH_LEN);
	return pg_exec(&q, true);
}

/* Runs a statement with one integer parameter and no rows. */
static int exec_int(store *s, enum pg_id id, const char *op, int64_t v)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, v);
	return pg_exec(&q, false);
}

/* store_session_delete_member: see store.h.  0 even if there were none. */
int pg_session_delete_member(store *s, int64_t member_id)
{
	return exec_int(s, PG_SESSION_DELETE_MEMBER, "session_delete_member", member_id);
}

/* Reads (count, window end) from the first row, or no live window. */
static int rate_read(struct pg_q *q, int64_t now, int64_t *count, int64_t *reset_at, bool must)
{
	int rc = pg_row(q);
	if (rc == STORE_ENOTFOUND && !must) {
		*count = 0;
		*reset_at = now;
		return 0;
	}
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*count = pg_col_int(q, 0, 0);
	*reset_at = pg_col_int(q, 0, 1);
	pg_end(q);
	return 0;
}

/* store_rate_hit: see store.h. */
int pg_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at)
{
	if (window <= 0) {
		log_error("store_error", "op=rate_hit err=%s", "\"window must be positive\"");
		return STORE_ERR;
	}
	struct pg_q q;
	int rc = pg_start(&q, s, PG_RATE_HIT, "rate_hit");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	pg_int(&q, 2, now);
	pg_int(&q, 3, window);
	return rate_read(&q, now, count, reset_at, true);
}

/* store_rate_peek: see store.h. */
int pg_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_RATE_PEEK, "rate_peek");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	pg_int(&q, 2, now);
	return rate_read(&q, now, count, reset_at, false);
}

/* store_rate_clear: see store.h. */
int pg_rate_clear(store *s, str key)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_RATE_CLEAR, "rate_clear");
	if (rc)
		return rc;
	pg_text(&q, 1, key);
	return pg_exec(&q, false);
}

struct reset_args {
	const unsigned char *hash;
	int64_t now;
	str pw_hash;
	int64_t *member_id;
};

static int reset_body(store *s, void *arg)
{
	struct reset_args *r = arg;
	int rc = pg_token_take(s, STORE_TOKEN_RESET, r->hash, r->now, r->member_id);
	if (rc == 0)
		rc = pg_member_set_password(s, *r->member_id, r->pw_hash);
	if (rc == 0)
		rc = pg_member_confirm(s, *r->member_id);
	if (rc == 0)
		rc = pg_session_delete_member(s, *r->member_id);
	return rc;
}

/* store_password_reset: see store.h.  One transaction. */
int pg_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
		      int64_t *member_id)
{
	struct reset_args r = {hash, now, pw_hash, member_id};
	return pg_txn(s, "password_reset", reset_body, &r);
}

/* store_gc: see store.h.  Short statements, each its own
 * transaction. */
int pg_gc(store *s, int64_t now)
{
	int rc = exec_int(s, PG_GC_SESSIONS, "gc", now);
	if (rc == 0)
		rc = exec_int(s, PG_GC_TOKENS, "gc", now);
	if (rc == 0)
		rc = exec_int(s, PG_GC_RATES, "gc", now);
	if (rc == 0) /* mail done with 30 days ago (mail-queue) */
		rc = exec_int(s, PG_GC_MAIL, "gc", now);
	if (rc == 0) /* past days closed, stray reader rows (dash-store) */
		rc = pg_views_gc(s, now);
	return rc;
}
