/* sqlite_notify.c: in-site notifications, flags on posts and the audit
 * list in the SQLite backend.
 *
 * Invariants: notifications are written by the forum writes, in their
 * transactions (sq_notify), never to a deleted member; a member reads only
 * their own.  A member has at most one open flag per post (a partial
 * unique index); a flag is decided once (UPDATE ... WHERE status =
 * 'open'), and every other open flag on its post closes with it, beside
 * the post's hiding or deletion and the audit row, in one transaction. */
#include "sqlite_int.h"

int sq_notify(store *s, enum sq_id sql, int64_t member, str kind, int64_t actor, int64_t topic, int64_t post,
	      int64_t now)
{
	struct sq_q q;
	int rc = sq_start(&q, s, sql, "notify");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_text(&q, 2, kind);
	sq_int(&q, 3, actor);
	sq_int(&q, 4, topic);
	sq_int(&q, 5, post);
	sq_int(&q, 6, now);
	return sq_exec(&q, false);
}

/* Reads a row of SQ_NOTIF_LIST into *n. */
static int notification_read(struct sq_q *q, arena *a, struct store_notification *n)
{
	int err = 0;
	*n = (struct store_notification){0};
	n->id = sqlite3_column_int64(q->st, 0);
	n->member_id = sqlite3_column_int64(q->st, 1);
	n->actor_id = sqlite3_column_int64(q->st, 2);
	n->topic_id = sqlite3_column_int64(q->st, 3);
	n->post_id = sqlite3_column_int64(q->st, 4);
	err |= sq_col_str(q, a, 5, &n->kind);
	err |= sq_col_str(q, a, 6, &n->actor_name);
	err |= sq_col_str(q, a, 7, &n->actor_handle);
	err |= sq_col_str(q, a, 8, &n->topic_title);
	n->section = sq_section_of(q, 9);
	n->created_at = sqlite3_column_int64(q->st, 10);
	n->read = sqlite3_column_int(q->st, 11) != 0;
	n->forum_id = sqlite3_column_int64(q->st, 12);
	return err ? STORE_ERR : 0;
}

/* store_notification_list: see store.h.  Notifications of deleted topics
 * too: the caller checks what the reader may still see. */
int sq_notification_list(store *s, arena *a, int64_t member, int limit, int offset,
			 struct store_notification_list *out, int64_t *unread)
{
	int rc = sq_run_int(s, SQ_NOTIF_UNREAD, "notification_list", SQ_INTS(member), unread);
	if (rc)
		return rc == STORE_ENOTFOUND ? STORE_ERR : rc;
	limit = sq_limit(limit);
	struct store_notification *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	if ((rc = sq_start(&q, s, SQ_NOTIF_LIST, "notification_list")))
		return rc;
	sq_int(&q, 1, member);
	sq_int(&q, 2, limit);
	sq_int(&q, 3, offset);
	int n = 0, err = 0;
	rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(&q)) == SQLITE_ROW)
		err = notification_read(&q, a, &items[n++]);
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_notification_read: see store.h.  One that is not the member's is
 * STORE_ENOTFOUND; marking a read one again is no error. */
int sq_notification_read(store *s, int64_t member, int64_t id, int64_t now)
{
	return sq_run(s, SQ_NOTIF_READ, "notification_read", id != 0, SQ_INTS(member, id, now));
}

/* ---- Flags ------------------------------------------------------------- */

/* store_flag_create: see store.h.  STORE_ERR for an unknown reason (the
 * table's CHECK). */
int sq_flag_create(store *s, int64_t post, int64_t reporter, str reason, str note, int64_t now, int64_t *id)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FLAG_INSERT, "flag_create");
	if (rc)
		return rc;
	sq_int(&q, 1, post);
	sq_int(&q, 2, reporter);
	sq_text(&q, 3, reason);
	sq_text(&q, 4, note);
	sq_int(&q, 5, now);
	if ((rc = sq_exec(&q, true)))
		return rc;
	*id = sqlite3_last_insert_rowid(q.c->db);
	return 0;
}

/* Reads a row of FLAG_COLS (statements.c) into *f. */
static int flag_read(struct sq_q *q, arena *a, struct store_flag *f)
{
	int err = 0;
	*f = (struct store_flag){0};
	f->id = sqlite3_column_int64(q->st, 0);
	f->post_id = sqlite3_column_int64(q->st, 1);
	f->reporter_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &f->reporter_name);
	err |= sq_col_str(q, a, 4, &f->reporter_handle);
	err |= sq_col_str(q, a, 5, &f->reason);
	err |= sq_col_str(q, a, 6, &f->note);
	err |= sq_col_str(q, a, 7, &f->status);
	err |= sq_col_str(q, a, 8, &f->decision_note);
	f->created_at = sqlite3_column_int64(q->st, 9);
	f->decided_at = sqlite3_column_int64(q->st, 10);
	f->decided_by = sqlite3_column_int64(q->st, 11);
	f->topic_id = sqlite3_column_int64(q->st, 12);
	f->forum_id = sqlite3_column_int64(q->st, 13);
	err |= sq_col_str(q, a, 14, &f->topic_title);
	err |= sq_col_str(q, a, 15, &f->forum_name);
	err |= sq_post_read(q, a, 16, &f->post);
	return err ? STORE_ERR : 0;
}

