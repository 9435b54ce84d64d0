/* pg_verify.c: doctors' verification applications in the PostgreSQL
 * backend, call for call as sqlite_verify.c.
 *
 * Invariants: at most one pending application per member (a partial
 * UNIQUE index); an application is decided once, by one UPDATE ... WHERE
 * status = 'pending', in one transaction with the member's verified flag
 * and the audit row. */
#include "pg_int.h"

#include <stdio.h>
#include <stdlib.h>

/* Fills *v from row `row` (columns as in VERIF_COLS). */
static int verif_read(struct pg_q *q, arena *a, int row, struct store_verification *v)
{
	str *text[] = {&v->authority, &v->number, &v->reg_name, &v->name_key, &v->note, &v->status, &v->reason};
	str *rest[] = {&v->member_name, &v->member_handle, &v->member_email, /* then the document */
		       &v->document, &v->document_type, &v->document_name};
	*v = (struct store_verification){0};
	v->id = pg_col_int(q, row, 0);
	v->member_id = pg_col_int(q, row, 1);
	for (int i = 0; i < 7; i++)
		if (pg_col_str(q, a, row, 2 + i, text[i]))
			return STORE_ERR;
	v->created_at = pg_col_int(q, row, 9);
	v->decided_at = pg_col_int(q, row, 10); /* NULL reads as 0 */
	v->decided_by = pg_col_int(q, row, 11);
	for (int i = 0; i < 6; i++)
		if (pg_col_str(q, a, row, 12 + i, rest[i]))
			return STORE_ERR;
	return 0;
}

static const char register_reason[] = "Confirmed by the authority's register.";

static int audit_member(store *s, str action, int64_t member, str detail)
{
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)member);
	return pg_audit(s, 0, action, str_c(target), detail);
}

/* Inside the caller's transaction: approves the pending applications a
 * registered row confirms (only application `one` unless it is 0),
 * verifies their members and logs each.  Their number goes to *n and,
 * when `a` is given, their member ids to *ids (in `a`). */
static int approve_by_register(store *s, arena *a, int64_t one, int64_t now, int64_t **ids, int *n)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_REGISTER_APPROVE, "register_approve");
	if (rc)
		return rc;
	pg_int(&q, 1, now);
	pg_text(&q, 2, S(register_reason));
	pg_int(&q, 3, one);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	*n = PQntuples(q.res);
	int64_t *v = NULL;
	if (*n && !(v = a ? arena_alloc(a, (size_t)*n * sizeof *v) : malloc((size_t)*n * sizeof *v))) {
		pg_end(&q);
		return STORE_ERR;
	}
	for (int i = 0; i < *n; i++)
		v[i] = pg_col_int(&q, i, 0);
	pg_end(&q);
	for (int i = 0; rc == 0 && i < *n; i++) {
		rc = pg_member_verify_at(s, v[i], true, now);
		if (rc == 0)
			rc = audit_member(s, S("verification.approve"), v[i], S("matched the imported register"));
	}
	if (a)
		*ids = v;
	else
		free(v);
	return rc;
}

struct apply_args {
	const struct store_verification *v;
	int64_t now, *id;
	bool *verified;
};

static int apply_body(store *s, void *arg)
{
	struct apply_args *x = arg;
	struct pg_q q;
	int rc = pg_start(&q, s, PG_VERIF_INSERT, "verification_apply");
	if (rc)
		return rc;
	pg_int(&q, 1, x->v->member_id);
	pg_text(&q, 2, x->v->authority);
	pg_text(&q, 3, x->v->number);
	pg_text(&q, 4, x->v->reg_name);
	pg_text(&q, 5, x->v->name_key);
	pg_text(&q, 6, x->v->note);
	pg_int(&q, 7, x->now);
	pg_text(&q, 8, x->v->document);
	pg_text(&q, 9, x->v->document_type);
	pg_text(&q, 10, x->v->document_name);
	if ((rc = pg_row(&q)))
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	*x->id = pg_col_int(&q, 0, 0);
	pg_end(&q);
	int n = 0;
	rc = approve_by_register(s, NULL, *x->id, x->now, NULL, &n);
	*x->verified = rc == 0 && n > 0;
	return rc;
}

/* store_verification_apply: see store.h.  One transaction. */
int pg_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id, bool *verified)
{
	struct apply_args x = {v, now, id, verified};
	return pg_txn(s, "verification_apply", apply_body, &x);
}

struct import_args {
	arena *a;
	store_row_source next;
	void *ctx;
	int64_t now;
	struct store_import_result *out;
};

