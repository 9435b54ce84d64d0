/* sqlite_mail_events.c: what members are emailed about, in the SQLite
 * backend: their settings per kind (mail_prefs), the events the fan-out
 * reads behind its cursors, and what a digest holds.
 *
 * Invariants: read-only but for the settings, which are written in one
 * statement (all five kinds at once, so a reader never sees half a
 * change).  An event carries ids, a title and a site path, never the
 * text of a post or message: the statements select none. */
#include "sqlite_int.h"

/* Reads an event row (columns as the SQ_MAIL_* statements give them). */
static int event_read(struct sq_q *q, arena *a, struct store_mail_event *e)
{
	int err = 0;
	*e = (struct store_mail_event){0};
	e->seq = sqlite3_column_int64(q->st, 0);
	int kind = sqlite3_column_int(q->st, 1);
	e->kind = kind > STORE_MAIL_ACCOUNT && kind < STORE_MAIL_DIGEST ? (enum store_mail_kind)kind : STORE_MAIL_DECISION;
	e->actor_id = sqlite3_column_int64(q->st, 2);
	err |= sq_col_str(q, a, 3, &e->actor_name);
	err |= sq_col_str(q, a, 4, &e->title);
	err |= sq_col_str(q, a, 5, &e->detail);
	e->topic_id = sqlite3_column_int64(q->st, 6);
	e->post_id = sqlite3_column_int64(q->st, 7);
	e->conversation_id = sqlite3_column_int64(q->st, 8);
	e->group_id = sqlite3_column_int64(q->st, 9);
	e->forum_id = sqlite3_column_int64(q->st, 10);
	e->section = sq_section_of(q, 11);
	err |= sq_col_str(q, a, 12, &e->link);
	e->created_at = sqlite3_column_int64(q->st, 13);
	e->read = sqlite3_column_int(q->st, 14) != 0;
	e->member_id = sqlite3_column_int64(q->st, 15);
	return err ? STORE_ERR : 0;
}

/* Runs a started event query (parameters bound) into *out, at most
 * `limit` rows. */
static int events_run(struct sq_q *q, arena *a, int limit, struct store_mail_event_list *out)
{
	struct store_mail_event *items = arena_alloc(a, (size_t)limit * sizeof *items);
	if (!items) {
		sq_end(q);
		return STORE_ERR;
	}
	int n = 0, err = 0, rc = SQLITE_DONE;
	while (!err && n < limit && (rc = sq_step(q)) == SQLITE_ROW)
		err = event_read(q, a, &items[n++]);
	if ((err = sq_list_end(q, err, n, limit, rc)))
		return err;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_mail_prefs_get: see store.h.  Rows hold what was set; the
 * defaults (filled by the wrapper) stand for the rest. */
int sq_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_PREFS_GET, "mail_prefs_get");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	while ((rc = sq_step(&q)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(q.st, 0);
		const char *m = (const char *)sqlite3_column_text(q.st, 1);
		int kind = store_mail_kind_parse(str_c(k ? k : ""));
		int mode = store_mail_mode_parse(str_c(m ? m : ""));
		if (kind > STORE_MAIL_ACCOUNT && kind < STORE_MAIL_DIGEST && mode >= 0)
			modes[kind] = (enum store_mail_mode)mode;
	}
	return sq_list_end(&q, 0, 0, 1, rc);
}

/* store_mail_prefs_set: see store.h. */
int sq_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_PREFS_SET, "mail_prefs_set");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	for (int k = STORE_MAIL_REPLY; k <= STORE_MAIL_DECISION; k++)
		sq_text(&q, k + 1, str_c(store_mail_mode_name(modes[k])));
	return sq_exec(&q, false);
}

/* store_mail_events: see store.h (the wrapper checked kind and limit). */
int sq_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		   struct store_mail_event_list *out)
{
	enum sq_id id = kind == STORE_MAIL_MESSAGE	? SQ_MAIL_EVENTS_MESSAGE
			: kind == STORE_MAIL_INVITATION ? SQ_MAIL_EVENTS_INVITATION
							: SQ_MAIL_EVENTS_NOTIF;
	struct sq_q q;
	int rc = sq_start(&q, s, id, "mail_events");
	if (rc)
		return rc;
	sq_int(&q, 1, after);
	sq_int(&q, 2, limit);
	if (id == SQ_MAIL_EVENTS_NOTIF)
		sq_text(&q, 3, str_c(store_mail_kind_name(kind)));
	return events_run(&q, a, limit, out);
}

/* store_mail_digest_items: see store.h. */
int sq_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			 struct store_mail_event_list *out)
{
	struct sq_q q;
	int rc = sq_start(&q, s, SQ_MAIL_DIGEST_ITEMS, "mail_digest_items");
	if (rc)
		return rc;
	sq_int(&q, 1, member);
	sq_int(&q, 2, kinds);
	sq_int(&q, 3, since);
	sq_int(&q, 4, limit);
	return events_run(&q, a, limit, out);
}

/* store_mail_digest_members: see store.h. */
int sq_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n)
{
	struct sq_q q;
	*n = 0;
	int rc = sq_start(&q, s, SQ_MAIL_DIGEST_MEMBERS, "mail_digest_members");
	if (rc)
		return rc;
	sq_int(&q, 1, since);
	sq_int(&q, 2, after_member);
	sq_int(&q, 3, limit);
	int k = 0;
	while (k < limit && (rc = sq_step(&q)) == SQLITE_ROW)
		ids[k++] = sqlite3_column_int64(q.st, 0);
	*n = k;
	return sq_list_end(&q, 0, k, limit, rc);
}
