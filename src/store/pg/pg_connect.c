/* pg_connect.c: connections between members in the PostgreSQL backend,
 * call for call as sqlite_connect.c.
 *
 * Invariants: one row per pair, whichever way it was asked (a unique index
 * on LEAST and GREATEST of the pair); every change is one statement. */
#include "pg_int.h"

static int pair_exec(store *s, enum pg_id id, const char *op, int64_t me, int64_t other, int64_t now, bool change)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, me);
	pg_int(&q, 2, other);
	if (id == PG_CONN_INSERT || id == PG_CONN_ACCEPT)
		pg_int(&q, 3, now);
	return pg_exec(&q, change);
}

/* store_connection_request: see store.h. */
int pg_connection_request(store *s, int64_t from, int64_t to, int64_t now)
{
	return pair_exec(s, PG_CONN_INSERT, "connection_request", from, to, now, false);
}

/* store_connection_answer: see store.h. */
int pg_connection_answer(store *s, int64_t me, int64_t other, bool accept, int64_t now)
{
	return pair_exec(s, accept ? PG_CONN_ACCEPT : PG_CONN_DECLINE, "connection_answer", me, other, now, true);
}

/* store_connection_remove: see store.h. */
int pg_connection_remove(store *s, int64_t me, int64_t other)
{
	return pair_exec(s, PG_CONN_REMOVE, "connection_remove", me, other, 0, true);
}

/* store_connection_state: see store.h. */
int pg_connection_state(store *s, int64_t me, int64_t other, enum store_conn_state *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONN_STATE, "connection_state");
	if (rc)
		return rc;
	pg_int(&q, 1, me);
	pg_int(&q, 2, other);
	rc = pg_row(&q);
	if (rc == STORE_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	bool mine = pg_col_bool(&q, 0, 0), accepted = pg_col_bool(&q, 0, 1);
	*out = accepted ? STORE_CONN_CONNECTED : mine ? STORE_CONN_OUTGOING : STORE_CONN_INCOMING;
	pg_end(&q);
	return 0;
}

/* store_connection_list: see store.h. */
int pg_connection_list(store *s, arena *a, int64_t member, enum store_conn_list which, int limit, int offset,
		       struct store_member_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_CONN_LIST, "connection_list");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, which);
	pg_int(&q, 3, limit);
	pg_int(&q, 4, offset);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int n = PQntuples(q.res);
	out->items = n ? arena_alloc(a, (size_t)n * sizeof *out->items) : NULL;
	if (n && !out->items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_read(&q, a, i, &out->items[i]);
	if (rc == 0)
		out->n = n;
	pg_end(&q);
	return rc;
}
