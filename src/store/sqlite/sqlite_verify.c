/* sqlite_verify.c: doctors' verification applications in the SQLite
 * backend.
 *
 * Invariants: at most one pending application per member (a partial
 * UNIQUE index); an application is decided once, by one UPDATE ... WHERE
 * status = 'pending', in the same transaction as the member's verified
 * flag and the audit row, so a decision is all there or not at all. */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fills *v from the current row (columns as in VERIF_COLS). */
static int verif_read(struct sq_q *q, arena *a, struct store_verification *v)
{
	str *text[] = {&v->authority, &v->number, &v->reg_name, &v->name_key, &v->note, &v->status, &v->reason};
	str *rest[] = {&v->member_name, &v->member_handle, &v->member_email, /* then the document */
		       &v->document, &v->document_type, &v->document_name};
	*v = (struct store_verification){0};
	v->id = sqlite3_column_int64(q->st, 0);
	v->member_id = sqlite3_column_int64(q->st, 1);
	for (int i = 0; i < 7; i++)
		if (sq_col_str(q, a, 2 + i, text[i]))
			return STORE_ERR;
	v->created_at = sqlite3_column_int64(q->st, 9);
	v->decided_at = sqlite3_column_int64(q->st, 10);
	v->decided_by = sqlite3_column_int64(q->st, 11);
	for (int i = 0; i < 6; i++)
		if (sq_col_str(q, a, 12 + i, rest[i]))
			return STORE_ERR;
	return 0;
}

static const char register_reason[] = "Confirmed by the authority's register.";

/* Member ids, grown as RETURNING rows arrive (store internals: malloc). */
struct ids {
	int64_t *v;
	int n, cap;
};

static int ids_push(struct ids *x, int64_t id)
{
	if (x->n == x->cap) {
		int cap = x->cap ? x->cap * 2 : 16;
		int64_t *v = realloc(x->v, (size_t)cap * sizeof *v);
		if (!v)
			return STORE_ERR;
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n++] = id;
	return 0;
}

static int audit_member(store *s, str action, int64_t member, str detail)
{
	char target[32];
	snprintf(target, sizeof target, "member:%lld", (long long)member);
	return sq_audit(s, 0, action, str_c(target), detail);
}

/* Inside the caller's transaction: approves the pending applications a
 * registered row confirms (only application `one` unless it is 0),
 * verifies their members and logs each.  Their member ids go to *out. */
static int approve_by_register(store *s, int64_t one, int64_t now, struct ids *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_REGISTER_APPROVE, "register_approve");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	sq_text(&q, 2, S(register_reason));
	sq_int(&q, 3, one);
	while ((rc = sq_step(&q)) == SQLITE_ROW)
		if (ids_push(out, sqlite3_column_int64(q.st, 0))) {
			sq_end(&q);
			return STORE_ERR;
		}
	int err = rc == SQLITE_DONE ? 0 : sq_err(&q, rc, true);
	sq_end(&q);
	for (int i = 0; err == 0 && i < out->n; i++) {
		err = sq_member_verify_at(s, out->v[i], true, now);
		if (err == 0)
			err = audit_member(s, S("verification.approve"), out->v[i], S("matched the imported register"));
	}
	return err;
}

/* store_verification_apply: see store.h. */
static int apply_body(store *s, const struct store_verification *v, int64_t now, int64_t *id, bool *verified)
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
	sq_text(&q, 8, v->document);
	sq_text(&q, 9, v->document_type);
	sq_text(&q, 10, v->document_name);
	if ((rc = sq_exec(&q, false)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	struct ids got = {0};
	rc = approve_by_register(s, *id, now, &got);
	*verified = rc == 0 && got.n > 0;
	free(got.v);
	return rc;
}

int sq_verification_apply(store *s, const struct store_verification *v, int64_t now, int64_t *id, bool *verified)
{
	int rc = sq_begin(s, "verification_apply");
	if (rc)
		return rc;
	return sq_finish(s, apply_body(s, v, now, id, verified), "verification_apply");
}

/* The import's rows, stored as they come. */
static int import_rows(store *s, store_row_source next, void *ctx, int64_t now, int64_t *rows)
{
	struct store_register_row row;
	int more;
	*rows = 0;
	while ((more = next(ctx, *rows == 0, &row)) > 0) {
		struct sq_q q;
		int rc = sq_start(&q, s, SQ_REGISTER_UPSERT, "register_import");
		if (rc)
			return rc;
		sq_text(&q, 1, row.authority);
		sq_text(&q, 2, row.number);
		sq_text(&q, 3, row.name);
		sq_text(&q, 4, row.name_key);
		sq_text(&q, 5, row.status);
		sq_int(&q, 6, now);
		if ((rc = sq_exec(&q, false)))
			return rc;
		(*rows)++;
	}
	return more < 0 ? STORE_ERR : 0;
}

/* The champions among the verified doctors this import lists as erased
 * or suspended lose the role, which needs verification; logged. */
static int unchampion(store *s, int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_REGISTER_UNCHAMPION, "register_import");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	struct ids got = {0};
	while ((rc = sq_step(&q)) == SQLITE_ROW)
		if (ids_push(&got, sqlite3_column_int64(q.st, 0))) {
			sq_end(&q);
			free(got.v);
			return STORE_ERR;
		}
	int err = rc == SQLITE_DONE ? 0 : sq_err(&q, rc, true);
	sq_end(&q);
	for (int i = 0; err == 0 && i < got.n; i++)
		err = audit_member(s, S("member.role"), got.v[i], S("-champion (verification withdrawn)"));
	free(got.v);
	return err;
}

