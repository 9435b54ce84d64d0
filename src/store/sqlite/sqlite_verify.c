/* sqlite_verify.c: doctors' verification applications in the SQLite
 * backend.
 *
 * Invariants: at most one pending application per member (a partial
 * UNIQUE index); an application is decided once, by one UPDATE ... WHERE
 * status = 'pending', in the same transaction as the member's verified
 * flag and the audit row, so a decision is all there or not at all. */
#include "sqlite_int.h"

#include <stdio.h>

/* Fills *v from the current row (columns as in VERIF_COLS). */
static int verif_read(struct sq_q *q, arena *a, struct store_verification *v)
{
	str *text[] = {&v->authority, &v->number, &v->reg_name, &v->name_key, &v->note, &v->status, &v->reason};
	str *who[] = {&v->member_name, &v->member_handle, &v->member_email};
	*v = (struct store_verification){0};
	v->id = sqlite3_column_int64(q->st, 0);
	v->member_id = sqlite3_column_int64(q->st, 1);
	for (int i = 0; i < 7; i++)
		if (sq_col_str(q, a, 2 + i, text[i]))
			return STORE_ERR;
	v->created_at = sqlite3_column_int64(q->st, 9);
	v->decided_at = sqlite3_column_int64(q->st, 10);
	v->decided_by = sqlite3_column_int64(q->st, 11);
	for (int i = 0; i < 3; i++)
		if (sq_col_str(q, a, 12 + i, who[i]))
			return STORE_ERR;
	return 0;
}

/* store_verification_apply: see store.h. */
int sq_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_VERIF_INSERT, "verification_apply");
	if (rc)
		return rc;
	sq_int(&q, 1, v->member_id);
	sq_text(&q, 2, v->authority);
	sq_text(&q, 3, v->number);
	sq_text(&q, 4, v->reg_name);
	sq_text(&q, 5, v->name_key);
	sq_text(&q, 6, v->note);
	sq_int(&q, 7, now);
	rc = sq_exec(&q, false);
	if (rc == 0)
		*id = sqlite3_last_insert_rowid(q.c->db);
	return rc;
}

/* Runs a lookup by one integer and reads its row. */
static int verif_one(store *s, enum sq_id id, const char *op, int64_t key, arena *a, struct store_verification *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	sq_int(&q, 1, key);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = verif_read(&q, a, out);
	sq_end(&q);
	return rc;
}

/* store_verification_latest: see store.h. */
int sq_verification_latest(store *s, arena *a, int64_t member_id, struct store_verification *out)
{
	return verif_one(s, SQ_VERIF_LATEST, "verification_latest", member_id, a, out);
}

/* store_verification_get: see store.h. */
int sq_verification_get(store *s, arena *a, int64_t id, struct store_verification *out)
{
	return verif_one(s, SQ_VERIF_GET, "verification_get", id, a, out);
}

/* store_verification_queue: see store.h. */
int sq_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out)
{
	struct store_verification *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_VERIF_QUEUE, "verification_queue");
	if (rc)
		return rc;
	sq_int(&q, 1, limit);
	sq_int(&q, 2, offset);
	int n = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW && n < limit)
		if (verif_read(&q, a, &items[n++])) {
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

/* The decision itself, inside the caller's transaction. */
static int decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now, int64_t *member_id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_VERIF_DECIDE, "verification_decide");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, approve ? S("approved") : S("rejected"));
	sq_text(&q, 3, reason);
	sq_int(&q, 4, editor);
	sq_int(&q, 5, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	*member_id = sqlite3_column_int64(q.st, 0);
	if ((rc = sq_exec(&q, false)))
		return rc;
	if (approve && (rc = sq_member_set_verified(s, *member_id, true)))
		return rc;
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)*member_id);
	return sq_audit(s, editor, approve ? S("verification.approve") : S("verification.reject"), str_c(target),
			reason);
}

/* store_verification_decide: see store.h. */
int sq_verification_decide(store *s, int64_t id, int64_t editor, bool approve, str reason, int64_t now,
			   int64_t *member_id)
{
	int rc = sq_begin(s, "verification_decide");
	if (rc)
		return rc;
	return sq_finish(s, decide(s, id, editor, approve, reason, now, member_id), "verification_decide");
}