/* The rows, pipelined: a round trip per few hundred rows, not per row. */
static int import_rows(store *s, struct import_args *x)
{
	struct store_register_row row;
	int more = 0, rc = pg_pipeline_begin(s, PG_REGISTER_UPSERT);
	if (rc)
		return rc;
	x->out->rows = 0;
	while (rc == 0 && (more = x->next(x->ctx, x->out->rows == 0, &row)) > 0) {
		struct pg_q q;
		if ((rc = pg_start(&q, s, PG_REGISTER_UPSERT, "register_import")))
			break;
		pg_text(&q, 1, row.authority);
		pg_text(&q, 2, row.number);
		pg_text(&q, 3, row.name);
		pg_text(&q, 4, row.name_key);
		pg_text(&q, 5, row.status);
		pg_int(&q, 6, x->now);
		if ((rc = pg_pipeline_send(&q)) == 0)
			x->out->rows++;
	}
	int end = pg_pipeline_end(s);
	if (rc == 0 && more < 0)
		rc = STORE_ERR;
	return rc ? rc : end;
}

/* The champions among the verified doctors this import lists as erased
 * or suspended lose the role, which needs verification; logged. */
static int unchampion(store *s, struct import_args *x)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_REGISTER_UNCHAMPION, "register_import");
	if (rc)
		return rc;
	pg_int(&q, 1, x->now);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int n = PQntuples(q.res);
	int64_t *ids = n ? arena_alloc(x->a, (size_t)n * sizeof *ids) : NULL;
	for (int i = 0; ids && i < n; i++)
		ids[i] = pg_col_int(&q, i, 0);
	pg_end(&q);
	if (n && !ids)
		return STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = audit_member(s, S("member.role"), ids[i], S("-champion (verification withdrawn)"));
	return rc;
}

/* Verified doctors this import lists as erased or suspended: unverified
 * (champions first lose that role), logged, and listed in x->out. */
static int withdraw(store *s, struct import_args *x)
{
	struct pg_q q;
	int rc = unchampion(s, x);
	if (rc)
		return rc;
	rc = pg_start(&q, s, PG_REGISTER_WITHDRAW, "register_import");
	if (rc)
		return rc;
	pg_int(&q, 1, x->now);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	struct store_member_list *l = &x->out->withdrawn;
	int n = PQntuples(q.res);
	l->items = n ? arena_alloc(x->a, (size_t)n * sizeof *l->items) : NULL;
	if (n && !l->items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++) {
		struct store_member *m = &l->items[l->n++];
		*m = (struct store_member){.id = pg_col_int(&q, i, 0)};
		if (pg_col_str(&q, x->a, i, 1, &m->email) || pg_col_str(&q, x->a, i, 2, &m->name))
			rc = STORE_ERR;
	}
	pg_end(&q);
	for (int i = 0; rc == 0 && l->items && i < l->n; i++)
		rc = audit_member(s, S("verification.withdraw"), l->items[i].id,
				  S("the imported register lists the registration as erased or suspended"));
	return rc;
}

static int import_body(store *s, void *arg)
{
	struct import_args *x = arg;
	x->out->verified = (struct store_member_list){0};
	x->out->withdrawn = (struct store_member_list){0};
	int rc = import_rows(s, x);
	if (rc)
		return rc;
	int64_t *ids = NULL;
	int n = 0;
	if ((rc = approve_by_register(s, x->a, 0, x->now, &ids, &n)))
		return rc;
	if (n && !ids)
		return STORE_ERR;
	struct store_member_list *l = &x->out->verified;
	l->items = n ? arena_alloc(x->a, (size_t)n * sizeof *l->items) : NULL;
	if (n && !l->items)
		return STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = pg_member_by_id(s, x->a, ids[i], &l->items[l->n++]);
	return rc ? rc : withdraw(s, x);
}

/* store_register_import: see store.h.  One transaction. */
int pg_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
		       struct store_import_result *out)
{
	struct import_args x = {a, next, ctx, now, out};
	return pg_txn(s, "register_import", import_body, &x);
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

static int verif_rows(store *s, enum pg_id id, const char *op, int64_t p1, int64_t p2, arena *a,
		      struct store_verification_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, id, op);
	if (rc)
		return rc;
	pg_int(&q, 1, p1);
	pg_int(&q, 2, p2);
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

/* store_verification_queue: see store.h. */
int pg_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out)
{
	return verif_rows(s, PG_VERIF_QUEUE, "verification_queue", limit, offset, a, out);
}

/* store_verification_history: see store.h. */
int pg_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out)
{
	return verif_rows(s, PG_VERIF_HISTORY, "verification_history", member_id, limit, a, out);
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
	if (d->approve && (rc = pg_member_verify_at(s, *d->member_id, true, d->now)))
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