/* store_flag_queue: see store.h. */
int sq_flag_queue(store *s, arena *a, int64_t champion, int limit, int offset, struct store_flag_list *out)
{
	limit = sq_limit(limit);
	struct store_flag *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FLAG_QUEUE, "flag_queue");
	if (rc)
		return rc;
	sq_int(&q, 1, 0); /* no reader: `liked` is false */
	sq_int(&q, 2, champion);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	int n = 0, err = 0;
	rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(&q)) == SQLITE_ROW)
		err = flag_read(&q, a, &items[n++]);
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_flag_get: see store.h.  Any status. */
int sq_flag_get(store *s, arena *a, int64_t id, struct store_flag *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FLAG_GET, "flag_get");
	if (rc)
		return rc;
	sq_int(&q, 1, 0);
	sq_int(&q, 2, id);
	if ((rc = sq_row(&q, false)))
		return rc;
	rc = flag_read(&q, a, out);
	sq_end(&q);
	return rc;
}

/* A decision's flag status and audit action. */
struct decision {
	const char *name, *status, *action;
};
static const struct decision decisions[] = {
	{"dismiss", "dismissed", "flag.dismiss"},
	{"hide", "hidden", "flag.hide"},
	{"delete", "deleted", "flag.delete"},
};

/* Closes flag `id` (and every other open flag on its post) with status
 * d->status; *post: the post. */
static int flag_close(store *s, int64_t id, const struct decision *d, int64_t actor, str note, int64_t now,
		      int64_t *post)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_FLAG_DECIDE, "flag_decide");
	if (rc)
		return rc;
	sq_int(&q, 1, id);
	sq_text(&q, 2, str_c(d->status));
	sq_text(&q, 3, note);
	sq_int(&q, 4, actor);
	sq_int(&q, 5, now);
	if ((rc = sq_row(&q, true)))
		return rc;
	*post = sqlite3_column_int64(q.st, 0);
	if ((rc = sq_exec(&q, false))) /* runs RETURNING to its end */
		return rc;
	if ((rc = sq_start(&q, s, SQ_FLAG_CLOSE, "flag_decide")))
		return rc;
	sq_int(&q, 1, *post);
	sq_text(&q, 2, str_c(d->status));
	sq_text(&q, 3, note);
	sq_int(&q, 4, actor);
	sq_int(&q, 5, now);
	return sq_exec(&q, false);
}

static int flag_decide_body(store *s, int64_t id, const struct decision *d, int64_t actor, str note, int64_t now)
{
	int64_t post = 0;
	int rc = flag_close(s, id, d, actor, note, now, &post);
	if (rc)
		return rc;
	if (d == &decisions[1])
		rc = sq_run(s, SQ_POST_FLAGS, "flag_decide", true, SQ_INTS(post, -1, 1, now, actor));
	else if (d == &decisions[2]) {
		rc = sq_post_remove(s, post, actor, now);
		if (rc == STORE_ENOTFOUND) /* its author deleted it meanwhile */
			rc = 0;
	}
	if (rc)
		return rc;
	return sq_forum_audit(s, actor, str_c(d->action), "post", post, note, now);
}

/* store_flag_decide: see store.h.  STORE_ERR for an unknown decision.  A
 * deletion writes flag.delete alone (no post.delete row besides). */
int sq_flag_decide(store *s, int64_t id, int64_t actor, str decision, str note, int64_t now)
{
	const struct decision *d = NULL;
	for (size_t i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
		if (str_eqc(decision, decisions[i].name))
			d = &decisions[i];
	if (!d)
		return STORE_ERR;
	int rc = sq_begin(s, "flag_decide");
	if (rc)
		return rc;
	return sq_finish(s, flag_decide_body(s, id, d, actor, note, now), "flag_decide");
}

/* ---- The audit log ----------------------------------------------------- */

/* store_audit_list: see store.h. */
int sq_audit_list(store *s, arena *a, str action_prefix, int64_t actor, int limit, int offset,
		  struct store_audit_list *out)
{
	limit = sq_limit(limit);
	struct store_audit_row *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items)
		return STORE_ERR;
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_AUDIT_LIST, "audit_list");
	if (rc)
		return rc;
	sq_text(&q, 1, action_prefix);
	sq_int(&q, 2, actor);
	sq_int(&q, 3, limit);
	sq_int(&q, 4, offset);
	int n = 0, err = 0;
	rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(&q)) == SQLITE_ROW) {
		struct store_audit_row *r = &items[n++];
		*r = (struct store_audit_row){0};
		r->id = sqlite3_column_int64(q.st, 0);
		r->at = sqlite3_column_int64(q.st, 1);
		r->actor = sqlite3_column_int64(q.st, 2);
		err |= sq_col_str(&q, a, 3, &r->actor_name);
		err |= sq_col_str(&q, a, 4, &r->actor_handle);
		err |= sq_col_str(&q, a, 5, &r->action);
		err |= sq_col_str(&q, a, 6, &r->target);
		err |= sq_col_str(&q, a, 7, &r->detail);
	}
	if (!err && n < limit && rc != SQLITE_DONE)
		err = sq_err(&q, rc, false);
	sq_end(&q);
	if (err)
		return err < 0 ? err : STORE_ERR;
	out->items = items;
	out->n = n;
	return 0;
}
