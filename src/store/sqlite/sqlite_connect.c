/* sqlite_connect.c: connections between members in the SQLite backend.
 *
 * Invariants: one row per pair, whichever way it was asked (a unique index
 * on the pair's smaller and larger id); every change is one statement. */
#include "sqlite_int.h"

/* Runs a statement of (me, other[, now]) with no rows. */
static int pair_exec(store *s, enum sq_id id, const char *op, int64_t me, int64_t other, int64_t now, bool change)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	sq_int(&q, 1, me);
	sq_int(&q, 2, other);
	if (id == SQ_CONN_INSERT || id == SQ_CONN_ACCEPT)
		sq_int(&q, 3, now);
	return sq_exec(&q, change);
}

/* store_connection_request: see store.h. */
int sq_connection_request(store *s, int64_t from, int64_t to, int64_t now)
{
	return pair_exec(s, SQ_CONN_INSERT, "connection_request", from, to, now, false);
}

/* store_connection_answer: see store.h. */
int sq_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now)
{
	return pair_exec(s, accept ? SQ_CONN_ACCEPT : SQ_CONN_DECLINE, "connection_answer", me, other, now, true);
}

/* store_connection_remove: see store.h. */
int sq_connection_remove(store *s, int64_t me, int64_t other)
{
	return pair_exec(s, SQ_CONN_REMOVE, "connection_remove", me, other, 0, true);
}

/* store_connection_state: see store.h. */
int sq_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONN_STATE, "connection_state");
	if (rc)
		return rc;
	sq_int(&q, 1, me);
	sq_int(&q, 2, other);
	rc = sq_row(&q, false);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	bool mine = sqlite3_column_int(q.st, 0), accepted = sqlite3_column_int(q.st, 1);
	*out = accepted ? STORE_CONN_CONNECTED : mine ? STORE_CONN_OUTGOING : STORE_CONN_INCOMING;
	sq_end(&q);
	return 0;
}

/* store_connection_list: see store.h. */
int sq_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
		       struct store_member_list *out)
{
	struct store_member *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_CONN_LIST, "connection_list");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_int(&q, 2, which);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	int n = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW && n < limit)
		if (sq_member_read(&q, a, &items[n++])) {
			sq_end(&q);
			return STORE_ERR;
		}
	int err = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}
