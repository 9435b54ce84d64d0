/* pg_mail_events.c: what members are emailed about, in the PostgreSQL
 * backend: their settings per kind (mail_prefs), the events the fan-out
 * reads behind its cursors, and what a digest holds.
 *
 * Invariants: read-only but for the settings, which are written in one
 * statement (all five kinds at once, so a reader never sees half a
 * change).  An event carries ids, a title and a site path, never the
 * text of a post or message: the statements select none. */
#include "pg_int.h"

/* Reads event row `row` (columns as the PG_MAIL_* statements give them). */
static int event_read(struct pg_q *q, arena *a, int row, struct store_mail_event *e)
{
	int err = 0;
	*e = (struct store_mail_event){0};
	e->seq = pg_col_int(q, row, 0);
	int64_t kind = pg_col_int(q, row, 1);
	e->kind = kind > STORE_MAIL_ACCOUNT && kind < STORE_MAIL_DIGEST ? (enum store_mail_kind)kind : STORE_MAIL_DECISION;
	e->actor_id = pg_col_int(q, row, 2);
	err |= pg_col_str(q, a, row, 3, &e->actor_name);
	err |= pg_col_str(q, a, row, 4, &e->title);
	err |= pg_col_str(q, a, row, 5, &e->detail);
	e->topic_id = pg_col_int(q, row, 6);
	e->post_id = pg_col_int(q, row, 7);
	e->conversation_id = pg_col_int(q, row, 8);
	e->group_id = pg_col_int(q, row, 9);
	e->forum_id = pg_col_int(q, row, 10);
	e->section = pg_col_section(q, row, 11);
	err |= pg_col_str(q, a, row, 12, &e->link);
	e->created_at = pg_col_int(q, row, 13);
	e->read = pg_col_bool(q, row, 14);
	e->member_id = pg_col_int(q, row, 15);
	return err ? STORE_ERR : 0;
}

/* Runs a started event query (parameters bound) into *out. */
static int events_run(struct pg_q *q, arena *a, struct store_mail_event_list *out)
{
	int rc = pg_run(q);
	if (rc) {
		pg_end(q);
		return rc;
	}
	int n = PQntuples(q->res);
	struct store_mail_event *items = n ? arena_alloc(a, (size_t)n * sizeof *items) : NULL;
	if (n && !items)
		rc = STORE_ERR;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = event_read(q, a, i, &items[i]);
	pg_end(q);
	if (rc)
		return rc;
	out->items = items;
	out->n = n;
	return 0;
}

/* store_mail_prefs_get: see store.h.  Rows hold what was set; the
 * defaults (filled by the wrapper) stand for the rest. */
int pg_mail_prefs_get(store *s, int64_t member, enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_PREFS_GET, "mail_prefs_get");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	for (int i = 0; i < PQntuples(q.res); i++) {
		int kind = store_mail_kind_parse(str_c(PQgetvalue(q.res, i, 0)));
		int mode = store_mail_mode_parse(str_c(PQgetvalue(q.res, i, 1)));
		if (kind > STORE_MAIL_ACCOUNT && kind < STORE_MAIL_DIGEST && mode >= 0)
			modes[kind] = (enum store_mail_mode)mode;
	}
	pg_end(&q);
	return 0;
}

/* store_mail_prefs_set: see store.h. */
int pg_mail_prefs_set(store *s, int64_t member, const enum store_mail_mode modes[STORE_MAIL_KIND_MAX])
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_PREFS_SET, "mail_prefs_set");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	for (int k = STORE_MAIL_REPLY; k <= STORE_MAIL_DECISION; k++)
		pg_text(&q, k + 1, str_c(store_mail_mode_name(modes[k])));
	return pg_exec(&q, false);
}

/* store_mail_events: see store.h (the wrapper checked kind and limit). */
int pg_mail_events(store *s, arena *a, enum store_mail_kind kind, int64_t after, int limit,
		   struct store_mail_event_list *out)
{
	enum pg_id id = kind == STORE_MAIL_MESSAGE	? PG_MAIL_EVENTS_MESSAGE
			: kind == STORE_MAIL_INVITATION ? PG_MAIL_EVENTS_INVITATION
							: PG_MAIL_EVENTS_NOTIF;
	struct pg_q q;
	int rc = pg_start(&q, s, id, "mail_events");
	if (rc)
		return rc;
	pg_int(&q, 1, after);
	pg_int(&q, 2, limit);
	if (id == PG_MAIL_EVENTS_NOTIF)
		pg_text(&q, 3, str_c(store_mail_kind_name(kind)));
	return events_run(&q, a, out);
}

/* store_mail_digest_items: see store.h. */
int pg_mail_digest_items(store *s, arena *a, int64_t member, unsigned kinds, int64_t since, int limit,
			 struct store_mail_event_list *out)
{
	struct pg_q q;
	int rc = pg_start(&q, s, PG_MAIL_DIGEST_ITEMS, "mail_digest_items");
	if (rc)
		return rc;
	pg_int(&q, 1, member);
	pg_int(&q, 2, kinds);
	pg_int(&q, 3, since);
	pg_int(&q, 4, limit);
	return events_run(&q, a, out);
}

/* store_mail_digest_members: see store.h. */
int pg_mail_digest_members(store *s, int64_t since, int64_t after_member, int limit, int64_t *ids, int *n)
{
	struct pg_q q;
	*n = 0;
	int rc = pg_start(&q, s, PG_MAIL_DIGEST_MEMBERS, "mail_digest_members");
	if (rc)
		return rc;
	pg_int(&q, 1, since);
	pg_int(&q, 2, after_member);
	pg_int(&q, 3, limit);
	if ((rc = pg_run(&q))) {
		pg_end(&q);
		return rc;
	}
	int k = PQntuples(q.res);
	if (k > limit)
		k = limit;
	for (int i = 0; i < k; i++)
		ids[i] = pg_col_int(&q, i, 0);
	*n = k;
	pg_end(&q);
	return 0;
}
