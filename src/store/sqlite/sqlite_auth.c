/* sqlite_auth.c: one-time tokens, sessions and rate limits in the SQLite
 * backend.
 *
 * Invariants: tokens and sessions are found only by their 32-byte hash (the
 * store never sees a secret); a token is consumed by one UPDATE ...
 * RETURNING, and a rate-limit hit is one UPSERT ... RETURNING, so both stay
 * correct with any number of threads or processes. */
#include "sqlite_int.h"

#include "../../core/log.h"

/* store_token_create: see store.h.  STORE_ECONFLICT if the hash exists;
 * STORE_ERR if the member does not. */
int sq_token_create(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN],
		    int64_t member_id, int64_t expires_at)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOKEN_INSERT, "token_create");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, kind);
	sq_int(&q, 3, member_id);
	sq_int(&q, 4, expires_at);
	return sq_exec(&q, false);
}

/* store_token_take: see store.h.  Marks the token used at `now`. */
int sq_token_take(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		  int64_t *member_id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOKEN_TAKE, "token_take");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, kind);
	sq_int(&q, 3, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	*member_id = sqlite3_column_int64(q.st, 0);
	/* RETURNING writes when the statement runs to its end. */
	return sq_exec(&q, false);
}

/* store_token_check: see store.h. */
int sq_token_check(store *s, enum store_token_kind kind, const unsigned char hash[STORE_HASH_LEN], int64_t now,
		   int64_t *member_id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_TOKEN_CHECK, "token_check");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, kind);
	sq_int(&q, 3, now);
	if ((rc = sq_row(&q, false)))
		return rc;
	*member_id = sqlite3_column_int64(q.st, 0);
	sq_end(&q);
	return 0;
}

/* store_session_create: see store.h.  STORE_ECONFLICT if the hash exists. */
int sq_session_create(store *s, const unsigned char hash[STORE_HASH_LEN], const struct store_session *sess,
		      int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SESSION_INSERT, "session_create");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, sess->member_id);
	sq_int(&q, 3, sess->bearer);
	sq_int(&q, 4, now);
	sq_int(&q, 5, sess->expires_at);
	return sq_exec(&q, false);
}

/* store_session_get: see store.h.  An expired session is STORE_ENOTFOUND. */
int sq_session_get(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, struct store_session *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SESSION_GET, "session_get");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	sq_int(&q, 2, now);
	if ((rc = sq_row(&q, false)))
		return rc;
	out->member_id = sqlite3_column_int64(q.st, 0);
	out->expires_at = sqlite3_column_int64(q.st, 1);
	out->bearer = sqlite3_column_int(q.st, 2) != 0;
	sq_end(&q);
	return 0;
}

/* store_session_delete: see store.h.  STORE_ENOTFOUND if there was none. */
int sq_session_delete(store *s, const unsigned char hash[STORE_HASH_LEN])
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SESSION_DELETE, "session_delete");
	if (rc)
		return rc;
	sq_blob(&q, 1, hash, STORE_HASH_LEN);
	return sq_exec(&q, true);
}

/* store_session_delete_member: see store.h.  0 even if there were none. */
int sq_session_delete_member(store *s, int64_t member_id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_SESSION_DELETE_MEMBER, "session_delete_member");
	if (rc)
		return rc;
	sq_int(&q, 1, member_id);
	return sq_exec(&q, false);
}

/* store_rate_hit: see store.h.  A window starts at the first hit after the
 * last one ended; `window` must be positive. */
int sq_rate_hit(store *s, str key, int64_t now, int64_t window, int64_t *count, int64_t *reset_at)
{
	if (window <= 0) {
		log_error("store_error", "op=rate_hit err=%s", "\"window must be positive\"");
		return STORE_ERR;
	}
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_RATE_HIT, "rate_hit");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	sq_int(&q, 2, now);
	sq_int(&q, 3, window);
	if ((rc = sq_row(&q, true)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*count = sqlite3_column_int64(q.st, 0);
	*reset_at = sqlite3_column_int64(q.st, 1);
	return sq_exec(&q, false);
}

/* store_rate_peek: see store.h.  With no live window: 0 hits, reset at
 * `now`. */
int sq_rate_peek(store *s, str key, int64_t now, int64_t *count, int64_t *reset_at)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_RATE_PEEK, "rate_peek");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	sq_int(&q, 2, now);
	rc = sq_row(&q, false);
	if (rc == STORE_ENOTFOUND) {
		*count = 0;
		*reset_at = now;
		return 0;
	}
	if (rc)
		return rc;
	*count = sqlite3_column_int64(q.st, 0);
	*reset_at = sqlite3_column_int64(q.st, 1);
	sq_end(&q);
	return 0;
}

/* store_rate_clear: see store.h.  0 even if the key had no hits. */
int sq_rate_clear(store *s, str key)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_RATE_CLEAR, "rate_clear");
	if (rc)
		return rc;
	sq_text(&q, 1, key);
	return sq_exec(&q, false);
}

/* store_password_reset: see store.h. */
int sq_password_reset(store *s, const unsigned char hash[STORE_HASH_LEN], int64_t now, str pw_hash,
		      int64_t *member_id)
{
	int rc = sq_begin(s, "password_reset");
	if (rc)
		return rc;
	rc = sq_token_take(s, STORE_TOKEN_RESET, hash, now, member_id);
	if (rc == 0)
		rc = sq_member_set_password(s, *member_id, pw_hash);
	if (rc == 0)
		rc = sq_member_confirm(s, *member_id);
	if (rc == 0)
		rc = sq_session_delete_member(s, *member_id);
	return sq_finish(s, rc, "password_reset");
}

static int gc_one(store *s, enum sq_id id, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, "gc");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	return sq_exec(&q, false);
}

/* store_gc: see store.h.  Short statements, each its own
 * transaction, so writers are never held up for long. */
int sq_gc(store *s, int64_t now)
{
	int rc = gc_one(s, SQ_GC_SESSIONS, now);
	if (rc == 0)
		rc = gc_one(s, SQ_GC_TOKENS, now);
	if (rc == 0)
		rc = gc_one(s, SQ_GC_RATES, now);
	if (rc == 0) /* mail done with 30 days ago (mail-queue) */
		rc = gc_one(s, SQ_GC_MAIL, now);
	if (rc == 0) /* past days closed, stray reader rows (dash-store) */
		rc = sq_views_gc(s, now);
	return rc;
}