/* Verified doctors this import lists as erased or suspended: unverified
 * (champions first lose that role), logged, and listed in *out. */
static int withdraw(store *s, arena *a, int64_t now, struct store_member_list *out)
{
	struct sq_q q;
	int rc = unchampion(s, now);
	if (rc)
		return rc;
	rc = sq_start(&q, s, SQ_REGISTER_WITHDRAW, "register_import");
	if (rc)
		return rc;
	sq_int(&q, 1, now);
	int cap = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW) {
		if (out->n == cap) {
			int ncap = cap ? cap * 2 : 16;
			struct store_member *items = arena_alloc(a, (size_t)ncap * sizeof *items);
			if (!items) {
				sq_end(&q);
				return STORE_ERR;
			}
			if (out->n)
				memcpy(items, out->items, (size_t)out->n * sizeof *items);
			out->items = items;
			cap = ncap;
		}
		struct store_member *m = &out->items[out->n++];
		*m = (struct store_member){.id = sqlite3_column_int64(q.st, 0)};
		if (sq_col_str(&q, a, 1, &m->email) || sq_col_str(&q, a, 2, &m->name)) {
			sq_end(&q);
			return STORE_ERR;
		}
	}
	int err = rc == SQLITE_DONE ? 0 : sq_err(&q, rc, true);
	sq_end(&q);
	for (int i = 0; err == 0 && i < out->n; i++)
		err = audit_member(s, S("verification.withdraw"), out->items[i].id,
				   S("the imported register lists the registration as erased or suspended"));
	return err;
}

static int import_body(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
		       struct store_import_result *out)
{
	int rc = import_rows(s, next, ctx, now, &out->rows);
	if (rc)
		return rc;
	struct ids got = {0};
	rc = approve_by_register(s, 0, now, &got);
	if (rc == 0 && got.n) {
		out->verified.items = arena_alloc(a, (size_t)got.n * sizeof *out->verified.items);
		if (!out->verified.items)
			rc = STORE_ERR;
		for (int i = 0; rc == 0 && i < got.n; i++)
			rc = sq_member_by_id(s, a, got.v[i], &out->verified.items[out->verified.n++]);
	}
	free(got.v);
	return rc ? rc : withdraw(s, a, now, &out->withdrawn);
}

/* store_register_import: see store.h.  One write transaction: SQLite takes
 * 500,000 rows in about a second that way. */
int sq_register_import(store *s, arena *a, store_row_source next, void *ctx, int64_t now,
		       struct store_import_result *out)
{
	int rc = sq_begin(s, "register_import");
	if (rc)
		return rc;
	return sq_finish(s, import_body(s, a, next, ctx, now, out), "register_import");
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

/* Reads up to `max` rows of a list statement bound with (?1, ?2). */
static int verif_rows(store *s, enum sq_id id, const char *op, int64_t p1, int64_t p2, int max, arena *a,
		      struct store_verification_list *out)
{
	struct store_verification *items = arena_alloc(a, (size_t)max * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, id, op);
	if (rc)
		return rc;
	sq_int(&q, 1, p1);
	sq_int(&q, 2, p2);
	int n = 0;
	while ((rc = sq_step(&q)) == SQLITE_ROW && n < max)
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

/* store_verification_queue: see store.h. */
int sq_verification_queue(store *s, arena *a, int limit, int offset, struct store_verification_list *out)
{
	return verif_rows(s, SQ_VERIF_QUEUE, "verification_queue", limit, offset, limit, a, out);
}

/* store_verification_history: see store.h. */
int sq_verification_history(store *s, arena *a, int64_t member_id, int limit, struct store_verification_list *out)
{
	return verif_rows(s, SQ_VERIF_HISTORY, "verification_history", member_id, limit, limit, a, out);
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
	if (approve && (rc = sq_member_verify_at(s, *member_id, true, now)))
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
