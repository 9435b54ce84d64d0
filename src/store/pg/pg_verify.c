/* pg_verify.c: doctors' verification applications in the PostgreSQL
 * backend, call for call as sqlite_verify.c.
 *
 * Invariants: at most one pending application per member (a partial
 * UNIQUE index); an application is decided once, by one UPDATE ... WHERE
 * status = 'pending', in one transaction with the member's verified flag
 * and the audit row. */
#include "pg_int.h"

#include <stdio.h>

/* Fills *v from row `row` (columns as in VERIF_COLS). */
static int verif_read(struct pg_q *q, arena *a, int row, struct store_verification *v)
{
	str *text[] = {&v->authority, &v->number, &v->reg_name, &v->name_key, &v->note, &v->status, &v->reason};
	str *who[] = {&v->member_name, &v->member_handle, &v->member_email};
	*v = (struct store_verification){0};
	v->id = pg_col_int(q, row, 0);
	v->member_id = pg_col_int(q, row, 1);
	for (int i = 0; i < 7; i++)
		if (pg_col_str(q, a, row, 2 + i, text[i]))
			return STORE_ERR;
	v->created_at = pg_col_int(q, row, 9);
	v->decided_at = pg_col_int(q, row, 10); /* NULL reads as 0 */
	v->decided_by = pg_col_int(q, row, 11);
	for (int i = 0; i < 3; i++)
		if (pg_col_str(q, a, row, 12 + i, who[i]))
			return STORE_ERR;
	return 0;
}

/* store_verification_apply: see store.h. */
int pg_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VERIF_INSERT, "verification_apply");
	if (rc)
		return rc;
	pg_int(&q, 1, v->member_id);
	pg_text(&q, 2, v->authority);
	pg_text(&q, 3, v->number);
	pg_text(&q, 4, v->reg_name);
	pg_text(&q, 5, v->name_key);
	pg_text(&q, 6, v->note);
	pg_int(&q, 7, now);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	return 0;
}

static int verif_one(store *s, enum pg_id id, const char *op, int64_t key, arena *a, struct store_verification *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, key);
	if ((rc = pg_row(&q)))
		return rc;
	rc = verif_read(&q, a, 0, out);
	pg_end(&q);
	return rc;
}

/* store_verification_latest: see store.h. */
int pg_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out)
{
	return verif_one(s, PG_VERIF_LATEST, "verification_latest", member_id, a, out);
}

/* store_verification_get: see store.h. */
int pg_verification_get(store *s, arena *a, int64_t id, struct store_verification *out)
{
	return verif_one(s, PG_VERIF_GET, "verification_get", id, a, out);
}

/* store_verification_queue: see store.h. */
int pg_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VERIF_QUEUE, "verification_queue");
	if (rc)
		return rc;
	pg_int(&q, 1, limit);
	pg_int(&q, 2, offset);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int n = PQntuples(q.res);
	struct store_verification *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = verif_read(&q, a, i, &items[i]);
	pg_end(&q);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	return 0;
}

struct decide_args {
	int64_t id, editor, now;
	bool approve;
	str reason;
	int64_t *member_id;
};

static int decide_body(store *s, void *arg)
{
	struct decide_args *d = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VERIF_DECIDE, "verification_decide");
	if (rc)
		return rc;
	pg_int(&q, 1, d->id);
	pg_text(&q, 2, d->approve ? S("approved") : S("rejected"));
	pg_text(&q, 3, d->reason);
	pg_int(&q, 4, d->editor);
	pg_int(&q, 5, d->now);
	if ((rc = pg_row(&q)))
		return rc;
	*d->member_id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	if (d->approve && (rc = pg_member_set_verified(s, *d->member_id, true)))
		return rc;
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)*d->member_id);
	return pg_audit(s, d->editor, d->approve ? S("verification.approve") : S("verification.reject"),
			str_c(target), d->reason);
}

/* store_verification_decide: see store.h.  One transaction. */
int pg_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			   int64_t *member_id)
{
	struct decide_args d = {id, editor, now, approve, reason, member_id};
	return pg_txn(s, "verification_decide", decide_body, &d);
}
